package series

import (
	"math"
	"sort"
	"time"
)

// WeekEnds returns, for the trading days dates (ascending, one per row),
// the row of the last trading day of each Monday–Sunday week, in order,
// considering only rows on or before asOf. The last week ends at the last
// row on or before asOf, so a week still in progress on asOf is cut there
// and no row after asOf is ever used. A zero asOf means "all rows".
func WeekEnds(dates []time.Time, asOf time.Time) []int {
	end := RowOnOrBefore(dates, asOf)
	var out []int
	for i := 0; i <= end; i++ {
		if i == end || weekStart(dates[i+1]) != weekStart(dates[i]) {
			out = append(out, i)
		}
	}
	return out
}

// weekStart is the Monday that starts d's week, as days since the epoch.
func weekStart(d time.Time) int64 {
	days := d.Unix() / 86400 // 1970-01-01 was a Thursday
	// Monday = 0: shift so that the epoch Thursday maps to 3.
	return days - ((days+3)%7+7)%7
}

// RowOnOrBefore is the last row whose date is on or before d (binary
// search; dates ascending), -1 if none. A zero d means the last row.
func RowOnOrBefore(dates []time.Time, d time.Time) int {
	if d.IsZero() {
		return len(dates) - 1
	}
	return sort.Search(len(dates), func(i int) bool { return dates[i].After(d) }) - 1
}

// Resample picks one value per period: out[k] is the last valid value of xs
// in rows (ends[k−1], ends[k]] (for k = 0, rows 0 … ends[0]). A period in
// which xs has no valid value is NaN: a value is never carried from an
// earlier period. With ends = WeekEnds(dates, asOf) this is the weekly
// close: the close of the last trading day of each week on which the
// instrument traded.
func Resample(xs []float64, ends []int) []float64 {
	out := make([]float64, len(ends))
	lo := 0
	for k, e := range ends {
		out[k] = math.NaN()
		for i := e; i >= lo; i-- {
			if !math.IsNaN(xs[i]) {
				out[k] = xs[i]
				break
			}
		}
		lo = e + 1
	}
	return out
}

// Pick returns the dates at the given rows.
func Pick(dates []time.Time, rows []int) []time.Time {
	out := make([]time.Time, len(rows))
	for k, r := range rows {
		out[k] = dates[r]
	}
	return out
}
