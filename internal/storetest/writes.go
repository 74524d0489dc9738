package storetest

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func key(s market.Symbol, d interface{ Format(string) string }) string {
	return string(s) + "|" + d.Format("2006-01-02")
}

func testRoundTrip(t *testing.T, s market.Store) {
	ctx := context.Background()
	b := fixture()
	res := write(t, s, "test", b)
	if res.Inserted != b.Len() || res.Updated != 0 || res.Unchanged != 0 {
		t.Errorf("first write counts %+v, want %d inserted", res, b.Len())
	}
	same(t, "bars counts", res.ByDataset[market.DatasetBars], market.WriteCounts{Inserted: len(b.Bars)})

	same(t, "taxonomies", must(s.Taxonomies(ctx)).ok(t), b.Taxonomies)
	same(t, "instruments", must(s.Instruments(ctx, market.InstrumentFilter{})).ok(t),
		bySymbolDate(b.Instruments, func(in market.Instrument) string { return string(in.Symbol) }))
	same(t, "sectors sw2021", must(s.Sectors(ctx, "sw2021", 0)).ok(t), b.Sectors[:2])
	same(t, "sectors sw2021 level 2", must(s.Sectors(ctx, "sw2021", 2)).ok(t), b.Sectors[1:2])
	same(t, "sectors theme", must(s.Sectors(ctx, "theme", 0)).ok(t), b.Sectors[2:])
	same(t, "membership history", must(s.MembershipHistory(ctx, "sw2021", "801740")).ok(t),
		[]market.Membership{b.Members[1], b.Members[0], b.Members[2]})
	for _, sym := range []market.Symbol{"600760.SH", "512660.SH", "801740.SI"} {
		var want []market.Bar
		for _, bar := range b.Bars {
			if bar.Symbol == sym {
				want = append(want, bar)
			}
		}
		same(t, "bars "+string(sym), must(s.Bars(ctx, sym, zero, day(2100, 1, 1))).ok(t), want)
	}
	same(t, "fund shares", must(s.FundShares(ctx, nil, zero, zero)).ok(t), b.Shares)
	same(t, "margin", must(s.Margin(ctx, nil, zero, zero)).ok(t),
		bySymbolDate(b.Margin, func(m market.Margin) string { return key(m.Symbol, m.Date) }))
	same(t, "flows", must(s.Flows(ctx, nil, zero, zero)).ok(t), b.Flows)
	same(t, "valuations", must(s.Valuations(ctx, nil, zero, zero)).ok(t), b.Valuations)
	f := b.Fundamentals
	same(t, "fundamentals", must(s.Fundamentals(ctx, nil, nil, zero)).ok(t), []market.Fundamental{f[4], f[3], f[0], f[1], f[2]})

	in := must(s.Instrument(ctx, "DEMO1.SH")).ok(t)
	if !in.Demo {
		t.Errorf("DEMO1.SH lost its Demo flag: %+v", in)
	}
	_, err := s.Instrument(ctx, "NOPE.SH")
	wantCode(t, err, sextant.ENOTFOUND)
}

func testIdempotent(t *testing.T, s market.Store) {
	first := write(t, s, "test", fixture())
	before := counts(t, s)
	second := write(t, s, "test", fixture())
	if second.Inserted != 0 || second.Updated != 0 || second.Unchanged != fixtureRows() {
		t.Errorf("second write counts %+v, want 0 inserted, 0 updated, %d unchanged", second, fixtureRows())
	}
	if second.RunID == first.RunID {
		t.Errorf("both writes got run id %d", first.RunID)
	}
	after := counts(t, s)
	for _, d := range market.Datasets {
		if before[d].Rows != after[d].Rows || after[d].LastRunID != first.RunID {
			t.Errorf("%s: rows %d → %d, last run %d (want %d: identical rows keep their run id)",
				d, before[d].Rows, after[d].Rows, after[d].LastRunID, first.RunID)
		}
	}
}

func testUpdate(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	b := fixture()
	b.Bars[0].Close = 40.6        // value changed
	b.Bars[1].Turnover = 0.02     // NaN → value
	b.Bars[2].Volume = math.NaN() // value → NaN
	b.Sectors[0].Aliases = []string{"军工", "defence"}
	b.Members[1].To = zero
	b.Instruments[4].Demo = false
	res := write(t, s, "test", b)
	same(t, "bars counts", res.ByDataset[market.DatasetBars], market.WriteCounts{Updated: 3, Unchanged: len(b.Bars) - 3})
	same(t, "sector counts", res.ByDataset[market.DatasetSectors], market.WriteCounts{Updated: 1, Unchanged: 4})
	same(t, "member counts", res.ByDataset[market.DatasetMembers], market.WriteCounts{Updated: 1, Unchanged: 3})
	same(t, "instrument counts", res.ByDataset[market.DatasetInstruments], market.WriteCounts{Updated: 1, Unchanged: 4})
	if res.Updated != 6 || res.Inserted != 0 {
		t.Errorf("totals %+v, want 6 updated", res)
	}
	same(t, "updated bars", must(s.Bars(ctx, "600760.SH", zero, zero)).ok(t), b.Bars[:3])
	same(t, "updated sectors", must(s.Sectors(ctx, "sw2021", 1)).ok(t), b.Sectors[:1])
	if st := counts(t, s)[market.DatasetBars]; st.LastRunID != res.RunID {
		t.Errorf("bars last run %d, want %d", st.LastRunID, res.RunID)
	}
}

func testDuplicateKeys(t *testing.T, s market.Store) {
	ctx := context.Background()
	d := day(2024, 1, 2)
	b := &market.Batch{Bars: []market.Bar{
		{Symbol: "A.SH", Date: d, Close: 1},
		{Symbol: "B.SH", Date: d, Close: 5},
		{Symbol: "A.SH", Date: d, Close: 2},
		{Symbol: "A.SH", Date: d, Close: 3},
	}}
	res := write(t, s, "test", b)
	if res.Inserted != 2 {
		t.Errorf("inserted %d, want 2 distinct keys", res.Inserted)
	}
	bars := must(s.Bars(ctx, "A.SH", zero, zero)).ok(t)
	if len(bars) != 1 || bars[0].Close != 3 {
		t.Errorf("A.SH bars %+v, want the last row (close 3)", bars)
	}
}

func testLargeBatch(t *testing.T, s market.Store) {
	ctx := context.Background()
	b := &market.Batch{Bars: bigBars(30, 5000)} // 150,000 rows: several Appender chunks
	res := write(t, s, "test", b)
	if res.Inserted != len(b.Bars) {
		t.Fatalf("inserted %d, want %d", res.Inserted, len(b.Bars))
	}
	for _, k := range []int{0, 77_777, len(b.Bars) - 1} {
		want := b.Bars[k]
		got := must(s.Bars(ctx, want.Symbol, want.Date, want.Date)).ok(t)
		same(t, "bar", got, []market.Bar{want})
	}
	b.Bars[100_000].Close++
	res = write(t, s, "test", b)
	if res.Updated != 1 || res.Unchanged != len(b.Bars)-1 {
		t.Errorf("rewrite counts %+v, want 1 updated", res)
	}
}

func testAtomicity(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "test", fixture())
	before := counts(t, s)
	runs := len(must(s.IngestRuns(ctx, 0)).ok(t))

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		edit func(b *market.Batch)
		code string
	}{
		{"bar without date", ctx, func(b *market.Batch) {
			b.Bars = append(b.Bars, market.Bar{Symbol: "X.SH", Close: 1})
		}, sextant.EINVALID},
		{"membership ending before it starts", ctx, func(b *market.Batch) {
			b.Members = append(b.Members, market.Membership{Taxonomy: "sw2021", Sector: "801740", Symbol: "X.SH",
				From: day(2024, 5, 1), To: day(2024, 4, 1)})
		}, sextant.EINVALID},
		{"cancelled context", cancelled, func(*market.Batch) {}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := fixture()
			for i := range b.Bars {
				b.Bars[i].Close += 1 // would update every bar
			}
			b.Bars = append(b.Bars, bigBars(3, 10)...) // would insert
			tc.edit(b)
			_, err := s.Write(tc.ctx, market.IngestRun{Source: "test"}, b)
			if err == nil {
				t.Fatal("Write succeeded")
			}
			if tc.code != "" {
				wantCode(t, err, tc.code)
			} else {
				var se *sextant.Error
				if !errors.As(err, &se) {
					t.Errorf("error %v is not a *sextant.Error", err)
				}
			}
			same(t, "status after failed write", counts(t, s), before)
			if n := len(must(s.IngestRuns(ctx, 0)).ok(t)); n != runs {
				t.Errorf("%d ingest runs after failed write, want %d", n, runs)
			}
			same(t, "bars after failed write", must(s.Bars(ctx, "600760.SH", zero, zero)).ok(t), fixture().Bars[:3])
		})
	}
}

func testIngestRuns(t *testing.T, s market.Store) {
	ctx := context.Background()
	run := market.IngestRun{Source: "csvfile", Dataset: "bars", Input: "/data/bars.csv", InputHash: "abc123",
		StartedAt: day(2024, 2, 1).Add(3600e9), FinishedAt: day(2024, 2, 1).Add(3660e9), Note: "first import"}
	b := &market.Batch{Bars: fixture().Bars}
	res, err := s.Write(ctx, run, b)
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, "demo", fixture())
	write(t, s, "test", &market.Batch{})
	runs := must(s.IngestRuns(ctx, 0)).ok(t)
	if len(runs) != 3 {
		t.Fatalf("%d runs, want 3", len(runs))
	}
	if runs[0].ID <= runs[1].ID || runs[1].ID <= runs[2].ID {
		t.Errorf("runs not most recent first: %d, %d, %d", runs[0].ID, runs[1].ID, runs[2].ID)
	}
	want := run
	want.ID, want.Rows, want.Inserted = res.RunID, len(b.Bars), len(b.Bars)
	same(t, "first run", runs[2], want)
	if runs[1].Source != "demo" || runs[1].Rows != fixtureRows() || runs[1].Inserted+runs[1].Unchanged != fixtureRows() {
		t.Errorf("second run %+v", runs[1])
	}
	if runs[1].StartedAt.IsZero() || runs[1].FinishedAt.Before(runs[1].StartedAt) {
		t.Errorf("second run times %v – %v", runs[1].StartedAt, runs[1].FinishedAt)
	}
	same(t, "limit 1", len(must(s.IngestRuns(ctx, 1)).ok(t)), 1)
}

// testMixed writes a batch of new, changed and unchanged rows, shuffled
// and with a repeated key, and checks the exact counts, the stored values
// and that only the rows that changed carry the new run id.
func testMixed(t *testing.T, s market.Store) {
	ctx := context.Background()
	old := bigBars(4, 50) // 200 rows, in key order
	first := write(t, s, "test", &market.Batch{Bars: old})
	b := append([]market.Bar(nil), old[50:150]...) // 100 stored rows …
	for i := range 10 {
		b[i*7].Close += 1 // … 10 of them changed
	}
	b[3].Turnover = 0.5                                                                // NaN → value
	b = append(b, bigBars(6, 50)[200:260]...)                                          // 60 new rows
	b = append(b, market.Bar{Symbol: b[5].Symbol, Date: b[5].Date, Close: b[5].Close}) // repeat: last row wins, changed
	for i := range b {                                                                 // deterministic shuffle
		j := (i * 7919) % len(b)
		b[i], b[j] = b[j], b[i]
	}
	res := write(t, s, "test", &market.Batch{Bars: b})
	same(t, "counts", res.ByDataset[market.DatasetBars], market.WriteCounts{Inserted: 60, Updated: 12, Unchanged: 88})
	want := map[string]market.Bar{}
	for _, bar := range old {
		want[key(bar.Symbol, bar.Date)] = bar
	}
	for _, bar := range b { // the repeated key: the copy the shuffle left last wins
		want[key(bar.Symbol, bar.Date)] = bar
	}
	got := 0
	for _, sym := range []market.Symbol{"S0.SZ", "S1.SZ", "S2.SZ", "S3.SZ", "S4.SZ", "S5.SZ"} {
		for _, bar := range must(s.Bars(ctx, sym, zero, zero)).ok(t) {
			got++
			same(t, "bar "+key(bar.Symbol, bar.Date), bar, want[key(bar.Symbol, bar.Date)])
		}
	}
	if got != len(want) {
		t.Errorf("%d stored bars, want %d distinct keys", got, len(want))
	}
	again := write(t, s, "test", &market.Batch{Bars: b})
	same(t, "rewrite counts", again.ByDataset[market.DatasetBars], market.WriteCounts{Unchanged: 160})
	if st := counts(t, s)[market.DatasetBars]; st.LastRunID != res.RunID || st.Rows != int64(len(want)) {
		t.Errorf("status %+v, want %d rows, last run %d (not %d or the rewrite)", st, len(want), res.RunID, first.RunID)
	}
}

// testOverlapping writes many overlapping batches (sorted, reversed, with
// repeats) and checks that every key is stored once with its last value.
func testOverlapping(t *testing.T, s market.Store) {
	ctx := context.Background()
	all := bigBars(5, 40)
	want := map[string]market.Bar{}
	for w := range 12 {
		lo, hi := (w*37)%len(all), min((w*37)%len(all)+60+w*5, len(all))
		b := append([]market.Bar(nil), all[lo:hi]...)
		for i := range b {
			b[i].Close += float64(w % 3) // some writes change values, some restore them
		}
		if w%2 == 1 {
			for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
				b[i], b[j] = b[j], b[i]
			}
		}
		if w%4 == 2 {
			b = append(b, b[0])
		}
		write(t, s, "test", &market.Batch{Bars: b})
		for _, bar := range b {
			want[key(bar.Symbol, bar.Date)] = bar
		}
	}
	got := map[string]market.Bar{}
	for _, sym := range []market.Symbol{"S0.SZ", "S1.SZ", "S2.SZ", "S3.SZ", "S4.SZ"} {
		for _, bar := range must(s.Bars(ctx, sym, zero, zero)).ok(t) {
			k := key(bar.Symbol, bar.Date)
			if _, dup := got[k]; dup {
				t.Errorf("key %s stored twice", k)
			}
			got[k] = bar
		}
	}
	same(t, "stored bars", got, want)
	if st := counts(t, s)[market.DatasetBars]; st.Rows != int64(len(want)) {
		t.Errorf("status counts %d rows, want %d", st.Rows, len(want))
	}
}
