package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// testSeriesMatrix checks SeriesMatrix on every per-day dataset: values on
// the requested days in the requested symbol order, NULL and missing rows
// as NaN told apart by Rows, rows on other days counted in Dropped, and
// invalid requests refused.
func testSeriesMatrix(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	n := nan
	d1, d2, d3, d4, d5, d8 := day(2024, 1, 1), day(2024, 1, 2), day(2024, 1, 3), day(2024, 1, 4), day(2024, 1, 5), day(2024, 1, 8)
	sh := market.MarketTotal("SH")
	type matrix = [][]float64
	tests := []struct {
		name    string
		dataset market.Dataset
		fields  []market.SeriesField
		symbols []market.Symbol
		days    []time.Time
		values  []matrix // per field: [symbol][day]
		rows    []int
		dropped []int
	}{
		{"margin: three fields, an unknown symbol, a market total", market.DatasetMargin,
			[]market.SeriesField{market.FieldFinBalance, market.FieldFinBuy, market.FieldSecBalance},
			[]market.Symbol{"NOPE.SH", sh, "600760.SH"}, []time.Time{d2, d3},
			[]matrix{{{n, n}, {8e11, n}, {1.2e9, n}}, {{n, n}, {4e10, n}, {1e8, n}}, {{n, n}, {5e9, n}, {n, n}}},
			[]int{0, 1, 1}, []int{0, 0, 0}},
		{"flows: NULL fields are NaN, the row still counts", market.DatasetFlows,
			[]market.SeriesField{market.FieldMainNet, market.FieldSuperNet, market.FieldSmallNet},
			[]market.Symbol{"BK0480.EM", "600760.SH"}, []time.Time{d2, d3, d4},
			[]matrix{{{n, 5e8, n}, {-3e7, n, n}}, {{n, n, n}, {-1e7, n, n}}, {{n, n, n}, {2e7, n, n}}},
			[]int{1, 1}, []int{0, 0}},
		{"valuation: a day skipped drops its row", market.DatasetValuation,
			[]market.SeriesField{market.FieldPETTM, market.FieldPB, market.FieldTotalMV},
			[]market.Symbol{"600760.SH"}, []time.Time{d1, d3},
			[]matrix{{{n, -3.5}}, {{n, n}}, {{n, 1.2e11}}},
			[]int{1}, []int{1}},
		{"shares", market.DatasetShares, []market.SeriesField{market.FieldNAV, market.FieldShares},
			[]market.Symbol{"512660.SH"}, []time.Time{d2, d3, d4},
			[]matrix{{{1.049, n, n}}, {{8.1e9, 8.3e9, n}}},
			[]int{2}, []int{0}},
		{"bars: adjusted close and amount, days outside the range are not read", market.DatasetBars,
			[]market.SeriesField{market.SeriesField(market.FieldAdjClose), market.SeriesField(market.FieldAmount)},
			[]market.Symbol{"600760.SH", "512660.SH", "801740.SI"}, []time.Time{d3, d4},
			[]matrix{{{83.6, n}, {n, 1.08}, {1510, n}}, {{8.3e7, n}, {n, 4.3e8}, {n, n}}},
			[]int{1, 1, 1}, []int{0, 0, 0}},
		{"bars: rows between the days on other days are dropped", market.DatasetBars,
			[]market.SeriesField{market.SeriesField(market.FieldClose)},
			[]market.Symbol{"600760.SH", "600760.SH"}, []time.Time{d2, d5, d8},
			[]matrix{{{40.5, 42, n}, {40.5, 42, n}}},
			[]int{2, 2}, []int{1, 1}},
		{"no days", market.DatasetMargin, []market.SeriesField{market.FieldFinBuy},
			[]market.Symbol{"600760.SH"}, nil, []matrix{{{}}}, []int{0}, []int{0}},
		{"no symbols", market.DatasetMargin, []market.SeriesField{market.FieldFinBuy},
			nil, []time.Time{d2}, []matrix{{}}, []int{}, []int{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := must(s.SeriesMatrix(ctx, tc.dataset, tc.fields, tc.symbols, tc.days)).ok(t)
			days := tc.days
			if days == nil {
				days = []time.Time{}
			}
			same(t, "dates", p.Dates, days)
			same(t, "symbols", len(p.Symbols), len(tc.symbols))
			same(t, "fields", p.Fields, tc.fields)
			same(t, "rows", p.Rows, tc.rows)
			same(t, "dropped", p.Dropped, tc.dropped)
			for f, want := range tc.values {
				m := p.Field(tc.fields[f])
				if m == nil {
					t.Fatalf("no matrix for %s", tc.fields[f])
				}
				same(t, string(tc.fields[f]), *m, market.Matrix{Dates: days, Symbols: p.Symbols, Values: want})
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		syms, days := []market.Symbol{"600760.SH"}, []time.Time{d2, d3}
		for _, bad := range []struct {
			dataset market.Dataset
			fields  []market.SeriesField
			days    []time.Time
		}{
			{market.DatasetFundamentals, []market.SeriesField{"value"}, days},
			{market.DatasetMembers, []market.SeriesField{"weight"}, days},
			{market.DatasetMargin, []market.SeriesField{"bogus"}, days},
			{market.DatasetValuation, []market.SeriesField{market.FieldFinBuy}, days},
			{market.DatasetBars, []market.SeriesField{market.FieldPETTM}, days},
			{market.DatasetMargin, nil, days},
			{market.DatasetMargin, []market.SeriesField{market.FieldFinBuy}, []time.Time{d3, d2}},
			{market.DatasetMargin, []market.SeriesField{market.FieldFinBuy}, []time.Time{d2, d2}},
		} {
			_, err := s.SeriesMatrix(ctx, bad.dataset, bad.fields, syms, bad.days)
			wantCode(t, err, sextant.EINVALID)
		}
	})
}

// testSeriesMatrixLarge checks SeriesMatrix against the row readers and
// BarMatrix on a store large enough to span many result chunks.
func testSeriesMatrixLarge(t *testing.T, s market.Store) {
	ctx := context.Background()
	bars := bigBars(7, 1500)
	var margin []market.Margin
	for i, b := range bars {
		if i%3 == 0 {
			continue
		}
		m := market.Margin{Symbol: b.Symbol, Date: b.Date, FinBalance: b.Close * 1e6, FinBuy: float64(i), FinRepay: nan, SecBalance: 1}
		if i%5 == 0 {
			m.FinRepay = float64(i) / 2
		}
		margin = append(margin, m)
	}
	write(t, s, "test", &market.Batch{Bars: bars, Margin: margin})
	syms := []market.Symbol{"S6.SZ", "S0.SZ", "NOPE.SZ", "S3.SZ"}
	var days []time.Time // every other calendar day after the first 100
	for i := 100; i < 1500; i += 2 {
		days = append(days, bars[i].Date)
	}
	bm := must(s.BarMatrix(ctx, syms, days[0], days[len(days)-1], market.FieldAdjClose)).ok(t)
	p := must(s.SeriesMatrix(ctx, market.DatasetBars, []market.SeriesField{market.SeriesField(market.FieldAdjClose)}, syms, days)).ok(t)
	row := map[time.Time]int{}
	for i, d := range bm.Dates {
		row[d] = i
	}
	for j := range syms {
		for i, d := range days {
			if got, want := p.Values[0].Values[j][i], bm.Values[j][row[d]]; got != want && !(got != got && want != want) {
				t.Fatalf("bars %s %s: %v, BarMatrix %v", syms[j], market.FormatDate(d), got, want)
			}
		}
	}
	same(t, "bar rows", p.Rows, []int{len(days), len(days), 0, len(days)})
	same(t, "bars dropped", p.Dropped, []int{len(days) - 1, len(days) - 1, 0, len(days) - 1})

	fields := []market.SeriesField{market.FieldFinRepay, market.FieldFinBuy, market.FieldFinBalance}
	p = must(s.SeriesMatrix(ctx, market.DatasetMargin, fields, syms, days)).ok(t)
	rows := must(s.Margin(ctx, syms, days[0], days[len(days)-1])).ok(t)
	col := map[market.Symbol]int{}
	for j, s := range syms {
		col[s] = j
	}
	placed, dropped := make([]int, len(syms)), make([]int, len(syms))
	want := [][]float64{}
	for range fields {
		want = append(want, make([]float64, len(syms)*len(days)))
	}
	for f := range want {
		for k := range want[f] {
			want[f][k] = nan
		}
	}
	day := map[time.Time]int{}
	for i, d := range days {
		day[d] = i
	}
	for _, r := range rows {
		j := col[r.Symbol]
		i, ok := day[r.Date]
		if !ok {
			dropped[j]++
			continue
		}
		placed[j]++
		want[0][j*len(days)+i], want[1][j*len(days)+i], want[2][j*len(days)+i] = r.FinRepay, r.FinBuy, r.FinBalance
	}
	same(t, "margin rows", p.Rows, placed)
	same(t, "margin dropped", p.Dropped, dropped)
	for f := range fields {
		for j := range syms {
			same(t, string(fields[f])+" "+string(syms[j]), p.Values[f].Values[j], want[f][j*len(days):(j+1)*len(days)])
		}
	}
}

// testSeriesMatrixMany requests thousands of symbols (a store may read
// those differently from a short list): in reverse order, with a repeat,
// an unknown symbol, symbols longer than 12 bytes, and stored symbols in
// between that were not requested.
func testSeriesMatrixMany(t *testing.T, s market.Store) {
	ctx := context.Background()
	d1, d2, d3, d4 := day(2024, 3, 1), day(2024, 3, 4), day(2024, 3, 5), day(2024, 3, 6)
	var bars []market.Bar
	var stored []market.Symbol
	for k := range 2400 {
		sym := market.Symbol(fmt.Sprintf("M%04d.SZ", k))
		if k%7 == 0 {
			sym = market.Symbol(fmt.Sprintf("LONG-SYMBOL-%04d.SZ", k))
		}
		stored = append(stored, sym)
		for i, d := range []time.Time{d1, d2, d3, d4} {
			if (k+i)%5 == 0 {
				continue // a missing day
			}
			c := float64(k) + float64(i)/10
			bars = append(bars, market.Bar{Symbol: sym, Date: d, Open: c, High: c, Low: c, Close: c, Volume: 1, Amount: c * 100, Turnover: nan, AdjFactor: 1})
		}
	}
	write(t, s, "test", &market.Batch{Bars: bars})
	var syms []market.Symbol
	for k := len(stored) - 1; k >= 0; k-- {
		if k%3 != 1 { // every third stored symbol is not requested
			syms = append(syms, stored[k])
		}
	}
	syms = append(syms, "NOPE.SZ", stored[10])
	days := []time.Time{d2, d4} // d3 lies between: its rows are dropped
	p := must(s.SeriesMatrix(ctx, market.DatasetBars, []market.SeriesField{market.SeriesField(market.FieldAmount), market.SeriesField(market.FieldClose)}, syms, days)).ok(t)
	same(t, "symbols", p.Symbols, syms)
	want := map[market.Symbol][]float64{}
	rows, dropped := map[market.Symbol]int{}, map[market.Symbol]int{}
	for _, b := range bars {
		if want[b.Symbol] == nil {
			want[b.Symbol] = []float64{nan, nan}
		}
		switch b.Date {
		case d2:
			want[b.Symbol][0] = b.Close
			rows[b.Symbol]++
		case d4:
			want[b.Symbol][1] = b.Close
			rows[b.Symbol]++
		case d3:
			dropped[b.Symbol]++
		}
	}
	for j, sym := range syms {
		w := want[sym]
		if w == nil {
			w = []float64{nan, nan}
		}
		same(t, "close of "+string(sym), p.Field(market.SeriesField(market.FieldClose)).Values[j], w)
		if got, want := p.Field(market.SeriesField(market.FieldAmount)).Values[j], []float64{w[0] * 100, w[1] * 100}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("amount of %s: %v, want %v", sym, got, want)
		}
		if p.Rows[j] != rows[sym] || p.Dropped[j] != dropped[sym] {
			t.Errorf("%s: %d rows, %d dropped, want %d and %d", sym, p.Rows[j], p.Dropped[j], rows[sym], dropped[sym])
		}
	}
}
