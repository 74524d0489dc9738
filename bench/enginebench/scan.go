package main

import (
	"fmt"
	"runtime"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// HistoryWindows are the trading-day horizons of the per-date performance
// history (the SQL peer has no YTD).
var HistoryWindows = []int{5, 21, 63, 126, 252}

// task is one independent piece of the full scan.
type task struct {
	name string
	run  func() error
}

// scanTasks lists the full scan of one sector set as of the last row:
//
//   - performance (all DefaultWindows, excess, ranks) of every stock;
//   - the rotation board of the sectors: their performance table and weekly
//     relative rotation (RS-Ratio, RS-Momentum, tails, transitions);
//   - breadth of every sector as of the last day and its daily series over
//     the last year;
//   - flows: sector margin net purchases and balances, sector main-force
//     flows, ETF creations and their sector sums, each with 5/20-day sums
//     and trailing-year z-scores.
//
// breadthChunk splits the one-year breadth series into tasks of that many
// sectors (0: one task).
func scanTasks(m *Market, set *SectorSet, breadthChunk int) []task {
	asOf := m.Dates[len(m.Dates)-1]
	from := asOf.AddDate(-1, 0, 0)
	bp, fp := rotation.DefaultBreadthParams(), flows.DefaultParams()
	ts := []task{
		{"flows: margin", func() error { _, _, err := flows.SectorMargin(m.Margin, set.All, fp); return err }},
		{"flows: main-force", func() error { _, err := flows.SectorMainFlows(m.Flow, set.All, fp); return err }},
		{"flows: ETF creations", func() error {
			f, err := flows.ETFCreations(m.ETF, fp)
			if err == nil {
				flows.SectorCreations(f, m.ETFAssign)
			}
			return err
		}},
		{"performance: stocks", func() error {
			_, err := rotation.Performance(m.StocksB, m.Benchmark, asOf, rotation.DefaultWindows)
			return err
		}},
		{"rotation board: sectors", func() error {
			_, err := rotation.Board(set.Indices, nil, m.Benchmark, asOf, rotation.DefaultRotationParams(), rotation.DefaultWindows)
			return err
		}},
		{"breadth: as of", func() error { _, err := rotation.BreadthEach(m.Stocks, set.Members, m.Bench, asOf, bp); return err }},
	}
	n := len(set.Members)
	if breadthChunk <= 0 {
		breadthChunk = n
	}
	for lo := 0; lo < n; lo += breadthChunk {
		hi := min(n, lo+breadthChunk)
		ts = append(ts, task{fmt.Sprintf("breadth: 1y series %d–%d", lo, hi), func() error {
			for _, ms := range set.Members[lo:hi] {
				if _, err := rotation.Breadth(m.Stocks, ms, m.Bench, from, asOf, bp); err != nil {
					return err
				}
			}
			return nil
		}})
	}
	return ts
}

// Scan runs the full scan on one goroutine.
func Scan(m *Market, set *SectorSet) error {
	for _, t := range scanTasks(m, set, 0) {
		if err := t.run(); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}

// ScanParallel runs the same tasks on at most workers goroutines
// (errgroup with a limit; the breadth series are split into chunks so the
// two halves balance).
func ScanParallel(m *Market, set *SectorSet, workers int) error {
	var g errgroup.Group
	g.SetLimit(workers)
	for _, t := range scanTasks(m, set, 16) {
		g.Go(func() error {
			if err := t.run(); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			return nil
		})
	}
	return g.Wait()
}

// PartTimes times each task of the scan on its own, best of runs (for
// "where the time goes").
func PartTimes(m *Market, set *SectorSet, runs int) (map[string]time.Duration, []string, error) {
	out := map[string]time.Duration{}
	var order []string
	for _, t := range scanTasks(m, set, 0) {
		for range runs {
			runtime.GC()
			start := time.Now()
			if err := t.run(); err != nil {
				return nil, nil, err
			}
			if d, ok := out[t.name]; !ok || time.Since(start) < d {
				out[t.name] = time.Since(start)
			}
		}
		order = append(order, t.name)
	}
	return out, order, nil
}

// AsOfPerformance is the "performance and ranks" part alone, on the
// windows the SQL peer computes: returns over 5/21/63/126/252 trading days
// of every stock as of the last day and their ranks.
func AsOfPerformance(m *Market) (*rotation.PerfTable, error) {
	var ws []rotation.Window
	for _, d := range HistoryWindows {
		ws = append(ws, rotation.Window{Name: fmt.Sprint(d), Days: d})
	}
	return rotation.Performance(m.StocksB, m.Benchmark, m.Dates[len(m.Dates)-1], ws)
}

// History is the performance history: for each window, every stock's
// return on every date (Returns[w][stock][row]) and its descending rank
// among the stocks that date (Ranks[w][row][stock], 1 = best, 0 = none).
type History struct {
	Returns [][][]float64
	Ranks   [][][]int
}

// PerfHistory computes the per-date performance history with the series
// kernels: each stock's closes are carried forward over suspensions
// (series.FillForward, no limit: the last valid close at or before a row,
// as in rotation.Performance), returns are series.ReturnOver the carried
// closes and ranks are series.Rank of each date's cross-section. workers
// > 1 splits the windows' work across goroutines (errgroup).
func PerfHistory(m *market.Matrix, windows []int, workers int) *History {
	nS, nD := len(m.Symbols), len(m.Dates)
	h := &History{Returns: make([][][]float64, len(windows)), Ranks: make([][][]int, len(windows))}
	filled := make([][]float64, nS)
	var g errgroup.Group
	g.SetLimit(max(workers, 1))
	const chunk = 256
	for lo := 0; lo < nS; lo += chunk {
		g.Go(func() error {
			for j := lo; j < min(nS, lo+chunk); j++ {
				filled[j] = series.FillForward(m.Values[j], -1)
			}
			return nil
		})
	}
	_ = g.Wait()
	for w := range windows {
		h.Returns[w] = make([][]float64, nS)
		h.Ranks[w] = make([][]int, nD)
	}
	for w, n := range windows {
		for lo := 0; lo < nS; lo += chunk {
			g.Go(func() error {
				for j := lo; j < min(nS, lo+chunk); j++ {
					h.Returns[w][j] = series.ReturnOver(filled[j], n)
				}
				return nil
			})
		}
	}
	_ = g.Wait()
	for w := range windows {
		for lo := 0; lo < nD; lo += chunk {
			g.Go(func() error {
				row := make([]float64, nS)
				for i := lo; i < min(nD, lo+chunk); i++ {
					for j := range nS {
						row[j] = h.Returns[w][j][i]
					}
					h.Ranks[w][i] = series.Rank(row)
				}
				return nil
			})
		}
	}
	_ = g.Wait()
	return h
}
