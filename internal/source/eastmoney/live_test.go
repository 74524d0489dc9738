//go:build live

// Live tests: they call the real Eastmoney hosts through DefaultTransport and
// run only with `go test -tags live ./internal/source/eastmoney`. They assert
// shapes and sane values, never exact prices, and skip (not fail) when the
// network is unreachable. See docs/data-sources.md.

package eastmoney

import (
	"context"
	"math"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"

	"github.com/sextant-ai/sextant/internal/market"
)

// liveFrom..liveTo is a past Monday..Friday with five Shanghai and Shenzhen trading
// days (2024-01-08..12).
var liveFrom, liveTo = market.Day(2024, 1, 8), market.Day(2024, 1, 12)

func liveClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return New(&http.Client{Transport: DefaultTransport(nil), Timeout: time.Minute}, ""), ctx
}

func TestLiveKlines(t *testing.T) {
	c, ctx := liveClient(t)
	sym := market.Symbol("600519.SH")
	raw, err := c.Klines(ctx, sym, AdjustNone, liveFrom, liveTo)
	sourcetest.LiveCheck(t, "Klines none", err)
	if len(raw) != 5 {
		t.Fatalf("%d bars for %s..%s, want 5 (one per trading day)", len(raw), market.FormatDate(liveFrom), market.FormatDate(liveTo))
	}
	for i, b := range raw {
		if b.Symbol != sym || b.Date.Before(liveFrom) || b.Date.After(liveTo) || i > 0 && !b.Date.After(raw[i-1].Date) {
			t.Errorf("bar %d: %s %s outside the window or out of order", i, b.Symbol, market.FormatDate(b.Date))
		}
		if !(b.Close > 0) || !(b.High >= b.Low) || !(b.Volume > 0) || !(b.Amount > 0) || b.AdjFactor != 1 {
			t.Errorf("bar %d: implausible %+v", i, b)
		}
		// Amount is in yuan and volume in shares: their ratio is about the price.
		if vwap := b.Amount / b.Volume; vwap < b.Low*0.9 || vwap > b.High*1.1 {
			t.Errorf("bar %d: amount/volume %.2f is not within the day's range %.2f..%.2f (lots not converted to shares?)", i, vwap, b.Low, b.High)
		}
		if math.IsNaN(b.Turnover) || b.Turnover <= 0 || b.Turnover > 0.2 {
			t.Errorf("bar %d: turnover %g is not a small fraction", i, b.Turnover)
		}
	}
	adj, err := c.Klines(ctx, sym, AdjustBackward, liveFrom, liveTo)
	sourcetest.LiveCheck(t, "Klines backward", err)
	if len(adj) != len(raw) {
		t.Fatalf("%d back-adjusted bars, %d unadjusted", len(adj), len(raw))
	}
	for i := range adj {
		// Moutai has paid dividends every year since listing, so its
		// back-adjusted closes are above the traded ones.
		if !adj[i].Date.Equal(raw[i].Date) || !(adj[i].Close > raw[i].Close) {
			t.Errorf("day %s: back-adjusted close %.2f is not above the traded %.2f", market.FormatDate(raw[i].Date), adj[i].Close, raw[i].Close)
		}
	}
}

var boardCode = regexp.MustCompile(`^BK\d{4}\.EM$`)
var stockCode = regexp.MustCompile(`^\d{6}\.(SH|SZ|BJ)$`)

func TestLiveBoardsAndMembers(t *testing.T) {
	c, ctx := liveClient(t)
	boards, err := c.Boards(ctx, BoardIndustry)
	sourcetest.LiveCheck(t, "Boards", err)
	if len(boards) < 30 {
		t.Fatalf("%d industry boards, want dozens", len(boards))
	}
	pick := boards[0]
	for _, b := range boards {
		if !boardCode.MatchString(string(b.Symbol)) || b.Name == "" {
			t.Errorf("board %q %q is not a named BKnnnn.EM", b.Symbol, b.Name)
		}
		if b.Symbol == "BK0480.EM" {
			pick = b
		}
	}
	t.Logf("%d industry boards; members of %s %s", len(boards), pick.Symbol, pick.Name)
	members, err := c.BoardMembers(ctx, pick.Symbol)
	sourcetest.LiveCheck(t, "BoardMembers", err)
	if len(members) == 0 {
		t.Fatalf("board %s has no members", pick.Symbol)
	}
	for _, m := range members {
		if !stockCode.MatchString(string(m.Symbol)) || m.Name == "" {
			t.Errorf("member %q %q is not a named A-share", m.Symbol, m.Name)
		}
	}
}

func TestLiveETFs(t *testing.T) {
	c, ctx := liveClient(t)
	etfs, err := c.ETFs(ctx)
	sourcetest.LiveCheck(t, "ETFs", err)
	found := false
	for _, e := range etfs {
		if v := e.Symbol.Venue(); v != market.VenueSH && v != market.VenueSZ {
			t.Errorf("ETF %s is on neither exchange", e.Symbol)
		}
		found = found || e.Symbol == "510300.SH"
	}
	if len(etfs) < 100 || !found {
		t.Errorf("%d ETFs, 510300.SH listed: %t; want hundreds including it", len(etfs), found)
	}
}

func TestLiveFlows(t *testing.T) {
	c, ctx := liveClient(t)
	sym := market.Symbol("600519.SH")
	to := market.DayOf(time.Now())
	from := to.AddDate(0, 0, -30)
	flows, err := c.Flows(ctx, sym, from, to)
	sourcetest.LiveCheck(t, "Flows", err)
	if len(flows) < 5 {
		t.Fatalf("%d days of flows in the last 30 days, want at least 5", len(flows))
	}
	for i, f := range flows {
		if f.Symbol != sym || f.Date.Before(from) || f.Date.After(to) || i > 0 && !f.Date.After(flows[i-1].Date) {
			t.Errorf("flow %d: %s %s outside the window or out of order", i, f.Symbol, market.FormatDate(f.Date))
		}
		// Moutai trades billions of yuan a day; a main-force net flow in
		// yuan is far above 1,000 and far below a trillion.
		if a := math.Abs(f.MainNet); math.IsNaN(f.MainNet) || a > 1e12 {
			t.Errorf("flow %d: main net %g yuan is implausible", i, f.MainNet)
		}
	}
}
