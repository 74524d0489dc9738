package analysis

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
)

// scope is what every sector section starts from: the sector, the benchmark
// whose trading days are the rows of every series, and the trading day the
// answer is as of. Nothing dated after AsOf is read.
type scope struct {
	Sector market.Sector
	Bench  market.Symbol
	AsOf   time.Time
}

// resolveScope resolves the sector (ResolveSector), the benchmark and the
// as-of trading day (BenchmarkAsOf).
func resolveScope(ctx context.Context, d Data, sector, taxonomy, benchmark string, asOf time.Time) (scope, error) {
	if sector == "" {
		return scope{}, sextant.Errorf(sextant.EINVALID, "no sector given (a code like 801740, a name like 国防军工 or Defense & Aerospace)")
	}
	sec, err := ResolveSector(ctx, d, sector, taxonomy)
	if err != nil {
		return scope{}, err
	}
	bench, day, err := BenchmarkAsOf(ctx, d, benchmark, asOf)
	if err != nil {
		return scope{}, err
	}
	return scope{Sector: sec, Bench: bench, AsOf: day}, nil
}

// needIndex fails when the sector has no index symbol.
func (s scope) needIndex() error {
	if s.Sector.IndexSymbol == "" {
		return sextant.Errorf(sextant.EINVALID, "sector %s/%s (%s) has no index symbol", s.Sector.Taxonomy, s.Sector.Code, s.Sector.Name)
	}
	return nil
}

// days returns the benchmark's trading days up to the as-of day, at least
// the last n of them when history allows: the read starts 2n + 30 calendar
// days back, which covers n trading days on any exchange calendar with its
// holidays.
func (s scope) days(ctx context.Context, d market.BarReader, n int) ([]time.Time, error) {
	days, err := d.TradingDays(ctx, s.Bench, s.AsOf.AddDate(0, 0, -(2*n+30)), s.AsOf)
	if err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return nil, sextant.Errorf(sextant.ENOTFOUND, "no bars for %s on or before %s", s.Bench, market.FormatDate(s.AsOf))
	}
	return days, nil
}

// demo reports whether the sector index or the benchmark is DEMO data.
func (s scope) demo(ctx context.Context, d market.InstrumentReader) bool {
	for _, sym := range []market.Symbol{s.Sector.IndexSymbol, s.Bench} {
		if sym == "" {
			continue
		}
		if ins, err := d.Instrument(ctx, sym); err == nil && ins.Demo {
			return true
		}
	}
	return false
}

// sectorETFsAsOf returns the ETFs mapped to the sector (sectorETFs: by
// tracked index or theme) that were listed on the as-of day, and notes for
// those left out because they listed later or had delisted.
func sectorETFsAsOf(ctx context.Context, d Data, s scope) ([]market.Instrument, map[market.Symbol]flows.Assignment, []string, error) {
	etfs, assign, err := sectorETFs(ctx, d, s.Sector)
	if err != nil {
		return nil, nil, nil, err
	}
	var out []market.Instrument
	var notes []string
	for _, e := range etfs {
		switch {
		case !e.ListDate.IsZero() && e.ListDate.After(s.AsOf):
			notes = append(notes, fmt.Sprintf("%s listed on %s, after %s: left out", e.Symbol, market.FormatDate(e.ListDate), market.FormatDate(s.AsOf)))
		case !e.DelistAt.IsZero() && !e.DelistAt.After(s.AsOf):
			notes = append(notes, fmt.Sprintf("%s delisted on %s: left out", e.Symbol, market.FormatDate(e.DelistAt)))
		default:
			out = append(out, e)
		}
	}
	return out, assign, notes, nil
}

// readOn reads one bar field of syms over dates and places it on those
// rows (NaN where a symbol has no bar). Nothing after the last date is read.
func readOn(ctx context.Context, d market.BarReader, syms []market.Symbol, dates []time.Time, f market.BarField) (*market.Matrix, error) {
	m, err := d.BarMatrix(ctx, syms, dates[0], dates[len(dates)-1], f)
	if err != nil {
		return nil, err
	}
	return onDates(m, dates), nil
}

// unique drops repeated and empty symbols, keeping the first occurrence.
func unique(syms []market.Symbol) []market.Symbol {
	var out []market.Symbol
	for _, s := range syms {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// column returns the column of s in m, or an all-NaN column.
func column(m *market.Matrix, s market.Symbol) []float64 {
	if c, ok := m.Column(s); ok {
		return c
	}
	return nanColumn(len(m.Dates))
}
