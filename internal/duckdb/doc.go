// Package duckdb is Sextant's embedded market store: one DuckDB file (or an
// in-memory database) implementing [market.Store] and
// [research.DocumentStore].
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
// The small tables declare it as their PRIMARY KEY; the large ones (bars,
// fund_shares, margin, capital_flows, fundamentals, valuations) have no
// index since migration 0002 — maintaining one dominated bulk writes and
// grew super-linearly — and the write path keeps their keys unique.
// Every data row carries run_id, the ingest run that last changed it.
// Migration 0003 adds the research documents ([research.DocumentStore]):
// documents, keyed by id with a unique content hash, and their passages
// (doc_id, seq, text, start, end). [Store.PutDocuments] writes them in one
// transaction recorded as an ingest run of dataset "documents"; a body
// already stored is left untouched, metadata and all. [Store.InputRuns]
// names the runs that last wrote the rows behind a figure.
// Dates are DATE; NaN floats are stored as NULL and read back as NaN, never
// as 0. A zero optional date is NULL; an unknown fundamentals report date,
// being part of the key, is stored as 0001-01-01.
//
// # Writes
//
// [Store.Write] runs one transaction per call, serialised by a mutex (and
// DuckDB admits one writing process per file), so no other writer can add a
// key between the classification and the insert below. The large tables
// are read by DuckDB from the batch through a table function (load.go) that
// fills data chunks in parallel, writing doubles, day numbers, validity
// bits and short strings straight into the vectors; the small tables go
// through the Appender. Per table:
//
//   - If the keys are (symbol, date) and strictly increasing in the batch
//     (checked in Go; this proves them distinct) and none is stored yet —
//     a first load, or new symbols, checked with one key join — the rows
//     are inserted straight from the table function: no staging.
//   - Otherwise the batch is staged in a temp table with its row number;
//     when a key repeats, the last row wins (a window over the row number,
//     skipped when a distinct count shows the keys are distinct).
//   - An empty table takes every staged row. Otherwise one LEFT JOIN on
//     the key keeps the new rows and the changed ones (a value IS DISTINCT
//     FROM the stored one, so NULL = NULL) with the stored row's rowid;
//     the changed rows are updated in place by rowid with the new run_id,
//     the new rows inserted. Identical rows are not touched, so rewriting a
//     batch changes nothing; the three classes give the counts.
//
// Inserts into the large tables are in key order (ORDER BY symbol, date;
// a batch already in key order goes as it comes, DuckDB's threads
// interleaving its chunks), so that each write appends row groups whose
// zonemaps cover narrow symbol ranges and reads by symbol prune; the write
// turns off insertion-order preservation so that inserts use all threads.
// The ingest run is inserted in the same transaction. Any error (a
// constraint violation, a cancelled context) rolls everything back and is
// returned as a *sextant.Error; driver errors never reach users.
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
