package flows

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// benchData is the full-scan size of issue 3: ~5,000 stocks in 150 sectors
// (a fifth of them move sector once), 500 sector ETFs, 10 years of
// trading days, all in memory.
type benchData struct {
	margin  *MarginPanel
	flow    *FlowPanel
	etf     *ETFPanel
	members []market.Membership
	assign  map[market.Symbol]Assignment
}

const (
	benchStocks  = 5000
	benchSectors = 150
	benchETFs    = 500
	benchDays    = 2520
)

var (
	benchOnce sync.Once
	bench     benchData
)

func benchSetup() *benchData {
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(42, 3))
		dates := make([]time.Time, 0, benchDays)
		for d := market.Day(2015, 1, 5); len(dates) < benchDays; d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				dates = append(dates, d)
			}
		}
		syms := make([]market.Symbol, benchStocks)
		for j := range syms {
			syms[j] = market.Symbol(fmt.Sprintf("%06d.SZ", j))
		}
		col := func(f func(i int) float64) []float64 {
			c := make([]float64, benchDays)
			for i := range c {
				c[i] = f(i)
			}
			return c
		}
		mp := &MarginPanel{Dates: dates, Symbols: syms}
		fp := &FlowPanel{Dates: dates, Symbols: syms}
		for range syms {
			bal := 1e8 * (1 + r.Float64())
			mp.FinBalance = append(mp.FinBalance, col(func(int) float64 { bal *= 1 + 0.01*r.NormFloat64(); return bal }))
			mp.FinBuy = append(mp.FinBuy, col(func(int) float64 { return 1e7 * r.Float64() }))
			mp.FinRepay = append(mp.FinRepay, col(func(int) float64 { return 1e7 * r.Float64() }))
			fp.MainNet = append(fp.MainNet, col(func(int) float64 { return 1e7 * r.NormFloat64() }))
		}
		for j, s := range syms {
			sec, mid := fmt.Sprint(j%benchSectors), dates[r.IntN(benchDays)]
			if j%5 == 0 {
				bench.members = append(bench.members,
					market.Membership{Taxonomy: "sw", Sector: sec, Symbol: s, From: dates[0], To: mid},
					market.Membership{Taxonomy: "sw", Sector: fmt.Sprint((j + 1) % benchSectors), Symbol: s, From: mid})
				continue
			}
			bench.members = append(bench.members, market.Membership{Taxonomy: "sw", Sector: sec, Symbol: s, From: dates[0]})
		}
		ep := &ETFPanel{Dates: dates}
		bench.assign = map[market.Symbol]Assignment{}
		for j := range benchETFs {
			s := market.Symbol(fmt.Sprintf("51%04d.SH", j))
			ep.Symbols = append(ep.Symbols, s)
			sh, nav := 1e9*r.Float64(), 1.0
			ep.Shares = append(ep.Shares, col(func(int) float64 { sh *= 1 + 0.005*r.NormFloat64(); return sh }))
			ep.NAV = append(ep.NAV, col(func(int) float64 { nav *= 1 + 0.01*r.NormFloat64(); return nav }))
			ep.Close = append(ep.Close, ep.NAV[j])
			bench.assign[s] = Assignment{Sector: SectorKey{"sw", fmt.Sprint(j % benchSectors)}, By: "tracks"}
		}
		bench.margin, bench.flow, bench.etf = mp, fp, ep
	})
	return &bench
}

// BenchmarkFlowsFullScan is the flows share of the full scan: sector margin
// net purchases and balances, sector main-force flows, ETF creations and
// their sector sums, each with 5/20-day sums and z-scores.
func BenchmarkFlowsFullScan(b *testing.B) {
	d := benchSetup()
	p := DefaultParams()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := SectorMargin(d.margin, d.members, p); err != nil {
			b.Fatal(err)
		}
		if _, err := SectorMainFlows(d.flow, d.members, p); err != nil {
			b.Fatal(err)
		}
		f, err := ETFCreations(d.etf, p)
		if err != nil {
			b.Fatal(err)
		}
		SectorCreations(f, d.assign)
	}
}

func BenchmarkSectorMargin(b *testing.B) {
	d := benchSetup()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := SectorMargin(d.margin, d.members, DefaultParams()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSectorMainFlows(b *testing.B) {
	d := benchSetup()
	b.ResetTimer()
	for b.Loop() {
		if _, err := SectorMainFlows(d.flow, d.members, DefaultParams()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkETFCreations(b *testing.B) {
	d := benchSetup()
	b.ResetTimer()
	for b.Loop() {
		f, err := ETFCreations(d.etf, DefaultParams())
		if err != nil {
			b.Fatal(err)
		}
		SectorCreations(f, d.assign)
	}
}
