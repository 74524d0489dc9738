package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
	"github.com/sextant-ai/sextant/internal/source/fixture"
)

// fixtureHome starts a fixture server over m serving through the given
// day and returns a home whose config points every source at it, with
// high rate limits and the presets' histories shortened.
func fixtureHome(t *testing.T, m *fixture.Market, through time.Time, extra string, sourceLines ...string) (string, *fixture.Server) {
	t.Helper()
	srv := fixture.NewServer(m, through)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	home := t.TempDir()
	var cfg strings.Builder
	for _, s := range fixture.Sources {
		fmt.Fprintf(&cfg, "[sources.%s]\nbase_url = %q\nrate = 1000\n%s", s, hs.URL+"/"+s, strings.Join(sourceLines, ""))
	}
	cfg.WriteString(extra)
	if err := os.WriteFile(config.FileName(home), []byte(cfg.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return home, srv
}

// demoFixture is the 3-year demo market as a fixture Market, built once:
// servers only read it (each test starts its own Server over it).
func demoFixture(t *testing.T) *fixture.Market {
	t.Helper()
	demoMarket.once.Do(func() {
		demoMarket.m, _, demoMarket.err = fixture.FromDemo(context.Background(), demo.Options{Seed: 1, Size: demo.SizeSmall, End: demo.DefaultEnd, Years: 3})
	})
	if demoMarket.err != nil {
		t.Fatal(demoMarket.err)
	}
	return demoMarket.m
}

var demoMarket struct {
	once sync.Once
	m    *fixture.Market
	err  error
}

const cnTestPreset = `
[sync.presets.cn-sectors]
market = "cn"
start = "3y"
daily_start = "2m"
benchmarks = ["000300.SH"]
sw_levels = [1, 2]
sectors = ["801740"]
em_boards = true
margin = true
etfs = ["512660.SH=801740", "512810.SH=801740", "159638.SZ=801740", "512720.SH=801750"]
`

func TestSyncCNSectorsFillsAStoreAndThenFetchesOnlyTheNewDay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo market and syncs it")
	}
	m := demoFixture(t)
	days := m.Days("000300.SH")
	last, prev := days[len(days)-1], days[len(days)-2]
	home, srv := fixtureHome(t, m, prev, cnTestPreset)

	// A dry run on the empty store plans what it can and writes nothing.
	if d := run(t, home, "sync", "--preset", "cn-sectors", "--dry-run"); d.code != 0 || !strings.Contains(d.out, "constituents 801740") || !strings.Contains(d.out, "etf 512660.SH") {
		t.Fatalf("dry run on an empty store: exit %d\n%s\n%s", d.code, d.out, d.err)
	}
	if st := datasetSummary(t, home); st != "" {
		t.Fatalf("the dry run wrote:\n%s", st)
	}
	r := run(t, home, "sync", "--preset", "cn-sectors")
	if r.code != 0 {
		t.Fatalf("first sync: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	for _, want := range []string{"sw2021 level 1: 31 tasks", "sw2021 level 2: 62 tasks", "eastmoney boards: 93 tasks", "exchange disclosures"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("progress lacks %q:\n%s", want, r.err)
		}
	}
	t.Logf("first sync:\n%s%s", r.out, r.err)
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

	// A new trading day appears: the second sync asks only for the overlap
	// window of daily series and for the new day's disclosures.
	srv.SetThrough(last)
	srv.ResetRequests()
	r = run(t, home, "sync", "--preset", "cn-sectors")
	if r.code != 0 {
		t.Fatalf("second sync: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	overlapStart := prev.AddDate(0, 0, -config.DefaultOverlapDays)
	disclosures := 0
	for _, req := range srv.Requests() {
		u, _ := url.Parse(req)
		q := u.Query()
		if beg := q.Get("beg"); beg != "" {
			if d, _ := time.Parse("20060102", beg); d.Before(overlapStart) {
				t.Errorf("second sync asked for history again: %s", req)
			}
		}
		for _, k := range []string{"STAT_DATE", "detailsDate", "beginDate", "endDate", "txtDate", "txtStart", "txtEnd"} {
			v := q.Get(k)
			if v == "" {
				continue
			}
			disclosures++
			if !strings.Contains(v, market.FormatDate(last)) && !strings.Contains(v, last.Format("20060102")) {
				t.Errorf("second sync asked for a disclosure of another day: %s", req)
			}
		}
	}
	if disclosures == 0 {
		t.Error("the second sync asked for no exchange disclosure of the new day")
	}
	st := openStore(t, home)
	got, err := st.LastDates(context.Background(), market.DatasetBars, []market.Symbol{"801740.SI", "000300.SH", "512660.SH"})
	if err != nil {
		t.Fatal(err)
	}
	for sym, d := range got {
		if !d.Equal(last) {
			t.Errorf("%s last bar %s, want the new day %s", sym, market.FormatDate(d), market.FormatDate(last))
		}
	}
	for _, ds := range []market.Dataset{market.DatasetMargin, market.DatasetShares, market.DatasetFlows} {
		got, _ := st.LastDates(context.Background(), ds, nil)
		newest := time.Time{}
		for _, d := range got {
			if d.After(newest) {
				newest = d
			}
		}
		if !newest.Equal(last) {
			t.Errorf("%s reaches %s, want %s", ds, market.FormatDate(newest), market.FormatDate(last))
		}
	}
	t.Logf("second sync:\n%s%s\n%d requests", r.out, r.err, len(srv.Requests()))
	if !strings.Contains(r.out, "synced cn-sectors") {
		t.Errorf("summary: %s", r.out)
	}

	// Another sector's members on demand, by name: bars, flows and margin
	// history of 计算机's members join the store.
	_ = st.Close() // the store admits one process while it is written
	if r = run(t, home, "sync", "--preset", "cn-sectors", "--sector", "计算机"); r.code != 0 {
		t.Fatalf("sync --sector 计算机: exit %d\n%s", r.code, r.err)
	}
	ms := m.Members
	var member market.Symbol
	for _, x := range ms {
		if x.Taxonomy == "sw2021" && x.Sector == "801750" && x.Active(last) {
			member = x.Symbol
			break
		}
	}
	st2 := openStore(t, home)
	got2, err := st2.LastDates(context.Background(), market.DatasetBars, []market.Symbol{member})
	if err != nil || !got2[member].Equal(last) {
		t.Errorf("member %s of 计算机 after --sector: %v %v", member, got2, err)
	}
	_ = st2.Close()
	if r = run(t, home, "sync", "--preset", "cn-sectors", "--sector", "no-such-sector"); r.code != ExitInvalid || !strings.Contains(r.err, "--sector") {
		t.Errorf("an unknown --sector: exit %d %s", r.code, r.err)
	}
}

func usFixture(t *testing.T) *fixture.Market {
	t.Helper()
	m := fixture.NewMarket()
	if err := m.LoadUSDaily(filepath.Join(sharedData(t), "us_sector_etfs_1y_2026")); err != nil {
		t.Skipf("shared data: %v", err)
	}
	return m
}

func TestSyncUSSectorsFillsAStoreAndThenFetchesOnlyTheNewDay(t *testing.T) {
	m := usFixture(t)
	days := m.Days("SPY.US")
	last, prev := days[len(days)-1], days[len(days)-2]
	for _, source := range []string{"yahoo", "stooq"} {
		t.Run(source, func(t *testing.T) {
			home, srv := fixtureHome(t, m, prev, fmt.Sprintf("[sync.presets.us-sectors]\nmarket = \"us\"\nstart = \"20y\"\nbenchmarks = [\"SPY.US\"]\nsource = %q\ntaxonomy = \"spdr\"\ntickers = [%s]\n",
				source, `"XLB.US=Materials", "XLC.US=Communication Services", "XLE.US=Energy", "XLF.US=Financials", "XLI.US=Industrials", "XLK.US=Technology", "XLP.US=Consumer Staples", "XLRE.US=Real Estate", "XLU.US=Utilities", "XLV.US=Health Care", "XLY.US=Consumer Discretionary"`))
			r := run(t, home, "sync", "--preset", "us-sectors")
			if r.code != 0 {
				t.Fatalf("first sync: exit %d\n%s\n%s", r.code, r.out, r.err)
			}
			rot := run(t, home, "rotation", "--taxonomy", "spdr:1", "--benchmark", "SPY.US", "--asof", market.FormatDate(prev))
			if rot.code != 0 || !strings.Contains(rot.out, "Technology") {
				t.Fatalf("rotation on the synced SPDRs: exit %d\n%s\n%s", rot.code, rot.out, rot.err)
			}
			// A sector report works without members, units, margin or documents:
			// it says what is missing instead of failing.
			rep := run(t, home, "report", "sector", "Technology", "--format", "md")
			if rep.code != 0 || !strings.Contains(rep.out, "# Technology, XLK.US") || !strings.Contains(rep.out, "No shares-outstanding data for the ETFs") {
				t.Fatalf("report on the synced SPDRs: exit %d\n%s\n%s", rep.code, rep.out, rep.err)
			}
			srv.SetThrough(last)
			srv.ResetRequests()
			r = run(t, home, "sync", "--preset", "us-sectors")
			if r.code != 0 {
				t.Fatalf("second sync: exit %d\n%s\n%s", r.code, r.out, r.err)
			}
			if n := len(srv.Requests()); n != 12 {
				t.Errorf("second sync made %d requests, want one per ticker (12)", n)
			}
			if !strings.Contains(r.out, "(12 new rows") {
				t.Errorf("second sync should insert only the new day of each ticker: %s", r.out)
			}
			st := openStore(t, home)
			got, err := st.LastDates(context.Background(), market.DatasetBars, nil)
			if err != nil || len(got) != 12 {
				t.Fatalf("last dates %v %v", got, err)
			}
			for sym, d := range got {
				if !d.Equal(last) {
					t.Errorf("%s ends %s, want %s", sym, market.FormatDate(d), market.FormatDate(last))
				}
			}
		})
	}
}

func TestSyncFeedsStoresItemsAndSendsConditionalGets(t *testing.T) {
	m := usFixture(t)
	days := m.Days("SPY.US")
	feed, err := os.ReadFile(filepath.Join("..", "source", "rss", "testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var conditional []string
	fs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conditional = append(conditional, r.Header.Get("If-None-Match"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write(feed)
	}))
	defer fs.Close()
	home, _ := fixtureHome(t, m, days[len(days)-1], fmt.Sprintf("[sync.presets.us-news]\nmarket = \"us\"\nstart = \"1y\"\nbenchmarks = [\"SPY.US\"]\nsource = \"yahoo\"\ntickers = [\"XLK.US=Technology\"]\nfeeds = [%q]\n", fs.URL+"/feed.xml"))
	r := run(t, home, "sync", "--preset", "us-news")
	if r.code != 0 || !strings.Contains(r.err, "news feeds: 1 tasks") {
		t.Fatalf("first sync: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	search := run(t, home, "docs", "search", "商业航天", "--limit", "3")
	if search.code != 0 || strings.Contains(search.out, "no passages") {
		t.Errorf("the feed's items are not searchable: %d\n%s%s", search.code, search.out, search.err)
	}
	if r = run(t, home, "sync", "--preset", "us-news"); r.code != 0 {
		t.Fatalf("second sync: exit %d\n%s", r.code, r.err)
	}
	if len(conditional) != 2 || conditional[0] != "" || conditional[1] != `"v1"` {
		t.Errorf("If-None-Match sent %q, want none and then the stored ETag", conditional)
	}
}

func TestSyncRecordThenReplay(t *testing.T) {
	m := usFixture(t)
	days := m.Days("SPY.US")
	preset := "[sync.presets.us-small]\nmarket = \"us\"\nstart = \"2025-06-01\"\nbenchmarks = [\"SPY.US\"]\nsource = \"yahoo\"\ntickers = [\"XLK.US=Technology\", \"XLE.US=Energy\"]\n"
	home, srv := fixtureHome(t, m, days[len(days)-1], preset)
	rec := t.TempDir()
	if r := run(t, home, "sync", "--preset", "us-small", "--record", rec); r.code != 0 {
		t.Fatalf("recorded sync: exit %d\n%s", r.code, r.err)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	files, _ := os.ReadDir(filepath.Join(rec, "yahoo"))
	if len(files) != 4 { // index.jsonl and three bodies
		t.Errorf("%d files in the recording, want 4", len(files))
	}
	// Replayed into a fresh store, with the fixture gone, the same data lands.
	fresh, _ := fixtureHome(t, m, days[len(days)-1], preset)
	srv.ResetRequests()
	if r := run(t, fresh, "sync", "--preset", "us-small", "--replay", rec); r.code != 0 {
		t.Fatalf("replayed sync: exit %d\n%s", r.code, r.err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the replay reached the network %d times", n)
	}
	if a, b := datasetSummary(t, home), datasetSummary(t, fresh); a != b {
		t.Errorf("replayed store differs:\n%s\nvs\n%s", b, a)
	}
}

func TestSyncBadInputAndDryRun(t *testing.T) {
	m := usFixture(t)
	days := m.Days("SPY.US")
	home, srv := fixtureHome(t, m, days[len(days)-1], "")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sync", "--preset", "nope"}, `--preset: no preset "nope"`},
		{[]string{"sync", "--preset", "us-sectors", "--since", "yesterday"}, "--since"},
		{[]string{"sync", "--preset", "us-sectors", "--base-url", "bloomberg=http://x"}, "--base-url"},
		{[]string{"sync", "--preset", "us-sectors", "--base-url", "yahoo=ftp://x"}, "base_url"},
		{[]string{"sync", "--preset", "us-sectors", "--record", "a", "--replay", "b"}, "one at a time"},
		{[]string{"sync", "--route", "pigeon"}, "--route"},
	} {
		r := run(t, home, tc.args...)
		if r.code != ExitInvalid || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an input error mentioning %q", tc.args, r.code, r.err, tc.want)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("bad input reached the network %d times", n)
	}
	r := run(t, home, "sync", "--preset", "us-sectors", "--dry-run")
	if r.code != 0 || !strings.Contains(r.out, "bars SPY.US") || !strings.Contains(r.out, "(first fill)") || !strings.Contains(r.out, "nothing fetched or written") {
		t.Errorf("dry run: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("a us dry run made %d requests", n)
	}
	demo, _ := demoHome(t)
	if r := run(t, demo, "sync", "--preset", "us-sectors"); r.code == 0 || !strings.Contains(r.err, "DEMO") {
		t.Errorf("syncing into the demo store: exit %d %s", r.code, r.err)
	}
}
