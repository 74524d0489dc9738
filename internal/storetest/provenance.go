package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// testInputRuns writes the fixture, then a second run that changes one bar
// of 600760.SH and one membership, and checks which runs each selection
// of rows names.
func testInputRuns(t *testing.T, s market.Store) {
	ctx := context.Background()
	first := write(t, s, "csvfile", fixture()).RunID
	b := &market.Batch{Bars: fixture().Bars[2:3], Members: fixture().Members[:1], Margin: fixture().Margin}
	b.Bars[0].Close++                      // 600760.SH on 2024-01-05
	b.Members[0].Weight = 0.2              // 801740 ⊃ 600760.SH from 2021-07-01, open-ended
	second := write(t, s, "demo", b).RunID // margin rows are unchanged: they keep the first run
	tests := []struct {
		name     string
		dataset  market.Dataset
		symbols  []market.Symbol
		from, to time.Time
		want     []int64
	}{
		{"bars of a symbol, all dates", market.DatasetBars, []market.Symbol{"600760.SH"}, zero, zero, []int64{first, second}},
		{"bars before the change", market.DatasetBars, []market.Symbol{"600760.SH"}, zero, day(2024, 1, 4), []int64{first}},
		{"bars on the changed day", market.DatasetBars, []market.Symbol{"600760.SH"}, day(2024, 1, 5), day(2024, 1, 5), []int64{second}},
		{"bars of another symbol", market.DatasetBars, []market.Symbol{"512660.SH"}, zero, zero, []int64{first}},
		{"bars of every symbol from a date", market.DatasetBars, nil, day(2024, 1, 4), zero, []int64{first, second}},
		{"bars of no symbol", market.DatasetBars, []market.Symbol{}, zero, zero, nil},
		{"bars of an unknown symbol", market.DatasetBars, []market.Symbol{"NOPE.SH"}, zero, zero, nil},
		{"unchanged margin keeps its run", market.DatasetMargin, nil, zero, zero, []int64{first}},
		{"fundamentals by period end", market.DatasetFundamentals, []market.Symbol{"600760.SH"}, day(2023, 10, 1), zero, []int64{first}},
		{"fundamentals outside the window", market.DatasetFundamentals, []market.Symbol{"600760.SH"}, day(2024, 1, 1), zero, nil},
		{"instruments ignore dates", market.DatasetInstruments, []market.Symbol{"600760.SH"}, day(2030, 1, 1), zero, []int64{first}},
		{"memberships overlapping", market.DatasetMembers, []market.Symbol{"600760.SH", "002013.SZ"}, day(2022, 1, 1), day(2022, 12, 31), []int64{first, second}},
		{"memberships after one ended", market.DatasetMembers, []market.Symbol{"002013.SZ"}, day(2023, 3, 1), zero, nil},
		{"memberships before any began", market.DatasetMembers, nil, zero, day(2021, 6, 30), nil},
		{"sectors by index symbol", market.DatasetSectors, []market.Symbol{"801740.SI"}, zero, zero, []int64{first}},
		{"empty dataset", market.DatasetValuation, []market.Symbol{"512660.SH"}, zero, zero, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, r := range must(s.InputRuns(ctx, tc.dataset, tc.symbols, tc.from, tc.to)).ok(t) {
				got = append(got, r.ID)
			}
			same(t, "runs", got, tc.want)
		})
	}
	runs := must(s.IngestRuns(ctx, 0)).ok(t)
	same(t, "runs are the stored runs", must(s.InputRuns(ctx, market.DatasetBars, nil, zero, zero)).ok(t), []market.IngestRun{runs[1], runs[0]})
	_, err := s.InputRuns(ctx, "prices", nil, zero, zero)
	wantCode(t, err, sextant.EINVALID)
}

// testLastDates checks each symbol's last observation date per dataset.
func testLastDates(t *testing.T, s market.Store) {
	ctx := context.Background()
	write(t, s, "csvfile", fixture())
	tests := []struct {
		name    string
		dataset market.Dataset
		symbols []market.Symbol
		want    map[market.Symbol]time.Time
	}{
		{"bars of two symbols and an unknown one", market.DatasetBars, []market.Symbol{"600760.SH", "512660.SH", "NOPE.SH"},
			map[market.Symbol]time.Time{"600760.SH": day(2024, 1, 5), "512660.SH": day(2024, 1, 4)}},
		{"bars of one symbol", market.DatasetBars, []market.Symbol{"801740.SI"}, map[market.Symbol]time.Time{"801740.SI": day(2024, 1, 3)}},
		{"shares of every symbol", market.DatasetShares, nil, map[market.Symbol]time.Time{"512660.SH": day(2024, 1, 3)}},
		{"market totals", market.DatasetMargin, []market.Symbol{market.MarketTotal("SH")}, map[market.Symbol]time.Time{market.MarketTotal("SH"): day(2024, 1, 2)}},
		{"no symbols", market.DatasetFlows, []market.Symbol{}, map[market.Symbol]time.Time{}},
		{"valuation of every symbol", market.DatasetValuation, nil, map[market.Symbol]time.Time{"600760.SH": day(2024, 1, 3)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			same(t, "last dates", must(s.LastDates(ctx, tc.dataset, tc.symbols)).ok(t), tc.want)
		})
	}
	for _, d := range []market.Dataset{market.DatasetInstruments, market.DatasetMembers, market.DatasetFundamentals, "prices"} {
		_, err := s.LastDates(ctx, d, nil)
		wantCode(t, err, sextant.EINVALID)
	}
}

// testSourceRuns checks the per-source summary of ingest runs, failures
// (notes starting with market.FailedNote) included.
func testSourceRuns(t *testing.T, s market.Store) {
	ctx := context.Background()
	at := func(h int) time.Time { return time.Date(2024, 1, 2, h, 0, 0, 0, time.UTC) }
	runs := []market.IngestRun{
		{Source: "eastmoney", Dataset: "bars", StartedAt: at(1)},
		{Source: "eastmoney", Dataset: "bars", StartedAt: at(2), Note: market.FailedNote + "eastmoney: HTTP 500"},
		{Source: "eastmoney", Dataset: "bars", StartedAt: at(3)},
		{Source: "sws", Dataset: "bars", StartedAt: at(4), Note: market.FailedNote + "sws: HTML"},
	}
	for _, r := range runs {
		if _, err := s.Write(ctx, r, &market.Batch{}); err != nil {
			t.Fatal(err)
		}
	}
	got := must(s.SourceRuns(ctx)).ok(t)
	if len(got) != 2 {
		t.Fatalf("%d summaries, want 2: %+v", len(got), got)
	}
	em, sw := got[0], got[1]
	if em.Source != "eastmoney" || em.Dataset != "bars" || em.Runs != 3 || em.Failing() || em.Error != "eastmoney: HTTP 500" {
		t.Errorf("eastmoney %+v: 3 runs, the last one succeeded after a 500", em)
	}
	if sw.Source != "sws" || !sw.LastOK.IsZero() || !sw.Failing() || sw.Error != "sws: HTML" {
		t.Errorf("sws %+v: failing, never succeeded", sw)
	}
	if !em.LastOK.After(em.LastFailed) {
		t.Errorf("eastmoney last ok %v, last failed %v", em.LastOK, em.LastFailed)
	}
}

// testInputRunsBatch checks that a store's batched answers equal its
// one-by-one InputRuns answers.
func testInputRunsBatch(t *testing.T, s market.Store) {
	bs, ok := s.(market.ProvenanceBatchReader)
	if !ok {
		t.Skip("the store answers InputRuns one by one")
	}
	ctx := context.Background()
	write(t, s, "csvfile", fixture())
	b := &market.Batch{Bars: fixture().Bars[2:3]}
	b.Bars[0].Close++
	write(t, s, "demo", b)
	qs := []market.ProvenanceQuery{
		{Dataset: market.DatasetBars, Symbols: []market.Symbol{"600760.SH"}},
		{Dataset: market.DatasetBars, Symbols: []market.Symbol{"600760.SH"}, To: day(2024, 1, 4)},
		{Dataset: market.DatasetBars, Symbols: []market.Symbol{"600760.SH", "512660.SH"}, From: day(2024, 1, 5), To: day(2024, 1, 5)},
		{Dataset: market.DatasetBars, Symbols: []market.Symbol{"NOPE.SH"}},
		{Dataset: market.DatasetBars, Symbols: []market.Symbol{}},
		{Dataset: market.DatasetBars},
		{Dataset: market.DatasetMargin, Symbols: []market.Symbol{"600760.SH", market.MarketTotal("SH")}},
		{Dataset: market.DatasetFundamentals, Symbols: []market.Symbol{"600760.SH"}, From: day(2023, 10, 1)},
		{Dataset: market.DatasetMembers, Symbols: []market.Symbol{"600760.SH"}},
		{Dataset: market.DatasetInstruments, Symbols: []market.Symbol{"600760.SH"}},
		{Dataset: market.DatasetDocuments},
	}
	got := must(bs.InputRunsBatch(ctx, qs)).ok(t)
	if len(got) != len(qs) {
		t.Fatalf("%d answers for %d questions", len(got), len(qs))
	}
	for i, q := range qs {
		want := must(s.InputRuns(ctx, q.Dataset, q.Symbols, q.From, q.To)).ok(t)
		same(t, fmt.Sprintf("question %d (%s %v)", i, q.Dataset, q.Symbols), got[i], want)
	}
}
