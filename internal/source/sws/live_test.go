//go:build live

// Live tests: they call the real Shenwan site through DefaultTransport and
// run only with `go test -tags live ./internal/source/sws`. They assert
// shapes and sane values, never exact prices, and skip (not fail) when the
// network is unreachable. See docs/data-sources.md.

package sws

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

func liveClient(t *testing.T) (*Client, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	t.Cleanup(cancel)
	return New(&http.Client{Transport: DefaultTransport(nil), Timeout: time.Minute}, ""), ctx
}

func TestLiveIndices(t *testing.T) {
	c, ctx := liveClient(t)
	idx, err := c.Indices(ctx, 1)
	sourcetest.LiveCheck(t, "Indices(1)", err)
	if len(idx) != 31 {
		t.Errorf("%d level-1 indices, want the 31 of Shenwan 2021", len(idx))
	}
	var defense *Index
	for i, x := range idx {
		if !isIndexCode(x.Code) || x.Name == "" || x.Level != 1 || x.Symbol != IndexSymbol(x.Code) {
			t.Errorf("index %d: %+v", i, x)
		}
		if x.Code == "801740" {
			defense = &idx[i]
		}
	}
	if defense == nil || defense.Name != "国防军工" {
		t.Errorf("801740 国防军工 not listed (got %+v)", defense)
	}
}

var liveStock = regexp.MustCompile(`^\d{6}\.(SH|SZ|BJ)$`)

func TestLiveComponents(t *testing.T) {
	c, ctx := liveClient(t)
	cs, err := c.Components(ctx, "801740")
	sourcetest.LiveCheck(t, "Components", err)
	if len(cs) < 30 {
		t.Fatalf("%d constituents of 801740, want dozens", len(cs))
	}
	sum, weighted := 0.0, 0
	for _, x := range cs {
		if !liveStock.MatchString(string(x.Symbol)) || x.Name == "" {
			t.Errorf("constituent %q %q is not a named A-share", x.Symbol, x.Name)
		}
		if !math.IsNaN(x.Weight) {
			sum += x.Weight
			weighted++
		}
	}
	// Weights are fractions: all of them add up to about 1 (100%).
	if weighted == len(cs) && (sum < 0.95 || sum > 1.05) {
		t.Errorf("weights add up to %.3f, want about 1 (percent not divided by 100?)", sum)
	}
}

func TestLiveHistory(t *testing.T) {
	c, ctx := liveClient(t)
	from, to := market.Day(2024, 1, 1), market.Day(2024, 1, 31)
	bars, err := c.History(ctx, "801740", from, to)
	sourcetest.LiveCheck(t, "History", err)
	// January 2024 had 22 trading days (1 January was a holiday).
	if len(bars) != 22 {
		t.Errorf("%d bars in January 2024, want 22", len(bars))
	}
	for i, b := range bars {
		if b.Symbol != "801740.SI" || b.Date.Before(from) || b.Date.After(to) || i > 0 && !b.Date.After(bars[i-1].Date) {
			t.Errorf("bar %d: %s %s outside the window or out of order", i, b.Symbol, market.FormatDate(b.Date))
		}
		if !(b.Close > 100) || !(b.High >= b.Low) {
			t.Errorf("bar %d: implausible prices %+v", i, b)
		}
		// The sector trades tens of billions of yuan and billions of shares
		// a day: these bounds catch a wrong 亿 (1e8) factor, the unit the
		// package doc calls unverified.
		if b.Amount < 1e9 || b.Amount > 1e12 || b.Volume < 1e8 || b.Volume > 1e11 {
			t.Errorf("bar %d %s: amount %g yuan, volume %g shares: outside the plausible range", i, market.FormatDate(b.Date), b.Amount, b.Volume)
		}
	}
}
