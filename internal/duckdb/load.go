package duckdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"runtime"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// The large tables are loaded through a table function, registered once per
// store under a name of its own (see registerSource), that a write reads in
// SQL: INSERT INTO … SELECT … FROM sextant_rows_…(). The query's context
// carries the rows (sourceKey); DuckDB pulls them in data chunks of 2,048
// rows, which FillChunk writes straight into the vectors' memory — doubles,
// DATE day numbers, validity bits and short strings inline — instead of
// boxing each value into a driver.Value as the Appender's AppendRow does.

// sourceKey is the context key of the *rowSource a query reads.
type sourceKey struct{}

// withSource returns ctx carrying the rows the store's table function yields.
func withSource(ctx context.Context, src *rowSource) context.Context {
	return context.WithValue(ctx, sourceKey{}, src)
}

// registerSource registers the store's table function on db and returns
// its name. The name is unique per store: DuckDB keeps the first function
// registered under a name, and two stores on one file share a database.
func registerSource(ctx context.Context, db *sql.DB) (string, error) {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	name := "sextant_rows_" + hex.EncodeToString(id[:])
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	err = duckdb.RegisterTableUDF(conn, name, duckdb.ParallelChunkTableFunction{
		BindArgumentsContext: func(ctx context.Context, _ map[string]any, _ ...any) (duckdb.ParallelChunkTableSource, error) {
			rows, ok := ctx.Value(sourceKey{}).(*rowSource)
			if !ok {
				return nil, errors.New("sextant: no rows to load in this query's context")
			}
			if !chunkLayoutOK() {
				return nil, errors.New("sextant: unsupported duckdb-go DataChunk layout")
			}
			// A fresh cursor per scan: a write may read the rows twice.
			return &rowSource{ctx: ctx, names: rows.names, cols: rows.cols, n: rows.n, seq: rows.seq}, nil
		},
	})
	return name, err
}

// rowSource yields n rows of cols, plus their index as BIGINT seq when
// seq is set. Chunks are filled concurrently on DuckDB's threads, each
// taking the next 2,048 rows; seq keeps the batch order.
type rowSource struct {
	ctx   context.Context
	names []string // column names, keys then cols
	cols  []column
	n     int
	seq   bool
	next  atomic.Int64 // first row of the next chunk
}

func (s *rowSource) ColumnInfos() []duckdb.ColumnInfo {
	types := map[colKind]duckdb.Type{kindVarchar: duckdb.TYPE_VARCHAR, kindDate: duckdb.TYPE_DATE, kindDouble: duckdb.TYPE_DOUBLE}
	out := make([]duckdb.ColumnInfo, 0, len(s.cols)+1)
	for j, c := range s.cols {
		t, _ := duckdb.NewTypeInfo(types[c.kind])
		out = append(out, duckdb.ColumnInfo{Name: s.names[j], T: t})
	}
	if s.seq {
		t, _ := duckdb.NewTypeInfo(duckdb.TYPE_BIGINT)
		out = append(out, duckdb.ColumnInfo{Name: "seq", T: t})
	}
	return out
}

func (s *rowSource) Cardinality() *duckdb.CardinalityInfo {
	return &duckdb.CardinalityInfo{Cardinality: uint(s.n), Exact: true}
}

// Init lets DuckDB fill chunks on all its threads.
func (s *rowSource) Init() duckdb.ParallelTableSourceInfo {
	return duckdb.ParallelTableSourceInfo{MaxThreads: runtime.GOMAXPROCS(0)}
}

func (s *rowSource) NewLocalState() any { return struct{}{} }

// FillChunk writes the next rows into chunk; a chunk of size 0 ends the scan.
func (s *rowSource) FillChunk(_ any, chunk duckdb.DataChunk) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	size := duckdb.GetDataChunkCapacity()
	lo := int(s.next.Add(int64(size))) - size
	hi := min(lo+size, s.n)
	if lo >= hi {
		return chunk.SetSize(0)
	}
	raw := *(*mapping.DataChunk)(unsafe.Pointer(&chunk))
	width := len(s.cols)
	if s.seq {
		width++
	}
	if got := int(mapping.DataChunkGetColumnCount(raw)); got != width {
		// Projection pushdown dropped a column: every query selects them all.
		return fmt.Errorf("sextant: row source chunk has %d columns, want %d", got, width)
	}
	for j, c := range s.cols {
		vec := mapping.DataChunkGetVector(raw, mapping.IdxT(j))
		if err := fillVector(vec, c, lo, hi); err != nil {
			return err
		}
	}
	if s.seq {
		seq := unsafe.Slice((*int64)(mapping.VectorGetData(mapping.DataChunkGetVector(raw, mapping.IdxT(width-1)))), hi-lo)
		for k := range seq {
			seq[k] = int64(lo + k)
		}
	}
	return chunk.SetSize(hi - lo)
}

// fillVector writes rows [lo, hi) of c into vec.
func fillVector(vec mapping.Vector, c column, lo, hi int) error {
	n := hi - lo
	data := mapping.VectorGetData(vec)
	switch c.kind {
	case kindVarchar:
		strs := unsafe.Slice((*[16]byte)(data), n)
		for k := range strs {
			v := c.str(lo + k)
			if len(v) > 12 || !utf8.ValidString(v) {
				// DuckDB copies long strings to the vector's heap (and stores
				// invalid UTF-8 as NULL, which the NOT NULL columns reject).
				mapping.VectorAssignStringElement(vec, mapping.IdxT(k), v)
				continue
			}
			// duckdb_string_t, inlined: uint32 length, then up to 12 bytes, zero-padded.
			var inl [16]byte
			*(*uint32)(unsafe.Pointer(&inl[0])) = uint32(len(v))
			copy(inl[4:], v)
			strs[k] = inl
		}
		return nil
	case kindDate:
		days := unsafe.Slice((*int32)(data), n)
		valid := validity(vec, n)
		for k := range days {
			d := c.day(lo + k)
			ok := c.keepZero || !d.IsZero()
			setValid(valid, k, ok)
			if ok {
				days[k] = dayNumber(d)
			}
		}
		return nil
	case kindDouble:
		nums := unsafe.Slice((*float64)(data), n)
		valid := validity(vec, n)
		for k := range nums {
			v := c.num(lo + k)
			nums[k] = v
			setValid(valid, k, !math.IsNaN(v))
		}
		return nil
	}
	return fmt.Errorf("sextant: unknown column kind %d", c.kind)
}

// validity returns vec's writable validity mask covering n rows.
func validity(vec mapping.Vector, n int) []uint64 {
	mapping.VectorEnsureValidityWritable(vec)
	return unsafe.Slice((*uint64)(mapping.VectorGetValidity(vec)), (n+63)/64)
}

func setValid(mask []uint64, k int, ok bool) {
	if ok {
		mask[k>>6] |= 1 << (k & 63)
	} else {
		mask[k>>6] &^= 1 << (k & 63)
	}
}

// chunkLayoutOK reports whether duckdb.DataChunk begins with its
// mapping.DataChunk handle, which FillChunk reads to write vectors directly
// (true for the pinned driver; checked so that an upgrade fails loudly).
func chunkLayoutOK() bool {
	f, ok := reflect.TypeFor[duckdb.DataChunk]().FieldByName("chunk")
	return ok && f.Offset == 0 && f.Type == reflect.TypeFor[mapping.DataChunk]()
}
