package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// DemoSource is the IngestRun.Source of the synthetic demo market.
const DemoSource = "demo"

// statusCols names, per dataset, the column counted as its symbols and its
// observation date column ("" for static datasets).
var statusCols = map[market.Dataset][2]string{
	market.DatasetInstruments:  {"symbol", ""},
	market.DatasetSectors:      {"nullif(index_symbol, '')", ""},
	market.DatasetMembers:      {"symbol", ""},
	market.DatasetBars:         {"symbol", "date"},
	market.DatasetShares:       {"symbol", "date"},
	market.DatasetMargin:       {"symbol", "date"},
	market.DatasetFlows:        {"symbol", "date"},
	market.DatasetFundamentals: {"symbol", "period_end"},
	market.DatasetValuation:    {"symbol", "date"},
}

// Status returns one entry per dataset in market.Datasets order, including
// empty ones. LastIngest and LastRunID describe the run that last changed
// a row of the dataset; Demo is set when any row comes from a demo run (or,
// for instruments, is flagged Demo).
func (s *Store) Status(ctx context.Context) ([]market.DatasetStatus, error) {
	out := make([]market.DatasetStatus, 0, len(market.Datasets))
	for _, d := range market.Datasets {
		st, err := s.datasetStatus(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

func (s *Store) datasetStatus(ctx context.Context, d market.Dataset) (market.DatasetStatus, error) {
	const op = "duckdb.Status"
	t := tableFor(d)
	cols := statusCols[d]
	dateExpr, demoExpr := "NULL::DATE", "false"
	if cols[1] != "" {
		dateExpr = cols[1]
	}
	if d == market.DatasetInstruments {
		demoExpr = "coalesce(bool_or(demo), false)"
	}
	st := market.DatasetStatus{Dataset: d}
	var first, last nullDate
	var lastRun sql.NullInt64
	var demo bool
	q := fmt.Sprintf(`SELECT count(*), count(DISTINCT %s), min(%s), max(%s), max(run_id), %s FROM %s`,
		cols[0], dateExpr, dateExpr, demoExpr, t.name)
	if err := s.db.QueryRowContext(ctx, q).Scan(&st.Rows, &st.Symbols, &first, &last, &lastRun, &demo); err != nil {
		return st, storeError(op, err)
	}
	st.First, st.Last, st.LastRunID, st.Demo = time.Time(first), time.Time(last), lastRun.Int64, demo
	if st.Rows == 0 {
		return st, nil
	}
	var finished sql.NullTime
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(finished_at, started_at) FROM ingest_runs WHERE id = ?`, st.LastRunID).Scan(&finished); err != nil && err != sql.ErrNoRows {
		return st, storeError(op, err)
	}
	if finished.Valid {
		st.LastIngest = finished.Time.UTC()
	}
	err := query(ctx, s.db, op, fmt.Sprintf(`SELECT DISTINCT r.source FROM ingest_runs r
		WHERE r.id IN (SELECT DISTINCT run_id FROM %s) ORDER BY r.source`, t.name), nil,
		func(rows *sql.Rows) error {
			var src string
			err := rows.Scan(&src)
			st.Sources = append(st.Sources, src)
			st.Demo = st.Demo || src == DemoSource
			return err
		})
	return st, err
}

// IngestRuns returns the most recent runs first, at most limit (0 = all).
func (s *Store) IngestRuns(ctx context.Context, limit int) ([]market.IngestRun, error) {
	q := `SELECT id, source, dataset, input, input_hash, started_at, finished_at, rows_offered, inserted, updated, unchanged, note
		FROM ingest_runs ORDER BY id DESC`
	var args []any
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	var out []market.IngestRun
	err := query(ctx, s.db, "duckdb.IngestRuns", q, args, func(rows *sql.Rows) error {
		var r market.IngestRun
		var finished sql.NullTime
		err := rows.Scan(&r.ID, &r.Source, &r.Dataset, &r.Input, &r.InputHash, &r.StartedAt, &finished,
			&r.Rows, &r.Inserted, &r.Updated, &r.Unchanged, &r.Note)
		r.StartedAt = r.StartedAt.UTC()
		if finished.Valid {
			r.FinishedAt = finished.Time.UTC()
		}
		out = append(out, r)
		return err
	})
	return out, err
}
