//go:build live

// Live tests: they call a real AKTools server (and through it the upstream
// sites) and run only with `go test -tags live ./internal/source/aktools`
// when SEXTANT_AKTOOLS_URL names the server (http://127.0.0.1:8080);
// SEXTANT_AKTOOLS_TOKEN, when set, is sent as its bearer token. They assert
// shapes and sane values, never exact prices, and skip (not fail) when the
// server or the network is unreachable. See docs/data-sources.md.

package aktools

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"

	"github.com/sextant-ai/sextant/internal/market"
)

func liveClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	base := strings.TrimSpace(os.Getenv("SEXTANT_AKTOOLS_URL"))
	if base == "" {
		t.Skip("SEXTANT_AKTOOLS_URL is not set: no AKTools server to test against")
	}
	opts := DefaultTransportOptionsFor(base)
	opts.Token = os.Getenv("SEXTANT_AKTOOLS_TOKEN")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return New(&http.Client{Transport: NewTransport(nil, opts), Timeout: 2 * time.Minute}, base), ctx
}

// liveFrom..liveTo is a past Monday..Friday with five Shanghai and Shenzhen
// trading days (2024-01-08..12).
var liveFrom, liveTo = market.Day(2024, 1, 8), market.Day(2024, 1, 12)

func liveBars(t *testing.T, what string, sym market.Symbol, bars []market.Bar) {
	t.Helper()
	if len(bars) != 5 {
		t.Fatalf("%s: %d bars, want 5", what, len(bars))
	}
	for i, b := range bars {
		if b.Symbol != sym || b.Date.Before(liveFrom) || b.Date.After(liveTo) || i > 0 && !b.Date.After(bars[i-1].Date) {
			t.Errorf("%s bar %d: %s %s outside the window or out of order", what, i, b.Symbol, market.FormatDate(b.Date))
		}
		if !(b.Close > 0) || !(b.High >= b.Low) || !(b.Volume > 0) || !(b.Amount > 0) || b.AdjFactor != 1 {
			t.Errorf("%s bar %d: implausible %+v", what, i, b)
		}
	}
}

func TestLiveStockAndIndexBars(t *testing.T) {
	c, ctx := liveClient(t)
	stock, err := c.StockBars(ctx, "600519.SH", "", liveFrom, liveTo)
	sourcetest.LiveCheck(t, "StockBars", err)
	liveBars(t, "stock_zh_a_hist", "600519.SH", stock)
	for i, b := range stock {
		// Amount in yuan over volume in shares is about the price.
		if vwap := b.Amount / b.Volume; vwap < b.Low*0.9 || vwap > b.High*1.1 {
			t.Errorf("bar %d: amount/volume %.2f outside %.2f..%.2f (lots not converted?)", i, vwap, b.Low, b.High)
		}
	}
	index, err := c.IndexBars(ctx, "000300.SH", liveFrom, liveTo)
	sourcetest.LiveCheck(t, "IndexBars", err)
	liveBars(t, "index_zh_a_hist", "000300.SH", index)
}

func TestLiveSWIndices(t *testing.T) {
	c, ctx := liveClient(t)
	secs, err := c.SWIndices(ctx, 1)
	sourcetest.LiveCheck(t, "SWIndices", err)
	if len(secs) != 31 {
		t.Errorf("%d level-1 industries, want 31", len(secs))
	}
	found := false
	for _, s := range secs {
		found = found || s.Code == "801740"
	}
	if !found {
		t.Error("801740 is not listed")
	}
}

func TestLiveMarginTotal(t *testing.T) {
	c, ctx := liveClient(t)
	to := market.DayOf(time.Now())
	from := to.AddDate(0, 0, -14)
	rows, err := c.MarginTotal(ctx, "SH", from, to)
	sourcetest.LiveCheck(t, "MarginTotal SH", err)
	if len(rows) < 3 {
		t.Fatalf("%d days of ALL.SH margin totals in two weeks", len(rows))
	}
	for _, m := range rows {
		if m.Symbol != "ALL.SH" || m.Date.Before(from) || m.Date.After(to) || !(m.FinBalance > 1e11 && m.FinBalance < 1e13) {
			t.Errorf("implausible total %+v", m)
		}
	}
}
