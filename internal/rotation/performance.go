// Package rotation computes where sectors stand against a benchmark and each
// other:
//
//   - Performance: returns over 5/21/63/126/252 trading days and
//     year-to-date, excess over the benchmark, cross-sectional rank
//     (PerfTable);
//   - Rotation: relative rotation — RS-Ratio, RS-Momentum, quadrant,
//     heading, distance, tails and quadrant transitions (RotationTable);
//     Board joins both into the rows of `sextant rotation`;
//   - Breadth: shares of point-in-time members above their moving averages,
//     outperforming the benchmark, at new highs; advancers and decliners
//     (BreadthPoint);
//   - Crowding and valuation: a sector's share of market turnover and PE,
//     each as a percentile of its own trailing history;
//   - Style: growth vs value and large vs small relative strength, rotation
//     position and regime (StyleReading), from index pairs or from baskets
//     built with BasketIndex.
//
// It is a pure engine: aligned matrices and slices in, values out; no I/O,
// clock or goroutine. Every result carries its as-of date, symbols and
// parameters so that it can become a fact with provenance. Formulas and
// conventions are written down in docs/methodology.md.
package rotation

import (
	"fmt"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// Window is a return horizon: Days trading days back, or year-to-date when
// Days is 0.
type Window struct {
	Name string
	Days int
}

// DefaultWindows are 1W/1M/3M/6M/1Y (5/21/63/126/252 trading days) and YTD.
var DefaultWindows = []Window{{"1w", 5}, {"1m", 21}, {"3m", 63}, {"6m", 126}, {"1y", 252}, {"ytd", 0}}

// PerfRow is one instrument's performance: simple returns per window, excess
// over the benchmark (return − benchmark return over the same dates) and
// descending rank among the rows (1 = best, 0 = no data).
type PerfRow struct {
	Symbol  market.Symbol
	Returns map[string]float64
	Excess  map[string]float64
	Rank    map[string]int
}

// PerfTable is the performance of a set of instruments against a benchmark
// as of a date.
type PerfTable struct {
	AsOf      time.Time // the last row of the matrix on or before the requested date
	Benchmark market.Symbol
	BenchRet  map[string]float64
	Windows   []Window
	Rows      []PerfRow
}

// Performance computes the performance table from a matrix of adjusted
// closes whose rows are trading days. The benchmark must be a column of m;
// the other columns become rows. Window starts are counted in matrix rows
// (trading days) back from the as-of row; YTD starts at the last row of the
// previous calendar year. Prices are the last valid close at or before each
// boundary row, so a suspension does not erase a return.
func Performance(m *market.Matrix, benchmark market.Symbol, asOf time.Time, windows []Window) (*PerfTable, error) {
	end := lastRowOnOrBefore(m.Dates, asOf)
	if end < 0 {
		return nil, fmt.Errorf("no trading day on or before %s", market.FormatDate(asOf))
	}
	bench, ok := m.Column(benchmark)
	if !ok {
		return nil, fmt.Errorf("benchmark %s is not in the matrix", benchmark)
	}
	t := &PerfTable{AsOf: m.Dates[end], Benchmark: benchmark, BenchRet: map[string]float64{}, Windows: windows}
	var cols [][]float64
	for j, s := range m.Symbols {
		if s == benchmark {
			continue
		}
		cols = append(cols, m.Values[j])
		t.Rows = append(t.Rows, PerfRow{Symbol: s, Returns: map[string]float64{}, Excess: map[string]float64{}, Rank: map[string]int{}})
	}
	for _, w := range windows {
		start := startRow(m.Dates, end, w)
		b := series.ReturnBetween(bench, start, end)
		t.BenchRet[w.Name] = b
		rets := make([]float64, len(t.Rows))
		for i := range t.Rows {
			r := series.ReturnBetween(cols[i], start, end)
			rets[i] = r
			t.Rows[i].Returns[w.Name] = r
			t.Rows[i].Excess[w.Name] = r - b
		}
		for i, rk := range series.Rank(rets) {
			t.Rows[i].Rank[w.Name] = rk
		}
	}
	return t, nil
}

// startRow is the row a window starts at: end − Days, or for YTD the last
// row of the previous year (-1 if the matrix starts inside the year).
func startRow(dates []time.Time, end int, w Window) int {
	if w.Days > 0 {
		return end - w.Days
	}
	y := dates[end].Year()
	for i := end; i >= 0; i-- {
		if dates[i].Year() < y {
			return i
		}
	}
	return -1
}

// lastRowOnOrBefore is the last row dated on or before d (zero d: the last
// row), -1 if none.
func lastRowOnOrBefore(dates []time.Time, d time.Time) int { return series.RowOnOrBefore(dates, d) }
