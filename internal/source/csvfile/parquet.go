package csvfile

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// readParquet reads bars from a Parquet file. Column names go through the
// same header rules as CSV; each row is rendered to text cells (numbers in
// shortest round-trip form, timestamps as their calendar day) and parsed by
// the CSV bar parser, so validation and units are identical. A row's LINE is
// its row number counting a notional header as line 1 (first row = line 2).
func readParquet(ctx context.Context, name string, r parquet.ReaderAtSeeker, opts *Options, res *Result) (*Result, error) {
	if opts.Dataset != market.DatasetBars {
		return res, structural(res, "Parquet files hold bars only (got dataset %q)", opts.Dataset)
	}
	pf, err := file.NewParquetReader(r)
	if err != nil {
		return res, structural(res, "not a readable Parquet file: %v", err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 64 << 10}, memory.DefaultAllocator)
	if err != nil {
		return res, structural(res, "not a readable Parquet file: %v", err)
	}
	schema, err := fr.Schema()
	if err != nil {
		return res, structural(res, "unreadable Parquet schema: %v", err)
	}
	for _, f := range schema.Fields() {
		res.Header = append(res.Header, f.Name)
	}
	run := newRun(name, opts, res)
	p, msg := newParser(run, res.Header, int(pf.NumRows()))
	if msg != "" {
		return res, structural(res, "%s", msg)
	}
	res.Layout = "parquet"
	rr, err := fr.GetRecordReader(ctx, nil, nil)
	if err != nil {
		return res, structural(res, "unreadable Parquet data: %v", err)
	}
	defer rr.Release()
	rec := make([]string, len(res.Header))
	line := 1
	for rr.Next() {
		batch := rr.RecordBatch()
		cols := make([]func(int) string, batch.NumCols())
		for j := range cols {
			cols[j] = cellFunc(batch.Column(j))
		}
		for i := 0; i < int(batch.NumRows()); i++ {
			line++
			res.Rows++
			for j, c := range cols {
				rec[j] = c(i)
			}
			if reason := p.row(rec, line); reason != "" {
				run.reject(rec, line, reason)
			}
		}
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	if err := rr.Err(); err != nil && err != io.EOF {
		return res, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("%s:%d: unreadable Parquet data", name, line), Op: "csvfile.Read", Err: err}
	}
	return finish(run, p)
}

// cellFunc renders one Arrow column's values as text cells ("" for null).
func cellFunc(col arrow.Array) func(int) string {
	null := func(i int) bool { return col.IsNull(i) }
	num := func(get func(int) float64) func(int) string {
		return func(i int) string {
			if null(i) {
				return ""
			}
			return strconv.FormatFloat(get(i), 'g', -1, 64)
		}
	}
	day := func(get func(int) time.Time) func(int) string {
		return func(i int) string {
			if null(i) {
				return ""
			}
			return market.FormatDate(market.DayOf(get(i)))
		}
	}
	switch a := col.(type) {
	case *array.String:
		return func(i int) string { return orEmpty(null(i), a.Value(i)) }
	case *array.LargeString:
		return func(i int) string { return orEmpty(null(i), a.Value(i)) }
	case *array.Binary:
		return func(i int) string { return orEmpty(null(i), string(a.Value(i))) }
	case *array.Dictionary:
		dict := cellFunc(a.Dictionary())
		return func(i int) string { return orEmpty(null(i), dict(a.GetValueIndex(i))) }
	case *array.Float64:
		return num(func(i int) float64 { return a.Value(i) })
	case *array.Float32:
		return num(func(i int) float64 { return float64(a.Value(i)) })
	case *array.Int64:
		return num(func(i int) float64 { return float64(a.Value(i)) })
	case *array.Int32:
		return num(func(i int) float64 { return float64(a.Value(i)) })
	case *array.Uint64:
		return num(func(i int) float64 { return float64(a.Value(i)) })
	case *array.Uint32:
		return num(func(i int) float64 { return float64(a.Value(i)) })
	case *array.Timestamp:
		tt := a.DataType().(*arrow.TimestampType)
		loc := time.UTC
		if tt.TimeZone != "" {
			if l, err := time.LoadLocation(tt.TimeZone); err == nil {
				loc = l
			}
		}
		return day(func(i int) time.Time { return a.Value(i).ToTime(tt.Unit).In(loc) })
	case *array.Date32:
		return day(func(i int) time.Time { return a.Value(i).ToTime() })
	case *array.Date64:
		return day(func(i int) time.Time { return a.Value(i).ToTime() })
	}
	return func(i int) string { return orEmpty(null(i), col.ValueStr(i)) }
}

func orEmpty(null bool, s string) string {
	if null {
		return ""
	}
	return s
}
