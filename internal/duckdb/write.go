package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// cancelCheckRows is how often (in rows) appending checks ctx.
const cancelCheckRows = 1 << 16

// Write stores b in one transaction as idempotent upserts and records run
// as an ingest run (its ID is assigned here; zero StartedAt, FinishedAt,
// Rows and Dataset are filled in). See the package doc for the strategy.
// Counts are per distinct key: a row superseded by a later row with the
// same key in b is not counted; taxonomies count under the sectors
// dataset. On error nothing is written and the error is a *sextant.Error.
func (s *Store) Write(ctx context.Context, run market.IngestRun, b *market.Batch) (market.WriteResult, error) {
	const op = "duckdb.Write"
	if s.opts.ReadOnly {
		return market.WriteResult{}, &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the store is open read-only"}
	}
	if b == nil {
		b = &market.Batch{}
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return market.WriteResult{}, storeError(op, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return market.WriteResult{}, storeError(op, err)
	}
	res, err := s.writeTx(ctx, conn, run, b)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return res, nil
		}
	}
	// A background context: the rollback must run even when ctx is cancelled.
	if _, rbErr := conn.ExecContext(context.Background(), "ROLLBACK"); rbErr != nil {
		// The connection is in an unknown state: make the pool discard it.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return market.WriteResult{}, storeError(op, err)
}

// writeTx does the work of Write inside the open transaction.
func (s *Store) writeTx(ctx context.Context, conn *sql.Conn, run market.IngestRun, b *market.Batch) (market.WriteResult, error) {
	if run.StartedAt.IsZero() {
		run.StartedAt = time.Now().UTC()
	}
	if run.Rows == 0 {
		run.Rows = b.Len()
	}
	if run.Dataset == "" {
		run.Dataset = batchDataset(b)
	}
	if err := conn.QueryRowContext(ctx, "SELECT nextval('ingest_run_seq')").Scan(&run.ID); err != nil {
		return market.WriteResult{}, err
	}
	res := market.WriteResult{RunID: run.ID, ByDataset: map[market.Dataset]market.WriteCounts{}}
	for _, t := range tables {
		n, fill := t.rows(b)
		if n == 0 {
			continue
		}
		c, err := upsert(ctx, conn, t, n, fill, run.ID)
		if err != nil {
			return market.WriteResult{}, fmt.Errorf("%s: %w", t.name, err)
		}
		sum := res.ByDataset[t.dataset]
		sum.Inserted += c.Inserted
		sum.Updated += c.Updated
		sum.Unchanged += c.Unchanged
		res.ByDataset[t.dataset] = sum
		res.Inserted += c.Inserted
		res.Updated += c.Updated
		res.Unchanged += c.Unchanged
	}
	run.Inserted, run.Updated, run.Unchanged = res.Inserted, res.Updated, res.Unchanged
	if run.FinishedAt.IsZero() {
		run.FinishedAt = time.Now().UTC()
	}
	_, err := conn.ExecContext(ctx, `INSERT INTO ingest_runs (id, source, dataset, input, input_hash, started_at, finished_at,
		rows_offered, inserted, updated, unchanged, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		run.ID, run.Source, run.Dataset, run.Input, run.InputHash, run.StartedAt.UTC(), run.FinishedAt.UTC(),
		run.Rows, run.Inserted, run.Updated, run.Unchanged, run.Note)
	return res, err
}

// batchDataset names the dataset of a batch with one kind of rows, else "mixed".
func batchDataset(b *market.Batch) string {
	var found []market.Dataset
	for _, t := range tables {
		if n, _ := t.rows(b); n > 0 && (len(found) == 0 || found[len(found)-1] != t.dataset) {
			found = append(found, t.dataset)
		}
	}
	switch len(found) {
	case 0:
		return "empty"
	case 1:
		return string(found[0])
	}
	return "mixed"
}

// upsert loads n rows into a temp staging table through the Appender, keeps
// the last row of each key, updates the stored rows whose values differ,
// inserts the new keys and counts what happened.
func upsert(ctx context.Context, conn *sql.Conn, t table, n int, fill func(int, []driver.Value), runID int64) (market.WriteCounts, error) {
	var c market.WriteCounts
	stage, dedup := "stage_"+t.name, "dedup_"+t.name
	all := append(append([]string{}, t.keys...), t.cols...)
	cols := strings.Join(all, ", ")
	_, err := conn.ExecContext(ctx, fmt.Sprintf(
		`CREATE OR REPLACE TEMP TABLE %s AS SELECT %s, 0::BIGINT AS seq FROM %s LIMIT 0`, stage, cols, t.name))
	if err != nil {
		return c, err
	}
	if err := appendRows(ctx, conn, stage, len(all), n, fill); err != nil {
		return c, err
	}
	// Last row of a key wins; skip the window when the keys are distinct.
	var distinct int
	keys := strings.Join(t.keys, ", ")
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(
		`SELECT count(*) FROM (SELECT DISTINCT %s FROM %s)`, keys, stage)).Scan(&distinct); err != nil {
		return c, err
	}
	src := stage
	if distinct < n {
		src = dedup
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM %s
			QUALIFY row_number() OVER (PARTITION BY %s ORDER BY seq DESC) = 1`, dedup, cols, stage, keys)); err != nil {
			return c, err
		}
	}
	// An empty target (a first load) needs no update and no anti-join.
	var stored bool
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s)`, t.name)).Scan(&stored); err != nil {
		return c, err
	}
	if stored {
		if c.Updated, err = execCount(ctx, conn, updateSQL(t, src), runID); err != nil {
			return c, err
		}
	}
	if c.Inserted, err = execCount(ctx, conn, insertSQL(t, src, stored), runID); err != nil {
		return c, err
	}
	c.Unchanged = distinct - c.Inserted - c.Updated
	_, err = conn.ExecContext(ctx, fmt.Sprintf(`DROP TABLE %s; DROP TABLE IF EXISTS %s`, stage, dedup))
	return c, err
}

// updateSQL rewrites stored rows whose values differ (NULL-aware).
func updateSQL(t table, src string) string {
	var set, on, diff []string
	for _, c := range t.cols {
		set = append(set, fmt.Sprintf("%s = s.%s", c, c))
		diff = append(diff, fmt.Sprintf("t.%s IS DISTINCT FROM s.%s", c, c))
	}
	for _, k := range t.keys {
		on = append(on, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	return fmt.Sprintf(`UPDATE %s AS t SET %s, run_id = $1 FROM %s AS s WHERE %s AND (%s)`,
		t.name, strings.Join(set, ", "), src, strings.Join(on, " AND "), strings.Join(diff, " OR "))
}

// insertSQL inserts the staged rows whose keys are not stored yet (all of
// them when the table is empty).
func insertSQL(t table, src string, stored bool) string {
	all := append(append([]string{}, t.keys...), t.cols...)
	var on []string
	for _, k := range t.keys {
		on = append(on, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	q := fmt.Sprintf(`INSERT INTO %s (%s, run_id) SELECT s.%s, $1 FROM %s AS s`,
		t.name, strings.Join(all, ", "), strings.Join(all, ", s."), src)
	if !stored {
		return q
	}
	return q + fmt.Sprintf(` WHERE NOT EXISTS (SELECT 1 FROM %s AS t WHERE %s)`, t.name, strings.Join(on, " AND "))
}

func execCount(ctx context.Context, conn *sql.Conn, query string, args ...any) (int, error) {
	r, err := conn.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}

// appendRows bulk-loads n rows (plus their sequence number) into a temp
// table through the DuckDB Appender on the transaction's connection.
func appendRows(ctx context.Context, conn *sql.Conn, tableName string, width, n int, fill func(int, []driver.Value)) error {
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", tableName)
		if err != nil {
			return err
		}
		row := make([]driver.Value, width+1)
		for i := range n {
			if i%cancelCheckRows == 0 {
				if err := ctx.Err(); err != nil {
					_ = a.Close()
					return err
				}
			}
			fill(i, row)
			row[width] = int64(i)
			if err := a.AppendRow(row...); err != nil {
				_ = a.Close()
				return fmt.Errorf("row %d: %w", i+1, err)
			}
		}
		return a.CloseWithCancel(ctx)
	})
}
