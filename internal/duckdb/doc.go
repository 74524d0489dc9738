// Package duckdb is Sextant's embedded market store: one DuckDB file (or an
// in-memory database) implementing [market.Store].
//
// # Schema
//
// Versioned migrations (migrations/NNNN_name.sql, embedded) are applied in
// order by [Open] and recorded in schema_migrations; a file written by a
// newer binary is refused with an ECONFLICT error. There is one table per
// dataset — taxonomies, instruments, sectors (aliases as a VARCHAR[]
// column), memberships, bars, fund_shares, margin, capital_flows,
// fundamentals, valuations — keyed on the natural key (symbol and date for
// daily data; taxonomy, sector, symbol and start for memberships; symbol,
// field, period end and report date for fundamentals), plus ingest_runs.
// Every data row carries run_id, the ingest run that last changed it.
// Dates are DATE; NaN floats are stored as NULL and read back as NaN, never
// as 0. A zero optional date is NULL; an unknown fundamentals report date,
// being part of the key, is stored as 0001-01-01.
//
// # Writes
//
// [Store.Write] runs one transaction per call. Each dataset is bulk-loaded
// through the DuckDB Appender into a temporary staging table with a
// sequence number; when a key repeats, the last row wins (a window over the
// sequence, skipped when keys are distinct). Then one UPDATE rewrites the
// stored rows whose values differ (IS DISTINCT FROM, so NULL = NULL) and sets
// their run_id, and one INSERT … WHERE NOT EXISTS adds the new keys;
// identical rows are not touched, so rewriting a batch changes nothing. The
// row counts of the two statements give inserted and updated; the rest are
// unchanged. The ingest run is inserted in the same transaction. Any error
// (a constraint violation, a cancelled context) rolls everything back and
// is returned as a *sextant.Error; driver errors never reach users.
//
// # Reads
//
// Row readers use database/sql. [Store.BarMatrix] runs one query in which
// DuckDB joins the requested symbols, numbers the union of their dates and
// returns (column, row, value) triples; for file stores the result is read
// as a stream of data chunks through DuckDB's C API, straight from the
// vectors' memory (see raw.go and docs/performance.md for the measured
// alternatives), and in-memory stores fall back to database/sql.
//
// # Locking
//
// DuckDB admits one process per file while a writer holds it. Opening a
// file held by another process (typically `sextant serve`) returns an
// ECONFLICT error naming the path; other commands should then go through
// that server's API. Within a process the store is safe for concurrent use
// and serialises its writes.
package duckdb
