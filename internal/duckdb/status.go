package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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

// Status returns one entry per dataset in market.Datasets order, then one
// for documents, empty ones included. LastIngest and
// LastRunID describe the run that last changed a row of the dataset; Demo
// is set when any row comes from a demo run (or, for instruments and
// documents, is flagged Demo).
func (s *Store) Status(ctx context.Context) ([]market.DatasetStatus, error) {
	out := make([]market.DatasetStatus, 0, len(market.Datasets)+1)
	for _, d := range market.Datasets {
		st, err := s.datasetStatus(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	st, err := s.documentStatus(ctx)
	if err != nil {
		return nil, err
	}
	return append(out, st), nil
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
	q := fmt.Sprintf(`SELECT count(*), count(DISTINCT %s), min(%s), max(%s), max(run_id), %s FROM %s`,
		cols[0], dateExpr, dateExpr, demoExpr, t.name)
	return s.tableStatus(ctx, op, d, t.name, q)
}

// documentStatus describes the documents: rows are documents, symbols the
// distinct linked symbols, first and last the publication days.
func (s *Store) documentStatus(ctx context.Context) (market.DatasetStatus, error) {
	return s.tableStatus(ctx, "duckdb.Status", market.DatasetDocuments, "documents",
		`SELECT count(*), (SELECT count(DISTINCT s) FROM (SELECT unnest(symbols) AS s FROM documents)),
		min(published_at), max(published_at), max(run_id), coalesce(bool_or(demo), false) FROM documents`)
}

// tableStatus runs q (rows, symbols, first, last, last run, demo) and adds
// the last run's finish time and the sources of the runs in table.
func (s *Store) tableStatus(ctx context.Context, op string, d market.Dataset, table, q string) (market.DatasetStatus, error) {
	st := market.DatasetStatus{Dataset: d}
	var first, last nullDate
	var lastRun sql.NullInt64
	var demo bool
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
		WHERE r.id IN (SELECT DISTINCT run_id FROM %s) ORDER BY r.source`, table), nil,
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
	q := `SELECT ` + runCols + ` FROM ingest_runs ORDER BY id DESC`
	var args []any
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	return s.runs(ctx, "duckdb.IngestRuns", q, args)
}

const runCols = `id, source, dataset, input, input_hash, started_at, finished_at, rows_offered, inserted, updated, unchanged, note`

// runs reads ingest runs (runCols) selected by q.
func (s *Store) runs(ctx context.Context, op, q string, args []any) ([]market.IngestRun, error) {
	var out []market.IngestRun
	err := query(ctx, s.db, op, q, args, func(rows *sql.Rows) error {
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

// SourceRuns summarises ingest_runs per source and dataset; failed runs are
// those whose note starts with market.FailedNote.
func (s *Store) SourceRuns(ctx context.Context) ([]market.SourceRun, error) {
	const failed = `starts_with(note, '` + market.FailedNote + `')`
	q := `SELECT source, dataset, count(*),
		max(coalesce(finished_at, started_at)) FILTER (WHERE NOT ` + failed + `),
		max(coalesce(finished_at, started_at)) FILTER (WHERE ` + failed + `),
		arg_max(note, id) FILTER (WHERE ` + failed + `)
		FROM ingest_runs GROUP BY 1, 2 ORDER BY 1, 2`
	var out []market.SourceRun
	err := query(ctx, s.db, "duckdb.SourceRuns", q, nil, func(rows *sql.Rows) error {
		var r market.SourceRun
		var ok, bad sql.NullTime
		var note sql.NullString
		if err := rows.Scan(&r.Source, &r.Dataset, &r.Runs, &ok, &bad, &note); err != nil {
			return err
		}
		if ok.Valid {
			r.LastOK = ok.Time.UTC()
		}
		if bad.Valid {
			r.LastFailed = bad.Time.UTC()
			r.Error = strings.TrimPrefix(note.String, market.FailedNote)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}
