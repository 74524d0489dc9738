package scoring

import (
	"math"
	"testing"

	"github.com/sextant-ai/sextant/internal/series"
)

var nan = math.NaN()

func near(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func TestCurveAt(t *testing.T) {
	c := Curve{{-2, 10}, {0, 50}, {1.5, 80}, {2.5, 80}, {4, 30}}
	for _, tc := range []struct{ x, want float64 }{
		{-5, 10}, {-2, 10}, {-1, 30}, {0, 50}, {0.75, 65}, {1.5, 80}, {2, 80},
		{3, 80 - 50.0/3}, {4, 30}, {9, 30}, {nan, nan},
	} {
		if got := c.At(tc.x); !near(got, tc.want) {
			t.Errorf("At(%g) = %g, want %g", tc.x, got, tc.want)
		}
	}
	if got := (Curve{}).At(1); !math.IsNaN(got) {
		t.Errorf("empty curve At = %g, want NaN", got)
	}
}

func TestCurveValidate(t *testing.T) {
	for name, c := range map[string]Curve{
		"one point":      {{0, 1}},
		"x not rising":   {{0, 1}, {0, 2}},
		"y above 100":    {{0, 1}, {1, 101}},
		"y negative":     {{0, -1}, {1, 1}},
		"x not a number": {{nan, 1}, {1, 1}},
	} {
		if c.Validate() == nil {
			t.Errorf("%s: Validate accepted %v", name, c)
		}
	}
	if err := (Curve{{0, 0}, {1, 100}}).Validate(); err != nil {
		t.Errorf("valid curve rejected: %v", err)
	}
}

func TestPercentiles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		xs, want []float64
	}{
		{"ties averaged, NaN kept", []float64{3, 1, nan, 3, 2}, []float64{100 * 2.5 / 3, 0, nan, 100 * 2.5 / 3, 100.0 / 3}},
		{"single", []float64{nan, 7}, []float64{nan, 50}},
		{"all NaN", []float64{nan, nan}, []float64{nan, nan}},
		{"all equal", []float64{2, 2, 2}, []float64{50, 50, 50}},
		{"infinity is missing", []float64{math.Inf(1), 1, 2}, []float64{nan, 0, 100}},
	} {
		got := percentiles(tc.xs)
		for i := range got {
			if !near(got[i], tc.want[i]) {
				t.Errorf("%s: percentiles = %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestMomentsAndMedian(t *testing.T) {
	xs := []float64{2, 4, nan, 4, 4, 5, 5, 7, 9}
	if m, n := meanOf(xs); m != 5 || n != 8 {
		t.Errorf("meanOf = %g, %d; want 5, 8", m, n)
	}
	// Σ(x−5)² = 9+1+1+1+0+0+4+16 = 32; sample variance 32/7
	if got := sampleStd(xs); !near(got, math.Sqrt(32.0/7)) {
		t.Errorf("sampleStd = %g", got)
	}
	if got := median(xs); got != 4.5 {
		t.Errorf("median = %g, want 4.5", got)
	}
	if got := median([]float64{3, nan, 1, 2}); got != 2 {
		t.Errorf("odd median = %g, want 2", got)
	}
	if !math.IsNaN(sampleStd([]float64{1, nan})) || !math.IsNaN(median(nil)) {
		t.Error("short inputs must give NaN")
	}
	if m, cov := weightedMean([]float64{10, nan, 40}, []float64{1, 1, 2}); m != 30 || cov != 0.75 {
		t.Errorf("weightedMean = %g, %g; want 30, 0.75", m, cov)
	}
	if g := growth(120, 100); !near(g, 0.2) {
		t.Errorf("growth = %g", g)
	}
	for _, prev := range []float64{0, -5, nan} {
		if !math.IsNaN(growth(1, prev)) {
			t.Errorf("growth from %g must be NaN", prev)
		}
	}
}

func TestCmpDesc(t *testing.T) {
	for _, tc := range []struct {
		a, b float64
		want int
	}{{2, 1, -1}, {1, 2, 1}, {1, 1, 0}, {nan, 1, 1}, {1, nan, -1}, {nan, nan, 0}} {
		if got := series.CompareDesc(tc.a, tc.b); got != tc.want {
			t.Errorf("series.CompareDesc(%g, %g) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
