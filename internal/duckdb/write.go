package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
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
	// Let inserts run on all threads (they order by key where order matters).
	if _, err := conn.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
		return market.WriteResult{}, storeError(op, err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.Background(), "RESET preserve_insertion_order"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
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
		if t.count(b) == 0 {
			continue
		}
		c, err := s.upsert(ctx, conn, t, b, run.ID)
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
		if t.count(b) > 0 && (len(found) == 0 || found[len(found)-1] != t.dataset) {
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
