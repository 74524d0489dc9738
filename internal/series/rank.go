package series

import (
	"cmp"
	"math"
	"slices"
)

// Rank returns the descending rank of each value (1 = largest); NaN values
// get rank 0 and do not take a place. Ties share the better rank and the
// next distinct value skips the places they took ("min" ranking: values
// 3, 1, 1 rank 1, 2, 2; values 5, 5, 1 rank 1, 1, 3).
func Rank(xs []float64) []int {
	idx := validOrder(xs)
	ranks := make([]int, len(xs))
	// idx is ascending; walk it from the largest value.
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		place := len(idx) - k
		if k < len(idx)-1 && xs[i] == xs[idx[k+1]] {
			ranks[i] = ranks[idx[k+1]]
		} else {
			ranks[i] = place
		}
	}
	return ranks
}

// Percentile is the cross-sectional percentile of each value among the
// valid values: the average ascending rank of its tie group divided by the
// number of valid values, in (0, 1] (the largest value gets 1; with ties,
// 1, 2, 2, 3 → 0.25, 0.625, 0.625, 1). NaN stays NaN. This is pandas'
// rank(method="average", pct=True).
func Percentile(xs []float64) []float64 {
	idx := validOrder(xs)
	out := make([]float64, len(xs))
	for i := range out {
		out[i] = math.NaN()
	}
	n := float64(len(idx))
	for k := 0; k < len(idx); {
		e := k
		for e+1 < len(idx) && xs[idx[e+1]] == xs[idx[k]] {
			e++
		}
		avg := float64(k+e+2) / 2 // ranks k+1 … e+1
		for q := k; q <= e; q++ {
			out[idx[q]] = avg / n
		}
		k = e + 1
	}
	return out
}

// validOrder returns the indices of the non-NaN values sorted ascending by
// value (stable, so equal values keep their input order).
func validOrder(xs []float64) []int {
	// Sorting (value, position) pairs by value then position is stable by
	// construction and avoids sort.SliceStable's indirect comparisons.
	type pair struct {
		v float64
		i int
	}
	ps := make([]pair, 0, len(xs))
	for i, v := range xs {
		if !math.IsNaN(v) {
			ps = append(ps, pair{v, i})
		}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	idx := make([]int, len(ps))
	for k, p := range ps {
		idx[k] = p.i
	}
	return idx
}

// PercentileInWindow is the percentile of xs[end] within its own trailing
// history xs[end−n+1 … end] (the current value included): the share of the
// valid values in the window that are ≤ xs[end], in (0, 1] — 1 means a new
// high of the window, 1/k the lowest of k values. Missing values in the
// window are skipped; the result is NaN when xs[end] is NaN or fewer than
// minValid values of the window are valid. A window that starts before
// row 0 is cut at row 0.
func PercentileInWindow(xs []float64, end, n, minValid int) float64 {
	if end < 0 || end >= len(xs) || math.IsNaN(xs[end]) || n <= 0 {
		return math.NaN()
	}
	x := xs[end]
	var valid, le int
	for i := max(0, end-n+1); i <= end; i++ {
		v := xs[i]
		if math.IsNaN(v) {
			continue
		}
		valid++
		if v <= x {
			le++
		}
	}
	if valid < max(minValid, 1) {
		return math.NaN()
	}
	return float64(le) / float64(valid)
}

// RollingPercentile is PercentileInWindow at every row. O(len(xs)·n).
func RollingPercentile(xs []float64, n, minValid int) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		out[i] = PercentileInWindow(xs, i, n, minValid)
	}
	return out
}

// CompareDesc orders larger values first and NaN last, for sorting rows
// by a figure that may be missing.
func CompareDesc(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	}
	return cmp.Compare(b, a)
}
