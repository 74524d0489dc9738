// Package series holds pure numeric kernels over []float64 market series:
// simple and log returns, O(n) rolling mean and sample standard deviation,
// EMA, z-scores, cross-sectional ranks and percentiles, percentiles within a
// trailing history, weekly resampling on the trading calendar, alignment of
// series with missing days and forward-fill with a limit.
//
// Conventions shared by every kernel:
//
//   - A missing observation is NaN and stays NaN: a missing input never
//     becomes a silent zero. Kernels that need a full window return NaN when
//     any value in the window is NaN ("strict windows"); callers that want a
//     suspended instrument to keep its last price fill it explicitly with
//     FillForward first.
//   - Rolling windows are trailing: the value at row i uses rows i−n+1 … i,
//     the current row included, and never a later row.
//   - Outputs have the length of the input; rows without a result are NaN.
//
// Nothing here does I/O, reads a clock or starts a goroutine. The formulas
// are written down in docs/methodology.md.
package series

import "math"

// LastValid returns the largest index i ≤ upto with a non-NaN xs[i], or -1.
func LastValid(xs []float64, upto int) int {
	if upto >= len(xs) {
		upto = len(xs) - 1
	}
	for i := upto; i >= 0; i-- {
		if !math.IsNaN(xs[i]) {
			return i
		}
	}
	return -1
}

// ReturnBetween is the simple return from row start to row end of a price
// series, using the last valid price at or before each row (a suspended
// instrument keeps its last close). It is NaN when either price is missing,
// not positive, or start < 0.
func ReturnBetween(xs []float64, start, end int) float64 {
	if start < 0 || end < start {
		return math.NaN()
	}
	i, j := LastValid(xs, start), LastValid(xs, end)
	if i < 0 || j < 0 || xs[i] <= 0 {
		return math.NaN()
	}
	return xs[j]/xs[i] - 1
}

// Returns is the one-row simple return r[i] = x[i]/x[i−1] − 1. r[0] is NaN,
// and so is r[i] when x[i] or x[i−1] is NaN or x[i−1] ≤ 0: a day next to a
// gap has no return unless the caller fills the gap first.
func Returns(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		if i == 0 || !(xs[i-1] > 0) || math.IsNaN(xs[i]) {
			out[i] = math.NaN()
			continue
		}
		out[i] = xs[i]/xs[i-1] - 1
	}
	return out
}

// LogReturns is r[i] = ln(x[i]/x[i−1]), NaN where either price is missing or
// not positive, and at row 0.
func LogReturns(xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		if i == 0 || !(xs[i-1] > 0) || !(xs[i] > 0) {
			out[i] = math.NaN()
			continue
		}
		out[i] = math.Log(xs[i] / xs[i-1])
	}
	return out
}

// ReturnOver is the n-row simple return r[i] = x[i]/x[i−n] − 1 with strict
// NaN handling (NaN when either end is missing or x[i−n] ≤ 0, and for
// i < n).
func ReturnOver(xs []float64, n int) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		if n <= 0 || i < n || !(xs[i-n] > 0) || math.IsNaN(xs[i]) {
			out[i] = math.NaN()
			continue
		}
		out[i] = xs[i]/xs[i-n] - 1
	}
	return out
}
