package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/market"
)

// upsert writes the rows of t in b with runID and counts what happened;
// see the package doc for the strategy. The large tables have no key index
// (migration 0002): the classification below is what keeps their keys
// unique, and Write's mutex keeps it free of races.
func (s *Store) upsert(ctx context.Context, conn *sql.Conn, t table, b *market.Batch, runID int64) (market.WriteCounts, error) {
	var c market.WriteCounts
	all := strings.Join(t.columnNames(), ", ")
	var src *rowSource
	distinct, sorted := false, false
	if t.columns != nil {
		n, cols := t.columns(b)
		src = &rowSource{ctx: ctx, names: t.columnNames(), cols: cols, n: n}
		distinct, sorted = distinctKeys(t, n, cols)
	}
	stored, err := hasRows(ctx, conn, t.name)
	if err != nil {
		return c, err
	}
	if distinct && stored {
		if stored, err = s.anyStored(ctx, conn, t, src); err != nil {
			return c, err
		}
	}
	if distinct && !stored {
		// Distinct keys, none stored yet (a first load, or new symbols):
		// straight into the table, no staging.
		q := fmt.Sprintf(`INSERT INTO %s (%s, run_id) SELECT %s, $1 FROM %s()`, t.name, all, all, s.source)
		if !sorted {
			q += " ORDER BY " + strings.Join(t.keys, ", ")
		}
		c.Inserted, err = execCount(withSource(ctx, src), conn, q, runID)
		return c, err
	}
	stage, dedup := "stage_"+t.name, "dedup_"+t.name
	n, err := s.stage(ctx, conn, t, b, src, stage)
	if err != nil {
		return c, err
	}
	// Last row of a key wins; skip the window when the keys are distinct.
	unique := n
	if !distinct {
		keys := strings.Join(t.keys, ", ")
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(
			`SELECT count(*) FROM (SELECT DISTINCT %s FROM %s)`, keys, stage)).Scan(&unique); err != nil {
			return c, err
		}
	}
	from := stage
	if unique < n {
		from = dedup
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM %s
			QUALIFY row_number() OVER (PARTITION BY %s ORDER BY seq DESC) = 1`, dedup, stage, strings.Join(t.keys, ", "))); err != nil {
			return c, err
		}
	}
	if !stored {
		c.Inserted, err = execCount(ctx, conn, insertSQL(t, from, ""), runID)
	} else {
		c.Inserted, c.Updated, err = merge(ctx, conn, t, from, runID)
	}
	if err != nil {
		return c, err
	}
	c.Unchanged = unique - c.Inserted - c.Updated
	_, err = conn.ExecContext(ctx, fmt.Sprintf(`DROP TABLE %s; DROP TABLE IF EXISTS %s`, stage, dedup))
	return c, err
}

// anyStored reports whether any key of src is stored in t (a join of the
// keys alone, cheaper than staging and classifying rows that are all new).
func (s *Store) anyStored(ctx context.Context, conn *sql.Conn, t table, src *rowSource) (bool, error) {
	var on []string
	for _, k := range t.keys {
		on = append(on, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	// The source yields the key columns only: each scan reads every column
	// the source declares (see FillChunk).
	k := len(t.keys)
	keys := &rowSource{names: src.names[:k], cols: src.cols[:k], n: src.n}
	var found bool
	err := conn.QueryRowContext(withSource(ctx, keys), fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s() AS s JOIN %s AS t ON %s)`,
		s.source, t.name, strings.Join(on, " AND "))).Scan(&found)
	return found, err
}

// stage loads the rows of t in b, with their index as seq, into a new temp
// table: the large tables through the columnar source, the small ones
// through the Appender. It returns the number of rows.
func (s *Store) stage(ctx context.Context, conn *sql.Conn, t table, b *market.Batch, src *rowSource, stage string) (int, error) {
	if src != nil {
		src.seq = true
		_, err := conn.ExecContext(withSource(ctx, src), fmt.Sprintf(
			`CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM %s()`, stage, s.source))
		return src.n, err
	}
	n, fill := t.rows(b)
	_, err := conn.ExecContext(ctx, fmt.Sprintf(
		`CREATE OR REPLACE TEMP TABLE %s AS SELECT %s, 0::BIGINT AS seq FROM %s LIMIT 0`, stage, strings.Join(t.columnNames(), ", "), t.name))
	if err != nil {
		return 0, err
	}
	return n, appendRows(ctx, conn, stage, len(t.keys)+len(t.cols), n, fill)
}

// merge classifies the staged rows against the stored ones with one join
// on the natural key — new (no stored row), changed (some value IS
// DISTINCT FROM the stored one) or unchanged — keeps the first two in a
// temp table, updates the changed rows in place (by rowid, so the table
// keeps its physical order) and inserts the new ones.
func merge(ctx context.Context, conn *sql.Conn, t table, from string, runID int64) (inserted, updated int, err error) {
	delta := "delta_" + t.name
	var on, diff, set []string
	for _, k := range t.keys {
		on = append(on, fmt.Sprintf("t.%s = s.%s", k, k))
	}
	for _, c := range t.cols {
		diff = append(diff, fmt.Sprintf("t.%s IS DISTINCT FROM s.%s", c, c))
		set = append(set, fmt.Sprintf("%s = d.%s", c, c))
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS
		SELECT s.*, t.rowid AS old FROM %s AS s LEFT JOIN %s AS t ON %s WHERE t.rowid IS NULL OR %s`,
		delta, from, t.name, strings.Join(on, " AND "), strings.Join(diff, " OR "))); err != nil {
		return 0, 0, err
	}
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) - count(old), count(old) FROM %s`, delta)).Scan(&inserted, &updated); err != nil {
		return 0, 0, err
	}
	if updated > 0 {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`UPDATE %s AS t SET %s, run_id = $1 FROM %s AS d WHERE t.rowid = d.old`,
			t.name, strings.Join(set, ", "), delta), runID); err != nil {
			return 0, 0, err
		}
	}
	if inserted > 0 {
		if _, err := conn.ExecContext(ctx, insertSQL(t, delta, "old IS NULL"), runID); err != nil {
			return 0, 0, err
		}
	}
	_, err = conn.ExecContext(ctx, "DROP TABLE "+delta)
	return inserted, updated, err
}

// insertSQL inserts the rows of src matching cond ("" = all) into t with
// run_id $1; rows of the large tables go in key order, so that each write
// appends row groups whose zonemaps cover narrow key ranges.
func insertSQL(t table, src, cond string) string {
	all := strings.Join(t.columnNames(), ", ")
	q := fmt.Sprintf(`INSERT INTO %s (%s, run_id) SELECT %s, $1 FROM %s`, t.name, all, all, src)
	if cond != "" {
		q += " WHERE " + cond
	}
	if t.columns != nil {
		q += " ORDER BY " + strings.Join(t.keys, ", ")
	}
	return q
}

// hasRows reports whether table holds any row.
func hasRows(ctx context.Context, conn *sql.Conn, table string) (bool, error) {
	var stored bool
	err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s)`, table)).Scan(&stored)
	return stored, err
}

// columnNames returns the keys then the value columns of t.
func (t table) columnNames() []string {
	return append(append([]string{}, t.keys...), t.cols...)
}
