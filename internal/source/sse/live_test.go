//go:build live

// Live tests: they call the real SSE service through DefaultTransport and
// run only with `go test -tags live ./internal/source/sse`. They assert
// shapes and sane values, never exact figures, and skip (not fail) when the
// network is unreachable. See docs/data-sources.md.

package sse

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/source/sourcetest"

	"github.com/sextant-ai/sextant/internal/market"
)

func liveClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	return New(&http.Client{Transport: DefaultTransport(nil), Timeout: time.Minute}, ""), ctx
}

func TestLiveMargin(t *testing.T) {
	c, ctx := liveClient(t)
	day, total := sourcetest.LiveDay(t, "MarginTotal", func(d time.Time) ([]market.Margin, error) { return c.MarginTotal(ctx, d, d) })
	if len(total) != 1 || total[0].Symbol != market.MarketTotal(market.VenueSH) || !total[0].Date.Equal(day) {
		t.Fatalf("totals of %s: %+v, want one ALL.SH row", market.FormatDate(day), total)
	}
	// Shanghai's financing balance is hundreds of billions of yuan.
	if fb := total[0].FinBalance; !(fb > 1e11 && fb < 1e13) {
		t.Errorf("ALL.SH financing balance %g yuan is implausible", fb)
	}
	detail, err := c.MarginDetail(ctx, day)
	sourcetest.LiveCheck(t, "MarginDetail", err)
	if len(detail) < 500 {
		t.Fatalf("%d margin securities on %s, want about 1,900", len(detail), market.FormatDate(day))
	}
	sum := 0.0
	for _, m := range detail {
		if m.Symbol.Venue() != market.VenueSH || !m.Date.Equal(day) || m.FinBalance < 0 {
			t.Errorf("detail row %+v", m)
		}
		if !math.IsNaN(m.FinBalance) {
			sum += m.FinBalance
		}
	}
	// The detail covers every margin security, so it adds up to about the total.
	if r := sum / total[0].FinBalance; r < 0.9 || r > 1.1 {
		t.Errorf("detail financing balances add up to %.3f of the total", r)
	}
}

func TestLiveETFShares(t *testing.T) {
	c, ctx := liveClient(t)
	day, rows := sourcetest.LiveDay(t, "ETFShares", func(d time.Time) ([]ETFShare, error) { return c.ETFShares(ctx, d) })
	if len(rows) < 100 {
		t.Errorf("%d Shanghai ETFs on %s, want hundreds", len(rows), market.FormatDate(day))
	}
	found := false
	for _, r := range rows {
		if r.Symbol.Venue() != market.VenueSH || !r.Date.Equal(day) || !(r.Shares > 0) || !math.IsNaN(r.NAV) {
			t.Errorf("row %+v", r)
		}
		if r.Symbol == "510300.SH" {
			found = true
			// 510300 has tens of billions of units: 万份 converted to units.
			if r.Shares < 1e9 {
				t.Errorf("510300.SH has %g units, want billions (万份 not converted?)", r.Shares)
			}
		}
	}
	if !found {
		t.Error("510300.SH is not in the report")
	}
}
