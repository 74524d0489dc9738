package syncplan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
)

// Taxonomies a cn preset writes.
const (
	TaxonomySW = "sw2021"
	TaxonomyEM = "em-industry"
)

// indexNames are the Chinese names of common benchmarks (others are named
// by their code until an import names them).
var indexNames = map[market.Symbol][2]string{
	"000300.SH": {"沪深300", "CSI 300"}, "000985.SH": {"中证全指", "CSI All Share"}, "000905.SH": {"中证500", "CSI 500"},
	"000852.SH": {"中证1000", "CSI 1000"}, "000016.SH": {"上证50", "SSE 50"}, "000001.SH": {"上证指数", "SSE Composite"},
	"399001.SZ": {"深证成指", "SZSE Component"}, "399006.SZ": {"创业板指", "ChiNext"},
}

func (p *Plan) cnStages() []ingest.Stage {
	var st []ingest.Stage
	levels := append([]int(nil), p.Preset.SWLevels...)
	sort.Ints(levels)
	for _, l := range levels {
		st = append(st, p.swLevel(l))
	}
	st = append(st, stage("index bars", p.indexBars))
	if len(p.Preset.ETFs) > 0 {
		st = append(st, stage("etfs", p.etfs))
	}
	if p.Preset.Boards {
		st = append(st, stage("eastmoney boards", p.boards))
	}
	if len(p.Preset.Sectors) > 0 {
		st = append(st, stage("member stocks", p.memberStocks))
	}
	st = append(st, stage("exchange disclosures", p.disclosures))
	return st
}

// swLevel syncs one level of the Shenwan classification: per index, the
// sector row, its index instrument and its constituents as memberships. A
// level-2 or level-3 index's parent is the sector of the level above that
// holds most of its constituents (the endpoint publishes no parent).
func (p *Plan) swLevel(level int) ingest.Stage {
	return stage(fmt.Sprintf("sw2021 level %d", level), func(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
		idx, err := p.CN.SWIndices(ctx, level)
		if err != nil {
			return nil, err
		}
		var above map[market.Symbol]string
		if level > 1 {
			if above, err = p.sectorOfStocks(ctx, TaxonomySW, level-1); err != nil {
				return nil, err
			}
		}
		tasks := make([]ingest.Task, 0, len(idx))
		for _, x := range idx {
			tasks = append(tasks, ingest.Task{Source: p.CN.Source("sw"), Dataset: market.DatasetMembers,
				Name: "constituents " + x.Code, Input: "sw components " + x.Code,
				Fetch: func(ctx context.Context, _ ingest.Window) (*market.Batch, error) {
					cs, err := p.CN.SWComponents(ctx, x.Code)
					if err != nil {
						return nil, err
					}
					sec := market.Sector{Taxonomy: TaxonomySW, Code: x.Code, Level: level, Name: x.Name, IndexSymbol: x.Symbol}
					if level > 1 {
						if sec.Parent = majority(cs, above); sec.Parent == "" {
							return nil, sextant.Errorf(sextant.EINVALID, "sw2021 %s %s: none of its %d constituents is in a level-%d sector, so it has no parent", x.Code, x.Name, len(cs), level-1)
						}
					}
					return p.sectorBatch(ctx, market.Taxonomy{ID: TaxonomySW, Name: "申万行业分类 2021 (Shenwan 2021)", Levels: 3}, sec, "申万"+x.Name, cs, p.Start)
				}})
		}
		return tasks, nil
	})
}

// sectorBatch is a sector with its index instrument, new constituent
// instruments and reconciled memberships.
func (p *Plan) sectorBatch(ctx context.Context, tax market.Taxonomy, sec market.Sector, indexName string, cs []Constituent, firstFrom time.Time) (*market.Batch, error) {
	stored, err := p.Store.MembershipHistory(ctx, sec.Taxonomy, sec.Code)
	if err != nil {
		return nil, err
	}
	snap := make([]ingest.Member, len(cs))
	stocks := make([]market.Instrument, 0, len(cs)+1)
	stocks = append(stocks, market.Instrument{Symbol: sec.IndexSymbol, Kind: market.KindSector, Name: indexName, Currency: "CNY"})
	for i, c := range cs {
		snap[i] = c.Member
		stocks = append(stocks, market.Instrument{Symbol: c.Symbol, Kind: market.KindStock, Name: firstNonEmpty(c.Name, c.Symbol.Code()), Currency: "CNY"})
	}
	ins, err := p.newInstruments(ctx, stocks)
	if err != nil {
		return nil, err
	}
	return &market.Batch{Taxonomies: []market.Taxonomy{tax}, Sectors: []market.Sector{sec}, Instruments: ins,
		Members: ingest.Reconcile(stored, snap, sec.Taxonomy, sec.Code, p.Today, firstFrom)}, nil
}

// sectorOfStocks maps each stock to the sector of a level it is in today.
func (p *Plan) sectorOfStocks(ctx context.Context, taxonomy string, level int) (map[market.Symbol]string, error) {
	secs, err := p.Store.Sectors(ctx, taxonomy, level)
	if err != nil {
		return nil, err
	}
	out := map[market.Symbol]string{}
	for _, s := range secs {
		ms, err := p.Store.Members(ctx, taxonomy, s.Code, p.Today)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out[m.Symbol] = s.Code
		}
	}
	return out, nil
}

// majority returns the code most of cs map to (ties: the smaller code).
func majority(cs []Constituent, sectorOf map[market.Symbol]string) string {
	n := map[string]int{}
	for _, c := range cs {
		if code, ok := sectorOf[c.Symbol]; ok {
			n[code]++
		}
	}
	best := ""
	for code, k := range n {
		if k > n[best] || k == n[best] && code < best {
			best = code
		}
	}
	return best
}

// indexBars fetches the benchmarks and the synced Shenwan indices.
func (p *Plan) indexBars(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
	var tasks []ingest.Task
	for _, sym := range symbolsOf(p.Preset.Benchmarks) {
		names := indexNames[sym]
		in := p.instrument(ctx, market.Instrument{Symbol: sym, Kind: market.KindIndex, Name: firstNonEmpty(names[0], sym.Code()), NameEN: names[1], Currency: "CNY"})
		tasks = append(tasks, p.barsTask("benchmark", in))
	}
	for _, l := range p.Preset.SWLevels {
		secs, err := p.Store.Sectors(ctx, TaxonomySW, l)
		if err != nil {
			return nil, err
		}
		for _, s := range secs {
			tasks = append(tasks, ingest.Task{Source: p.CN.Source("sw"), Dataset: market.DatasetBars, Name: "index " + s.Code,
				Input: "sw history " + s.Code, Symbols: []market.Symbol{s.IndexSymbol},
				Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
					bars, err := p.CN.SWHistory(ctx, s.Code, w.From, w.To)
					return &market.Batch{Bars: bars}, err
				}})
		}
	}
	return tasks, nil
}

// barsTask fetches one instrument's bars (and writes it when new).
func (p *Plan) barsTask(what string, in market.Instrument) ingest.Task {
	return ingest.Task{Source: p.CN.Source("bars"), Dataset: market.DatasetBars, Name: what + " " + string(in.Symbol),
		Input: "klines " + string(in.Symbol), Symbols: []market.Symbol{in.Symbol},
		Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
			bars, err := p.CN.Bars(ctx, in, w.From, w.To)
			if err != nil {
				return nil, err
			}
			ins, err := p.newInstruments(ctx, []market.Instrument{in})
			return &market.Batch{Instruments: ins, Bars: bars}, err
		}}
}

// etfs writes each configured ETF with its theme (the name of its sector)
// and fetches its bars.
func (p *Plan) etfs(ctx context.Context, r *ingest.Runner) ([]ingest.Task, error) {
	names := map[market.Symbol]string{}
	if list, err := p.CN.ETFs(ctx); err == nil {
		for _, e := range list {
			names[e.Symbol] = e.Name
		}
	} else if ctx.Err() != nil {
		return nil, err
	}
	sectors := map[string]market.Sector{}
	all, err := p.Store.Sectors(ctx, TaxonomySW, 0)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		sectors[s.Code] = s
	}
	var tasks []ingest.Task
	for _, kv := range parsePairs(p.Preset.ETFs) {
		sym := market.Symbol(kv[0])
		sec, ok := sectors[kv[1]]
		if !ok && r.DryRun { // a dry run on an empty store plans before the classification exists
			sec = market.Sector{Code: kv[1], Name: kv[1]}
		} else if !ok {
			return nil, sextant.Errorf(sextant.EINVALID, "preset %s: etf %s names sector %s, which is not in the synced Shenwan classification", p.Name, sym, kv[1])
		}
		in := market.Instrument{Symbol: sym, Kind: market.KindETF, Name: firstNonEmpty(names[sym], sym.Code()), Currency: "CNY", Theme: sec.Name}
		if stored, err := p.Store.Instrument(ctx, sym); err == nil {
			in = stored
			if in.Theme == "" {
				in.Theme = sec.Name
			}
		}
		t := p.barsTask("etf", in)
		fetch := t.Fetch
		t.Fetch = func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
			b, err := fetch(ctx, w)
			if err != nil {
				return nil, err
			}
			b.Instruments = []market.Instrument{in} // the theme is the preset's
			return b, nil
		}
		tasks = append(tasks, t)
	}
	return tasks, nil
}

// boards syncs Eastmoney industry boards: constituents, bars and flows.
func (p *Plan) boards(ctx context.Context, _ *ingest.Runner) ([]ingest.Task, error) {
	list, err := p.CN.Boards(ctx)
	if err != nil {
		return nil, err
	}
	tax := market.Taxonomy{ID: TaxonomyEM, Name: "东方财富行业板块 (Eastmoney industry boards)", Levels: 1}
	var tasks []ingest.Task
	for _, b := range list {
		src := p.CN.Source("boards")
		tasks = append(tasks,
			ingest.Task{Source: src, Dataset: market.DatasetMembers, Name: "board " + b.Code, Input: "board members " + b.Code,
				Fetch: func(ctx context.Context, _ ingest.Window) (*market.Batch, error) {
					cs, err := p.CN.BoardMembers(ctx, b)
					if err != nil {
						return nil, err
					}
					sec := market.Sector{Taxonomy: TaxonomyEM, Code: b.Code, Level: 1, Name: b.Name, IndexSymbol: b.Symbol}
					return p.sectorBatch(ctx, tax, sec, b.Name, cs, p.Start)
				}},
			ingest.Task{Source: src, Dataset: market.DatasetBars, Name: "board bars " + b.Code, Input: "klines " + string(b.Symbol),
				Symbols: []market.Symbol{b.Symbol},
				Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
					bars, err := p.CN.BoardBars(ctx, b, w.From, w.To)
					return &market.Batch{Bars: bars}, err
				}},
			p.flowsTask(b.Symbol, &b))
	}
	return tasks, nil
}

func (p *Plan) flowsTask(sym market.Symbol, board *Named) ingest.Task {
	return ingest.Task{Source: p.CN.Source("flows"), Dataset: market.DatasetFlows, Name: "flows " + string(sym),
		Input: "fund flows " + string(sym), Symbols: []market.Symbol{sym},
		Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
			fl, err := p.CN.Flows(ctx, sym, board, w.From, w.To)
			return &market.Batch{Flows: fl}, err
		}}
}

// memberStocks fetches bars, main-force flows and (where the route has
// it) margin history of everyone who has been a member of the chosen
// sectors, so that breadth and flows stay point-in-time.
func (p *Plan) memberStocks(ctx context.Context, r *ingest.Runner) ([]ingest.Task, error) {
	if _, err := p.chosenMembers(ctx, false); err != nil { // a sector without members is a mistake
		if r.DryRun {
			return nil, nil // … unless nothing is stored yet
		}
		return nil, err
	}
	syms, err := p.chosenMembers(ctx, true)
	if err != nil {
		return nil, err
	}
	var tasks []ingest.Task
	for _, s := range syms {
		in := p.instrument(ctx, market.Instrument{Symbol: s, Kind: market.KindStock, Name: s.Code(), Currency: "CNY"})
		tasks = append(tasks, p.barsTask("stock", in), p.flowsTask(s, nil))
		if p.Preset.Margin && p.CN.MarginByStock() {
			tasks = append(tasks, p.stockMarginTask(s))
		}
	}
	return tasks, nil
}

// stockMarginTask reads one member's margin history from DailyStart (the
// disclosures' history) on a first fill.
func (p *Plan) stockMarginTask(sym market.Symbol) ingest.Task {
	return ingest.Task{Source: p.CN.Source("margin"), Dataset: market.DatasetMargin, Name: "margin " + string(sym),
		Input: "margin history " + string(sym), Symbols: []market.Symbol{sym},
		Fetch: func(ctx context.Context, w ingest.Window) (*market.Batch, error) {
			from := w.From
			if w.First && p.DailyStart.After(from) {
				from = p.DailyStart
			}
			m, err := p.CN.MarginHistory(ctx, sym, from, w.To)
			return &market.Batch{Margin: m}, err
		}}
}

// chosenMembers lists the members of the preset's sectors: those active
// today, or (all) everyone who was ever a member.
func (p *Plan) chosenMembers(ctx context.Context, all bool) ([]market.Symbol, error) {
	seen := map[market.Symbol]bool{}
	var out []market.Symbol
	for _, code := range p.Preset.Sectors {
		var ms []market.Membership
		var err error
		if all {
			ms, err = p.Store.MembershipHistory(ctx, TaxonomySW, code)
		} else {
			ms, err = p.Store.Members(ctx, TaxonomySW, code, p.Today)
		}
		if err != nil {
			return nil, err
		}
		if len(ms) == 0 && !all {
			return nil, sextant.Errorf(sextant.EINVALID, "preset %s: sector %s has no members in the synced Shenwan classification (is its level in sw_levels?)", p.Name, code)
		}
		for _, m := range ms {
			if !seen[m.Symbol] {
				seen[m.Symbol] = true
				out = append(out, m.Symbol)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// disclosures plans one task per exchange and trading day not yet stored:
// ETF units of the preset's ETFs, and the market margin total with — on a
// route without per-stock margin history — the detail of the chosen
// sectors' members.
func (p *Plan) disclosures(ctx context.Context, r *ingest.Runner) ([]ingest.Task, error) {
	cal := symbolsOf(p.Preset.Benchmarks)
	if len(cal) == 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "preset %s: per-day disclosures need a benchmark for their calendar", p.Name)
	}
	etfs := map[string][]market.Symbol{}
	for _, kv := range parsePairs(p.Preset.ETFs) {
		s := market.Symbol(kv[0])
		etfs[s.Venue()] = append(etfs[s.Venue()], s)
	}
	members, err := p.chosenMembers(ctx, true)
	if err != nil {
		return nil, err
	}
	keep := map[market.Symbol]bool{}
	for _, s := range members {
		keep[s] = true
	}
	var tasks []ingest.Task
	for _, ex := range []string{market.VenueSH, market.VenueSZ} {
		if len(etfs[ex]) > 0 {
			days, err := r.NewDays(ctx, market.DatasetShares, etfs[ex], cal[0], p.DailyStart)
			if err != nil {
				return nil, err
			}
			if !p.CN.SharesHistory(ex) && len(days) > 1 {
				days = days[len(days)-1:]
			}
			for _, d := range days {
				tasks = append(tasks, p.sharesTask(ex, d, etfs[ex]))
			}
		}
		if p.Preset.Margin {
			days, err := r.NewDays(ctx, market.DatasetMargin, []market.Symbol{market.MarketTotal(ex)}, cal[0], p.DailyStart)
			if err != nil {
				return nil, err
			}
			for _, d := range days {
				tasks = append(tasks, p.marginTask(ex, d, keep))
			}
		}
	}
	return tasks, nil
}

func (p *Plan) sharesTask(ex string, d time.Time, etfs []market.Symbol) ingest.Task {
	keep := map[market.Symbol]bool{}
	for _, s := range etfs {
		keep[s] = true
	}
	return ingest.Task{Source: p.CN.Source("shares:" + ex), Dataset: market.DatasetShares, Name: "etf shares " + ex + " " + market.FormatDate(d),
		Input: "etf shares " + ex + " " + market.FormatDate(d),
		Fetch: func(ctx context.Context, _ ingest.Window) (*market.Batch, error) {
			rows, err := p.CN.ETFShares(ctx, ex, d)
			if err != nil {
				return nil, err
			}
			b := &market.Batch{}
			for _, r := range rows {
				if keep[r.Symbol] {
					b.Shares = append(b.Shares, r)
				}
			}
			return b, nil
		}}
}

func (p *Plan) marginTask(ex string, d time.Time, keep map[market.Symbol]bool) ingest.Task {
	return ingest.Task{Source: p.CN.Source("margin:" + ex), Dataset: market.DatasetMargin, Name: "margin " + ex + " " + market.FormatDate(d),
		Input: "margin " + ex + " " + market.FormatDate(d),
		Fetch: func(ctx context.Context, _ ingest.Window) (*market.Batch, error) {
			var detail []market.Margin
			if !p.CN.MarginByStock() { // else members come from their own history
				var err error
				if detail, err = p.CN.MarginDetail(ctx, ex, d); err != nil {
					return nil, err
				}
			}
			total, err := p.CN.MarginTotal(ctx, ex, d)
			if err != nil {
				return nil, err
			}
			if len(total) == 0 && len(detail) > 0 {
				return nil, sextant.Errorf(sextant.EUNAVAILABLE, "margin %s %s: the detail is published but the market total is not", ex, market.FormatDate(d))
			}
			b := &market.Batch{Margin: total}
			for _, m := range detail {
				if keep[m.Symbol] {
					b.Margin = append(b.Margin, m)
				}
			}
			return b, nil
		}}
}

func isNotFound(err error) bool {
	var e *sextant.Error
	return errors.As(err, &e) && e.Code == sextant.ENOTFOUND
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
