package rotation

import (
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestPerformance(t *testing.T) {
	// 30 weekday rows from 2023-12-25: the year turns at row 5 (2024-01-01).
	var dates []time.Time
	for d := market.Day(2023, 12, 25); len(dates) < 30; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, d)
		}
	}
	m := market.NewMatrix(dates, []market.Symbol{"B.SH", "X.SI", "Y.SI", "Z.SI"})
	for i := range dates {
		m.Values[0][i] = 100 * (1 + 0.01*float64(i)) // benchmark: linear
		m.Values[1][i] = 100 * math.Pow(1.02, float64(i))
		m.Values[2][i] = 200 - float64(i)
	}
	m.Values[2][29] = math.NaN() // Y suspended on the last day: carries 172 forward
	asOf := dates[29]
	tab, err := Performance(m, "B.SH", asOf, DefaultWindows)
	if err != nil {
		t.Fatal(err)
	}
	if !tab.AsOf.Equal(asOf) || len(tab.Rows) != 3 {
		t.Fatalf("asof %v rows %d", tab.AsOf, len(tab.Rows))
	}
	near := func(got, want float64) bool { return math.Abs(got-want) < 1e-12 }
	// 1w: rows 24 → 29.
	wantB := (1+0.29)/(1+0.24) - 1
	if !near(tab.BenchRet["1w"], wantB) {
		t.Errorf("bench 1w = %v, want %v", tab.BenchRet["1w"], wantB)
	}
	x, y, z := tab.Rows[0], tab.Rows[1], tab.Rows[2]
	if !near(x.Returns["1w"], math.Pow(1.02, 5)-1) || !near(x.Excess["1w"], math.Pow(1.02, 5)-1-wantB) {
		t.Errorf("X 1w = %v excess %v", x.Returns["1w"], x.Excess["1w"])
	}
	if !near(y.Returns["1w"], 172.0/176.0-1) {
		t.Errorf("Y 1w = %v, want %v (last close carried)", y.Returns["1w"], 172.0/176.0-1)
	}
	// YTD starts at the last 2023 row (row 4, 2023-12-29).
	if !near(x.Returns["ytd"], math.Pow(1.02, 25)-1) {
		t.Errorf("X ytd = %v", x.Returns["ytd"])
	}
	// 3m needs 63 rows: not available.
	if !math.IsNaN(x.Returns["3m"]) || x.Rank["3m"] != 0 {
		t.Errorf("X 3m = %v rank %d, want NaN/0", x.Returns["3m"], x.Rank["3m"])
	}
	if x.Rank["1w"] != 1 || y.Rank["1w"] != 2 || z.Rank["1w"] != 0 || !math.IsNaN(z.Returns["1w"]) {
		t.Errorf("ranks X=%d Y=%d Z=%d (Z=%v)", x.Rank["1w"], y.Rank["1w"], z.Rank["1w"], z.Returns["1w"])
	}
	if _, err := Performance(m, "NOPE.SH", asOf, DefaultWindows); err == nil {
		t.Error("missing benchmark accepted")
	}
	if _, err := Performance(m, "B.SH", market.Day(2020, 1, 1), DefaultWindows); err == nil {
		t.Error("as-of before the data accepted")
	}
}
