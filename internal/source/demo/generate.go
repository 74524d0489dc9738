package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// chunkStocks is how many stocks go into one emitted batch (about 400k
// rows for SizeSmall): large enough for efficient writes, small enough to
// keep memory bounded.
const chunkStocks = 50

// leadersPerSector is how many of a sector's largest members count as its
// leaders in the Truth.
const leadersPerSector = 5

// generator holds one build's state.
type generator struct {
	o       Options
	days    []time.Time
	stocks  []*stock
	etfs    []etf
	plan    *plan
	acc     []*indexAcc
	tot     *totals
	leaders map[market.Symbol]bool
	truth   *Truth
}

func newGenerator(o Options) (*generator, error) {
	start := o.End.AddDate(-o.Years, 0, 1)
	days := TradingDays(start, o.End)
	if len(days) < FadeRunFrom+StyleBefore+StyleDays {
		return nil, sextant.Errorf(sextant.EINVALID, "demo period %s–%s is too short", market.FormatDate(start), market.FormatDate(o.End))
	}
	D := len(days)
	g := &generator{o: o, days: days, tot: newTotals(D), leaders: map[market.Symbol]bool{}}
	g.stocks = buildStocks(newRNG(o.Seed, streamUniverse), o.stockCount(), days)
	g.etfs = buildETFs(o.Seed, days)
	g.plan = buildPlan(newRNG(o.Seed, streamFactors), D)
	for range indexDefs() {
		g.acc = append(g.acc, newIndexAcc(D))
	}
	g.truth = g.buildTruth()
	return g, nil
}

// sectorLeaders returns the largest members (by base cap) that stay in the
// sector for the whole period, with their names.
func (g *generator) sectorLeaders(code string) ([]market.Symbol, []Company) {
	si := sectorIndex(code)
	var ms []*stock
	for _, s := range g.stocks {
		if s.sector == si && s.switchTo < 0 && s.listDay == 0 && s.delistDay == len(g.days) {
			ms = append(ms, s)
		}
	}
	sort.SliceStable(ms, func(a, b int) bool { return ms[a].rank < ms[b].rank })
	var syms []market.Symbol
	var names []Company
	for _, s := range ms[:min(leadersPerSector, len(ms))] {
		syms = append(syms, s.sym)
		names = append(names, Company{Symbol: s.sym, Name: s.name, NameEN: s.nameEN, Ownership: s.ownership})
	}
	return syms, names
}

func (g *generator) buildTruth() *Truth {
	D := len(g.days)
	t := &Truth{
		Label: Label, Seed: g.o.Seed, Size: g.o.Size, Start: g.days[0], End: g.days[D-1],
		Calendar: market.NewCalendar(market.VenueSH, g.days), Taxonomy: TaxonomyID,
		Benchmark: Benchmark, Stocks: len(g.stocks), Rows: map[market.Dataset]int{},
	}
	for _, s := range swSectors {
		t.Sectors = append(t.Sectors, sectorSymbol(s.code))
	}
	for _, e := range g.etfs {
		t.ETFs = append(t.ETFs, e.spec.symbol)
	}
	t.Rally, t.Fading = scenarioTruths(g.days)
	t.Rally.Leaders, t.Rally.LeaderNames = g.sectorLeaders(DefenseCode)
	t.Fading.Leaders, t.Fading.LeaderNames = g.sectorLeaders(ComputersCode)
	for _, s := range t.Rally.Leaders {
		g.leaders[s] = true
	}
	t.StyleShift = StyleTruth{
		Growth: GrowthIndex, Value: ValueIndex, Large: LargeIndex, Small: SmallIndex,
		BeforeStart: g.days[max(0, D-StyleDays-StyleBefore)], Start: g.days[D-StyleDays], Days: StyleDays,
		BeforeDrift: StyleLead, AfterDrift: StyleShift,
	}
	for _, s := range g.stocks {
		if s.switchTo >= 0 {
			t.Switches = append(t.Switches, SectorSwitch{s.sym, swSectors[s.sector].code, swSectors[s.switchTo].code, g.days[s.switchDay]})
		}
		if s.listDay > 0 {
			t.Listed = append(t.Listed, s.sym)
		}
		if s.delistDay < D {
			t.Delisted = append(t.Delisted, s.sym)
		}
	}
	return t
}

// run emits the chunks in order: reference data, stocks, indices, ETFs,
// market totals.
func (g *generator) run(ctx context.Context, emit func(ChunkInfo, *market.Batch) error) error {
	N := len(g.stocks)
	e := &emitter{ctx: ctx, emit: emit, rows: g.truth.Rows, total: N + 4}
	if err := e.send("reference data", 1, g.reference()); err != nil {
		return err
	}
	D := len(g.days)
	for lo := 0; lo < N; lo += chunkStocks {
		hi := min(N, lo+chunkStocks)
		n := (hi - lo) * D
		b := &market.Batch{
			Bars: make([]market.Bar, 0, n), Valuations: make([]market.Valuation, 0, n),
			Margin: make([]market.Margin, 0, n), Flows: make([]market.CapitalFlow, 0, n),
			Fundamentals: make([]market.Fundamental, 0, (hi-lo)*8*4*(g.o.Years+3)),
		}
		for _, s := range g.stocks[lo:hi] {
			g.genStock(s, b)
		}
		if err := e.send(fmt.Sprintf("stocks %d/%d", hi, N), hi-lo, b); err != nil {
			return err
		}
	}
	defs := indexDefs()
	b := &market.Batch{Bars: make([]market.Bar, 0, len(defs)*D), Valuations: make([]market.Valuation, 0, len(defs)*D)}
	lvs := make([]levels, len(defs))
	for j, def := range defs {
		lvs[j] = g.indexBars(def, g.acc[j], b)
	}
	if err := e.send("indices", 1, b); err != nil {
		return err
	}
	b = &market.Batch{Bars: make([]market.Bar, 0, len(g.etfs)*D), Shares: make([]market.FundShares, 0, len(g.etfs)*D)}
	for k, et := range g.etfs {
		g.etfRows(k, et, lvs[et.sector], b)
	}
	if err := e.send("etfs", 1, b); err != nil {
		return err
	}
	b = &market.Batch{}
	g.totalRows(b)
	return e.send("market totals", 1, b)
}

// reference builds the first chunk: taxonomy, sectors, instruments and
// memberships.
func (g *generator) reference() *market.Batch {
	b := &market.Batch{Taxonomies: []market.Taxonomy{{ID: TaxonomyID, Name: "申万行业分类(2021) DEMO", Levels: 1}}}
	for _, s := range swSectors {
		b.Sectors = append(b.Sectors, market.Sector{
			Taxonomy: TaxonomyID, Code: s.code, Level: 1, Name: s.name, NameEN: s.nameEN,
			IndexSymbol: sectorSymbol(s.code), Aliases: append([]string(nil), s.aliases...),
		})
	}
	for _, d := range indexDefs() {
		b.Instruments = append(b.Instruments, market.Instrument{
			Symbol: d.sym, Kind: d.kind, Name: d.name, NameEN: d.nameEN, Currency: "CNY", ListDate: g.days[0], Demo: true,
		})
	}
	for _, e := range g.etfs {
		b.Instruments = append(b.Instruments, e.instrument())
	}
	for _, s := range g.stocks {
		b.Instruments = append(b.Instruments, market.Instrument{
			Symbol: s.sym, Kind: market.KindStock, Name: s.name, NameEN: s.nameEN, Currency: "CNY",
			ListDate: s.listDate, DelistAt: s.delistDate, Ownership: s.ownership, Demo: true,
		})
		b.Members = append(b.Members, g.memberships(s)...)
	}
	return b
}

// memberships returns a stock's sector history: one row, or two when it
// switched sector; the last ends at its delisting.
func (g *generator) memberships(s *stock) []market.Membership {
	first := market.Membership{Taxonomy: TaxonomyID, Sector: swSectors[s.sector].code, Symbol: s.sym, From: s.listDate, To: s.delistDate}
	if s.switchTo < 0 {
		return []market.Membership{first}
	}
	on := g.days[s.switchDay]
	first.To = on
	second := market.Membership{Taxonomy: TaxonomyID, Sector: swSectors[s.switchTo].code, Symbol: s.sym, From: on, To: s.delistDate}
	return []market.Membership{first, second}
}
