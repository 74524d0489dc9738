package analog

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

var nan = math.NaN()

func weeks(n int) []time.Time {
	out := make([]time.Time, n)
	d := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC) // a Friday
	for i := range out {
		out[i] = d.AddDate(0, 0, 7*i)
	}
	return out
}

func approx(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestStateKey(t *testing.T) {
	s := State{"quadrant": "Leading", "flow": "+", "crowding": ""}
	if k, ok := s.Key([]string{"quadrant", "flow"}); !ok || k != "flow=+|quadrant=Leading" {
		t.Errorf("key = %q %v", k, ok)
	}
	if _, ok := s.Key([]string{"crowding"}); ok {
		t.Error("an empty label matched")
	}
	if _, ok := s.Key([]string{"momentum"}); ok {
		t.Error("an absent dimension matched")
	}
	if _, ok := State(nil).Key(nil); ok {
		t.Error("a nil state matched")
	}
}

func TestForwardExcess(t *testing.T) {
	sec := []float64{100, 110, nan, 121, 130}
	bench := []float64{10, 10.5, 11, 11, 12}
	got := ForwardExcess(sec, bench, 1)
	want := []float64{0.1 - 0.05, nan, nan, 130.0/121 - 1 - (12.0/11 - 1), nan}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || !math.IsNaN(want[i]) && !approx(got[i], want[i], 1e-12) {
			t.Errorf("fwd[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	got = ForwardExcess(sec, bench, 3)
	if !approx(got[0], 0.21-0.1, 1e-12) || !math.IsNaN(got[2]) || !math.IsNaN(got[4]) {
		t.Errorf("fwd3 = %v", got)
	}
}

// planted builds two sectors in which state "hot" is always followed by a
// +2% excess return over 4 weeks, and every other week by noise.
//
//	A: hot at weeks 0–4, 10 and 59 (the current week)  → episodes 0, 4, 10
//	B: hot at weeks 20 and 22                          → episode 20
func planted() []History {
	r := rand.New(rand.NewPCG(7, 7))
	mk := func(name string, hot ...int) History {
		h := History{Sector: name, Weeks: weeks(60), States: make([]State, 60), Forward: map[int][]float64{4: make([]float64, 60)}}
		for i := range h.States {
			h.States[i] = State{"quadrant": "Lagging", "flow": "-"}
			h.Forward[4][i] = r.NormFloat64() * 0.05
		}
		for _, i := range hot {
			h.States[i] = State{"quadrant": "Leading", "flow": "+"}
			h.Forward[4][i] = 0.02
		}
		for i := 56; i < 60; i++ {
			h.Forward[4][i] = nan // the last h weeks have no forward return
		}
		return h
	}
	return []History{mk("A", 0, 1, 2, 3, 4, 10, 59), mk("B", 20, 22)}
}

func TestBaseRatesPlanted(t *testing.T) {
	hist := planted()
	p := Params{Horizons: []int{4}, Seed: 3}
	r, err := BaseRates(hist, "A", weeks(60)[59], p)
	if err != nil {
		t.Fatal(err)
	}
	o := r.Outcomes[0]
	if r.Key != "flow=+|quadrant=Leading" || !r.Week.Equal(weeks(60)[59]) {
		t.Errorf("key %q week %v", r.Key, r.Week)
	}
	if o.Matches != 8 || o.N != 4 {
		t.Fatalf("matches %d N %d, want 8 and 4; episodes %+v", o.Matches, o.N, o.Episodes)
	}
	for _, v := range []float64{o.Mean, o.Median, o.Lo, o.Hi} {
		if !approx(v, 0.02, 1e-12) {
			t.Errorf("mean %v median %v interval [%v, %v], want all 0.02", o.Mean, o.Median, o.Lo, o.Hi)
		}
	}
	if o.HitRate != 1 || !o.SmallSample {
		t.Errorf("hit rate %v small %v", o.HitRate, o.SmallSample)
	}
	wantStarts := []int{0, 4, 10, 20}
	for k, e := range o.Episodes {
		if !e.Week.Equal(weeks(60)[wantStarts[k]]) || !e.End.Equal(weeks(60)[wantStarts[k]+4]) {
			t.Errorf("episode %d starts %v ends %v, want week %d", k, e.Week, e.End, wantStarts[k])
		}
	}

	p.SameSector = true
	r, _ = BaseRates(hist, "A", weeks(60)[59], p)
	if r.Outcomes[0].N != 3 {
		t.Errorf("same sector N = %d, want 3", r.Outcomes[0].N)
	}
}

func TestBaseRatesNoLookAhead(t *testing.T) {
	hist := planted()
	state := State{"quadrant": "Leading", "flow": "+"}
	// As of week 13 the episode starting in week 10 ends in week 14: excluded.
	r, err := Rates(hist, "", state, weeks(60)[13], Params{Horizons: []int{4}})
	if err != nil {
		t.Fatal(err)
	}
	if o := r.Outcomes[0]; o.N != 2 || o.Matches != 5 {
		t.Errorf("as of week 13: N %d matches %d, want 2 and 5", o.N, o.Matches)
	}
	// One week later it has ended and counts.
	r, _ = Rates(hist, "", state, weeks(60)[14], Params{Horizons: []int{4}})
	if o := r.Outcomes[0]; o.N != 3 || o.Matches != 6 {
		t.Errorf("as of week 14: N %d matches %d, want 3 and 6", o.N, o.Matches)
	}
	// Even a known forward return does not count before its window ends.
	hist[0].Forward[4][59] = 0.02
	r, _ = Rates(hist, "", state, weeks(60)[59].AddDate(0, 0, 6), Params{Horizons: []int{4}})
	if o := r.Outcomes[0]; o.N != 4 {
		t.Errorf("a window ending after the last week counted: N %d", o.N)
	}
}

func TestBaseRatesDimsAndErrors(t *testing.T) {
	hist := planted()
	r, err := Rates(hist, "", State{"quadrant": "Lagging", "flow": "+"}, weeks(60)[59], Params{Horizons: []int{4}, Dims: []string{"quadrant"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Key != "quadrant=Lagging" || len(r.State) != 1 || r.Outcomes[0].N < 20 || r.Outcomes[0].SmallSample {
		t.Errorf("quadrant only: key %q state %v N %d", r.Key, r.State, r.Outcomes[0].N)
	}
	if _, err := Rates(hist, "", State{"quadrant": "Leading"}, weeks(60)[59], Params{Dims: []string{"flow"}}); err == nil {
		t.Error("unknown matched dimension: no error")
	}
	if _, err := BaseRates(hist, "C", weeks(60)[59], Params{}); err == nil {
		t.Error("unknown sector: no error")
	}
	if _, err := BaseRates(hist, "A", weeks(60)[0].AddDate(0, 0, -1), Params{}); err == nil {
		t.Error("as-of before history: no error")
	}
	r, _ = Rates(hist, "", State{"quadrant": "Improving"}, weeks(60)[59], Params{Horizons: []int{4}})
	if o := r.Outcomes[0]; o.N != 0 || !math.IsNaN(o.Mean) || !math.IsNaN(o.Lo) || !o.SmallSample {
		t.Errorf("no match: %+v", o)
	}
}

func TestBootstrapDeterministicAndCalibrated(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	xs := make([]float64, 200)
	for i := range xs {
		xs[i] = r.NormFloat64()
	}
	lo1, hi1 := bootstrapMean(xs, 2000, 0.9, rand.New(rand.NewPCG(5, 4)))
	lo2, hi2 := bootstrapMean(xs, 2000, 0.9, rand.New(rand.NewPCG(5, 4)))
	if lo1 != lo2 || hi1 != hi2 {
		t.Errorf("same seed, different interval: [%v,%v] vs [%v,%v]", lo1, hi1, lo2, hi2)
	}
	m, sd := mean(xs), sampleSD(xs)
	want := 2 * 1.6449 * sd / math.Sqrt(200) // normal-theory width of the 90% interval
	if w := hi1 - lo1; math.Abs(w-want)/want > 0.15 || lo1 > m || hi1 < m {
		t.Errorf("interval [%v, %v] around %v: width %v, normal theory %v", lo1, hi1, m, w, want)
	}
	lo3, _ := bootstrapMean(xs, 2000, 0.9, rand.New(rand.NewPCG(6, 4)))
	if lo3 == lo1 {
		t.Error("a different seed gave the same interval")
	}
}

func TestQuantile(t *testing.T) {
	s := []float64{1, 2, 3, 4}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {0.5, 2.5}, {1, 4}, {0.05, 1.15}, {0.95, 3.85}} {
		if got := quantile(s, c.q); !approx(got, c.want, 1e-12) {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
}
