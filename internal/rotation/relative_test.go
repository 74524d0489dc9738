package rotation

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

var nan = math.NaN()

func same(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol
}

func readRecords(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func TestRatioMomentumHandComputed(t *testing.T) {
	var p, b, wantR, wantM []float64
	for _, rec := range readRecords(t, "testdata/ratio_momentum.csv") {
		var v [4]float64
		for k := range v {
			v[k], _ = strconv.ParseFloat(rec[k], 64)
		}
		p, b, wantR, wantM = append(p, v[0]), append(b, v[1]), append(wantR, v[2]), append(wantM, v[3])
	}
	ratio, mom := RatioMomentum(p, b, 3)
	for i := range p {
		if !same(ratio[i], wantR[i], 1e-9) || !same(mom[i], wantM[i], 1e-9) {
			t.Errorf("row %d: ratio %v momentum %v, want %v %v", i, ratio[i], mom[i], wantR[i], wantM[i])
		}
	}
	// A missing benchmark price voids RS and every window that holds it.
	b[6] = nan
	ratio, mom = RatioMomentum(p, b, 3)
	for _, i := range []int{6, 7, 8} {
		if !math.IsNaN(ratio[i]) {
			t.Errorf("row %d: ratio %v with a gap in its window", i, ratio[i])
		}
	}
	if !same(ratio[9], wantR[9], 1e-9) { // window 7…9 is whole again
		t.Errorf("row 9: ratio %v, want %v", ratio[9], wantR[9])
	}
	if !math.IsNaN(mom[11]) {
		t.Errorf("momentum at row 11 needs three ROCs after the gap, got %v", mom[11])
	}
}

func TestQuadrantOf(t *testing.T) {
	tests := []struct {
		r, m float64
		want Quadrant
	}{
		{101, 101, Leading}, {101, 99, Weakening}, {99, 99, Lagging}, {99, 101, Improving},
		{100, 100, Leading}, {100, 99.9, Weakening}, {99.9, 100, Improving},
		{nan, 101, None}, {101, nan, None},
	}
	for _, tt := range tests {
		if got := QuadrantOf(tt.r, tt.m); got != tt.want {
			t.Errorf("QuadrantOf(%v, %v) = %q, want %q", tt.r, tt.m, got, tt.want)
		}
	}
}

func TestHeading(t *testing.T) {
	pt := func(r, m float64) RotationPoint { return RotationPoint{RSRatio: r, RSMomentum: m} }
	tests := []struct {
		a, b RotationPoint
		want float64
	}{
		{pt(100, 100), pt(101, 100), 0},
		{pt(100, 100), pt(101, 101), 45},
		{pt(100, 100), pt(100, 102), 90},
		{pt(101, 100), pt(100, 100), 180},
		{pt(100, 100), pt(100, 99), 270},
		{pt(100, 100), pt(101, 99), 315},
		{pt(100, 100), pt(100, 100), nan},
	}
	for _, tt := range tests {
		if got := Heading(tt.a, tt.b); !same(got, tt.want, 1e-12) {
			t.Errorf("Heading(%v → %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNewRotationRow(t *testing.T) {
	d := func(i int) time.Time { return market.Day(2025, 1, 3).AddDate(0, 0, 7*i) }
	dates := []time.Time{d(0), d(1), d(2), d(3), d(4), d(5)}
	ratio := []float64{nan, 99, 101, 102, nan, 101}
	mom := []float64{nan, 101, 102, 99, 98, 97}
	r := NewRotationRow("X.SI", dates, ratio, mom, 4)
	if r.Quadrant != Weakening || r.RSRatio != 101 || r.RSMomentum != 97 {
		t.Errorf("now = %v %v %q", r.RSRatio, r.RSMomentum, r.Quadrant)
	}
	if !same(r.Distance, math.Hypot(1, 3), 1e-12) {
		t.Errorf("distance %v", r.Distance)
	}
	// Tail: the last 4 samples d(2) … d(5), the NaN sample d(4) dropped.
	if len(r.Tail) != 3 || !r.Tail[0].Date.Equal(d(2)) || !r.Tail[2].Date.Equal(d(5)) {
		t.Fatalf("tail %+v", r.Tail)
	}
	if want := math.Hypot(1, 3) + math.Hypot(1, 2); !same(r.TailLength, want, 1e-12) {
		t.Errorf("tail length %v, want %v", r.TailLength, want)
	}
	// Last segment (102, 99) → (101, 97): atan2(−2, −1).
	if want := 180 + math.Atan(2)*180/math.Pi; !same(r.HeadingDeg, want, 1e-9) {
		t.Errorf("heading %v, want %v", r.HeadingDeg, want)
	}
	want := []Transition{{d(2), Improving, Leading}, {d(3), Leading, Weakening}}
	if len(r.Transitions) != len(want) {
		t.Fatalf("transitions %+v", r.Transitions)
	}
	for i := range want {
		if r.Transitions[i] != want[i] {
			t.Errorf("transition %d = %+v, want %+v", i, r.Transitions[i], want[i])
		}
	}
	if len(r.History) != 6 || r.History[4].Quadrant != None {
		t.Errorf("history %+v", r.History)
	}
	empty := NewRotationRow("Y.SI", dates, []float64{nan, nan, nan, nan, nan, nan}, mom, 4)
	if empty.Quadrant != None || !math.IsNaN(empty.HeadingDeg) || empty.Tail != nil || !math.IsNaN(empty.TailLength) {
		t.Errorf("no data: %+v", empty)
	}
}

// dailyMatrix is a weekday calendar of n days from 2020-01-06 with a
// benchmark and three symbols following deterministic wiggles.
func dailyMatrix(n int) *market.Matrix {
	var dates []time.Time
	for d := market.Day(2020, 1, 6); len(dates) < n; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, d)
		}
	}
	m := market.NewMatrix(dates, []market.Symbol{"A.SI", "BENCH.SH", "B.SI", "C.SI"})
	for i := range dates {
		x := float64(i)
		m.Values[0][i] = 100 * math.Exp(0.0004*x+0.05*math.Sin(x/37))
		m.Values[1][i] = 100 * math.Exp(0.0003*x+0.02*math.Sin(x/23))
		m.Values[2][i] = 100 * math.Exp(0.0002*x-0.04*math.Cos(x/29))
		m.Values[3][i] = 100 * math.Exp(0.03*math.Sin(x/11))
	}
	return m
}

func TestRotationNoLookahead(t *testing.T) {
	m := dailyMatrix(600)
	asOf := market.Day(2021, 6, 16) // a Wednesday: the as-of week is cut there
	p := DefaultRotationParams()
	got, err := Rotation(m, "BENCH.SH", asOf, p)
	if err != nil {
		t.Fatal(err)
	}
	if !got.AsOf.Equal(asOf) || !got.Dates[len(got.Dates)-1].Equal(asOf) || got.Dates[len(got.Dates)-2].Weekday() != time.Friday {
		t.Fatalf("as-of %v, last samples %v", got.AsOf, got.Dates[len(got.Dates)-3:])
	}
	if len(got.Rows) != 3 || got.Rows[0].Symbol != "A.SI" || got.Rows[1].Symbol != "B.SI" {
		t.Fatalf("rows %d", len(got.Rows))
	}
	// Scramble everything after the as-of date: nothing may change.
	end := 0
	for i, d := range m.Dates {
		if !d.After(asOf) {
			end = i
		}
	}
	for j := range m.Values {
		for i := end + 1; i < len(m.Dates); i++ {
			m.Values[j][i] *= 1.5 + float64(j)
		}
	}
	again, _ := Rotation(m, "BENCH.SH", asOf, p)
	for k, r := range got.Rows {
		a := again.Rows[k]
		if r.RSRatio != a.RSRatio || r.RSMomentum != a.RSMomentum || r.HeadingDeg != a.HeadingDeg || len(r.Transitions) != len(a.Transitions) {
			t.Errorf("%s changed with data after the as-of date", r.Symbol)
		}
		if r.Quadrant == None || len(r.Tail) != p.Tail || math.IsNaN(r.HeadingDeg) {
			t.Errorf("%s: quadrant %q tail %d heading %v", r.Symbol, r.Quadrant, len(r.Tail), r.HeadingDeg)
		}
		// The first RS-Momentum is at sample 2N−1 (0-based): N RS values for
		// the first ratio, then N ROCs, each needing two ratios.
		for i, pt := range r.History {
			if (i < 2*p.Window-1) != (pt.Quadrant == None) {
				t.Errorf("%s sample %d: quadrant %q", r.Symbol, i, pt.Quadrant)
				break
			}
		}
	}
	daily, err := Rotation(m, "BENCH.SH", asOf, RotationParams{Freq: Daily, Window: 14, Tail: 5})
	if err != nil || len(daily.Dates) != end+1 || len(daily.Rows[0].Tail) != 5 {
		t.Fatalf("daily: %v, %d samples", err, len(daily.Dates))
	}
	for _, bad := range []RotationParams{{Freq: "monthly", Window: 14, Tail: 8}, {Freq: Weekly, Window: 1, Tail: 8}, {Freq: Weekly, Window: 14}} {
		if _, err := Rotation(m, "BENCH.SH", asOf, bad); err == nil {
			t.Errorf("params %+v accepted", bad)
		}
	}
	if _, err := Rotation(m, "NOPE", asOf, p); err == nil {
		t.Error("missing benchmark accepted")
	}
}

func TestBoard(t *testing.T) {
	m := dailyMatrix(400)
	names := map[market.Symbol]string{"A.SI": "Alpha"}
	b, err := Board(m, names, "BENCH.SH", time.Time{}, DefaultRotationParams(), DefaultWindows)
	if err != nil {
		t.Fatal(err)
	}
	rot, _ := Rotation(m, "BENCH.SH", time.Time{}, DefaultRotationParams())
	perf, _ := Performance(m, "BENCH.SH", time.Time{}, DefaultWindows)
	if len(b.Rows) != 3 || b.Rows[0].Name != "Alpha" || b.Rows[1].Name != "" || !b.AsOf.Equal(m.Dates[399]) {
		t.Fatalf("board %+v", b)
	}
	for i, r := range b.Rows {
		if r.Symbol != rot.Rows[i].Symbol || r.RSRatio != rot.Rows[i].RSRatio || r.Returns["1m"] != perf.Rows[i].Returns["1m"] ||
			r.Excess["ytd"] != perf.Rows[i].Excess["ytd"] || r.Rank1M != perf.Rows[i].Rank["1m"] || r.Rank1M == 0 {
			t.Errorf("row %d does not join rotation and performance: %+v", i, r)
		}
	}
}
