package duckdb

import (
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// colKind is the DuckDB type of a column loaded through the columnar path.
type colKind uint8

const (
	kindVarchar colKind = iota // VARCHAR, never NULL
	kindDate                   // DATE; the zero time is NULL unless keepZero
	kindDouble                 // DOUBLE; NaN is NULL
)

// column reads one column of a dataset's rows by row index; exactly one of
// str, day and num is set, according to kind.
type column struct {
	kind     colKind
	keepZero bool // a DATE key: the zero time is the day 0001-01-01 (unknownReport)
	str      func(i int) string
	day      func(i int) time.Time
	num      func(i int) float64
}

func strCol(f func(i int) string) column    { return column{kind: kindVarchar, str: f} }
func dayCol(f func(i int) time.Time) column { return column{kind: kindDate, day: f} }
func numCol(f func(i int) float64) column   { return column{kind: kindDouble, num: f} }
func symCol(f func(i int) market.Symbol) column {
	return strCol(func(i int) string { return string(f(i)) })
}

// dayNumber is t's calendar day in its own location (as market.DayOf) as
// DuckDB's DATE encoding, days since 1970-01-01.
func dayNumber(t time.Time) int32 {
	_, off := t.Zone()
	sec := t.Unix() + int64(off)
	d := sec / 86400
	if sec%86400 < 0 {
		d--
	}
	return int32(d)
}

// The columns of the large per-day datasets, in the order of their tables'
// keys then cols (see tables), loaded through the columnar source (load.go).

func barColumns(b *market.Batch) (int, []column) {
	r := b.Bars
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		dayCol(func(i int) time.Time { return r[i].Date }),
		numCol(func(i int) float64 { return r[i].Open }),
		numCol(func(i int) float64 { return r[i].High }),
		numCol(func(i int) float64 { return r[i].Low }),
		numCol(func(i int) float64 { return r[i].Close }),
		numCol(func(i int) float64 { return r[i].Volume }),
		numCol(func(i int) float64 { return r[i].Amount }),
		numCol(func(i int) float64 { return r[i].Turnover }),
		numCol(func(i int) float64 { return r[i].AdjFactor }),
	}
}

func shareColumns(b *market.Batch) (int, []column) {
	r := b.Shares
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		dayCol(func(i int) time.Time { return r[i].Date }),
		numCol(func(i int) float64 { return r[i].Shares }),
		numCol(func(i int) float64 { return r[i].NAV }),
	}
}

func marginColumns(b *market.Batch) (int, []column) {
	r := b.Margin
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		dayCol(func(i int) time.Time { return r[i].Date }),
		numCol(func(i int) float64 { return r[i].FinBalance }),
		numCol(func(i int) float64 { return r[i].FinBuy }),
		numCol(func(i int) float64 { return r[i].FinRepay }),
		numCol(func(i int) float64 { return r[i].SecBalance }),
	}
}

func flowColumns(b *market.Batch) (int, []column) {
	r := b.Flows
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		dayCol(func(i int) time.Time { return r[i].Date }),
		numCol(func(i int) float64 { return r[i].MainNet }),
		numCol(func(i int) float64 { return r[i].SuperNet }),
		numCol(func(i int) float64 { return r[i].LargeNet }),
		numCol(func(i int) float64 { return r[i].MediumNet }),
		numCol(func(i int) float64 { return r[i].SmallNet }),
	}
}

func fundamentalColumns(b *market.Batch) (int, []column) {
	r := b.Fundamentals
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		strCol(func(i int) string { return r[i].Field }),
		dayCol(func(i int) time.Time { return r[i].PeriodEnd }),
		{kind: kindDate, keepZero: true, day: func(i int) time.Time { return r[i].ReportDate }},
		numCol(func(i int) float64 { return r[i].Value }),
		strCol(func(i int) string { return r[i].Unit }),
	}
}

func valuationColumns(b *market.Batch) (int, []column) {
	r := b.Valuations
	return len(r), []column{
		symCol(func(i int) market.Symbol { return r[i].Symbol }),
		dayCol(func(i int) time.Time { return r[i].Date }),
		numCol(func(i int) float64 { return r[i].PETTM }),
		numCol(func(i int) float64 { return r[i].PB }),
		numCol(func(i int) float64 { return r[i].TotalMV }),
		numCol(func(i int) float64 { return r[i].FloatMV }),
	}
}

// mapCheckRows is the largest batch whose keys distinctKeys checks with a
// Go map when they are not in order (larger ones: a DISTINCT count in SQL).
const mapCheckRows = 2_000_000

// distinctKeys reports whether the (symbol, date) keys of cols (the first
// two columns) are provably distinct, and whether they are strictly
// increasing (already in the tables' physical order). Both are false for
// other keys, zero dates and large unordered batches.
func distinctKeys(t table, n int, cols []column) (distinct, sorted bool) {
	if n == 0 || len(t.keys) != 2 || t.keys[1] != "date" || len(cols) < 2 {
		return false, false
	}
	sym, day := cols[0].str, cols[1].day
	prevSym, prevDay := "", int32(0)
	sorted = true
	for i := range n {
		s, d := sym(i), day(i)
		if d.IsZero() {
			return false, false
		}
		dn := dayNumber(d)
		if i > 0 && (s < prevSym || s == prevSym && dn <= prevDay) {
			sorted = false
			break
		}
		prevSym, prevDay = s, dn
	}
	if sorted || n > mapCheckRows {
		return sorted, sorted
	}
	type key struct {
		sym string
		day int32
	}
	seen := make(map[key]struct{}, n)
	for i := range n {
		k := key{sym(i), dayNumber(day(i))}
		if _, dup := seen[k]; dup {
			return false, false
		}
		seen[k] = struct{}{}
	}
	return true, false
}
