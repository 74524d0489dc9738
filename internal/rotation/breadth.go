package rotation

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// BreadthParams are the windows of the breadth measures, in trading days.
type BreadthParams struct {
	ShortMA  int // 20: share above the short moving average
	LongMA   int // 60: share above the long moving average
	RelDays  int // 20: share outperforming the benchmark over this many days
	HighDays int // 60: share at a new high of this many days
}

// DefaultBreadthParams are MA20, MA60, 20-day outperformance and 60-day highs.
func DefaultBreadthParams() BreadthParams {
	return BreadthParams{ShortMA: 20, LongMA: 60, RelDays: 20, HighDays: 60}
}

func (p BreadthParams) longest() int { return max(p.ShortMA, p.LongMA, p.RelDays+1, p.HighDays) }

// BreadthPoint is the breadth of one sector on one day. Each share is the
// count of members meeting the condition over the count of members for
// which the condition can be evaluated (its denominator, also given); it is
// NaN when the denominator is 0.
type BreadthPoint struct {
	Date    time.Time
	Members int // point-in-time members on the date
	Traded  int // members with a close on the date

	AboveShortMA float64 // close > MA_ShortMA (strict windows)
	NShortMA     int
	AboveLongMA  float64 // close > MA_LongMA
	NLongMA      int
	Outperform   float64 // return over RelDays > the benchmark's over the same rows
	NOutperform  int
	NewHigh      float64 // close ≥ max of the last HighDays closes (itself included)
	NNewHigh     int

	Advancers, Decliners, Unchanged int // close vs the previous row's close, both present
}

// Breadth computes sector breadth on every row of prices dated in
// [from, to] (zero from: the first row; zero to: the last row). prices holds
// the members' adjusted closes, one row per trading day; members are the
// sector's memberships, and a symbol counts on a date only while one of its
// memberships is active on it (point-in-time). bench is the benchmark's
// closes on the same rows. Moving averages, highs and returns use strict
// windows: a member suspended (NaN) anywhere in a window is left out of
// that measure's denominator for that day.
func Breadth(prices *market.Matrix, members []market.Membership, bench []float64, from, to time.Time, p BreadthParams) ([]BreadthPoint, error) {
	return breadth(prices, memberColumns(prices, members, nil), bench, from, to, p)
}

func breadth(prices *market.Matrix, cols []memberColumn, bench []float64, from, to time.Time, p BreadthParams) ([]BreadthPoint, error) {
	if len(bench) != len(prices.Dates) {
		return nil, fmt.Errorf("breadth: benchmark has %d rows, prices %d", len(bench), len(prices.Dates))
	}
	hi := series.RowOnOrBefore(prices.Dates, to)
	lo := 0
	if !from.IsZero() {
		lo = series.RowOnOrBefore(prices.Dates, from.AddDate(0, 0, -1)) + 1
	}
	if hi < lo {
		return nil, nil
	}
	// Rolling windows only need the rows that reach into [lo, hi].
	base := max(0, lo-p.longest())
	stats := make([]memberStats, len(cols))
	for k, c := range cols {
		stats[k] = newMemberStats(prices.Values[c.col][base:hi+1], p)
	}
	b := bench[base : hi+1]
	out := make([]BreadthPoint, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		r := i - base
		pt := BreadthPoint{Date: prices.Dates[i]}
		var t tally
		bRet := benchReturn(b, r, p)
		for k, c := range cols {
			if !c.activeRow(i) {
				continue
			}
			s := &stats[k]
			t.member(&pt, s.close, r, s.maShort[r], s.maLong[r], s.high[r], bRet, p)
		}
		t.finish(&pt)
		out = append(out, pt)
	}
	return out, nil
}

// BreadthRows is the whole-history Breadth (zero from and to) on the given
// rows only: rows index prices.Dates, in any order, and the result has one
// point per row, identical to the whole-history point on that row. The
// moving averages still run from the first row to the last row asked for
// (their rolling update depends on every row before); the highs are the
// same kernel on each row's own window (a maximum does not depend on how
// it is reached) and the counts are taken on the given rows only, so a
// sample of a long history costs a fraction of every row. Members active
// on none of the rows are left out.
func BreadthRows(prices *market.Matrix, members []market.Membership, bench []float64, rows []int, p BreadthParams) ([]BreadthPoint, error) {
	if len(bench) != len(prices.Dates) {
		return nil, fmt.Errorf("breadth: benchmark has %d rows, prices %d", len(bench), len(prices.Dates))
	}
	if len(rows) == 0 {
		return nil, nil
	}
	hi := -1
	for _, i := range rows {
		if i < 0 || i >= len(prices.Dates) {
			return nil, fmt.Errorf("breadth: row %d outside the %d rows of prices", i, len(prices.Dates))
		}
		hi = max(hi, i)
	}
	cols := memberColumns(prices, members, nil)
	type rowStats struct{ close, maShort, maLong []float64 }
	stats := make([]rowStats, len(cols))
	for k, c := range cols {
		if !slices.ContainsFunc(rows, c.activeRow) {
			continue
		}
		close := prices.Values[c.col][:hi+1]
		stats[k] = rowStats{close: close, maShort: series.RollingMean(close, p.ShortMA), maLong: series.RollingMean(close, p.LongMA)}
	}
	out := make([]BreadthPoint, len(rows))
	for j, i := range rows {
		pt := BreadthPoint{Date: prices.Dates[i]}
		var t tally
		bRet := benchReturn(bench, i, p)
		for k, c := range cols {
			if !c.activeRow(i) {
				continue
			}
			s := &stats[k]
			high := math.NaN()
			if !math.IsNaN(s.close[i]) {
				high = windowMax(s.close, i, p.HighDays)
			}
			t.member(&pt, s.close, i, s.maShort[i], s.maLong[i], high, bRet, p)
		}
		t.finish(&pt)
		out[j] = pt
	}
	return out, nil
}

// windowMax is series.RollingMax(xs, n)[i] without the rows before the
// window: the largest of the n values up to row i, NaN when the window
// reaches before row 0 or holds a NaN (a maximum is exact, so the value is
// the same however it is reached).
func windowMax(xs []float64, i, n int) float64 {
	if n <= 0 || i+1 < n {
		return math.NaN()
	}
	m := math.Inf(-1)
	for _, v := range xs[i+1-n : i+1] {
		if v != v { // NaN
			return math.NaN()
		}
		if v >= m { // the latest of equal values, as RollingMax keeps
			m = v
		}
	}
	return m
}

// benchReturn is the benchmark's return over RelDays rows up to row r of
// b, NaN when it cannot be taken.
func benchReturn(b []float64, r int, p BreadthParams) float64 {
	if r >= p.RelDays && b[r-p.RelDays] > 0 {
		return b[r]/b[r-p.RelDays] - 1
	}
	return math.NaN()
}

// tally counts the members meeting each condition on one row.
type tally struct{ above20, above60, outp, high int }

// member adds one active member on row r of close (its moving averages
// and high on that row given) to the point and the tally.
func (t *tally) member(pt *BreadthPoint, close []float64, r int, maShort, maLong, high, bRet float64, p BreadthParams) {
	pt.Members++
	x := close[r]
	if math.IsNaN(x) {
		return
	}
	pt.Traded++
	count(x, maShort, &t.above20, &pt.NShortMA)
	count(x, maLong, &t.above60, &pt.NLongMA)
	if r >= p.RelDays && close[r-p.RelDays] > 0 && !math.IsNaN(bRet) {
		pt.NOutperform++
		if x/close[r-p.RelDays]-1 > bRet {
			t.outp++
		}
	}
	if !math.IsNaN(high) {
		pt.NNewHigh++
		if x >= high {
			t.high++
		}
	}
	if r >= 1 && !math.IsNaN(close[r-1]) {
		switch {
		case x > close[r-1]:
			pt.Advancers++
		case x < close[r-1]:
			pt.Decliners++
		default:
			pt.Unchanged++
		}
	}
}

// finish turns the tally into the point's shares.
func (t *tally) finish(pt *BreadthPoint) {
	pt.AboveShortMA, pt.AboveLongMA = share(t.above20, pt.NShortMA), share(t.above60, pt.NLongMA)
	pt.Outperform, pt.NewHigh = share(t.outp, pt.NOutperform), share(t.high, pt.NNewHigh)
}

// BreadthAt is the breadth on the last trading day on or before asOf.
func BreadthAt(prices *market.Matrix, members []market.Membership, bench []float64, asOf time.Time, p BreadthParams) (BreadthPoint, error) {
	pts, err := BreadthEach(prices, [][]market.Membership{members}, bench, asOf, p)
	if err != nil {
		return BreadthPoint{}, err
	}
	return pts[0], nil
}

// BreadthEach is BreadthAt for several sectors at once (one membership list
// per sector, results in the same order), sharing the symbol index.
func BreadthEach(prices *market.Matrix, sectors [][]market.Membership, bench []float64, asOf time.Time, p BreadthParams) ([]BreadthPoint, error) {
	i := series.RowOnOrBefore(prices.Dates, asOf)
	if i < 0 {
		return nil, fmt.Errorf("breadth: no trading day on or before %s", market.FormatDate(asOf))
	}
	index := columnIndex(prices)
	out := make([]BreadthPoint, len(sectors))
	for k, members := range sectors {
		pts, err := breadth(prices, memberColumns(prices, members, index), bench, prices.Dates[i], prices.Dates[i], p)
		if err != nil {
			return nil, err
		}
		out[k] = pts[0]
	}
	return out, nil
}

// count adds x > ma to n (when ma is known) and the evaluation to den.
func count(x, ma float64, n, den *int) {
	if math.IsNaN(ma) {
		return
	}
	*den++
	if x > ma {
		*n++
	}
}

func share(n, den int) float64 {
	if den == 0 {
		return math.NaN()
	}
	return float64(n) / float64(den)
}

// memberColumn is a matrix column with the row ranges [lo, hi) during
// which its symbol is a member.
type memberColumn struct {
	col   int
	spans [][2]int
}

func (c memberColumn) activeRow(i int) bool {
	for _, sp := range c.spans {
		if i >= sp[0] && i < sp[1] {
			return true
		}
	}
	return false
}

// columnIndex maps a matrix's symbols to their columns.
func columnIndex(m *market.Matrix) map[market.Symbol]int {
	index := make(map[market.Symbol]int, len(m.Symbols))
	for j, s := range m.Symbols {
		index[s] = j
	}
	return index
}

// memberColumns groups memberships by matrix column and turns their date
// ranges into row ranges; symbols not in the matrix are skipped (they have
// no prices). index may be nil.
func memberColumns(m *market.Matrix, members []market.Membership, index map[market.Symbol]int) []memberColumn {
	if index == nil {
		index = columnIndex(m)
	}
	pos := map[int]int{}
	var out []memberColumn
	for _, ms := range members {
		j, ok := index[ms.Symbol]
		if !ok {
			continue
		}
		k, seen := pos[j]
		if !seen {
			k = len(out)
			pos[j] = k
			out = append(out, memberColumn{col: j})
		}
		lo := series.RowOnOrBefore(m.Dates, ms.From.AddDate(0, 0, -1)) + 1 // first row ≥ From
		hi := len(m.Dates)
		if !ms.To.IsZero() {
			hi = series.RowOnOrBefore(m.Dates, ms.To.AddDate(0, 0, -1)) + 1 // first row ≥ To
		}
		out[k].spans = append(out[k].spans, [2]int{lo, hi})
	}
	return out
}

// memberStats are one member's rolling series over the rows in use.
type memberStats struct {
	close, maShort, maLong, high []float64
}

func newMemberStats(close []float64, p BreadthParams) memberStats {
	return memberStats{
		close:   close,
		maShort: series.RollingMean(close, p.ShortMA),
		maLong:  series.RollingMean(close, p.LongMA),
		high:    series.RollingMax(close, p.HighDays),
	}
}
