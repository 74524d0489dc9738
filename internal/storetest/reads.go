package storetest

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func testInstrumentFilter(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	tests := []struct {
		name string
		f    market.InstrumentFilter
		want []market.Symbol
	}{
		{"all", market.InstrumentFilter{}, []market.Symbol{"002013.SZ", "512660.SH", "600760.SH", "801740.SI", "DEMO1.SH"}},
		{"stocks", market.InstrumentFilter{Kinds: []market.Kind{market.KindStock}}, []market.Symbol{"002013.SZ", "600760.SH", "DEMO1.SH"}},
		{"stocks and ETFs on SH", market.InstrumentFilter{Kinds: []market.Kind{market.KindStock, market.KindETF}, Venue: "SH"},
			[]market.Symbol{"512660.SH", "600760.SH", "DEMO1.SH"}},
		{"venue SI", market.InstrumentFilter{Venue: "SI"}, []market.Symbol{"801740.SI"}},
		{"symbols", market.InstrumentFilter{Symbols: []market.Symbol{"801740.SI", "NOPE.SH", "002013.SZ"}}, []market.Symbol{"002013.SZ", "801740.SI"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []market.Symbol
			for _, in := range must(s.Instruments(ctx, tc.f)).ok(t) {
				got = append(got, in.Symbol)
			}
			same(t, "symbols", got, tc.want)
		})
	}
}

func testSeriesFilters(t *testing.T, s market.Store) {
	ctx := context.Background()
	b := fixture()
	write(t, s, "test", b)
	same(t, "bars from", must(s.Bars(ctx, "600760.SH", day(2024, 1, 3), zero)).ok(t), b.Bars[1:3])
	same(t, "bars to", must(s.Bars(ctx, "600760.SH", zero, day(2024, 1, 3))).ok(t), b.Bars[0:2])
	same(t, "bars unknown", len(must(s.Bars(ctx, "NOPE.SH", zero, zero)).ok(t)), 0)
	same(t, "trading days", must(s.TradingDays(ctx, "600760.SH", day(2024, 1, 3), day(2024, 12, 31))).ok(t),
		[]time.Time{day(2024, 1, 3), day(2024, 1, 5)})
	same(t, "shares window", must(s.FundShares(ctx, []market.Symbol{"512660.SH"}, day(2024, 1, 3), day(2024, 1, 3))).ok(t), b.Shares[1:])
	same(t, "margin one symbol", must(s.Margin(ctx, []market.Symbol{"600760.SH"}, zero, zero)).ok(t), b.Margin[:1])
	same(t, "flows empty symbol list", len(must(s.Flows(ctx, []market.Symbol{}, zero, zero)).ok(t)), 0)
	same(t, "valuations to", must(s.Valuations(ctx, nil, zero, day(2024, 1, 2))).ok(t), b.Valuations[:1])
}

func testMembers(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	tests := []struct {
		name string
		asOf time.Time
		want []market.Symbol
	}{
		{"before any", day(2021, 6, 30), nil},
		{"on From (inclusive)", day(2021, 7, 1), []market.Symbol{"002013.SZ", "600760.SH"}},
		{"day before To", day(2023, 2, 28), []market.Symbol{"002013.SZ", "600760.SH"}},
		{"on To (exclusive)", day(2023, 3, 1), []market.Symbol{"600760.SH"}},
		{"later member joins", day(2024, 1, 2), []market.Symbol{"600760.SH", "DEMO1.SH"}},
		{"open-ended far future", day(2099, 1, 1), []market.Symbol{"600760.SH"}},
		{"time of day ignored", day(2023, 2, 28).Add(23 * time.Hour), []market.Symbol{"002013.SZ", "600760.SH"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []market.Symbol
			for _, m := range must(s.Members(ctx, "sw2021", "801740", tc.asOf)).ok(t) {
				got = append(got, m.Symbol)
			}
			same(t, "members", got, tc.want)
		})
	}
	ms := must(s.Members(ctx, "sw2021", "801740", day(2022, 1, 1))).ok(t)
	same(t, "member fields", ms, []market.Membership{fixture().Members[1], fixture().Members[0]})
	same(t, "other sector", len(must(s.Members(ctx, "sw2021", "801741", day(2022, 1, 1))).ok(t)), 1)
	same(t, "unknown sector", len(must(s.Members(ctx, "sw2021", "999999", day(2022, 1, 1))).ok(t)), 0)
}

func testBarMatrix(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	n := math.NaN()
	d2, d3, d4, d5 := day(2024, 1, 2), day(2024, 1, 3), day(2024, 1, 4), day(2024, 1, 5)
	tests := []struct {
		name     string
		symbols  []market.Symbol
		from, to time.Time
		field    market.BarField
		want     market.Matrix
	}{
		{"close, missing days and an unknown symbol", []market.Symbol{"512660.SH", "NOPE.SH", "600760.SH"}, zero, zero, market.FieldClose,
			market.Matrix{Dates: []time.Time{d2, d3, d4, d5}, Symbols: []market.Symbol{"512660.SH", "NOPE.SH", "600760.SH"},
				Values: [][]float64{{1.05, n, 1.08, n}, {n, n, n, n}, {40.5, 41.8, n, 42}}}},
		{"adjusted close (factor 0 and NaN read as 1)", []market.Symbol{"600760.SH", "512660.SH"}, zero, zero, market.FieldAdjClose,
			market.Matrix{Dates: []time.Time{d2, d3, d4, d5}, Symbols: []market.Symbol{"600760.SH", "512660.SH"},
				Values: [][]float64{{81, 83.6, n, 105}, {1.05, n, 1.08, n}}}},
		{"window", []market.Symbol{"600760.SH", "801740.SI"}, d3, d4, market.FieldClose,
			market.Matrix{Dates: []time.Time{d3}, Symbols: []market.Symbol{"600760.SH", "801740.SI"}, Values: [][]float64{{41.8}, {1510}}}},
		{"NULL values stay NaN", []market.Symbol{"801740.SI", "600760.SH"}, zero, zero, market.FieldTurnover,
			market.Matrix{Dates: []time.Time{d2, d3, d5}, Symbols: []market.Symbol{"801740.SI", "600760.SH"},
				Values: [][]float64{{n, n, n}, {0.01, n, 0.012}}}},
		{"volume", []market.Symbol{"512660.SH"}, zero, zero, market.FieldVolume,
			market.Matrix{Dates: []time.Time{d2, d4}, Symbols: []market.Symbol{"512660.SH"}, Values: [][]float64{{5e8, 4e8}}}},
		{"only unknown symbols", []market.Symbol{"NOPE.SH"}, zero, zero, market.FieldAmount,
			market.Matrix{Dates: []time.Time{}, Symbols: []market.Symbol{"NOPE.SH"}, Values: [][]float64{{}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := must(s.BarMatrix(ctx, tc.symbols, tc.from, tc.to, tc.field)).ok(t)
			same(t, "dates", len(m.Dates), len(tc.want.Dates))
			same(t, "matrix", *m, tc.want)
			if col, ok := m.Column(tc.symbols[0]); !ok || len(col) != len(m.Dates) {
				t.Errorf("column %s: %v %v", tc.symbols[0], col, ok)
			}
		})
	}
	_, err := s.BarMatrix(ctx, []market.Symbol{"600760.SH"}, zero, zero, "bogus")
	wantCode(t, err, sextant.EINVALID)
	m := must(s.BarMatrix(ctx, nil, zero, zero, market.FieldClose)).ok(t)
	if len(m.Symbols) != 0 || len(m.Dates) != 0 {
		t.Errorf("empty request gave %+v", m)
	}
}

func testFundamentals(t *testing.T, s market.Store) {
	ctx := context.Background()
	b := fixture()
	write(t, s, "test", b)
	f := b.Fundamentals
	tests := []struct {
		name    string
		symbols []market.Symbol
		fields  []string
		knownAt time.Time
		want    []market.Fundamental
	}{
		{"everything", nil, nil, zero, []market.Fundamental{f[4], f[3], f[0], f[1], f[2]}},
		{"before the first report", []market.Symbol{"600760.SH"}, nil, day(2023, 10, 27), nil},
		{"on the first report date", []market.Symbol{"600760.SH"}, nil, day(2023, 10, 28), []market.Fundamental{f[0]}},
		{"restatement not yet known", []market.Symbol{"600760.SH"}, []string{market.FieldRevenue}, day(2024, 3, 29), []market.Fundamental{f[0]}},
		{"restatement known", []market.Symbol{"600760.SH"}, []string{market.FieldRevenue}, day(2024, 3, 30), []market.Fundamental{f[0], f[1], f[2]}},
		{"field filter", nil, []string{market.FieldContractLiabilities, market.FieldRD}, zero, []market.Fundamental{f[4], f[3]}},
		{"unknown report date known from period end", []market.Symbol{"002013.SZ"}, nil, day(2022, 12, 31), []market.Fundamental{f[4]}},
		{"unknown report date before period end", []market.Symbol{"002013.SZ"}, nil, day(2022, 12, 30), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			same(t, "fundamentals", must(s.Fundamentals(ctx, tc.symbols, tc.fields, tc.knownAt)).ok(t), tc.want)
		})
	}
}

func testStatus(t *testing.T, s market.Store) {
	ctx := context.Background()
	empty := must(s.Status(ctx)).ok(t)
	order := append(append([]market.Dataset{}, market.Datasets...), market.DatasetDocuments)
	if len(empty) != len(order) {
		t.Fatalf("%d status rows, want %d", len(empty), len(order))
	}
	for i, st := range empty {
		if st.Dataset != order[i] || st.Rows != 0 || st.Demo || st.LastRunID != 0 {
			t.Errorf("empty store status %+v", st)
		}
	}
	b := fixture()
	live := &market.Batch{Bars: b.Bars, Instruments: b.Instruments[:4], Fundamentals: b.Fundamentals}
	res1 := write(t, s, "csvfile", live)
	res2 := write(t, s, "demo", &market.Batch{Instruments: b.Instruments[4:], Shares: b.Shares})
	st := counts(t, s)
	type row struct {
		Rows, Symbols int64
		First, Last   time.Time
		RunID         int64
		Sources       []string
		Demo          bool
	}
	want := map[market.Dataset]row{
		market.DatasetInstruments:  {5, 5, zero, zero, res2.RunID, []string{"csvfile", "demo"}, true},
		market.DatasetBars:         {6, 3, day(2024, 1, 2), day(2024, 1, 5), res1.RunID, []string{"csvfile"}, false},
		market.DatasetShares:       {2, 1, day(2024, 1, 2), day(2024, 1, 3), res2.RunID, []string{"demo"}, true},
		market.DatasetFundamentals: {5, 2, day(2022, 12, 31), day(2023, 12, 31), res1.RunID, []string{"csvfile"}, false},
		market.DatasetMargin:       {0, 0, zero, zero, 0, nil, false},
	}
	for d, w := range want {
		got := st[d]
		same(t, string(d), row{got.Rows, got.Symbols, got.First, got.Last, got.LastRunID, got.Sources, got.Demo}, w)
		if w.Rows > 0 && got.LastIngest.IsZero() {
			t.Errorf("%s: no last ingest time", d)
		}
	}
}
