package flows

import (
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Method says how a flow value was derived.
type Method uint8

// Derivation methods.
const (
	MethodNone          Method = iota // no value (NaN)
	MethodNAV                         // ETF creation valued at the day's NAV
	MethodClose                       // ETF creation valued at the day's close (NAV missing)
	MethodBuyRepay                    // margin net purchase = FinBuy − FinRepay
	MethodBalanceChange               // margin net purchase = ΔFinBalance (buy/repay missing)
	MethodMainNet                     // main-force flow as published (MainNet)
	MethodSuperLarge                  // main-force flow = SuperNet + LargeNet (MainNet missing)
	MethodLevel                       // a level read as published (financing balance)
)

var methodNames = [...]string{"none", "nav", "close", "buy_repay", "balance_change", "main_net", "super_plus_large", "level"}

// String returns the method's name, e.g. "nav" or "balance_change".
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return fmt.Sprintf("method(%d)", m)
}

// MarshalText writes the method's name, so JSON maps keyed by Method read well.
func (m Method) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// ETFPanel is aligned daily data for a set of ETFs. Rows are trading days
// (ascending), columns are Symbols; Shares[j][i] is Symbols[j] on Dates[i].
// NAV and Close may be nil (all unknown); a missing value is NaN.
type ETFPanel struct {
	Dates   []time.Time
	Symbols []market.Symbol
	Shares  [][]float64 // units outstanding
	NAV     [][]float64 // NAV per unit
	Close   [][]float64 // closing price (fallback when NAV is NaN)
}

// MarginPanel is aligned daily margin data for stocks, laid out like
// [ETFPanel]. Any field may be nil when the source does not publish it.
type MarginPanel struct {
	Dates      []time.Time
	Symbols    []market.Symbol
	FinBalance [][]float64
	FinBuy     [][]float64
	FinRepay   [][]float64
}

// FlowPanel is aligned daily capital flows for stocks or boards, laid out
// like [ETFPanel]. SuperNet and LargeNet may be nil; they are only read when
// MainNet is NaN.
type FlowPanel struct {
	Dates    []time.Time
	Symbols  []market.Symbol
	MainNet  [][]float64
	SuperNet [][]float64
	LargeNet [][]float64
}

// Align places dated rows on a calendar: it returns one NaN-filled column
// per symbol (in first-seen order) and sets cells through put. Rows whose
// date is not in dates are counted in dropped, not placed.
func align[T any](dates []time.Time, rows []T, key func(T) (market.Symbol, time.Time), nFields int,
	put func(cols [][][]float64, j, i int, r T)) (symbols []market.Symbol, cols [][][]float64, dropped int) {
	row := dayIndex(dates)
	col := map[market.Symbol]int{}
	cols = make([][][]float64, nFields)
	for _, r := range rows {
		s, d := key(r)
		i, ok := row[dayKey(d)]
		if !ok {
			dropped++
			continue
		}
		j, ok := col[s]
		if !ok {
			j = len(symbols)
			col[s] = j
			symbols = append(symbols, s)
			for f := range cols {
				cols[f] = append(cols[f], nanSlice(len(dates)))
			}
		}
		put(cols, j, i, r)
	}
	return symbols, cols, dropped
}

func nanSlice(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.NaN()
	}
	return xs
}

// NewETFPanel aligns fund-share rows on dates (the trading calendar) and
// takes each ETF's close from closes (a date × symbol matrix such as
// BarMatrix returns; nil = no closes), matched by symbol and date. It also
// returns how many share rows fell outside dates.
func NewETFPanel(dates []time.Time, shares []market.FundShares, closes *market.Matrix) (*ETFPanel, int) {
	syms, cols, dropped := align(dates, shares,
		func(f market.FundShares) (market.Symbol, time.Time) { return f.Symbol, f.Date }, 2,
		func(c [][][]float64, j, i int, f market.FundShares) { c[0][j][i], c[1][j][i] = f.Shares, f.NAV })
	p := &ETFPanel{Dates: dates, Symbols: syms, Shares: cols[0], NAV: cols[1]}
	if closes != nil {
		p.Close = reindex(closes, dates, syms)
	}
	return p, dropped
}

// reindex picks symbols' columns from m onto dates (NaN where absent).
func reindex(m *market.Matrix, dates []time.Time, syms []market.Symbol) [][]float64 {
	row := dayIndex(m.Dates)
	col := make(map[market.Symbol]int, len(m.Symbols))
	for j, s := range m.Symbols {
		col[s] = j
	}
	out := make([][]float64, len(syms))
	for j, s := range syms {
		out[j] = nanSlice(len(dates))
		mj, ok := col[s]
		if !ok {
			continue
		}
		for i, d := range dates {
			if mi, ok := row[dayKey(d)]; ok {
				out[j][i] = m.Values[mj][mi]
			}
		}
	}
	return out
}

// NewMarginPanel aligns margin rows on dates; it also returns how many rows
// fell outside dates.
func NewMarginPanel(dates []time.Time, rows []market.Margin) (*MarginPanel, int) {
	syms, cols, dropped := align(dates, rows,
		func(m market.Margin) (market.Symbol, time.Time) { return m.Symbol, m.Date }, 3,
		func(c [][][]float64, j, i int, m market.Margin) {
			c[0][j][i], c[1][j][i], c[2][j][i] = m.FinBalance, m.FinBuy, m.FinRepay
		})
	return &MarginPanel{Dates: dates, Symbols: syms, FinBalance: cols[0], FinBuy: cols[1], FinRepay: cols[2]}, dropped
}

// NewFlowPanel aligns capital-flow rows on dates; it also returns how many
// rows fell outside dates.
func NewFlowPanel(dates []time.Time, rows []market.CapitalFlow) (*FlowPanel, int) {
	syms, cols, dropped := align(dates, rows,
		func(c market.CapitalFlow) (market.Symbol, time.Time) { return c.Symbol, c.Date }, 3,
		func(c [][][]float64, j, i int, f market.CapitalFlow) {
			c[0][j][i], c[1][j][i], c[2][j][i] = f.MainNet, f.SuperNet, f.LargeNet
		})
	return &FlowPanel{Dates: dates, Symbols: syms, MainNet: cols[0], SuperNet: cols[1], LargeNet: cols[2]}, dropped
}

// checkShape verifies that every non-nil field has one column per symbol
// and one value per date.
func checkShape(what string, dates []time.Time, syms []market.Symbol, fields map[string][][]float64) error {
	for i := 1; i < len(dates); i++ {
		if !dates[i].After(dates[i-1]) {
			return fmt.Errorf("%s: dates are not strictly ascending at row %d (%s)", what, i, market.FormatDate(dates[i]))
		}
	}
	for name, f := range fields {
		if f == nil {
			continue
		}
		if len(f) != len(syms) {
			return fmt.Errorf("%s: %s has %d columns for %d symbols", what, name, len(f), len(syms))
		}
		for j, c := range f {
			if len(c) != len(dates) {
				return fmt.Errorf("%s: %s of %s has %d rows for %d dates", what, name, syms[j], len(c), len(dates))
			}
		}
	}
	return nil
}

// at returns f[j][i], or NaN when the field is absent.
func at(f [][]float64, j, i int) float64 {
	if f == nil {
		return math.NaN()
	}
	return f[j][i]
}

// symbolIndex maps each symbol to its column.
func symbolIndex(syms []market.Symbol) map[market.Symbol]int {
	idx := make(map[market.Symbol]int, len(syms))
	for j, s := range syms {
		idx[s] = j
	}
	return idx
}

// dayKey identifies a calendar day independently of location and monotonic
// clock readings, so dates from different sources compare equal.
func dayKey(d time.Time) int64 { return market.DayOf(d).Unix() }

func dayIndex(dates []time.Time) map[int64]int {
	row := make(map[int64]int, len(dates))
	for i, d := range dates {
		row[dayKey(d)] = i
	}
	return row
}
