package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// FlowsRequest asks for the capital flows of a sector (its themed ETFs'
// creations, its members' margin net purchases and main-force flows) or of
// one ETF.
type FlowsRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	ETF       string // used when Sector is empty
	Benchmark string // for ETF returns; "" = default benchmark
	AsOf      time.Time
	Params    flows.Params // zero → flows.DefaultParams()
}

// FlowMeasure is one flow series read as of the date.
type FlowMeasure struct {
	Measure string // etf_net_creation, margin_net_purchase, financing_balance, main_net_flow, board_main_net_flow
	Label   string
	Members int // instruments that contributed
	Snap    flows.Snapshot
	Series  *flows.Series
}

// ETFFlowRow is one ETF's flows and returns.
type ETFFlowRow struct {
	Symbol  market.Symbol
	Name    string
	Tracks  market.Symbol
	By      string         // how it was mapped to the sector: tracks or theme
	Last5   flows.Interval // the last 5 trading days
	Last20  flows.Interval // the last 20 trading days
	Snap    flows.Snapshot // daily creation, 5/20-day sums and z-scores
	Returns map[string]float64
	Excess  map[string]float64
}

// FlowsReport is the answer to a FlowsRequest.
type FlowsReport struct {
	AsOf      time.Time
	From      time.Time // first day of data read (the z-score baseline starts here)
	Sector    *market.Sector
	ETF       market.Symbol
	Benchmark market.Symbol
	Measures  []FlowMeasure
	ETFs      []ETFFlowRow
	Demo      bool
	Notes     []string // what was missing and why
}

// flowLookbackDays covers the 252-day z-score baseline of a 20-day sum plus
// holidays.
const flowLookbackDays = 430

// RunFlows computes a sector's or an ETF's flows as of a trading day.
func RunFlows(ctx context.Context, d Data, req FlowsRequest) (*FlowsReport, error) {
	if req.Params.ZLookback == 0 {
		req.Params = flows.DefaultParams()
	}
	bench, asOf, err := BenchmarkAsOf(ctx, d, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	from := asOf.AddDate(0, 0, -flowLookbackDays)
	dates, err := d.TradingDays(ctx, bench, from, asOf)
	if err != nil {
		return nil, err
	}
	rep := &FlowsReport{AsOf: asOf, From: dates[0], Benchmark: bench}
	var etfs []market.Instrument
	assign := map[market.Symbol]flows.Assignment{}
	if req.Sector != "" {
		sec, err := ResolveSector(ctx, d, req.Sector, req.Taxonomy)
		if err != nil {
			return nil, err
		}
		rep.Sector = &sec
		if etfs, assign, err = sectorETFs(ctx, d, sec); err != nil {
			return nil, err
		}
		if err := rep.memberFlows(ctx, d, sec, dates, req.Params); err != nil {
			return nil, err
		}
	} else {
		sym, err := ResolveSymbol(ctx, d, req.ETF)
		if err != nil {
			return nil, err
		}
		rep.ETF = sym
		ins, err := d.Instrument(ctx, sym)
		if err != nil {
			ins = market.Instrument{Symbol: sym, Kind: market.KindETF}
		}
		etfs = []market.Instrument{ins}
	}
	if err := rep.etfFlows(ctx, d, etfs, assign, dates, req.Params); err != nil {
		return nil, err
	}
	rep.Demo = anyDemo(etfs)
	if rep.Sector != nil {
		if ins, err := d.Instrument(ctx, rep.Sector.IndexSymbol); err == nil && ins.Demo {
			rep.Demo = true
		}
	}
	order := map[string]int{"etf_net_creation": 0, "margin_net_purchase": 1, "financing_balance": 2, "main_net_flow": 3, "board_main_net_flow": 4}
	sort.SliceStable(rep.Measures, func(i, j int) bool { return order[rep.Measures[i].Measure] < order[rep.Measures[j].Measure] })
	return rep, nil
}

// sectorETFs returns the ETFs mapped to sec by tracked index or theme.
func sectorETFs(ctx context.Context, d Data, sec market.Sector) ([]market.Instrument, map[market.Symbol]flows.Assignment, error) {
	all, err := d.Instruments(ctx, market.InstrumentFilter{Kinds: []market.Kind{market.KindETF}})
	if err != nil {
		return nil, nil, err
	}
	sectors, err := d.Sectors(ctx, sec.Taxonomy, 0)
	if err != nil {
		return nil, nil, err
	}
	assign := flows.MapETFs(all, sectors)
	key := flows.SectorKey{Taxonomy: sec.Taxonomy, Code: sec.Code}
	var out []market.Instrument
	for _, in := range all {
		if a, ok := assign[in.Symbol]; ok && a.Sector == key {
			out = append(out, in)
		}
	}
	return out, assign, nil
}

// memberFlows adds the margin and main-force measures summed over the
// sector's point-in-time members, and the board's own published flow.
func (rep *FlowsReport) memberFlows(ctx context.Context, d Data, sec market.Sector, dates []time.Time, p flows.Params) error {
	hist, err := d.MembershipHistory(ctx, sec.Taxonomy, sec.Code)
	if err != nil {
		return err
	}
	from, to := dates[0], dates[len(dates)-1]
	var ms []market.Membership
	seen := map[market.Symbol]bool{}
	var syms []market.Symbol
	for _, m := range hist {
		if m.From.After(to) || !m.To.IsZero() && !m.To.After(from) {
			continue
		}
		ms = append(ms, m)
		if !seen[m.Symbol] {
			seen[m.Symbol] = true
			syms = append(syms, m.Symbol)
		}
	}
	if len(ms) == 0 {
		rep.Notes = append(rep.Notes, "no members of "+sec.Code+" in the window: margin and main-force flows are not available")
		return nil
	}
	key := flows.SectorKey{Taxonomy: sec.Taxonomy, Code: sec.Code}
	margin, n, err := readMarginPanel(ctx, d, syms, dates)
	if err != nil {
		return err
	}
	if n == 0 {
		rep.Notes = append(rep.Notes, "no margin data for the members")
	} else {
		net, bal, err := flows.SectorMargin(margin, ms, p)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "margin flows: %v", err)
		}
		rep.addSector("margin_net_purchase", "Margin net purchase (members)", net, key)
		rep.addSector("financing_balance", "Financing balance (members)", bal, key)
	}
	cf, err := d.SeriesMatrix(ctx, market.DatasetFlows, flowFields, sortedSymbols(append(syms, sec.IndexSymbol)), dates)
	if err != nil {
		return err
	}
	isBoard := func(s market.Symbol) bool { return s == sec.IndexSymbol }
	if panel, n := flowPanel(cf, dates, func(s market.Symbol) bool { return !isBoard(s) }); n > 0 {
		mf, err := flows.SectorMainFlows(panel, ms, p)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "main-force flows: %v", err)
		}
		rep.addSector("main_net_flow", "Main-force net flow (members)", mf, key)
	} else {
		rep.Notes = append(rep.Notes, "no main-force flow data for the members")
	}
	if panel, n := flowPanel(cf, dates, isBoard); n > 0 {
		f, err := flows.MainFlow(panel, sec.IndexSymbol, p)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "board flows: %v", err)
		}
		s := f.Series
		rep.Measures = append(rep.Measures, FlowMeasure{Measure: "board_main_net_flow", Label: "Main-force net flow (board, published)", Members: 1, Snap: s.At(rep.AsOf), Series: &s})
	}
	return nil
}

func (rep *FlowsReport) addSector(measure, label string, sf *flows.SectorFlows, key flows.SectorKey) {
	if sf == nil {
		return
	}
	f := sf.Sector(key)
	if f == nil {
		return
	}
	s := f.Series
	rep.Measures = append(rep.Measures, FlowMeasure{Measure: measure, Label: label, Members: len(f.Members), Snap: s.At(rep.AsOf), Series: &s})
}

// etfFlows adds per-ETF creations and returns, and their sector sum.
func (rep *FlowsReport) etfFlows(ctx context.Context, d Data, etfs []market.Instrument, assign map[market.Symbol]flows.Assignment, dates []time.Time, p flows.Params) error {
	if len(etfs) == 0 {
		rep.Notes = append(rep.Notes, "no ETF in the store tracks this sector (ETFs map by their tracked index or theme)")
		return nil
	}
	from, to := dates[0], dates[len(dates)-1]
	syms := make([]market.Symbol, len(etfs))
	for i, e := range etfs {
		syms[i] = e.Symbol
	}
	shares, err := d.FundShares(ctx, syms, from, to)
	if err != nil {
		return err
	}
	closes, err := d.BarMatrix(ctx, append([]market.Symbol{rep.Benchmark}, syms...), from, to, market.FieldClose)
	if err != nil {
		return err
	}
	adj, err := d.BarMatrix(ctx, append([]market.Symbol{rep.Benchmark}, syms...), from, to, market.FieldAdjClose)
	if err != nil {
		return err
	}
	perf, err := rotation.Performance(adj, rep.Benchmark, rep.AsOf, rotation.DefaultWindows[:3])
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "ETF returns: %v", err)
	}
	ef := &flows.ETFFlows{}
	if len(shares) == 0 {
		rep.Notes = append(rep.Notes, "no shares-outstanding data for the ETFs: creations are not available")
	} else {
		panel, _ := flows.NewETFPanel(dates, shares, closes)
		if ef, err = flows.ETFCreations(panel, p); err != nil {
			return sextant.Errorf(sextant.EINVALID, "ETF creations: %v", err)
		}
	}
	for i, e := range etfs {
		row := ETFFlowRow{Symbol: e.Symbol, Name: e.Name, Tracks: e.Tracks, By: assign[e.Symbol].By, Returns: perf.Rows[i].Returns, Excess: perf.Rows[i].Excess}
		if f := ef.ETF(e.Symbol); f != nil {
			row.Snap = f.Creation.At(rep.AsOf)
			row.Last5, _ = f.Interval(dates[max(0, len(dates)-5)], to)
			row.Last20, _ = f.Interval(dates[max(0, len(dates)-20)], to)
		}
		rep.ETFs = append(rep.ETFs, row)
		if math.IsNaN(row.Last20.NetCreation) && !math.IsNaN(row.Last20.ShareChange) && row.Last20.CloseDays+row.Last20.NAVDays == 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: shares outstanding are stored but no NAV or close in the last 20 days, so creations (Δshares × price) cannot be valued; the share change is shown", e.Symbol))
		}
	}
	sort.SliceStable(rep.ETFs, func(i, j int) bool { return rep.ETFs[i].Symbol < rep.ETFs[j].Symbol })
	if rep.Sector != nil && len(shares) > 0 {
		key := flows.SectorKey{Taxonomy: rep.Sector.Taxonomy, Code: rep.Sector.Code}
		rep.addSector("etf_net_creation", "Themed-ETF net creation", flows.SectorCreations(ef, assign), key)
	} else if len(shares) > 0 && len(ef.ETFs) == 1 {
		s := ef.ETFs[0].Creation
		rep.Measures = append(rep.Measures, FlowMeasure{Measure: "etf_net_creation", Label: "ETF net creation", Members: 1, Snap: s.At(rep.AsOf), Series: &s})
	}
	return nil
}

func anyDemo(ins []market.Instrument) bool {
	for _, i := range ins {
		if i.Demo {
			return true
		}
	}
	return false
}

// Panels from columnar reads. The flows engine's panels hold the symbols
// that have a row on one of the dates, in symbol order, which is what
// flows.NewMarginPanel and NewFlowPanel build from the row readers' sorted
// rows; the functions below build the same panels from one SeriesMatrix
// read (no row is boxed into a struct), and also return how many rows lie
// in [dates[0], dates[last]], placed or not, as len(rows) did. A nil
// symbol list means every stored symbol, which only the row readers can
// enumerate.

var (
	marginFields = []market.SeriesField{market.FieldFinBalance, market.FieldFinBuy, market.FieldFinRepay}
	flowFields   = []market.SeriesField{market.FieldMainNet, market.FieldSuperNet, market.FieldLargeNet}
)

// readMarginPanel reads the margin panel of syms on dates.
func readMarginPanel(ctx context.Context, d Data, syms []market.Symbol, dates []time.Time) (*flows.MarginPanel, int, error) {
	if syms == nil {
		rows, err := d.Margin(ctx, nil, dates[0], dates[len(dates)-1])
		p, _ := flows.NewMarginPanel(dates, rows)
		return p, len(rows), err
	}
	sp, err := d.SeriesMatrix(ctx, market.DatasetMargin, marginFields, sortedSymbols(syms), dates)
	if err != nil {
		return nil, 0, err
	}
	cols, n := observed(sp, nil)
	return &flows.MarginPanel{Dates: dates, Symbols: pickSymbols(sp, cols), FinBalance: pickColumns(sp, 0, cols),
		FinBuy: pickColumns(sp, 1, cols), FinRepay: pickColumns(sp, 2, cols)}, n, nil
}

// readFlowPanel reads the main-force flow panel of syms on dates.
func readFlowPanel(ctx context.Context, d Data, syms []market.Symbol, dates []time.Time) (*flows.FlowPanel, int, error) {
	if syms == nil {
		rows, err := d.Flows(ctx, nil, dates[0], dates[len(dates)-1])
		p, _ := flows.NewFlowPanel(dates, rows)
		return p, len(rows), err
	}
	sp, err := d.SeriesMatrix(ctx, market.DatasetFlows, flowFields, sortedSymbols(syms), dates)
	if err != nil {
		return nil, 0, err
	}
	p, n := flowPanel(sp, dates, nil)
	return p, n, nil
}

// flowPanel is the flow panel of the symbols of sp (a read of flowFields)
// that keep accepts (nil = all).
func flowPanel(sp *market.SeriesPanel, dates []time.Time, keep func(market.Symbol) bool) (*flows.FlowPanel, int) {
	cols, n := observed(sp, keep)
	return &flows.FlowPanel{Dates: dates, Symbols: pickSymbols(sp, cols), MainNet: pickColumns(sp, 0, cols),
		SuperNet: pickColumns(sp, 1, cols), LargeNet: pickColumns(sp, 2, cols)}, n
}

// observed returns the columns of sp with a row on one of its dates whose
// symbol keep accepts (nil = all), and the rows of those symbols in the
// date range, placed or not.
func observed(sp *market.SeriesPanel, keep func(market.Symbol) bool) (cols []int, rows int) {
	for j, s := range sp.Symbols {
		if keep != nil && !keep(s) {
			continue
		}
		rows += sp.Rows[j] + sp.Dropped[j]
		if sp.Rows[j] > 0 {
			cols = append(cols, j)
		}
	}
	return cols, rows
}

func pickSymbols(sp *market.SeriesPanel, cols []int) []market.Symbol {
	var out []market.Symbol
	for _, j := range cols {
		out = append(out, sp.Symbols[j])
	}
	return out
}

// pickColumns returns field f's columns cols (nil when there are none, as
// the row-built panels have).
func pickColumns(sp *market.SeriesPanel, f int, cols []int) [][]float64 {
	var out [][]float64
	for _, j := range cols {
		out = append(out, sp.Values[f].Values[j])
	}
	return out
}

// sortedSymbols returns syms sorted and without repeats: the order in which
// the row readers return their rows.
func sortedSymbols(syms []market.Symbol) []market.Symbol {
	out := slices.Clone(syms)
	slices.Sort(out)
	return slices.Compact(out)
}
