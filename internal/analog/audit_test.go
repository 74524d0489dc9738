package analog

import (
	"math"
	"testing"
	"time"
)

func TestRanksAndSpearman(t *testing.T) {
	got := ranks([]float64{3, 1, 3, 2})
	for i, w := range []float64{3.5, 1, 3.5, 2} {
		if got[i] != w {
			t.Errorf("ranks = %v", got)
		}
	}
	// ranks y = 1, 2, 3.5, 5, 3.5 → ρ = 8/√(10·9.5)
	if r := Spearman([]float64{1, 2, 3, 4, 5}, []float64{5, 6, 7, 8, 7}); !approx(r, 8/math.Sqrt(95), 1e-12) {
		t.Errorf("spearman = %v", r)
	}
	// NaN pairs are dropped, not zeroed: the remaining pairs are perfectly anti-ranked
	if r := Spearman([]float64{1, nan, 3, 4}, []float64{9, 0, 5, nan}); !approx(r, -1, 1e-12) {
		t.Errorf("spearman with NaN = %v", r)
	}
	if r := Spearman([]float64{1, 1, 1}, []float64{1, 2, 3}); !math.IsNaN(r) {
		t.Errorf("constant side = %v, want NaN", r)
	}
}

func TestBuckets(t *testing.T) {
	score := []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
	fwd := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	// Q = 3 on 10 names: 3 / 4 / 3
	top, bottom := bucketMeans(ranks(score), fwd, 3)
	if top != 2 || bottom != 9 {
		t.Errorf("terciles: top %v bottom %v, want 2 and 9", top, bottom)
	}
	// Q = min(10, 4) = 4 on 4 names: one name each
	top, bottom = bucketMeans(ranks([]float64{4, 3, 2, 1}), []float64{0.4, 0.3, 0.2, 0.1}, 10)
	if top != 0.4 || bottom != 0.1 {
		t.Errorf("few names: top %v bottom %v", top, bottom)
	}
	// all scores tied: no top or bottom bucket
	top, _ = bucketMeans(ranks([]float64{1, 1, 1, 1}), []float64{1, 2, 3, 4}, 10)
	if !math.IsNaN(top) {
		t.Errorf("tied scores: top %v, want NaN", top)
	}
}

func TestSignalAudit(t *testing.T) {
	d := func(i int) time.Time { return time.Date(2020, time.Month(i), 1, 0, 0, 0, 0, time.UTC) }
	up := []float64{1, 2, 3, 4}
	down := []float64{4, 3, 2, 1}
	xs := []CrossSection{
		{Date: d(1), Score: up, Forward: []float64{0.01, 0.02, 0.03, 0.04}},    // IC 1, spread 0.03
		{Date: d(2), Score: up, Forward: []float64{0.01, 0.02, 0.03, 0.05}},    // IC 1, spread 0.04
		{Date: d(3), Score: down, Forward: []float64{0.01, 0.02, 0.03, 0.04}},  // IC −1, spread −0.03
		{Date: d(4), Score: []float64{1, 2, nan}, Forward: []float64{1, 2, 3}}, // 2 pairs < MinPairs
	}
	a, err := SignalAudit(xs, AuditParams{})
	if err != nil {
		t.Fatal(err)
	}
	if a.N != 3 || !approx(a.MeanIC, 1.0/3, 1e-12) || !approx(a.SDIC, math.Sqrt(4.0/3), 1e-12) || !approx(a.TStat, 0.5, 1e-12) || !approx(a.HitRate, 2.0/3, 1e-12) {
		t.Errorf("IC stats: %+v", a)
	}
	if a.SpreadN != 3 || !approx(a.MeanSpread, 0.04/3, 1e-12) {
		t.Errorf("spread stats: n %d mean %v", a.SpreadN, a.MeanSpread)
	}
	if len(a.Dates) != 4 || a.Dates[3].N != 2 || !math.IsNaN(a.Dates[3].IC) || !a.To.Equal(d(4)) || a.Params.Buckets != 10 {
		t.Errorf("dates: %+v", a.Dates)
	}
	if _, err := SignalAudit([]CrossSection{{Score: up, Forward: up[:2]}}, AuditParams{}); err == nil {
		t.Error("ragged cross-section: no error")
	}
}
