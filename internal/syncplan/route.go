package syncplan

import (
	"context"
	"time"

	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
)

// Named is a code or symbol with its name.
type Named struct {
	Symbol market.Symbol
	Code   string
	Name   string
}

// Constituent is one member of a sector or board in a snapshot.
type Constituent struct {
	ingest.Member
	Name string
}

// CN is how a cn preset reaches the A-share datasets. Direct and AKTools
// implement it; Source names the source of each kind of call for ingest
// runs and progress.
type CN interface {
	// Source names the source behind a kind of call ("sw", "bars",
	// "boards", "flows", "etfs", and per exchange "shares:SH", "margin:SZ").
	Source(kind string) string
	// SharesHistory reports whether ETFShares can answer past days of an
	// exchange (else only the latest trading day is asked for).
	SharesHistory(exchange string) bool
	SWIndices(ctx context.Context, level int) ([]Named, error)
	SWComponents(ctx context.Context, code string) ([]Constituent, error)
	SWHistory(ctx context.Context, code string, from, to time.Time) ([]market.Bar, error)
	// Bars are unadjusted daily bars with AdjFactor from back-adjusted
	// prices (indices: 1).
	Bars(ctx context.Context, in market.Instrument, from, to time.Time) ([]market.Bar, error)
	Boards(ctx context.Context) ([]Named, error)
	BoardMembers(ctx context.Context, board Named) ([]Constituent, error)
	BoardBars(ctx context.Context, board Named, from, to time.Time) ([]market.Bar, error)
	Flows(ctx context.Context, sym market.Symbol, board *Named, from, to time.Time) ([]market.CapitalFlow, error)
	ETFs(ctx context.Context) ([]Named, error)
	// MarginHistory reads one stock's margin history; routes without it
	// answer false from MarginByStock and member margin comes from the
	// exchanges' per-day detail instead.
	MarginByStock() bool
	MarginHistory(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Margin, error)
	// ETFShares, MarginDetail and MarginTotal read one trading day's
	// disclosure of an exchange ("SH" or "SZ").
	ETFShares(ctx context.Context, exchange string, day time.Time) ([]market.FundShares, error)
	MarginDetail(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error)
	MarginTotal(ctx context.Context, exchange string, day time.Time) ([]market.Margin, error)
}

// withFactors joins unadjusted bars with back-adjusted closes of the same
// days: AdjFactor = adjusted close / close (1 where a day is missing).
func withFactors(raw, adjusted []market.Bar) []market.Bar {
	adj := make(map[time.Time]float64, len(adjusted))
	for _, b := range adjusted {
		adj[b.Date] = b.Close
	}
	out := make([]market.Bar, len(raw))
	for i, b := range raw {
		b.AdjFactor = 1
		if a, ok := adj[b.Date]; ok && b.Close > 0 && a > 0 {
			b.AdjFactor = a / b.Close
		}
		out[i] = b
	}
	return out
}
