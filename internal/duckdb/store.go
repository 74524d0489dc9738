package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

var _ market.Store = (*Store)(nil)

// Options configure a store.
type Options struct {
	// ReadOnly opens the file without write access: migrations are not
	// applied (an outdated file is an error) and Write fails.
	ReadOnly bool
	// Threads is DuckDB's worker thread count; 0 lets DuckDB decide (one per core).
	Threads int
	// MemoryLimit caps DuckDB's memory, e.g. "4GB"; "" is DuckDB's default (80% of RAM).
	MemoryLimit string
}

// DefaultOptions returns the options `sextant` uses: read-write, DuckDB's
// own thread count and memory limit.
func DefaultOptions() Options { return Options{} }

// Store is the embedded DuckDB market store. It is safe for concurrent use;
// writes are serialised.
type Store struct {
	db   *sql.DB
	path string // "" for in-memory
	opts Options

	writeMu sync.Mutex // one Write at a time: DuckDB would abort one of two conflicting transactions; the large tables have no key index, so this also keeps their keys unique
	source  string     // name of the table function that loads rows (load.go); "" when read-only

	// raw is a native connection on the same database used for columnar
	// reads (BarMatrix); nil when unavailable (in-memory stores).
	rawMu sync.Mutex
	raw   *rawConn
}

// Open opens (creating it and its parent directory when needed) the store
// at path, or an in-memory store when path is "". It applies pending
// migrations. A file held by another process yields an ECONFLICT error.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	const op = "duckdb.Open"
	if path != "" {
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("store path %q is not valid", path), Err: err}
		}
		path = abs
		if !opts.ReadOnly {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("cannot create the directory of store %s", path), Err: err}
			}
		}
	} else if opts.ReadOnly {
		return nil, sextant.Errorf(sextant.EINVALID, "an in-memory store cannot be read-only")
	}
	connector, err := duckdb.NewConnector(dsn(path, opts), nil)
	if err != nil {
		return nil, openError(op, path, err)
	}
	s := &Store{db: sql.OpenDB(connector), path: path, opts: opts}
	if err := s.db.PingContext(ctx); err != nil {
		_ = s.db.Close()
		return nil, openError(op, path, err)
	}
	if err := migrate(ctx, s.db, opts.ReadOnly); err != nil {
		_ = s.db.Close()
		return nil, sextant.WrapError(sextant.EINTERNAL, op, err)
	}
	if !opts.ReadOnly {
		if s.source, err = registerSource(ctx, s.db); err != nil {
			_ = s.db.Close()
			return nil, sextant.WrapError(sextant.EINTERNAL, op, err)
		}
	}
	if path != "" {
		// Best effort: without a native connection BarMatrix uses database/sql.
		s.raw, _ = openRaw(path, opts)
	}
	return s, nil
}

// config returns the DuckDB settings of opts.
func config(opts Options) map[string]string {
	// Checkpoint after 1 GB of WAL rather than DuckDB's 16 MB: a bulk import
	// written as many chunks otherwise checkpoints (recompressing the
	// tables' open row groups) at nearly every commit, a third of the
	// demo market's write time; Close checkpoints what is left.
	c := map[string]string{"checkpoint_threshold": "1GB"}
	if opts.ReadOnly {
		c["access_mode"] = "read_only"
	}
	if opts.Threads > 0 {
		c["threads"] = strconv.Itoa(opts.Threads)
	}
	if opts.MemoryLimit != "" {
		c["memory_limit"] = opts.MemoryLimit
	}
	return c
}

// dsn builds the driver's connection string.
func dsn(path string, opts Options) string {
	q := url.Values{}
	for k, v := range config(opts) {
		q.Set(k, v)
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Path returns the store's file ("" for an in-memory store).
func (s *Store) Path() string { return s.path }

// Close releases the store and its file lock.
func (s *Store) Close() error {
	s.rawMu.Lock()
	if s.raw != nil {
		s.raw.close()
		s.raw = nil
	}
	s.rawMu.Unlock()
	if err := s.db.Close(); err != nil {
		return storeError("duckdb.Close", err)
	}
	return nil
}

// openError translates a failure to open the database: a lock held by
// another process becomes ECONFLICT naming the path.
func openError(op, path string, err error) error {
	msg := err.Error()
	switch {
	case isLockError(msg):
		return &sextant.Error{Code: sextant.ECONFLICT, Op: op, Err: err, Message: fmt.Sprintf(
			"store %s is locked by another Sextant process (e.g. `sextant serve`); stop it, or run the command through that server's API", path)}
	case strings.Contains(msg, "No such file") || strings.Contains(msg, "does not exist"):
		return &sextant.Error{Code: sextant.ENOTFOUND, Op: op, Err: err, Message: fmt.Sprintf("store %s does not exist", path)}
	}
	return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Err: err, Message: fmt.Sprintf("cannot open store %s", path)}
}

func isLockError(msg string) bool {
	return strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock")
}

// storeError wraps a driver error as a *sextant.Error with a safe message:
// constraint violations and invalid input are EINVALID, a cancelled
// context keeps its cause, anything else is EINTERNAL.
func storeError(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *sextant.Error
	if errors.As(err, &se) {
		return sextant.WrapError(se.Code, op, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Message: "operation cancelled", Err: err}
	}
	var de *duckdb.Error
	if errors.As(err, &de) {
		switch de.Type {
		case duckdb.ErrorTypeConstraint:
			return &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "the data violates a store constraint: " + firstLine(de.Msg), Err: err}
		case duckdb.ErrorTypeConversion, duckdb.ErrorTypeInvalidInput, duckdb.ErrorTypeOutOfRange:
			return &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "the data cannot be stored: " + firstLine(de.Msg), Err: err}
		case duckdb.ErrorTypeInterrupt:
			return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Message: "operation cancelled", Err: err}
		case duckdb.ErrorTypeTransaction:
			return &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the store is busy with a conflicting write; retry", Err: err}
		}
	}
	if isLockError(err.Error()) {
		return &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the store is locked by another Sextant process", Err: err}
	}
	return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Message: "store error", Err: err}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
