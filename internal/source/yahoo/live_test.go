//go:build live

// Live tests: they call the real Yahoo service through DefaultTransport and
// run only with `go test -tags live ./internal/source/yahoo`. They assert
// shapes and sane values, never exact prices, and skip (not fail) when the
// network is unreachable. See docs/data-sources.md.

package yahoo

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

func liveClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return New(&http.Client{Transport: DefaultTransport(nil), Timeout: time.Minute}, DefaultOptions()), ctx
}

func TestLiveDaily(t *testing.T) {
	c, ctx := liveClient(t)
	// 2024-01-08..12 is a Monday..Friday with five NYSE sessions.
	from, to := market.Day(2024, 1, 8), market.Day(2024, 1, 12)
	res, err := c.Daily(ctx, "SPY", from, to)
	sourcetest.LiveCheck(t, "Daily SPY", err)
	if res.Symbol != "SPY.US" || res.Currency != "USD" {
		t.Errorf("symbol %s, currency %q", res.Symbol, res.Currency)
	}
	if len(res.Bars) != 5 {
		t.Fatalf("%d bars (skipped %v), want 5", len(res.Bars), res.Skipped)
	}
	for i, b := range res.Bars {
		if b.Symbol != "SPY.US" || b.Date.Before(from) || b.Date.After(to) || i > 0 && !b.Date.After(res.Bars[i-1].Date) {
			t.Errorf("bar %d: %s %s outside the window or out of order", i, b.Symbol, market.FormatDate(b.Date))
		}
		if !(b.Close > 100 && b.Close < 10000) || !(b.High >= b.Low) || !(b.Volume > 1e6) {
			t.Errorf("bar %d: implausible %+v", i, b)
		}
		// SPY has paid dividends since, so Yahoo's adjusted close (rebased
		// to the latest close) is below the traded close of 2024.
		if !(b.AdjFactor > 0.5 && b.AdjFactor < 1) {
			t.Errorf("bar %d: AdjFactor %g, want in (0.5, 1)", i, b.AdjFactor)
		}
	}
}

func TestLiveUnknownSymbol(t *testing.T) {
	c, ctx := liveClient(t)
	_, err := c.Daily(ctx, "NOSUCHTICKERXQZ", market.Day(2024, 1, 8), market.Day(2024, 1, 12))
	if err != nil && sourcetest.Offline(err) {
		t.Skipf("network unreachable, skipping the live test: %v", err)
	}
	if code := sextant.ErrorCode(err); code != sextant.ENOTFOUND {
		t.Errorf("unknown ticker: code %q (%v), want ENOTFOUND", code, err)
	}
}
