package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/fixture"
)

const faultPreset = `
[sync.presets.cn-small]
market = "cn"
start = "1y"
daily_start = "8d"
benchmarks = ["000300.SH"]
sw_levels = [1]
margin = true
etfs = ["512660.SH=801740", "159638.SZ=801740"]
`

// faultSources shortens timeouts and retries so that faults resolve fast.
const faultSources = "timeout = \"1s\"\nattempts = 2\n"

// TestSyncSurvivesFaultsAndResumes injects each way a source breaks into
// one source's task requests: the sync reports the failed tasks naming the
// source and the cause, writes everything else, and the next run completes
// the store. A single 429 with Retry-After is waited out within the run.
func TestSyncSurvivesFaultsAndResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo market and syncs it many times")
	}
	m := demoFixture(t)
	us := usFixture(t)
	days := m.Days("000300.SH")
	through := days[len(days)-1]
	usDays := us.Days("SPY.US")
	cases := []struct {
		name   string
		preset string
		fault  fixture.Fault
		ok     bool     // the first run succeeds anyway
		want   []string // in the first run's error output
		plan   bool     // the fault hits a stage's planning (no task, no run recorded)
	}{
		{"sws index list down (planning)", "cn-small", fixture.Fault{Path: "/sws/institute-sw/api/index_publish/current/", Kind: fixture.Fault500, Times: 1000}, false, []string{"failed: plan sw2021 level 1: sws: HTTP 500"}, true},
		{"eastmoney 429 with Retry-After", "cn-small", fixture.Fault{Path: "/eastmoney/api/qt/stock/kline/get", Kind: fixture.Fault429, Times: 1, RetryAfter: time.Second}, true, nil, false},
		{"eastmoney 500", "cn-small", fixture.Fault{Path: "/eastmoney/api/qt/stock/kline/get", Kind: fixture.Fault500, Times: 1000}, false, []string{"eastmoney", "500"}, false},
		{"eastmoney timeout", "cn-small", fixture.Fault{Path: "/eastmoney/api/qt/stock/kline/get", Kind: fixture.FaultTimeout, Times: 1000, Hold: 3 * time.Second}, false, []string{"eastmoney", "timed out"}, false},
		{"sws HTML error page", "cn-small", fixture.Fault{Path: "/sws/institute-sw/api/index_publish/trend/", Kind: fixture.FaultHTML, Times: 1000}, false, []string{"sws", "HTML"}, false},
		{"sws renamed field", "cn-small", fixture.Fault{Path: "/sws/institute-sw/api/index_publish/trend/", Kind: fixture.FaultRenamed, Field: "closeindex", Times: 1000}, false, []string{"sws", "closeindex"}, false},
		{"sse truncated body", "cn-small", fixture.Fault{Path: "/sse/", Kind: fixture.FaultTruncated, Times: 1000}, false, []string{"sse"}, false},
		{"szse 500", "cn-small", fixture.Fault{Path: "/szse/", Kind: fixture.Fault500, Times: 1000}, false, []string{"szse", "500"}, false},
		{"yahoo ban (403)", "us-sectors", fixture.Fault{Path: "/yahoo/", Kind: fixture.Fault403, Times: 1000}, false, []string{"yahoo", "skipped"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mk, last := m, through
			if tc.preset == "us-sectors" {
				mk, last = us, usDays[len(usDays)-1]
			}
			home, srv := fixtureHome(t, mk, last, faultPreset, faultSources)
			srv.Inject(tc.fault)
			r := run(t, home, "sync", "--preset", tc.preset)
			if tc.ok {
				if r.code != 0 {
					t.Fatalf("the sync should wait out one 429: exit %d\n%s", r.code, r.err)
				}
			} else {
				if r.code == 0 {
					t.Fatalf("a broken source should fail the sync\n%s\n%s", r.out, r.err)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.err, w) {
						t.Errorf("error output lacks %q:\n%s", w, r.err)
					}
				}
				if !strings.Contains(r.err, "run sync again") {
					t.Errorf("error output does not say how to resume:\n%s", r.err)
				}
				if ds := run(t, home, "data", "status"); !tc.plan && !strings.Contains(ds.out, "FAILING: ") {
					t.Errorf("data status does not show the failing source:\n%s", ds.out)
				}
			}
			srv.ResetFaults()
			r = run(t, home, "sync", "--preset", tc.preset)
			if r.code != 0 {
				t.Fatalf("the next sync should complete the store: exit %d\n%s\n%s", r.code, r.out, r.err)
			}
			complete(t, home, tc.preset, last)
			if ds := run(t, home, "data", "status"); strings.Contains(ds.out, "FAILING") || !tc.ok && !tc.plan && !strings.Contains(ds.out, "recovered") {
				t.Errorf("after the resumed sync data status should show the source recovered:\n%s", ds.out)
			}
		})
	}
}

// complete checks that every daily dataset of the preset reaches last.
func complete(t *testing.T, home, preset string, last time.Time) {
	t.Helper()
	st := openStore(t, home)
	ctx := context.Background()
	checks := map[market.Dataset][]market.Symbol{market.DatasetBars: {"SPY.US", "XLK.US"}}
	if preset == "cn-small" {
		checks = map[market.Dataset][]market.Symbol{
			market.DatasetBars:   {"000300.SH", "801740.SI", "801750.SI", "512660.SH", "159638.SZ"},
			market.DatasetShares: {"512660.SH", "159638.SZ"},
			market.DatasetMargin: {market.MarketTotal("SH"), market.MarketTotal("SZ")},
		}
	}
	for ds, syms := range checks {
		got, err := st.LastDates(ctx, ds, syms)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range syms {
			if d, ok := got[s]; !ok || !d.Equal(last) {
				t.Errorf("%s of %s reaches %s, want %s", ds, s, market.FormatDate(d), market.FormatDate(last))
			}
		}
	}
}
