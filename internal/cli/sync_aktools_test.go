package cli

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
)

// inStore opens home's store read-only for fn and closes it (a sync runs
// in between).
func inStore(t *testing.T, home string, fn func(context.Context, *duckdb.Store)) {
	t.Helper()
	opts := duckdb.DefaultOptions()
	opts.ReadOnly = true
	st, err := duckdb.Open(context.Background(), filepath.Join(home, "sextant.duckdb"), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fn(context.Background(), st)
}

// storeRows is the row count of each dataset.
func storeRows(t *testing.T, home string) map[market.Dataset]int64 {
	t.Helper()
	out := map[market.Dataset]int64{}
	inStore(t, home, func(ctx context.Context, st *duckdb.Store) {
		status, err := st.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range status {
			out[s.Dataset] = s.Rows
			if s.Rows > 0 && s.Dataset != market.DatasetDocuments && !slices.Equal(s.Sources, []string{"aktools"}) {
				t.Errorf("%s written by %v, want aktools only", s.Dataset, s.Sources)
			}
		}
	})
	return out
}

// akFunction is the AKShare function a fixture request called ("" when it
// is not an AKTools request).
func akFunction(req string) string {
	u, err := url.Parse(req)
	if err != nil {
		return ""
	}
	fn, ok := strings.CutPrefix(u.Path, "/aktools/api/public/")
	if !ok {
		return ""
	}
	return fn
}

// TestSyncCNSectorsThroughAKTools is the cn-sectors sync of
// TestSyncCNSectorsFillsAStoreAndThenFetchesOnlyTheNewDay over
// --route aktools: every dataset comes from AKShare functions on the
// fixture's AKTools server. The route's limits show: Shenzhen ETF units
// exist for the latest day only (fund_etf_scale_szse takes no date), and
// members' margin comes from the exchanges' per-day detail (one request per
// exchange and day), not from per-stock histories.
func TestSyncCNSectorsThroughAKTools(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo market and syncs it")
	}
	m := demoFixture(t)
	days := m.Days("000300.SH")
	last, prev := days[len(days)-1], days[len(days)-2]
	home, srv := fixtureHome(t, m, prev, cnTestPreset)

	r := run(t, home, "sync", "--preset", "cn-sectors", "--route", "aktools")
	if r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	t.Logf("first sync:\n%s%s\n%d requests", r.out, r.err, len(srv.Requests()))
	for _, want := range []string{"sw2021 level 1: 31 tasks", "sw2021 level 2: 62 tasks", "exchange disclosures"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("progress lacks %q:\n%s", want, r.err)
		}
	}
	calls := map[string]int{}
	for _, req := range srv.Requests() {
		fn := akFunction(req)
		if fn == "" {
			t.Fatalf("the aktools route reached another source: %s", req)
		}
		calls[fn]++
	}
	for _, fn := range []string{"stock_zh_a_hist", "fund_etf_hist_em", "index_zh_a_hist", "stock_board_industry_hist_em", "index_hist_sw",
		"index_component_sw", "sw_index_first_info", "sw_index_second_info", "stock_board_industry_name_em", "stock_board_industry_cons_em",
		"stock_sector_fund_flow_hist", "stock_individual_fund_flow", "fund_etf_scale_sse", "fund_etf_scale_szse",
		"stock_margin_detail_sse", "stock_margin_detail_szse", "stock_margin_sse", "stock_margin_szse"} {
		if calls[fn] == 0 {
			t.Errorf("the first sync never called %s (calls %v)", fn, calls)
		}
	}
	if calls["fund_etf_scale_szse"] != 1 {
		t.Errorf("fund_etf_scale_szse called %d times, want once (it answers the current units only)", calls["fund_etf_scale_szse"])
	}

	inStore(t, home, func(ctx context.Context, st *duckdb.Store) {
		shares, err := st.FundShares(ctx, []market.Symbol{"159638.SZ", "512660.SH"}, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		per := map[market.Symbol][]time.Time{}
		for _, s := range shares {
			per[s.Symbol] = append(per[s.Symbol], s.Date)
		}
		if d := per["159638.SZ"]; len(d) != 1 || !d[0].Equal(prev) {
			t.Errorf("159638.SZ units on %v, want the latest day %s only", d, market.FormatDate(prev))
		}
		if d := per["512660.SH"]; len(d) < 20 {
			t.Errorf("512660.SH units on %d days, want the daily history", len(d))
		}
		margin, err := st.Margin(ctx, []market.Symbol{"ALL.SH", "ALL.SZ"}, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		totals := map[market.Symbol]int{}
		for _, mg := range margin {
			totals[mg.Symbol]++
		}
		if totals["ALL.SH"] != calls["stock_margin_detail_sse"] || totals["ALL.SZ"] != calls["stock_margin_detail_szse"] || totals["ALL.SH"] < 20 {
			t.Errorf("margin totals %v; want one per day of detail fetched (SSE %d, SZSE %d)", totals, calls["stock_margin_detail_sse"], calls["stock_margin_detail_szse"])
		}
	})

	if rot := run(t, home, "rotation", "--taxonomy", "sw2021:1", "--format", "json"); rot.code != 0 || !strings.Contains(rot.out, "801740") {
		t.Fatalf("rotation on the synced store: exit %d\n%s", rot.code, rot.err)
	}
	rep := run(t, home, "report", "sector", "国防军工", "--format", "json")
	if rep.code != 0 {
		t.Fatalf("report on the synced store: exit %d\n%s", rep.code, rep.err)
	}
	var doc struct {
		Sections []struct{ ID string } `json:"sections"`
	}
	if err := json.Unmarshal([]byte(rep.out), &doc); err != nil || len(doc.Sections) < 10 {
		t.Fatalf("report: %d sections (%v)", len(doc.Sections), err)
	}

	// A new trading day: only windows overlapping it and the new day's
	// disclosures are asked for, and only the new day's rows are written.
	before := storeRows(t, home)
	srv.SetThrough(last)
	srv.ResetRequests()
	r = run(t, home, "sync", "--preset", "cn-sectors", "--route", "aktools")
	if r.code != 0 {
		t.Fatalf("second sync: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	t.Logf("second sync:\n%s%s\n%d requests", r.out, r.err, len(srv.Requests()))
	overlapStart := prev.AddDate(0, 0, -config.DefaultOverlapDays)
	for _, req := range srv.Requests() {
		u, _ := url.Parse(req)
		q := u.Query()
		if v := q.Get("start_date"); v != "" {
			if d, _ := time.Parse("20060102", v); d.Before(overlapStart) {
				t.Errorf("second sync asked for history again: %s", req)
			}
		}
		if v := q.Get("date"); v != "" && v != last.Format("20060102") {
			t.Errorf("second sync asked for a disclosure of another day: %s", req)
		}
	}
	after := storeRows(t, home)
	inStore(t, home, func(ctx context.Context, st *duckdb.Store) {
		got, err := st.LastDates(ctx, market.DatasetBars, []market.Symbol{"801740.SI", "000300.SH", "512660.SH"})
		if err != nil || len(got) != 3 {
			t.Fatalf("last bars %v, %v", got, err)
		}
		for sym, d := range got {
			if !d.Equal(last) {
				t.Errorf("%s last bar %s, want the new day %s", sym, market.FormatDate(d), market.FormatDate(last))
			}
		}
		for _, ds := range []market.Dataset{market.DatasetBars, market.DatasetMargin, market.DatasetShares, market.DatasetFlows} {
			lastDates, err := st.LastDates(ctx, ds, nil)
			if err != nil {
				t.Fatal(err)
			}
			onLast := 0
			for _, d := range lastDates {
				if d.Equal(last) {
					onLast++
				}
			}
			if onLast == 0 || after[ds]-before[ds] != int64(onLast) {
				t.Errorf("%s: %d new rows, want one for each of the %d symbols that reach %s", ds, after[ds]-before[ds], onLast, market.FormatDate(last))
			}
		}
		want := []market.Symbol{"ALL.SH", "ALL.SZ", "512660.SH", "159638.SZ"}
		margin, _ := st.LastDates(ctx, market.DatasetMargin, want[:2])
		shares, _ := st.LastDates(ctx, market.DatasetShares, want[2:])
		for _, sym := range want {
			d, ok := margin[sym]
			if !ok {
				d = shares[sym]
			}
			if !d.Equal(last) {
				t.Errorf("%s reaches %s, want %s", sym, market.FormatDate(d), market.FormatDate(last))
			}
		}
	})
	if !strings.Contains(r.out, "synced cn-sectors") {
		t.Errorf("summary: %s", r.out)
	}
}
