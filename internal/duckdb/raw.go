package duckdb

import (
	"context"
	"errors"
	"fmt"
	"math"
	"unsafe"

	bindings "github.com/duckdb/duckdb-go-bindings"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"

	"github.com/sextant-ai/sextant/internal/market"
)

// rawConn is a native handle on the same database instance as the store's
// database/sql pool: the driver opens file databases through DuckDB's
// instance cache, which it exports, so GetOrCreateFromCache on the same
// path returns the same instance (no second file lock). Queries on it use
// streaming results whose vectors are read in place: no per-value boxing.
type rawConn struct {
	db mapping.Database
}

func openRaw(path string, opts Options) (*rawConn, error) {
	var cfg mapping.Config
	if mapping.CreateConfig(&cfg) == mapping.StateError {
		return nil, errors.New("duckdb: cannot create a config")
	}
	defer mapping.DestroyConfig(&cfg)
	// The configuration must equal the driver's (see its prepareConfig),
	// or DuckDB refuses a second handle on the same file.
	settings := config(opts)
	settings["duckdb_api"] = "go"
	for k, v := range settings {
		if mapping.SetConfig(cfg, k, v) == mapping.StateError {
			return nil, fmt.Errorf("duckdb: cannot set %s=%s", k, v)
		}
	}
	var db mapping.Database
	var msg string
	if mapping.GetOrCreateFromCache(duckdb.GetInstanceCache(), path, &db, cfg, &msg) == mapping.StateError {
		mapping.Close(&db)
		return nil, errors.New(msg)
	}
	return &rawConn{db: db}, nil
}

func (r *rawConn) close() { mapping.Close(&r.db) }

// matrix runs a matrix query (columns INTEGER j, INTEGER i, INTEGER n,
// DATE date, DOUBLE v) on a fresh native connection and scatters it.
func (r *rawConn) matrix(ctx context.Context, q string, syms []market.Symbol) (*market.Matrix, error) {
	want := []mapping.Type{mapping.TypeInteger, mapping.TypeInteger, mapping.TypeInteger, mapping.TypeDate, mapping.TypeDouble}
	b := matrixBuilder{syms: syms}
	if err := r.stream(ctx, q, want, func(chunk mapping.DataChunk) { scatterChunk(&b, chunk) }); err != nil {
		return nil, err
	}
	return b.result(), nil
}

// stream runs q on a fresh native connection, checks that its columns have
// the types want, and hands each result chunk to fn, which reads the
// vectors in place (they are valid only during the call).
func (r *rawConn) stream(ctx context.Context, q string, want []mapping.Type, fn func(mapping.DataChunk)) error {
	var conn mapping.Connection
	if mapping.Connect(r.db, &conn) == mapping.StateError {
		return errors.New("duckdb: cannot connect")
	}
	defer mapping.Disconnect(&conn)
	stop := context.AfterFunc(ctx, func() { mapping.Interrupt(conn) })
	defer stop()

	var stmt mapping.PreparedStatement
	if mapping.Prepare(conn, q, &stmt) == mapping.StateError {
		defer mapping.DestroyPrepare(&stmt)
		return &duckdb.Error{Msg: mapping.PrepareError(stmt)}
	}
	defer mapping.DestroyPrepare(&stmt)
	var pending mapping.PendingResult
	if bindings.PendingPreparedStreaming(stmt, &pending) == mapping.StateError {
		defer mapping.DestroyPending(&pending)
		return &duckdb.Error{Msg: mapping.PendingError(pending)}
	}
	defer mapping.DestroyPending(&pending)
	var res mapping.Result
	if mapping.ExecutePending(pending, &res) == mapping.StateError {
		defer mapping.DestroyResult(&res)
		return rawError(ctx, mapping.ResultError(&res))
	}
	defer mapping.DestroyResult(&res)
	if int(mapping.ColumnCount(&res)) != len(want) {
		return fmt.Errorf("duckdb: query returned %d columns, want %d", mapping.ColumnCount(&res), len(want))
	}
	for c, t := range want {
		if got := mapping.ColumnType(&res, mapping.IdxT(c)); got != t {
			return fmt.Errorf("duckdb: result column %d has type %d, want %d", c, got, t)
		}
	}
	for {
		chunk := mapping.FetchChunk(res)
		if chunk.Ptr == nil {
			break
		}
		fn(chunk)
		mapping.DestroyDataChunk(&chunk)
	}
	if msg := mapping.ResultError(&res); msg != "" {
		return rawError(ctx, msg)
	}
	return ctx.Err()
}

// scatterChunk copies one result chunk into the matrix, reading the flat
// vectors and the value's validity mask in place.
func scatterChunk(b *matrixBuilder, chunk mapping.DataChunk) {
	size := int(mapping.DataChunkGetSize(chunk))
	if size == 0 {
		return
	}
	col := func(c int) unsafe.Pointer {
		return mapping.VectorGetData(mapping.DataChunkGetVector(chunk, mapping.IdxT(c)))
	}
	js := unsafe.Slice((*int32)(col(0)), size)
	is := unsafe.Slice((*int32)(col(1)), size)
	ns := unsafe.Slice((*int32)(col(2)), size)
	days := unsafe.Slice((*int32)(col(3)), size)
	vs := unsafe.Slice((*float64)(col(4)), size)
	var mask []uint64
	if p := mapping.VectorGetValidity(mapping.DataChunkGetVector(chunk, 4)); p != nil {
		mask = unsafe.Slice((*uint64)(p), (size+63)/64)
	}
	b.init(int(ns[0]))
	dates, vals := b.m.Dates, b.m.Values
	for k := range size {
		i := is[k]
		if dates[i].IsZero() {
			dates[i] = epoch.AddDate(0, 0, int(days[k]))
		}
		if mask != nil && mask[k>>6]&(1<<(k&63)) == 0 {
			vals[js[k]][i] = math.NaN()
			continue
		}
		vals[js[k]][i] = vs[k]
	}
}

func rawError(ctx context.Context, msg string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return &duckdb.Error{Msg: msg}
}
