package series

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

var nan = math.NaN()

// same reports whether got and want agree to tol, NaN matching NaN.
func same(got, want, tol float64) bool {
	if math.IsNaN(got) || math.IsNaN(want) {
		return math.IsNaN(got) && math.IsNaN(want)
	}
	return math.Abs(got-want) <= tol
}

func checkSlice(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !same(got[i], want[i], 1e-12) {
			t.Errorf("%s[%d] = %v, want %v (all: %v)", name, i, got[i], want[i], got)
		}
	}
}

func TestReturnBetween(t *testing.T) {
	xs := []float64{100, nan, 110, 121, nan}
	tests := []struct {
		start, end int
		want       float64
	}{
		{0, 2, 0.10},
		{0, 3, 0.21},
		{1, 3, 0.21}, // start falls back to the last valid price (100)
		{2, 4, 0.10}, // end carries 121 forward
		{-1, 3, nan}, // window before the data
		{3, 2, nan},  // reversed
	}
	for _, tt := range tests {
		if got := ReturnBetween(xs, tt.start, tt.end); !same(got, tt.want, 1e-12) {
			t.Errorf("ReturnBetween(%d,%d) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
	if got := ReturnBetween([]float64{nan, nan, 5}, 0, 2); !math.IsNaN(got) {
		t.Errorf("no start price: got %v, want NaN", got)
	}
}

func TestReturns(t *testing.T) {
	xs := []float64{100, 110, nan, 121, 0, 5}
	checkSlice(t, "Returns", Returns(xs), []float64{nan, 0.1, nan, nan, -1, nan})
	checkSlice(t, "LogReturns", LogReturns(xs), []float64{nan, math.Log(1.1), nan, nan, nan, nan})
	checkSlice(t, "ReturnOver", ReturnOver([]float64{100, 110, 121, 133.1, nan, 150}, 2),
		[]float64{nan, nan, 0.21, 0.21, nan, 150/133.1 - 1})
	checkSlice(t, "Returns(short)", Returns([]float64{7}), []float64{nan})
}

func TestRolling(t *testing.T) {
	tests := []struct {
		name     string
		xs       []float64
		n        int
		mean, sd []float64
	}{
		{"n=4", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 4,
			[]float64{nan, nan, nan, 3.5, 4.25, 4.5, 5.25, 6.5},
			[]float64{nan, nan, nan, 1, 0.5, math.Sqrt(1.0 / 3), math.Sqrt(4.75 / 3), math.Sqrt(11.0 / 3)}},
		{"n=8 sample sd", []float64{2, 4, 4, 4, 5, 5, 7, 9}, 8,
			[]float64{nan, nan, nan, nan, nan, nan, nan, 5},
			[]float64{nan, nan, nan, nan, nan, nan, nan, math.Sqrt(32.0 / 7)}},
		// A NaN (suspension) voids every window that holds it: results
		// resume n valid rows later.
		{"gap", []float64{1, 2, 3, 4, nan, 6, 7, 8}, 3,
			[]float64{nan, nan, 2, 3, nan, nan, nan, 7},
			[]float64{nan, nan, 1, 1, nan, nan, nan, 1}},
		{"short history", []float64{1, 2}, 3, []float64{nan, nan}, []float64{nan, nan}},
		{"constant", []float64{5, 5, 5}, 2, []float64{nan, 5, 5}, []float64{nan, 0, 0}},
		{"n=1", []float64{3, nan, 4}, 1, []float64{3, nan, 4}, []float64{nan, nan, nan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkSlice(t, "RollingMean", RollingMean(tt.xs, tt.n), tt.mean)
			checkSlice(t, "RollingStd", RollingStd(tt.xs, tt.n), tt.sd)
			m, s := RollingMeanStd(tt.xs, tt.n)
			checkSlice(t, "RollingMeanStd.mean", m, tt.mean)
			checkSlice(t, "RollingMeanStd.sd", s, tt.sd)
			want := make([]float64, len(tt.mean))
			for i := range want {
				want[i] = tt.mean[i] * float64(tt.n)
			}
			checkSlice(t, "RollingSum", RollingSum(tt.xs, tt.n), want)
		})
	}
}

// TestRollingLongRun checks the O(n) update against the two-pass formula on
// a long series with a large offset (where naive sums of squares lose
// precision) and scattered gaps.
func TestRollingLongRun(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 20000)
	for i := range xs {
		xs[i] = 1e6 + r.NormFloat64()
		if r.IntN(500) == 0 {
			xs[i] = nan
		}
	}
	const n = 14
	mean, sd := RollingMeanStd(xs, n)
	for i := n - 1; i < len(xs); i++ {
		w := xs[i-n+1 : i+1]
		if Valid(w) < n {
			if !math.IsNaN(mean[i]) {
				t.Fatalf("row %d: window with NaN gave %v", i, mean[i])
			}
			continue
		}
		mu, m2 := exact(w, 0)
		if !same(mean[i], mu, 1e-9) || !same(sd[i], math.Sqrt(m2/(n-1)), 1e-9) {
			t.Fatalf("row %d: mean %v sd %v, want %v %v", i, mean[i], sd[i], mu, math.Sqrt(m2/(n-1)))
		}
	}
}

func TestZScore(t *testing.T) {
	checkSlice(t, "ZScore", ZScore([]float64{1, 2, 3, 4, 4, 4}, 3), []float64{nan, nan, 1, 1, (1.0 / 3) / math.Sqrt(1.0/3), nan})
	tests := []struct {
		xs   []float64
		n    int
		want float64
	}{
		{[]float64{5, 1, 2, 9}, 3, 5 / math.Sqrt(19)}, // window 1,2,9: mean 4, sd √19
		{[]float64{1, 2}, 3, nan},                     // short history
		{[]float64{1, nan, 2, 3}, 3, nan},             // gap in the window
		{[]float64{2, 2, 2}, 3, nan},                  // sd 0
	}
	for _, tt := range tests {
		if got := ZScoreLast(tt.xs, tt.n); !same(got, tt.want, 1e-12) {
			t.Errorf("ZScoreLast(%v, %d) = %v, want %v", tt.xs, tt.n, got, tt.want)
		}
	}
}

func TestEMA(t *testing.T) {
	// α = 0.5; seed = mean(1,2,3) = 2; then 3, 4.
	checkSlice(t, "EMA", EMA([]float64{1, 2, 3, 4, 5}, 3), []float64{nan, nan, 2, 3, 4})
	// The NaN row has no value; the average continues from 2: 2 + 0.5·(5−2).
	checkSlice(t, "EMA gap", EMA([]float64{1, 2, 3, nan, 5}, 3), []float64{nan, nan, 2, nan, 3.5})
	// A leading NaN does not count towards the seed.
	checkSlice(t, "EMA lead", EMA([]float64{nan, 1, 2, 3}, 3), []float64{nan, nan, nan, 2})
}

func TestRollingMax(t *testing.T) {
	checkSlice(t, "RollingMax", RollingMax([]float64{1, 3, 2, 5, nan, 4, 6, 1, 2}, 3),
		[]float64{nan, nan, 3, 5, nan, nan, nan, 6, 6})
	checkSlice(t, "RollingMax ties", RollingMax([]float64{2, 2, 2, 1}, 2), []float64{nan, 2, 2, 2})
}

func TestRank(t *testing.T) {
	got := Rank([]float64{0.1, nan, 0.3, 0.1, -0.2})
	if want := []int{2, 0, 1, 2, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("Rank = %v, want %v", got, want)
	}
	if got, want := Rank([]float64{5, 5, 1}), []int{1, 1, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("Rank ties = %v, want %v", got, want)
	}
	if got := Rank([]float64{nan, nan}); !reflect.DeepEqual(got, []int{0, 0}) {
		t.Errorf("Rank all NaN = %v", got)
	}
}

func TestPercentile(t *testing.T) {
	checkSlice(t, "Percentile", Percentile([]float64{2, 1, nan, 3, 2}), []float64{0.625, 0.25, nan, 1, 0.625})
	checkSlice(t, "Percentile one", Percentile([]float64{nan, 7}), []float64{nan, 1})
	xs := []float64{5, 1, nan, 3, 4}
	tests := []struct {
		end, n, min int
		want        float64
	}{
		{4, 4, 3, 1},       // 1, NaN, 3, 4: 4 is the high of 3 valid values
		{3, 4, 3, 2.0 / 3}, // 5, 1, NaN, 3: 1 and 3 are ≤ 3
		{3, 4, 4, nan},     // only 3 valid values
		{1, 10, 1, 0.5},    // window cut at row 0: 5, 1
		{2, 3, 1, nan},     // the value itself is missing
	}
	for _, tt := range tests {
		if got := PercentileInWindow(xs, tt.end, tt.n, tt.min); !same(got, tt.want, 1e-12) {
			t.Errorf("PercentileInWindow(end %d, n %d, min %d) = %v, want %v", tt.end, tt.n, tt.min, got, tt.want)
		}
	}
	checkSlice(t, "RollingPercentile", RollingPercentile(xs, 2, 2), []float64{nan, 0.5, nan, nan, 1})
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func readCSV(t *testing.T, path string) [][]string {
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

func TestWeekly(t *testing.T) {
	var dates []time.Time
	var closes []float64
	for _, rec := range readCSV(t, "testdata/weekly.csv") {
		v, _ := strconv.ParseFloat(rec[1], 64)
		dates, closes = append(dates, day(rec[0])), append(closes, v)
	}
	type point struct {
		date  string
		close float64
	}
	want := map[string][]point{}
	var order []string
	for _, rec := range readCSV(t, "testdata/weekly_expected.csv") {
		v, _ := strconv.ParseFloat(rec[2], 64)
		if _, ok := want[rec[0]]; !ok {
			order = append(order, rec[0])
		}
		want[rec[0]] = append(want[rec[0]], point{rec[1], v})
	}
	for _, asOf := range order {
		ends := WeekEnds(dates, day(asOf))
		got := Resample(closes, ends)
		gotDates := Pick(dates, ends)
		var parts []string
		for k := range ends {
			parts = append(parts, gotDates[k].Format("2006-01-02")+"="+strconv.FormatFloat(got[k], 'f', 2, 64))
		}
		if len(ends) != len(want[asOf]) {
			t.Errorf("asof %s: weeks %v, want %v", asOf, parts, want[asOf])
			continue
		}
		for k, p := range want[asOf] {
			if gotDates[k].Format("2006-01-02") != p.date || !same(got[k], p.close, 1e-12) {
				t.Errorf("asof %s week %d: got %s, want %s=%v", asOf, k, parts[k], p.date, p.close)
			}
		}
	}
	if got := WeekEnds(dates, day("2024-01-01")); len(got) != 0 {
		t.Errorf("as-of before the data: %v", got)
	}
	if got := WeekEnds(dates, time.Time{}); len(got) != 5 {
		t.Errorf("zero as-of: %d weeks, want 5", len(got))
	}
}

func TestAlign(t *testing.T) {
	dates := []time.Time{day("2025-01-02"), day("2025-01-03"), day("2025-01-06"), day("2025-01-07")}
	// The source trades on a day the target does not know (01-04) and misses 01-03.
	src := []time.Time{day("2025-01-02"), day("2025-01-04"), day("2025-01-06"), day("2025-01-07")}
	checkSlice(t, "Align", Align(src, []float64{1, 2, 3, 4}, dates), []float64{1, nan, 3, 4})
	u := UnionDates(dates[:2], src, nil)
	var s []string
	for _, d := range u {
		s = append(s, d.Format("01-02"))
	}
	if got := strings.Join(s, ","); got != "01-02,01-03,01-04,01-06,01-07" {
		t.Errorf("UnionDates = %s", got)
	}
}

func TestFillForward(t *testing.T) {
	xs := []float64{nan, 1, nan, nan, nan, 2, nan}
	checkSlice(t, "limit 2", FillForward(xs, 2), []float64{nan, 1, 1, 1, nan, 2, 2})
	checkSlice(t, "no limit", FillForward(xs, -1), []float64{nan, 1, 1, 1, 1, 2, 2})
	checkSlice(t, "limit 0", FillForward(xs, 0), xs)
	if Valid(xs) != 2 {
		t.Errorf("Valid = %d", Valid(xs))
	}
}
