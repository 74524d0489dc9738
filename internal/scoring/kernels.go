package scoring

import (
	"fmt"
	"math"
	"sort"
)

// Point is one breakpoint of a Curve: reading X maps to score Y.
type Point struct{ X, Y float64 }

// Curve is a piecewise-linear mapping from a raw reading to a 0–100 score:
// linear between consecutive points, flat (clamped) beyond the first and
// last points. X must increase strictly.
type Curve []Point

// At maps reading x to a score; NaN in gives NaN out.
func (c Curve) At(x float64) float64 {
	if math.IsNaN(x) || len(c) == 0 {
		return math.NaN()
	}
	if x <= c[0].X {
		return c[0].Y
	}
	for i := 1; i < len(c); i++ {
		if x <= c[i].X {
			a, b := c[i-1], c[i]
			return a.Y + (b.Y-a.Y)*(x-a.X)/(b.X-a.X)
		}
	}
	return c[len(c)-1].Y
}

// Validate rejects curves with fewer than two points, non-increasing X,
// non-finite values or scores outside [0, 100].
func (c Curve) Validate() error {
	if len(c) < 2 {
		return fmt.Errorf("curve needs at least two points, has %d", len(c))
	}
	for i, p := range c {
		if !finite(p.X) || !finite(p.Y) || p.Y < 0 || p.Y > 100 {
			return fmt.Errorf("curve point %d (%g, %g): want finite x and 0 ≤ y ≤ 100", i, p.X, p.Y)
		}
		if i > 0 && p.X <= c[i-1].X {
			return fmt.Errorf("curve point %d: x %g does not increase", i, p.X)
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// meanOf is the mean of the finite values of xs and how many there were;
// NaN when there are none.
func meanOf(xs []float64) (float64, int) {
	s, n := 0.0, 0
	for _, x := range xs {
		if finite(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return s / float64(n), n
}

// sampleStd is the sample standard deviation (n−1) of the finite values of
// xs; NaN with fewer than two.
func sampleStd(xs []float64) float64 {
	m, n := meanOf(xs)
	if n < 2 {
		return math.NaN()
	}
	ss := 0.0
	for _, x := range xs {
		if finite(x) {
			ss += (x - m) * (x - m)
		}
	}
	return math.Sqrt(ss / float64(n-1))
}

// median of the finite values of xs; NaN when there are none.
func median(xs []float64) float64 {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if finite(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// percentiles gives each finite value its percentile among the finite
// values, 100·(r − 1)/(n − 1) where r is its ascending rank with ties
// averaged: the smallest gets 0, the largest 100, a single value 50.
// Non-finite values get NaN and take no place.
func percentiles(xs []float64) []float64 {
	out := make([]float64, len(xs))
	idx := make([]int, 0, len(xs))
	for i, x := range xs {
		out[i] = math.NaN()
		if finite(x) {
			idx = append(idx, i)
		}
	}
	n := len(idx)
	if n == 0 {
		return out
	}
	if n == 1 {
		out[idx[0]] = 50
		return out
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && xs[idx[hi]] == xs[idx[lo]] {
			hi++
		}
		// ranks lo+1 … hi share their average, (lo+1+hi)/2
		r := float64(lo+1+hi) / 2
		for k := lo; k < hi; k++ {
			out[idx[k]] = 100 * (r - 1) / float64(n-1)
		}
		lo = hi
	}
	return out
}

// weightedMean is Σ wᵢ·xᵢ / Σ wᵢ over the finite xᵢ with wᵢ > 0, and the
// share of the total positive weight those xᵢ carry (coverage). The mean is
// NaN when no value is finite.
func weightedMean(xs, ws []float64) (mean, coverage float64) {
	s, w, total := 0.0, 0.0, 0.0
	for i, x := range xs {
		if ws[i] <= 0 {
			continue
		}
		total += ws[i]
		if finite(x) {
			s += ws[i] * x
			w += ws[i]
		}
	}
	if w == 0 {
		return math.NaN(), 0
	}
	return s / w, w / total
}

// growth is cur/prev − 1, NaN when either is missing or prev ≤ 0 (growth
// from a zero or negative base is undefined).
func growth(cur, prev float64) float64 {
	if !finite(cur) || !finite(prev) || prev <= 0 {
		return math.NaN()
	}
	return cur/prev - 1
}
