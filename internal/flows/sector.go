package flows

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Flow is one instrument's daily flow series with provenance.
type Flow struct {
	Meta   Meta
	Series Series
}

// marginNet is a stock's margin net purchase on row i: FinBuy − FinRepay
// when both are known, else FinBalance[i] − FinBalance[i−1], else NaN.
func marginNet(buy, repay, bal []float64, i int) (float64, Method) {
	if v := buy[i] - repay[i]; !math.IsNaN(v) {
		return v, MethodBuyRepay
	}
	if i > 0 {
		if v := bal[i] - bal[i-1]; !math.IsNaN(v) {
			return v, MethodBalanceChange
		}
	}
	return math.NaN(), MethodNone
}

// mainNet is a day's main-force net flow: MainNet as published, else
// SuperNet + LargeNet, else NaN.
func mainNet(main, super, large []float64, i int) (float64, Method) {
	if v := main[i]; !math.IsNaN(v) {
		return v, MethodMainNet
	}
	if v := super[i] + large[i]; !math.IsNaN(v) {
		return v, MethodSuperLarge
	}
	return math.NaN(), MethodNone
}

// StockMargin is one stock's daily margin net purchase (FinBuy − FinRepay,
// or ΔFinBalance when buy or repay is missing; Method says which) with its
// rolling sums and z-scores.
func StockMargin(p *MarginPanel, sym market.Symbol, params Params) (*Flow, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	j, ok := symbolIndex(p.Symbols)[sym]
	if !ok {
		return nil, fmt.Errorf("margin panel: no data for %s", sym)
	}
	buy, repay, bal := p.columns(j, nanSlice(len(p.Dates)))
	return single("margin_net_purchase", p.Dates, sym, params, func(i int) (float64, Method) { return marginNet(buy, repay, bal, i) }), nil
}

// MainFlow is one stock's or board's daily main-force net flow (MainNet,
// or SuperNet + LargeNet when MainNet is missing) with its rolling sums and
// z-scores.
func MainFlow(p *FlowPanel, sym market.Symbol, params Params) (*Flow, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	j, ok := symbolIndex(p.Symbols)[sym]
	if !ok {
		return nil, fmt.Errorf("flow panel: no data for %s", sym)
	}
	main, super, large := p.columns(j, nanSlice(len(p.Dates)))
	return single("main_net_flow", p.Dates, sym, params, func(i int) (float64, Method) { return mainNet(main, super, large, i) }), nil
}

func single(measure string, dates []time.Time, sym market.Symbol, params Params, value func(i int) (float64, Method)) *Flow {
	params = params.withDefaults()
	n := len(dates)
	s := Series{Name: string(sym), Dates: dates, Values: nanSlice(n), Method: make([]Method, n)}
	var counts [len(methodNames)]int
	for i := range n {
		v, m := value(i)
		s.Values[i], s.Method[i] = v, m
		if m != MethodNone {
			counts[m]++
		}
	}
	s.Methods = methodMap(counts)
	s.withWindows(params)
	return &Flow{Meta: meta(measure, dates, []market.Symbol{sym}, params), Series: s}
}

// SectorMargin aggregates margin data over point-in-time members: on each
// day a stock counts for a sector only when one of its memberships is
// active (From ≤ day < To). net is the sum of members' net purchases (see
// [StockMargin]) with rolling sums and z-scores; balance is the sum of
// members' financing balances (a level: no rolling statistics). A day's
// value sums the members whose value is known; Contributors counts them and
// the value is NaN when none is known.
func SectorMargin(p *MarginPanel, ms []market.Membership, params Params) (net, balance *SectorFlows, err error) {
	if err := p.check(); err != nil {
		return nil, nil, err
	}
	params = params.withDefaults()
	spans, unmatched := memberSpans(p.Dates, p.Symbols, ms)
	net = &SectorFlows{Meta: meta("margin_net_purchase", p.Dates, nil, params), Unmatched: unmatched}
	balance = &SectorFlows{Meta: meta("financing_balance", p.Dates, nil, Params{}), Unmatched: unmatched}
	na := nanSlice(len(p.Dates))
	for _, key := range sortedKeys(spans) {
		an, ab := newAggregate(key, p.Dates), newAggregate(key, p.Dates)
		for _, sp := range spans[key] {
			buy, repay, bal := p.columns(sp.col, na)
			accMargin(an, ab, buy, repay, bal, sp.lo, sp.hi)
		}
		members := spanMembers(spans[key], p.Symbols)
		net.Sectors = append(net.Sectors, an.finish(members, params))
		balance.Sectors = append(balance.Sectors, ab.finish(members, Params{}))
	}
	net.Meta.Symbols = allMembers(net.Sectors)
	balance.Meta.Symbols = net.Meta.Symbols
	return net, balance, nil
}

// SectorMainFlows sums members' main-force net flows (see [MainFlow]) per
// sector and day over point-in-time memberships, like [SectorMargin].
func SectorMainFlows(p *FlowPanel, ms []market.Membership, params Params) (*SectorFlows, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	params = params.withDefaults()
	spans, unmatched := memberSpans(p.Dates, p.Symbols, ms)
	out := &SectorFlows{Meta: meta("main_net_flow", p.Dates, nil, params), Unmatched: unmatched}
	na := nanSlice(len(p.Dates))
	for _, key := range sortedKeys(spans) {
		agg := newAggregate(key, p.Dates)
		for _, sp := range spans[key] {
			main, super, large := p.columns(sp.col, na)
			accMain(agg, main, super, large, sp.lo, sp.hi)
		}
		out.Sectors = append(out.Sectors, agg.finish(spanMembers(spans[key], p.Symbols), params))
	}
	out.Meta.Symbols = allMembers(out.Sectors)
	return out, nil
}

func (p *MarginPanel) check() error {
	return checkShape("margin panel", p.Dates, p.Symbols, map[string][][]float64{"fin_balance": p.FinBalance, "fin_buy": p.FinBuy, "fin_repay": p.FinRepay})
}

// columns returns column j of each field; absent fields read as the shared
// all-NaN column na (allocated once per call by the caller).
func (p *MarginPanel) columns(j int, na []float64) (buy, repay, bal []float64) {
	return colOr(p.FinBuy, j, na), colOr(p.FinRepay, j, na), colOr(p.FinBalance, j, na)
}

func (p *FlowPanel) check() error {
	return checkShape("flow panel", p.Dates, p.Symbols, map[string][][]float64{"main_net": p.MainNet, "super_net": p.SuperNet, "large_net": p.LargeNet})
}

func (p *FlowPanel) columns(j int, na []float64) (main, super, large []float64) {
	return colOr(p.MainNet, j, na), colOr(p.SuperNet, j, na), colOr(p.LargeNet, j, na)
}

func colOr(f [][]float64, j int, na []float64) []float64 {
	if f == nil {
		return na
	}
	return f[j]
}

// accMargin adds one member's rows [lo, hi) to the sector's net-purchase
// and balance aggregates. It is marginNet unrolled over a span, the hot
// loop of the full scan.
func accMargin(an, ab *aggregate, buy, repay, bal []float64, lo, hi int) {
	nv, nc := an.values[lo:hi], an.count[lo:hi]
	bv, bc := ab.values[lo:hi], ab.count[lo:hi]
	b, r, l := buy[lo:hi], repay[lo:hi], bal[lo:hi]
	var byBR, byBal, levels int
	for k := range nv {
		if v := l[k]; v == v {
			bv[k] += v
			bc[k]++
			levels++
		}
		if v := b[k] - r[k]; v == v {
			nv[k] += v
			nc[k]++
			byBR++
			continue
		}
		if i := lo + k; i > 0 {
			if v := bal[i] - bal[i-1]; v == v {
				nv[k] += v
				nc[k]++
				byBal++
			}
		}
	}
	an.methods[MethodBuyRepay] += byBR
	an.methods[MethodBalanceChange] += byBal
	ab.methods[MethodLevel] += levels
}

// accMain adds one member's rows [lo, hi) to a main-force aggregate.
func accMain(a *aggregate, main, super, large []float64, lo, hi int) {
	vs, cs := a.values[lo:hi], a.count[lo:hi]
	m, su, la := main[lo:hi], super[lo:hi], large[lo:hi]
	var byMain, bySL int
	for k := range vs {
		if v := m[k]; v == v {
			vs[k] += v
			cs[k]++
			byMain++
		} else if v := su[k] + la[k]; v == v {
			vs[k] += v
			cs[k]++
			bySL++
		}
	}
	a.methods[MethodMainNet] += byMain
	a.methods[MethodSuperLarge] += bySL
}

// span is the rows [lo, hi) on which column col is a member.
type span struct{ col, lo, hi int }

// memberSpans turns memberships into row spans per sector, merging
// overlapping spans of the same symbol so nobody counts twice. Members with
// no column in the panel are returned, sorted and deduplicated.
func memberSpans(dates []time.Time, syms []market.Symbol, ms []market.Membership) (map[SectorKey][]span, []market.Symbol) {
	idx := symbolIndex(syms)
	out := map[SectorKey][]span{}
	missing := map[market.Symbol]bool{}
	for _, m := range ms {
		j, ok := idx[m.Symbol]
		if !ok {
			missing[m.Symbol] = true
			continue
		}
		lo := sort.Search(len(dates), func(i int) bool { return !dates[i].Before(m.From) })
		hi := len(dates)
		if !m.To.IsZero() {
			hi = sort.Search(len(dates), func(i int) bool { return !dates[i].Before(m.To) })
		}
		if lo < hi {
			k := SectorKey{m.Taxonomy, m.Sector}
			out[k] = append(out[k], span{j, lo, hi})
		}
	}
	for k, sp := range out {
		out[k] = mergeSpans(sp)
	}
	var unmatched []market.Symbol
	for s := range missing {
		unmatched = append(unmatched, s)
	}
	sortSymbols(unmatched)
	return out, unmatched
}

func mergeSpans(sp []span) []span {
	sort.Slice(sp, func(a, b int) bool {
		if sp[a].col != sp[b].col {
			return sp[a].col < sp[b].col
		}
		return sp[a].lo < sp[b].lo
	})
	out := sp[:0]
	for _, s := range sp {
		if n := len(out); n > 0 && out[n-1].col == s.col && s.lo <= out[n-1].hi {
			out[n-1].hi = max(out[n-1].hi, s.hi)
			continue
		}
		out = append(out, s)
	}
	return out
}

func spanMembers(sp []span, syms []market.Symbol) []market.Symbol {
	var out []market.Symbol
	for i, s := range sp {
		if i == 0 || s.col != sp[i-1].col {
			out = append(out, syms[s.col])
		}
	}
	sortSymbols(out)
	return out
}

func allMembers(sectors []SectorFlow) []market.Symbol {
	seen := map[market.Symbol]bool{}
	var out []market.Symbol
	for _, s := range sectors {
		for _, m := range s.Members {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	sortSymbols(out)
	return out
}

// aggregate accumulates a sector's daily sum and contributor count.
type aggregate struct {
	key     SectorKey
	dates   []time.Time
	values  []float64
	count   []int
	methods [len(methodNames)]int
}

func newAggregate(key SectorKey, dates []time.Time) *aggregate {
	return &aggregate{key: key, dates: dates, values: make([]float64, len(dates)), count: make([]int, len(dates))}
}

func (a *aggregate) add(i int, v float64, m Method) {
	a.values[i] += v
	a.count[i]++
	a.methods[m]++
}

// finish turns the sums into a Series (NaN where nobody contributed) and
// computes rolling windows unless params has none.
func (a *aggregate) finish(members []market.Symbol, params Params) SectorFlow {
	for i, c := range a.count {
		if c == 0 {
			a.values[i] = math.NaN()
		}
	}
	s := Series{Name: a.key.String(), Dates: a.dates, Values: a.values, Contributors: a.count, Methods: methodMap(a.methods)}
	if len(params.Windows) > 0 {
		s.withWindows(params)
	}
	return SectorFlow{Sector: a.key, Members: members, Series: s}
}

// methodMap keeps the non-zero method counts.
func methodMap(counts [len(methodNames)]int) map[Method]int {
	out := map[Method]int{}
	for m, c := range counts {
		if c > 0 {
			out[Method(m)] = c
		}
	}
	return out
}
