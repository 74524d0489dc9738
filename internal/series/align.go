package series

import (
	"math"
	"time"
)

// Align places the observations (srcDates[k], src[k]) on the target dates:
// out[i] is the value observed on dates[i], NaN when the source has no
// observation that day (a holiday at its venue, a suspension, before
// listing). Both date slices must be ascending; source dates not in the
// target are dropped. O(len(src) + len(dates)).
func Align(srcDates []time.Time, src []float64, dates []time.Time) []float64 {
	out := make([]float64, len(dates))
	k := 0
	for i, d := range dates {
		for k < len(srcDates) && srcDates[k].Before(d) {
			k++
		}
		if k < len(srcDates) && srcDates[k].Equal(d) {
			out[i] = src[k]
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// UnionDates merges ascending date lists into one ascending list without
// duplicates: the rows of a matrix holding all of them.
func UnionDates(lists ...[]time.Time) []time.Time {
	var out []time.Time
	pos := make([]int, len(lists))
	for {
		var next time.Time
		found := false
		for j, l := range lists {
			if pos[j] < len(l) && (!found || l[pos[j]].Before(next)) {
				next, found = l[pos[j]], true
			}
		}
		if !found {
			return out
		}
		out = append(out, next)
		for j, l := range lists {
			for pos[j] < len(l) && l[pos[j]].Equal(next) {
				pos[j]++
			}
		}
	}
}

// FillForward replaces a NaN by the last valid value before it, for at most
// limit consecutive rows (limit < 0: no limit; limit 0: no filling).
// Leading NaNs (before the first observation) stay NaN, as do gaps longer
// than limit beyond their first limit rows. Use it to let a suspended stock
// keep its last close for a bounded time; never to invent a first value.
func FillForward(xs []float64, limit int) []float64 {
	out := make([]float64, len(xs))
	last, gap := math.NaN(), 0
	for i, x := range xs {
		if !math.IsNaN(x) {
			out[i], last, gap = x, x, 0
			continue
		}
		gap++
		if !math.IsNaN(last) && (limit < 0 || gap <= limit) {
			out[i] = last
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// Valid counts the non-NaN values of xs.
func Valid(xs []float64) int {
	n := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
		}
	}
	return n
}
