package duckdb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered schema change, migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration file %s is not NNNN_name.sql", name)
		}
		body, err := migrationFS.ReadFile("migrations/" + name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: strings.TrimSuffix(name, ".sql"), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate applies the pending migrations in order, each in its own
// transaction, recording them in schema_migrations. A store whose schema is
// newer than the binary is refused; a read-only store must be current.
func migrate(ctx context.Context, db *sql.DB, readOnly bool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if !readOnly {
		if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`); err != nil {
			return storeError("duckdb.migrate", err)
		}
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		if readOnly {
			return sextant.Errorf(sextant.EINVALID, "the store has no schema; open it read-write once to initialise it")
		}
		return storeError("duckdb.migrate", err)
	}
	if current > len(ms) {
		return sextant.Errorf(sextant.ECONFLICT,
			"the store's schema version %d is newer than this sextant binary supports (%d); upgrade sextant", current, len(ms))
	}
	if current < len(ms) && readOnly {
		return sextant.Errorf(sextant.ECONFLICT,
			"the store's schema version %d is older than this binary's (%d); open it read-write once to migrate it", current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := apply(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return storeError("duckdb.migrate", err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return storeError("duckdb.migrate "+m.name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name); err != nil {
		return storeError("duckdb.migrate "+m.name, err)
	}
	return storeError("duckdb.migrate "+m.name, tx.Commit())
}
