// Package series holds pure numeric kernels over []float64 market series:
// returns over trading-day windows, last-valid lookups and cross-sectional
// ranks. Missing observations are NaN and stay NaN: a missing input never
// becomes a silent zero. Nothing here does I/O, reads a clock or starts a
// goroutine.
package series

import (
	"math"
	"sort"
)

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

// Rank returns the descending rank of each value (1 = largest); NaN values
// get rank 0 and do not take a place. Ties share the better rank.
func Rank(xs []float64) []int {
	idx := make([]int, 0, len(xs))
	for i, v := range xs {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] > xs[idx[b]] })
	ranks := make([]int, len(xs))
	for k, i := range idx {
		if k > 0 && xs[i] == xs[idx[k-1]] {
			ranks[i] = ranks[idx[k-1]]
		} else {
			ranks[i] = k + 1
		}
	}
	return ranks
}
