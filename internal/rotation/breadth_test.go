package rotation

import (
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestBreadthHandComputed(t *testing.T) {
	dates := []time.Time{market.Day(2025, 3, 3), market.Day(2025, 3, 4), market.Day(2025, 3, 5),
		market.Day(2025, 3, 6), market.Day(2025, 3, 7), market.Day(2025, 3, 10)}
	m := market.NewMatrix(dates, []market.Symbol{"A", "B", "C", "D"})
	copy(m.Values[0], []float64{10, 11, 12, 11, 13, 14})
	copy(m.Values[1], []float64{20, 19, 18, 19, 20, 21})
	copy(m.Values[2], []float64{5, 5, nan, 6, 7, 6}) // C suspended on row 2
	copy(m.Values[3], []float64{1, 2, 3, 4, 5, 6})   // D is not a member
	bench := []float64{100, 101, 102, 103, 104, 105}
	members := []market.Membership{
		{Taxonomy: "t", Sector: "s", Symbol: "A", From: dates[1]},
		{Taxonomy: "t", Sector: "s", Symbol: "B", From: dates[0], To: dates[4]}, // leaves before row 4
		{Taxonomy: "t", Sector: "s", Symbol: "C", From: dates[0]},
		{Taxonomy: "t", Sector: "s", Symbol: "Z", From: dates[0]}, // no prices: skipped
	}
	p := BreadthParams{ShortMA: 2, LongMA: 3, RelDays: 2, HighDays: 3}
	got, err := Breadth(m, members, bench, dates[3], time.Time{}, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []BreadthPoint{
		{Date: dates[3], Members: 3, Traded: 3,
			AboveShortMA: 0.5, NShortMA: 2, AboveLongMA: 0.5, NLongMA: 2,
			Outperform: 1.0 / 3, NOutperform: 3, NewHigh: 0.5, NNewHigh: 2, Advancers: 1, Decliners: 1},
		{Date: dates[4], Members: 2, Traded: 2,
			AboveShortMA: 1, NShortMA: 2, AboveLongMA: 1, NLongMA: 1,
			Outperform: 1, NOutperform: 1, NewHigh: 1, NNewHigh: 1, Advancers: 2},
		{Date: dates[5], Members: 2, Traded: 2,
			AboveShortMA: 0.5, NShortMA: 2, AboveLongMA: 0.5, NLongMA: 2,
			Outperform: 0.5, NOutperform: 2, NewHigh: 0.5, NNewHigh: 2, Advancers: 1, Decliners: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d points, want %d", len(got), len(want))
	}
	for i := range want {
		if !breadthEqual(got[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	at, err := BreadthAt(m, members, bench, market.Day(2025, 3, 8), p) // a Saturday: Friday's row
	if err != nil || !breadthEqual(at, want[1]) {
		t.Errorf("BreadthAt = %+v, %v", at, err)
	}
	// Before A joins, on row 0: only B and C, nothing evaluable but membership.
	first, _ := BreadthAt(m, members, bench, dates[0], p)
	if first.Members != 2 || first.Traded != 2 || !math.IsNaN(first.AboveShortMA) || first.NShortMA != 0 {
		t.Errorf("row 0: %+v", first)
	}
	if _, err := Breadth(m, members, bench[:3], time.Time{}, time.Time{}, p); err == nil {
		t.Error("short benchmark accepted")
	}
	if _, err := BreadthAt(m, members, bench, market.Day(2025, 1, 1), p); err == nil {
		t.Error("as-of before the data accepted")
	}
}

func breadthEqual(a, b BreadthPoint) bool {
	f := func(x, y float64) bool { return same(x, y, 1e-12) }
	return a.Date.Equal(b.Date) && a.Members == b.Members && a.Traded == b.Traded &&
		f(a.AboveShortMA, b.AboveShortMA) && a.NShortMA == b.NShortMA &&
		f(a.AboveLongMA, b.AboveLongMA) && a.NLongMA == b.NLongMA &&
		f(a.Outperform, b.Outperform) && a.NOutperform == b.NOutperform &&
		f(a.NewHigh, b.NewHigh) && a.NNewHigh == b.NNewHigh &&
		a.Advancers == b.Advancers && a.Decliners == b.Decliners && a.Unchanged == b.Unchanged
}
