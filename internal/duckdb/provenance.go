package duckdb

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// InputRuns returns the ingest runs that last wrote the rows of dataset d
// for symbols (nil = all) observed in [from, to] (zero bounds are open),
// sorted by id: the distinct run_id of the matching rows joined to
// ingest_runs. See market.ProvenanceReader for which date each dataset is
// observed on.
func (s *Store) InputRuns(ctx context.Context, d market.Dataset, symbols []market.Symbol, from, to time.Time) ([]market.IngestRun, error) {
	const op = "duckdb.InputRuns"
	var w where
	var table string
	switch {
	case d == market.DatasetDocuments:
		table = "documents"
		if symbols != nil {
			w.add("list_has_any(symbols, ?::VARCHAR[])", symbolStrings(symbols))
		}
		if !from.IsZero() {
			w.add("published_at >= ?", market.DayOf(from))
		}
		if !to.IsZero() {
			w.add("published_at < ?", market.DayOf(to).AddDate(0, 0, 1))
		}
	case d == market.DatasetMembers:
		table = "memberships"
		w.symbols("symbol", symbols)
		if !to.IsZero() {
			w.add("from_date <= ?", market.DayOf(to))
		}
		if !from.IsZero() {
			w.add("(to_date IS NULL OR to_date > ?)", market.DayOf(from))
		}
	case slices.Contains(market.Datasets, d):
		t, cols := tableFor(d), statusCols[d]
		table = t.name
		w.symbols(cols[0], symbols)
		if cols[1] != "" {
			w.dates(cols[1], from, to)
		}
	default:
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "unknown dataset " + string(d)}
	}
	return s.runs(ctx, op, `SELECT `+runCols+` FROM ingest_runs
		WHERE id IN (SELECT DISTINCT run_id FROM `+table+w.String()+`) ORDER BY id`, w.args)
}

// LastDates returns each symbol's last observation date in a dated dataset.
func (s *Store) LastDates(ctx context.Context, d market.Dataset, symbols []market.Symbol) (map[market.Symbol]time.Time, error) {
	const op = "duckdb.LastDates"
	cols, ok := statusCols[d]
	if !ok || cols[1] == "" || d == market.DatasetFundamentals {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "no observation dates in dataset " + string(d)}
	}
	if symbols != nil && len(symbols) == 0 {
		return map[market.Symbol]time.Time{}, nil
	}
	var w where
	w.symbols(cols[0], symbols)
	out := map[market.Symbol]time.Time{}
	q := `SELECT ` + cols[0] + `, max(` + cols[1] + `) FROM ` + tableFor(d).name + w.String() + ` GROUP BY 1`
	err := query(ctx, s.db, op, q, w.args, func(rows *sql.Rows) error {
		var sym string
		var last time.Time
		err := rows.Scan(&sym, &last)
		out[market.Symbol(sym)] = market.DayOf(last)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
