package analysis

import (
	"context"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Data is every reader the analyses use.
type Data interface {
	Catalog
	market.BarReader
	market.SeriesReader
	market.SeriesMatrixReader
	market.FundamentalReader
}

// DefaultBenchmarks are tried, in order, when a request names none: CSI 300
// for A-share sectors, SPY for US sectors.
var DefaultBenchmarks = []market.Symbol{"000300.SH", "SPY.US"}

// benchmarkFor resolves the requested benchmark, or picks the first default
// that is stored.
func benchmarkFor(ctx context.Context, c SymbolLookup, requested string) (market.Symbol, error) {
	if requested != "" {
		return ResolveSymbol(ctx, c, requested)
	}
	for _, s := range DefaultBenchmarks {
		ok, err := stored(ctx, c, s)
		if err != nil {
			return "", err
		}
		if ok {
			return s, nil
		}
	}
	return "", sextant.Errorf(sextant.EINVALID, "no benchmark given and none of %v is stored; pass --benchmark", DefaultBenchmarks)
}

// tradingAsOf returns the last trading day of sym on or before asOf (zero
// asOf = its latest day).
func tradingAsOf(ctx context.Context, b market.BarReader, sym market.Symbol, asOf time.Time) (time.Time, error) {
	var from time.Time
	if !asOf.IsZero() {
		from = asOf.AddDate(0, 0, -31)
	}
	days, err := b.TradingDays(ctx, sym, from, asOf)
	if err != nil {
		return time.Time{}, err
	}
	if len(days) == 0 {
		if asOf.IsZero() {
			return time.Time{}, sextant.Errorf(sextant.ENOTFOUND, "no bars for %s", sym)
		}
		return time.Time{}, sextant.Errorf(sextant.ENOTFOUND, "no bars for %s in the month before %s", sym, market.FormatDate(asOf))
	}
	return days[len(days)-1], nil
}

// BenchmarkAsOf resolves the benchmark (the requested one, else the first
// stored of DefaultBenchmarks; see benchmarkFor) and the trading
// day the answer is as of (see tradingAsOf).
func BenchmarkAsOf(ctx context.Context, d Data, requested string, asOf time.Time) (market.Symbol, time.Time, error) {
	bench, err := benchmarkFor(ctx, d, requested)
	if err != nil {
		return "", time.Time{}, err
	}
	day, err := tradingAsOf(ctx, d, bench, asOf)
	return bench, day, err
}
