package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// subSectors is how many synthetic level-2 sectors each level-1 sector is
// split into.
const subSectors = 5

// Market is everything the scan reads, in memory.
type Market struct {
	Dates     []time.Time
	Benchmark market.Symbol
	Bench     []float64      // the benchmark's adjusted closes
	Stocks    *market.Matrix // adjusted closes of all stocks (no benchmark)
	StocksB   *market.Matrix // the same columns plus the benchmark last (for Performance)
	Amounts   *market.Matrix // turnover amounts of the stocks
	Sets      []*SectorSet   // level 1 (31 sectors) and synthetic level 2 (~150)
	Margin    *flows.MarginPanel
	Flow      *flows.FlowPanel
	ETF       *flows.ETFPanel
	ETFAssign map[market.Symbol]flows.Assignment
	ETFCloses *market.Matrix
}

// SectorSet is one set of sectors: their indices and point-in-time
// memberships.
type SectorSet struct {
	Name    string
	Codes   []string
	Indices *market.Matrix        // benchmark first, then one index per sector (Codes order)
	Members [][]market.Membership // per sector, Codes order
	All     []market.Membership   // all of them
	Symbols []market.Symbol       // index symbols, Codes order
	Baskets map[string][]int      // synthetic sets: sector code → stock columns of its basket
	Parent  map[string]string     // synthetic sets: sector code → level-1 code
}

// buildStore generates the demo market of the given size into a fresh
// store file, one Write per generated chunk.
func buildStore(ctx context.Context, path string, size demo.Size) error {
	_ = os.Remove(path)
	s, err := duckdb.Open(ctx, path, duckdb.DefaultOptions())
	if err != nil {
		return err
	}
	opts := demo.DefaultOptions()
	opts.Size = size
	start := time.Now()
	_, err = demo.Generate(ctx, opts, func(ci demo.ChunkInfo, b *market.Batch) error {
		if ci.Done%500 == 0 || ci.Done == ci.Total {
			logf("  generate+write %s (%d/%d) %.0f s", ci.Stage, ci.Done, ci.Total, time.Since(start).Seconds())
		}
		_, err := s.Write(ctx, market.IngestRun{Source: demo.Source}, b)
		return err
	})
	if err != nil {
		s.Close()
		return err
	}
	return s.Close()
}

// load reads the market from the store into memory.
func load(ctx context.Context, path string) (*Market, error) {
	s, err := duckdb.Open(ctx, path, duckdb.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	stocks, err := s.Instruments(ctx, market.InstrumentFilter{Kinds: []market.Kind{market.KindStock}})
	if err != nil {
		return nil, err
	}
	etfs, err := s.Instruments(ctx, market.InstrumentFilter{Kinds: []market.Kind{market.KindETF, market.KindFund}})
	if err != nil {
		return nil, err
	}
	l1, err := s.Sectors(ctx, demo.TaxonomyID, 1)
	if err != nil {
		return nil, err
	}
	bench := demo.Benchmark
	var syms []market.Symbol
	for _, in := range stocks {
		syms = append(syms, in.Symbol)
	}
	nStocks := len(syms)
	syms = append(syms, bench)
	for _, sec := range l1 {
		syms = append(syms, sec.IndexSymbol)
	}
	for _, in := range etfs {
		syms = append(syms, in.Symbol)
	}
	t0 := time.Now()
	all, err := s.BarMatrix(ctx, syms, time.Time{}, time.Time{}, market.FieldAdjClose)
	if err != nil {
		return nil, err
	}
	amt, err := s.BarMatrix(ctx, syms[:nStocks], time.Time{}, time.Time{}, market.FieldAmount)
	if err != nil {
		return nil, err
	}
	logf("  bar matrices %d × %d in %.2f s", len(all.Dates), len(all.Symbols), time.Since(t0).Seconds())
	view := func(lo, hi int) *market.Matrix {
		return &market.Matrix{Dates: all.Dates, Symbols: all.Symbols[lo:hi:hi], Values: all.Values[lo:hi:hi]}
	}
	m := &Market{Dates: all.Dates, Benchmark: bench, Bench: all.Values[nStocks], Stocks: view(0, nStocks), Amounts: amt}
	m.StocksB = &market.Matrix{Dates: all.Dates,
		Symbols: append(append([]market.Symbol{}, syms[:nStocks]...), bench),
		Values:  append(append([][]float64{}, all.Values[:nStocks]...), all.Values[nStocks])}
	nSec := len(l1)
	m.ETFCloses = view(nStocks+1+nSec, len(syms))

	// Level 1: the demo's sectors and their indices.
	set := &SectorSet{Name: fmt.Sprintf("%d Shenwan level-1 sectors", nSec)}
	set.Indices = &market.Matrix{Dates: all.Dates, Symbols: append([]market.Symbol{bench}, syms[nStocks+1:nStocks+1+nSec]...),
		Values: append([][]float64{all.Values[nStocks]}, all.Values[nStocks+1:nStocks+1+nSec]...)}
	for _, sec := range l1 {
		ms, err := s.MembershipHistory(ctx, demo.TaxonomyID, sec.Code)
		if err != nil {
			return nil, err
		}
		set.Codes = append(set.Codes, sec.Code)
		set.Symbols = append(set.Symbols, sec.IndexSymbol)
		set.Members = append(set.Members, ms)
		set.All = append(set.All, ms...)
	}
	m.Sets = append(m.Sets, set, splitSectors(m, set))

	t0 = time.Now()
	margin, err := s.Margin(ctx, nil, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	m.Margin, _ = flows.NewMarginPanel(m.Dates, margin)
	cf, err := s.Flows(ctx, nil, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	m.Flow, _ = flows.NewFlowPanel(m.Dates, cf)
	shares, err := s.FundShares(ctx, nil, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	m.ETF, _ = flows.NewETFPanel(m.Dates, shares, m.ETFCloses)
	m.ETFAssign = flows.MapETFs(etfs, l1)
	logf("  margin %d, flows %d, ETFs %d (%d assigned) in %.2f s", len(m.Margin.Symbols), len(m.Flow.Symbols),
		len(m.ETF.Symbols), len(m.ETFAssign), time.Since(t0).Seconds())
	return m, nil
}

// splitSectors makes synthetic level-2 sectors: each level-1 sector's
// members are split into subSectors sub-sectors by an FNV-1a hash of the
// symbol (so a stock keeps its sub-sector slot when it switches level-1
// sector, and the split does not depend on order). A sub-sector's code is
// its parent's code followed by the slot digit; its index is the
// equal-weighted basket (rotation.BasketIndex, base 1000) of every stock
// that was ever one of its members.
func splitSectors(m *Market, l1 *SectorSet) *SectorSet {
	col := map[market.Symbol]int{}
	for j, s := range m.Stocks.Symbols {
		col[s] = j
	}
	byCode := map[string][]market.Membership{}
	parent := map[string]string{}
	for _, ms := range l1.All {
		h := fnv.New32a()
		h.Write([]byte(ms.Symbol))
		code := fmt.Sprintf("%s%d", ms.Sector, h.Sum32()%subSectors)
		parent[code] = ms.Sector
		ms.Sector = code
		byCode[code] = append(byCode[code], ms)
	}
	set := &SectorSet{Baskets: map[string][]int{}, Parent: parent}
	for code := range byCode {
		set.Codes = append(set.Codes, code)
	}
	sort.Strings(set.Codes)
	set.Name = fmt.Sprintf("%d synthetic level-2 sectors", len(set.Codes))
	set.Indices = &market.Matrix{Dates: m.Dates, Symbols: []market.Symbol{m.Benchmark}, Values: [][]float64{m.Bench}}
	for _, code := range set.Codes {
		ms := byCode[code]
		seen := map[market.Symbol]bool{}
		var basket []market.Symbol
		for _, x := range ms {
			if _, ok := col[x.Symbol]; ok && !seen[x.Symbol] {
				seen[x.Symbol] = true
				basket = append(basket, x.Symbol)
			}
		}
		sort.Slice(basket, func(a, b int) bool { return basket[a] < basket[b] })
		for _, b := range basket {
			set.Baskets[code] = append(set.Baskets[code], col[b])
		}
		idx, err := rotation.BasketIndex(m.Stocks, nil, basket, rotation.EqualWeight, 1000)
		if err != nil {
			panic(err) // every basket symbol is a column of the matrix
		}
		sym := market.Symbol(code + ".L2")
		set.Symbols = append(set.Symbols, sym)
		set.Indices.Symbols = append(set.Indices.Symbols, sym)
		set.Indices.Values = append(set.Indices.Values, idx)
		set.Members = append(set.Members, ms)
		set.All = append(set.All, ms...)
	}
	return set
}

func logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
