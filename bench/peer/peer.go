// Package peer runs the reference implementations that Sextant's benchmarks
// are compared with, on the same data in the same run: DuckDB's own SQL
// (read_csv, window queries) through the same driver Sextant links.
package peer

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/sextant-ai/sextant/internal/duckdb"
)

// ReadCSV creates a fresh store at path with Sextant's own migrations, then
// loads a canonical bars CSV into its bars table with DuckDB's read_csv in
// one INSERT, checkpoints, and returns the seconds the load took.
func ReadCSV(ctx context.Context, path, csv string) (float64, error) {
	s, err := duckdb.Open(ctx, path, duckdb.DefaultOptions())
	if err != nil {
		return 0, err
	}
	if err := s.Close(); err != nil {
		return 0, err
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	start := time.Now()
	_, err = db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO bars SELECT symbol, date, open, high, low, close, volume, amount, turnover, adj_factor, 0
		FROM read_csv('%s', header = true, columns = {'symbol': 'VARCHAR', 'date': 'DATE', 'open': 'DOUBLE', 'high': 'DOUBLE',
		'low': 'DOUBLE', 'close': 'DOUBLE', 'volume': 'DOUBLE', 'amount': 'DOUBLE', 'turnover': 'DOUBLE', 'adj_factor': 'DOUBLE'})`, csv))
	if err == nil {
		_, err = db.ExecContext(ctx, "CHECKPOINT")
	}
	return time.Since(start).Seconds(), err
}
