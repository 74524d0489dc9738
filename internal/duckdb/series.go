package duckdb

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// series reads (symbol, date, value columns…) of a per-day table for the
// given symbols (nil = all) in [from, to], sorted by symbol then date, and
// calls row with the floats (NULL as NaN) of each row.
func (s *Store) series(ctx context.Context, op, tableName string, cols []string, symbols []market.Symbol, from, to time.Time,
	row func(sym market.Symbol, day time.Time, v []float64)) error {
	var w where
	w.symbols("symbol", symbols)
	w.dates("date", from, to)
	q := "SELECT symbol, date, " + strings.Join(cols, ", ") + " FROM " + tableName + w.String() + " ORDER BY symbol, date"
	vals := make([]nullFloat, len(cols))
	dst := make([]any, len(cols)+2)
	for i := range vals {
		dst[i+2] = &vals[i]
	}
	fs := make([]float64, len(cols))
	return query(ctx, s.db, op, q, w.args, func(rows *sql.Rows) error {
		var sym market.Symbol
		var day time.Time
		dst[0], dst[1] = &sym, &day
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		for i, v := range vals {
			fs[i] = float64(v)
		}
		row(sym, market.DayOf(day), fs)
		return nil
	})
}

// Bars returns one symbol's bars in [from, to] (zero bounds are open), sorted by date.
func (s *Store) Bars(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	var out []market.Bar
	err := s.series(ctx, "duckdb.Bars", "bars", tableFor(market.DatasetBars).cols, []market.Symbol{sym}, from, to,
		func(sym market.Symbol, day time.Time, v []float64) {
			out = append(out, market.Bar{Symbol: sym, Date: day, Open: v[0], High: v[1], Low: v[2], Close: v[3],
				Volume: v[4], Amount: v[5], Turnover: v[6], AdjFactor: v[7]})
		})
	return out, err
}

// TradingDays returns the dates on which sym has a bar in [from, to].
func (s *Store) TradingDays(ctx context.Context, sym market.Symbol, from, to time.Time) ([]time.Time, error) {
	var w where
	w.add("symbol = ?", string(sym))
	w.dates("date", from, to)
	var out []time.Time
	err := query(ctx, s.db, "duckdb.TradingDays", "SELECT date FROM bars"+w.String()+" ORDER BY date", w.args,
		func(rows *sql.Rows) error {
			var d time.Time
			err := rows.Scan(&d)
			out = append(out, market.DayOf(d))
			return err
		})
	return out, err
}

// FundShares returns fund units and NAV, sorted by symbol then date.
func (s *Store) FundShares(ctx context.Context, symbols []market.Symbol, from, to time.Time) ([]market.FundShares, error) {
	var out []market.FundShares
	err := s.series(ctx, "duckdb.FundShares", "fund_shares", tableFor(market.DatasetShares).cols, symbols, from, to,
		func(sym market.Symbol, day time.Time, v []float64) {
			out = append(out, market.FundShares{Symbol: sym, Date: day, Shares: v[0], NAV: v[1]})
		})
	return out, err
}

// Margin returns margin data, sorted by symbol then date.
func (s *Store) Margin(ctx context.Context, symbols []market.Symbol, from, to time.Time) ([]market.Margin, error) {
	var out []market.Margin
	err := s.series(ctx, "duckdb.Margin", "margin", tableFor(market.DatasetMargin).cols, symbols, from, to,
		func(sym market.Symbol, day time.Time, v []float64) {
			out = append(out, market.Margin{Symbol: sym, Date: day, FinBalance: v[0], FinBuy: v[1], FinRepay: v[2], SecBalance: v[3]})
		})
	return out, err
}

// Flows returns capital flows, sorted by symbol then date.
func (s *Store) Flows(ctx context.Context, symbols []market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	var out []market.CapitalFlow
	err := s.series(ctx, "duckdb.Flows", "capital_flows", tableFor(market.DatasetFlows).cols, symbols, from, to,
		func(sym market.Symbol, day time.Time, v []float64) {
			out = append(out, market.CapitalFlow{Symbol: sym, Date: day, MainNet: v[0], SuperNet: v[1], LargeNet: v[2], MediumNet: v[3], SmallNet: v[4]})
		})
	return out, err
}

// Valuations returns daily valuations, sorted by symbol then date.
func (s *Store) Valuations(ctx context.Context, symbols []market.Symbol, from, to time.Time) ([]market.Valuation, error) {
	var out []market.Valuation
	err := s.series(ctx, "duckdb.Valuations", "valuations", tableFor(market.DatasetValuation).cols, symbols, from, to,
		func(sym market.Symbol, day time.Time, v []float64) {
			out = append(out, market.Valuation{Symbol: sym, Date: day, PETTM: v[0], PB: v[1], TotalMV: v[2], FloatMV: v[3]})
		})
	return out, err
}
