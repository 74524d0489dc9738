package compose

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// StockRequest asks for a report on one instrument: a stock or an ETF.
type StockRequest struct {
	Symbol    string // symbol, code or exact name as the user typed it
	Taxonomy  string // where to look for its sector, "taxonomy:level"; "" = DefaultStockTaxonomy
	Benchmark string // "" = the default benchmark
	AsOf      time.Time
	Lang      string // "en" or "zh"; "" = en
	Question  string
	Generator string
	Now       func() time.Time
}

// DefaultStockTaxonomy is where a stock's sector is looked for when the
// request names no taxonomy.
const DefaultStockTaxonomy = "sw2021:1"

// stockDocs is how many documents a stock report lists.
const stockDocs = 6

// stockData is everything a stock report is written from. view is the
// stock's sector seen through the sector report's writers — its rotation,
// sustainability and documents — carrying the stock's own bars and flows;
// without a sector it carries only those.
type stockData struct {
	req       StockRequest
	ins       market.Instrument
	sym       market.Symbol
	bench     market.Symbol
	asOf      time.Time
	sector    *market.Sector     // nil when none was found
	member    *market.Membership // the active membership of a stock
	by        string             // how the sector was found: member, index, tracks, theme
	view      *sectorData
	rot       *analysis.Rotation
	perf      *rotation.PerfTable // the instrument and its sector index against the benchmark
	companies *analysis.CompaniesReport
	pe        *rotation.ValuationReading
	peFrom    time.Time
	docs      []docPick
	status    healthData
}

// Stock composes the report on one instrument: its performance against
// its sector index and the benchmark, its sector's rotation and
// sustainability, its company scores, flows, documents and risks, and a
// conclusion no stronger than that evidence.
func Stock(ctx context.Context, src Sources, req StockRequest) (*report.Report, error) {
	var err error
	if req.Lang, err = checkLang(req.Lang); err != nil {
		return nil, err
	}
	if req.Now == nil {
		req.Now = time.Now
	}
	if req.Taxonomy == "" {
		req.Taxonomy = DefaultStockTaxonomy
	}
	sym, err := resolveInstrument(ctx, src.Data, req.Symbol)
	if err != nil {
		return nil, err
	}
	st, err := gatherStock(ctx, src, req, sym)
	if err != nil {
		return nil, err
	}
	b := newBuilder(ctx, req.Lang, src.Runs, st.asOf)
	b.demo = st.rot.Demo || st.ins.Demo
	st.write(b)
	return done(b)
}

// resolveInstrument resolves a symbol or code (analysis.ResolveSymbol),
// else an instrument's exact name in either language.
func resolveInstrument(ctx context.Context, d analysis.Data, input string) (market.Symbol, error) {
	sym, err := analysis.ResolveSymbol(ctx, d, input)
	if err == nil || sextant.ErrorCode(err) != sextant.ENOTFOUND {
		return sym, err
	}
	all, lerr := d.Instruments(ctx, market.InstrumentFilter{})
	if lerr != nil {
		return "", lerr
	}
	in := strings.TrimSpace(input)
	for _, ins := range all {
		if strings.EqualFold(ins.Name, in) || strings.EqualFold(ins.NameEN, in) {
			return ins.Symbol, nil
		}
	}
	return "", err
}

// gatherStock finds the instrument's sector, then runs the analyses
// concurrently.
func gatherStock(ctx context.Context, src Sources, req StockRequest, sym market.Symbol) (*stockData, error) {
	bench, asOf, err := analysis.BenchmarkAsOf(ctx, src.Data, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	st := &stockData{req: req, sym: sym, bench: bench, asOf: asOf}
	if st.ins, err = src.Data.Instrument(ctx, sym); err != nil {
		if sextant.ErrorCode(err) != sextant.ENOTFOUND {
			return nil, err
		}
		st.ins = market.Instrument{Symbol: sym, Kind: market.KindStock, Name: string(sym)}
	}
	tax, level, err := analysis.ParseTaxonomy(req.Taxonomy)
	if err != nil {
		return nil, err
	}
	if err := st.findSector(ctx, src.Data, tax, level); err != nil {
		return nil, err
	}
	view := &sectorData{req: SectorRequest{Taxonomy: tax, Benchmark: req.Benchmark, AsOf: asOf, Lang: req.Lang}}
	view.docs = &docSet{byTopic: map[string][]docPick{}}
	if st.sector != nil {
		view.sector, view.req.Sector = *st.sector, st.sector.Code
		if view.docs, err = findDocuments(ctx, src, *st.sector, asOf, req.Lang); err != nil {
			return nil, err
		}
	}
	from := asOf.AddDate(-2, 0, 0)
	syms := []market.Symbol{bench}
	if sym != bench {
		syms = append(syms, sym)
	}
	if st.sector != nil && st.sector.IndexSymbol != "" && st.sector.IndexSymbol != sym {
		syms = append(syms, st.sector.IndexSymbol)
	}
	view.extra.bars = map[market.Symbol][]market.Bar{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		st.rot, err = analysis.RunRotation(gctx, src.Data, analysis.RotationRequest{Taxonomy: tax, Level: level, Benchmark: req.Benchmark, AsOf: asOf})
		return err
	})
	g.Go(func() (err error) {
		view.extra.calendar, err = src.Data.TradingDays(gctx, bench, from, asOf)
		return err
	})
	for _, s := range syms {
		g.Go(func() error {
			bs, err := src.Data.Bars(gctx, s, from, asOf)
			mu.Lock()
			view.extra.bars[s] = bs
			mu.Unlock()
			return err
		})
	}
	g.Go(func() error { return st.performance(gctx, src.Data, syms) })
	st.runSector(gctx, g, src.Data, view)
	g.Go(func() (err error) {
		view.flows, err = st.flows(gctx, src.Data)
		return err
	})
	g.Go(func() error { return st.valuation(gctx, src.Data) })
	g.Go(func() (err error) {
		st.docs, err = st.documents(gctx, src)
		return err
	})
	if src.Status != nil {
		g.Go(func() (err error) {
			st.status, err = readHealth(gctx, src.Status)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	view.rot = st.rot
	view.extra.members = []market.Symbol{sym} // the stock's own margin and main-force flows
	st.view = view
	return st, nil
}

// runSector adds the sector's sustainability and, for a member, the
// sector's company scores to the group.
func (st *stockData) runSector(ctx context.Context, g *errgroup.Group, d analysis.Data, view *sectorData) {
	sec := st.sector
	if sec == nil {
		return
	}
	g.Go(func() (err error) {
		view.sustain, err = analysis.RunSustain(ctx, d, analysis.SustainRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy,
			Benchmark: st.req.Benchmark, AsOf: st.asOf, Catalysts: view.docs.catalysts(st.asOf)})
		return err
	})
	if st.member != nil {
		g.Go(func() (err error) {
			st.companies, err = analysis.RunCompanies(ctx, d, analysis.CompaniesRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy, Benchmark: st.req.Benchmark, AsOf: st.asOf})
			return err
		})
	}
}

// findSector finds the instrument's sector in the taxonomy level: the
// sector it is the index of, the sector an ETF tracks or is themed on, or
// the sector a stock is an active member of on the as-of day.
func (st *stockData) findSector(ctx context.Context, d analysis.Data, tax string, level int) error {
	sectors, err := d.Sectors(ctx, tax, level)
	if err != nil {
		return err
	}
	for i, s := range sectors {
		if s.IndexSymbol == st.sym {
			st.sector, st.by = &sectors[i], "index"
			return nil
		}
	}
	if st.ins.Kind == market.KindETF || st.ins.Kind == market.KindFund {
		if a, ok := flows.MapETFs([]market.Instrument{st.ins}, sectors)[st.sym]; ok {
			for i, s := range sectors {
				if s.Code == a.Sector.Code {
					st.sector, st.by = &sectors[i], a.By
					return nil
				}
			}
		}
		return nil
	}
	for i, s := range sectors {
		ms, err := d.Members(ctx, tax, s.Code, st.asOf)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Symbol == st.sym && m.Active(st.asOf) {
				st.sector, st.member, st.by = &sectors[i], &m, "member"
				return nil
			}
		}
	}
	return nil
}

// performance computes the windows' returns of the instrument and its
// sector index against the benchmark (syms[0]).
func (st *stockData) performance(ctx context.Context, d analysis.Data, syms []market.Symbol) error {
	m, err := d.BarMatrix(ctx, syms, st.asOf.AddDate(0, 0, -400), st.asOf, market.FieldAdjClose)
	if err != nil {
		return err
	}
	if st.perf, err = rotation.Performance(m, syms[0], st.asOf, rotation.DefaultWindows); err != nil {
		return sextant.Errorf(sextant.EINVALID, "performance of %s: %v", st.sym, err)
	}
	return nil
}

// perfRow returns a symbol's performance row; the benchmark's own has
// its returns and no excess.
func (st *stockData) perfRow(sym market.Symbol) (rotation.PerfRow, bool) {
	if st.perf == nil {
		return rotation.PerfRow{}, false
	}
	if sym == st.bench {
		zero := map[string]float64{}
		for w := range st.perf.BenchRet {
			zero[w] = 0
		}
		return rotation.PerfRow{Symbol: sym, Returns: st.perf.BenchRet, Excess: zero}, true
	}
	for _, r := range st.perf.Rows {
		if r.Symbol == sym {
			return r, true
		}
	}
	return rotation.PerfRow{}, false
}

// flowLookback covers a year of 20-day z-scores with room for holidays.
const flowLookback = 430

// flows are the instrument's own flows: an ETF's creations (through
// analysis.RunFlows), a stock's margin net purchases and main-force net
// flows when they are stored.
func (st *stockData) flows(ctx context.Context, d analysis.Data) (*analysis.FlowsReport, error) {
	if st.ins.Kind == market.KindETF || st.ins.Kind == market.KindFund {
		return analysis.RunFlows(ctx, d, analysis.FlowsRequest{ETF: string(st.sym), Benchmark: st.req.Benchmark, AsOf: st.asOf})
	}
	dates, err := d.TradingDays(ctx, st.bench, st.asOf.AddDate(0, 0, -flowLookback), st.asOf)
	if err != nil || len(dates) == 0 {
		return nil, err
	}
	fr := &analysis.FlowsReport{AsOf: st.asOf, From: dates[0], Benchmark: st.bench}
	from, to := dates[0], dates[len(dates)-1]
	p := flows.DefaultParams()
	syms := []market.Symbol{st.sym}
	margin, err := d.Margin(ctx, syms, from, to)
	if err != nil {
		return nil, err
	}
	if len(margin) > 0 {
		panel, _ := flows.NewMarginPanel(dates, margin)
		if f, err := flows.StockMargin(panel, st.sym, p); err == nil {
			s := f.Series
			fr.Measures = append(fr.Measures, analysis.FlowMeasure{Measure: "margin_net_purchase", Label: "Margin net purchase", Members: 1, Snap: s.At(st.asOf), Series: &s})
		}
	}
	cf, err := d.Flows(ctx, syms, from, to)
	if err != nil {
		return nil, err
	}
	if len(cf) > 0 {
		panel, _ := flows.NewFlowPanel(dates, cf)
		if f, err := flows.MainFlow(panel, st.sym, p); err == nil {
			s := f.Series
			fr.Measures = append(fr.Measures, analysis.FlowMeasure{Measure: "main_net_flow", Label: "Main-force net flow", Members: 1, Snap: s.At(st.asOf), Series: &s})
		}
	}
	return fr, nil
}

// valuationDays is the PE history read: five years of trading days with
// room for holidays (as the sector's valuation reading).
const valuationDays = 2010

// valuation is the stock's PE TTM percentile in its own five-year history.
func (st *stockData) valuation(ctx context.Context, d analysis.Data) error {
	if st.ins.Kind != market.KindStock {
		return nil
	}
	vals, err := d.Valuations(ctx, []market.Symbol{st.sym}, st.asOf.AddDate(0, 0, -valuationDays), st.asOf)
	if err != nil || len(vals) == 0 {
		return err
	}
	slices.SortFunc(vals, func(a, b market.Valuation) int { return a.Date.Compare(b.Date) })
	dates, pe := make([]time.Time, len(vals)), make([]float64, len(vals))
	for i, v := range vals {
		dates[i], pe[i] = v.Date, v.PETTM
	}
	v, err := rotation.ValuationAt(dates, pe, st.asOf, rotation.DefaultValuationParams())
	if err != nil || math.IsNaN(v.Percentile) {
		return nil // too little history: the risk section says so
	}
	st.pe, st.peFrom = &v, dates[0]
	return nil
}

// documents are the documents linked to the symbol in the year up to the
// as-of day, in the report's language when there are any in it, newest
// first; without linked documents the full-text index is searched for its
// names.
func (st *stockData) documents(ctx context.Context, src Sources) ([]docPick, error) {
	if src.Docs == nil {
		return nil, nil
	}
	to := endOfDay(st.asOf)
	f := research.Filter{From: st.asOf.Add(-docLookback), To: to, Symbols: []market.Symbol{st.sym}}
	docs, err := src.Docs.Documents(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 && src.Index != nil {
		f.Symbols = nil
		seen := map[string]bool{}
		for _, q := range []string{st.ins.Name, st.ins.NameEN} {
			if q == "" || q == string(st.sym) {
				continue
			}
			hits, err := src.Index.Search(ctx, research.Query{Text: q, Filter: f, Limit: 10})
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				if d, err := src.Docs.Document(ctx, h.DocID); err == nil && !seen[h.DocID] {
					seen[h.DocID] = true
					docs = append(docs, d)
				}
			}
		}
	}
	docs = newestFirst(docs, st.req.Lang, to)
	if i := slices.IndexFunc(docs, func(d research.Document) bool { return !strings.HasPrefix(d.Language, st.req.Lang) }); i > 0 {
		docs = docs[:i] // some in the report's language: only those
	}
	var out []docPick
	for _, d := range docs {
		if len(out) == stockDocs {
			break
		}
		if len(d.Passages) > 0 {
			out = append(out, docPick{doc: d, passage: st.passage(d)})
		}
	}
	return out, nil
}

// passage is the passage of a document to cite about the instrument: the
// one that best supports the document's topic when it names the
// instrument, else the first passage of some length naming it, else the
// first naming it, else the topic's best.
func (st *stockData) passage(d research.Document) research.Passage {
	names := func(p research.Passage) bool {
		for _, n := range []string{st.ins.Name, st.ins.NameEN} {
			if n != "" && strings.Contains(p.Text, n) {
				return true
			}
		}
		return false
	}
	best, _ := pickOf(d)
	if names(best.passage) {
		return best.passage
	}
	var first *research.Passage
	for i, p := range d.Passages {
		if !names(p) {
			continue
		}
		if utf8.RuneCountInString(p.Text) >= minPassage {
			return p
		}
		if first == nil {
			first = &d.Passages[i]
		}
	}
	if first != nil {
		return *first
	}
	return best.passage
}

// minPassage is the length, in runes, below which a passage is a heading
// or a label line rather than a statement.
const minPassage = 40
