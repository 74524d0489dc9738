package rotation

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// TestBreadthRowsMatchesBreadth checks that BreadthRows gives, bit for bit,
// the whole-history Breadth points on the rows asked for: long enough for
// the moving averages' periodic exact recomputation, with suspensions,
// flat stretches, members joining and leaving (twice), a member without
// prices, a benchmark with a zero close, rows in any order and repeated.
func TestBreadthRowsMatchesBreadth(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	const nRows, nSyms = 1500, 40
	dates := make([]time.Time, nRows)
	for i := range dates {
		dates[i] = market.Day(2018, 1, 1).AddDate(0, 0, i)
	}
	syms := make([]market.Symbol, nSyms)
	for j := range syms {
		syms[j] = market.Symbol(fmt.Sprintf("S%02d", j))
	}
	m := market.NewMatrix(dates, syms)
	for j := range syms {
		x := 5 + 100*r.Float64()
		for i := range nRows {
			switch u := r.Float64(); {
			case u < 0.01: // a suspension of a few days
				for k := 0; k < 1+r.IntN(30) && i+k < nRows; k++ {
					m.Values[j][i+k] = nan
				}
			case u < 0.05: // flat
			default:
				x *= 1 + 0.03*r.NormFloat64()
			}
			if m.Values[j][i] == 0 {
				m.Values[j][i] = x
			}
		}
	}
	bench := make([]float64, nRows)
	b := 1000.0
	for i := range bench {
		b *= 1 + 0.01*r.NormFloat64()
		bench[i] = b
	}
	bench[700] = 0
	var members []market.Membership
	for j, s := range syms[:30] {
		from := dates[r.IntN(nRows/2)]
		ms := market.Membership{Taxonomy: "t", Sector: "s", Symbol: s, From: from}
		if j%3 == 0 {
			ms.To = from.AddDate(0, 0, 100+r.IntN(300))
			members = append(members, market.Membership{Taxonomy: "t", Sector: "s", Symbol: s, From: ms.To.AddDate(0, 0, 50)})
		}
		members = append(members, ms)
	}
	members = append(members, market.Membership{Taxonomy: "t", Sector: "s", Symbol: "NOPRICES", From: dates[0]})
	rows := []int{nRows - 1, 0, 1, 59, 60, 61, 700, 720, 700}
	for i := 3; i < nRows; i += 5 + r.IntN(20) {
		rows = append(rows, i)
	}
	for _, p := range []BreadthParams{DefaultBreadthParams(), {ShortMA: 5, LongMA: 10, RelDays: 3, HighDays: 7}} {
		all, err := Breadth(m, members, bench, time.Time{}, time.Time{}, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := BreadthRows(m, members, bench, rows, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(rows) {
			t.Fatalf("%d points for %d rows", len(got), len(rows))
		}
		for j, i := range rows {
			if g, w := fmt.Sprintf("%+v", got[j]), fmt.Sprintf("%+v", all[i]); g != w {
				t.Errorf("%+v row %d:\n got %s\nwant %s", p, i, g, w)
			}
		}
	}
	if _, err := BreadthRows(m, members, bench, []int{nRows}, DefaultBreadthParams()); err == nil {
		t.Error("row past the end accepted")
	}
	if _, err := BreadthRows(m, members, bench[:10], rows, DefaultBreadthParams()); err == nil {
		t.Error("short benchmark accepted")
	}
	if pts, err := BreadthRows(m, members, bench, nil, DefaultBreadthParams()); err != nil || len(pts) != 0 {
		t.Errorf("no rows: %v, %v", pts, err)
	}
}
