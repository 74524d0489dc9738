package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
)

// inTx runs fn in one transaction on a dedicated connection, serialised
// with every other write (writeMu): it commits when fn succeeds and ctx is
// still live, and rolls back otherwise. Errors are translated for op.
func (s *Store) inTx(ctx context.Context, op string, fn func(conn *sql.Conn) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storeError(op, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return storeError(op, err)
	}
	err = fn(conn)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		if _, err = conn.ExecContext(ctx, "COMMIT"); err == nil {
			return nil
		}
	}
	// A background context: the rollback must run even when ctx is cancelled.
	if _, rbErr := conn.ExecContext(context.Background(), "ROLLBACK"); rbErr != nil {
		// The connection is in an unknown state: make the pool discard it.
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	return storeError(op, err)
}

// queryConn runs q on conn and calls scan for each row; errors are
// returned untranslated (the transaction's caller translates them).
func queryConn(ctx context.Context, conn *sql.Conn, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
