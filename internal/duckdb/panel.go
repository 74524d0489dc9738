package duckdb

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2/mapping"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// SeriesMatrix reads fields of one per-day dataset for many symbols on the
// given days in one query. Each result row is (column j, date, value per
// field): DuckDB joins the requested symbols (a literal list with their
// column numbers) and filters the date range; Go places each row on its
// day through a dense day-number index and counts rows per symbol. File
// stores read the result's vectors in place (raw.go), in-memory stores
// scan per-symbol lists through database/sql.
func (s *Store) SeriesMatrix(ctx context.Context, dataset market.Dataset, fields []market.SeriesField, symbols []market.Symbol, days []time.Time) (*market.SeriesPanel, error) {
	const op = "duckdb.SeriesMatrix"
	tbl, exprs, err := seriesExprs(dataset, fields)
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: err.Error()}
	}
	b, err := newPanelBuilder(dataset, fields, symbols, days)
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: err.Error()}
	}
	if len(b.p.Symbols) == 0 || len(b.p.Dates) == 0 {
		return b.p, nil
	}
	from, to := b.p.Dates[0], b.p.Dates[len(b.p.Dates)-1]
	if s.raw != nil {
		want := []mapping.Type{mapping.TypeInteger, mapping.TypeDate}
		for range exprs {
			want = append(want, mapping.TypeDouble)
		}
		err = s.raw.stream(ctx, panelSQL(tbl, exprs, b.p.Symbols, from, to, false), want, b.chunk)
	} else {
		err = s.sqlPanel(ctx, panelSQL(tbl, exprs, b.p.Symbols, from, to, true), b)
	}
	if err != nil {
		return nil, storeError(op, err)
	}
	return b.p, nil
}

// seriesExprs returns the table of a dataset and the SQL of each field.
func seriesExprs(d market.Dataset, fields []market.SeriesField) (string, []string, error) {
	if len(fields) == 0 {
		return "", nil, fmt.Errorf("no field to read")
	}
	switch d {
	case market.DatasetBars, market.DatasetShares, market.DatasetMargin, market.DatasetFlows, market.DatasetValuation:
	default:
		return "", nil, fmt.Errorf("dataset %q has no per-day series", d)
	}
	t := tableFor(d)
	exprs := make([]string, len(fields))
	for i, f := range fields {
		switch {
		case d == market.DatasetBars && fieldExpr[market.BarField(f)] != "":
			exprs[i] = fieldExpr[market.BarField(f)]
		case d != market.DatasetBars && slices.Contains(t.cols, string(f)):
			exprs[i] = "b." + string(f)
		default:
			return "", nil, fmt.Errorf("dataset %s has no field %q", d, f)
		}
	}
	return t.name, exprs, nil
}

// panelSQL builds the query with the symbols and dates as literals (the
// native path has no parameter binding for lists): one row per stored row,
// or with lists one row per symbol holding list(day number) and a list per
// field.
func panelSQL(tbl string, exprs []string, syms []market.Symbol, from, to time.Time, lists bool) string {
	var q strings.Builder
	q.WriteString("WITH req AS (SELECT unnest(l) AS symbol, unnest(range(len(l)))::INTEGER AS j FROM (SELECT [")
	for j, s := range syms {
		if j > 0 {
			q.WriteByte(',')
		}
		q.WriteString(quote(string(s)))
	}
	q.WriteString("]::VARCHAR[] AS l))\n")
	col := "(%s)::DOUBLE"
	if lists {
		q.WriteString("SELECT r.j, list((b.date - DATE '1970-01-01')::INTEGER)")
		col = "list((%s)::DOUBLE)"
	} else {
		q.WriteString("SELECT r.j, b.date")
	}
	for _, e := range exprs {
		q.WriteString(", ")
		fmt.Fprintf(&q, col, e)
	}
	fmt.Fprintf(&q, "\nFROM %s b JOIN req r ON b.symbol = r.symbol WHERE b.date >= DATE '%s' AND b.date <= DATE '%s'",
		tbl, market.FormatDate(from), market.FormatDate(to))
	if lists {
		q.WriteString(" GROUP BY r.j")
	}
	return q.String()
}

// panelBuilder places (j, day, values…) rows on the requested days.
type panelBuilder struct {
	p    *market.SeriesPanel
	day0 int32   // day number of the first day
	row  []int32 // day number − day0 → row, −1 for days not requested
}

func newPanelBuilder(d market.Dataset, fields []market.SeriesField, symbols []market.Symbol, days []time.Time) (*panelBuilder, error) {
	p := &market.SeriesPanel{
		Dates:   make([]time.Time, len(days)),
		Symbols: append([]market.Symbol(nil), symbols...),
		Fields:  append([]market.SeriesField(nil), fields...),
		Values:  make([]*market.Matrix, len(fields)),
		Rows:    make([]int, len(symbols)),
		Dropped: make([]int, len(symbols)),
	}
	b := &panelBuilder{p: p}
	for i, d := range days {
		p.Dates[i] = market.DayOf(d)
		if i > 0 && !p.Dates[i].After(p.Dates[i-1]) {
			return nil, fmt.Errorf("%s days are not ascending at %s", d, market.FormatDate(p.Dates[i]))
		}
	}
	for f := range fields {
		p.Values[f] = market.NewMatrix(p.Dates, p.Symbols)
	}
	if len(days) == 0 {
		return b, nil
	}
	b.day0 = dayNumber(p.Dates[0])
	b.row = make([]int32, dayNumber(p.Dates[len(days)-1])-b.day0+1)
	for i := range b.row {
		b.row[i] = -1
	}
	for i, d := range p.Dates {
		b.row[dayNumber(d)-b.day0] = int32(i)
	}
	return b, nil
}

// place returns the row of a stored row of column j dated day, counting
// it in Rows or Dropped; false when it is not placed.
func (b *panelBuilder) place(j, day int32) (int32, bool) {
	k := day - b.day0
	if k < 0 || int(k) >= len(b.row) {
		return 0, false // outside the days (the query's range excludes these)
	}
	i := b.row[k]
	if i < 0 {
		b.p.Dropped[j]++
		return 0, false
	}
	b.p.Rows[j]++
	return i, true
}

// chunk scatters one native result chunk, reading the flat vectors and the
// values' validity masks in place.
func (b *panelBuilder) chunk(chunk mapping.DataChunk) {
	size := int(mapping.DataChunkGetSize(chunk))
	if size == 0 {
		return
	}
	vec := func(c int) mapping.Vector { return mapping.DataChunkGetVector(chunk, mapping.IdxT(c)) }
	js := unsafe.Slice((*int32)(mapping.VectorGetData(vec(0))), size)
	days := unsafe.Slice((*int32)(mapping.VectorGetData(vec(1))), size)
	nf := len(b.p.Fields)
	vals := make([][]float64, nf)
	masks := make([][]uint64, nf)
	for f := range nf {
		v := vec(2 + f)
		vals[f] = unsafe.Slice((*float64)(mapping.VectorGetData(v)), size)
		if p := mapping.VectorGetValidity(v); p != nil {
			masks[f] = unsafe.Slice((*uint64)(p), (size+63)/64)
		}
	}
	for k := range size {
		i, ok := b.place(js[k], days[k])
		if !ok {
			continue
		}
		j := js[k]
		for f, m := range b.p.Values {
			if mask := masks[f]; mask != nil && mask[k>>6]&(1<<(k&63)) == 0 {
				m.Values[j][i] = math.NaN()
			} else {
				m.Values[j][i] = vals[f][k]
			}
		}
	}
}

// sqlPanel is the database/sql path: a query with lists (see panelSQL),
// one row per symbol.
func (s *Store) sqlPanel(ctx context.Context, q string, b *panelBuilder) error {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	nf := len(b.p.Fields)
	var j int32
	var days any
	lists := make([]any, nf)
	dst := []any{&j, &days}
	for f := range lists {
		dst = append(dst, &lists[f])
	}
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		ds, _ := days.([]any)
		for k, d := range ds {
			day, _ := d.(int32)
			i, ok := b.place(j, day)
			if !ok {
				continue
			}
			for f, m := range b.p.Values {
				l, _ := lists[f].([]any)
				if v, ok := l[k].(float64); ok {
					m.Values[j][i] = v
				}
			}
		}
	}
	return rows.Err()
}
