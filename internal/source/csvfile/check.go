package csvfile

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// dedupeBars drops repeated (symbol, date) keys, keeping the last row. A
// repeat with different values is a warning; an identical one is silent.
// Files whose symbols come in runs with strictly monotonic dates (nearly all
// of them) are recognised in one pass without sorting.
func dedupeBars(r *run, bars []market.Bar, lines []int32) ([]market.Bar, []int32) {
	if uniqueRuns(bars) {
		return bars, lines
	}
	order := make([]int, len(bars))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := &bars[order[a]], &bars[order[b]]
		if x.Symbol != y.Symbol {
			return x.Symbol < y.Symbol
		}
		if !x.Date.Equal(y.Date) {
			return x.Date.Before(y.Date)
		}
		return order[a] < order[b]
	})
	drop := make([]bool, len(bars))
	r.warns.newPass()
	var dups []dup
	for k := 0; k < len(order); {
		j := k + 1
		for j < len(order) && bars[order[j]].Symbol == bars[order[k]].Symbol && bars[order[j]].Date.Equal(bars[order[k]].Date) {
			j++
		}
		last := order[j-1]
		for _, i := range order[k : j-1] {
			drop[i] = true
			if !sameBar(&bars[i], &bars[last]) {
				dups = append(dups, dup{int(lines[last]), int(lines[i]), bars[last].Symbol.String() + " " + market.FormatDate(bars[last].Date)})
			}
		}
		k = j
	}
	warnDups(r, dups)
	out, outLines := bars[:0], lines[:0]
	for i := range bars {
		if !drop[i] {
			out = append(out, bars[i])
			outLines = append(outLines, lines[i])
		}
	}
	return out, outLines
}

type dup struct {
	line, other int
	key         string
}

func warnDups(r *run, dups []dup) {
	sort.Slice(dups, func(a, b int) bool {
		return dups[a].line < dups[b].line || dups[a].line == dups[b].line && dups[a].other < dups[b].other
	})
	for _, d := range dups {
		r.warn(d.line, fmt.Sprintf("duplicate %s (also on line %d) with different values; keeping this row, the last", d.key, d.other))
	}
}

// uniqueRuns reports whether every symbol occupies one contiguous run of
// rows with strictly increasing or strictly decreasing dates.
func uniqueRuns(bars []market.Bar) bool {
	seen := map[market.Symbol]bool{}
	for i := 0; i < len(bars); {
		s := bars[i].Symbol
		if seen[s] {
			return false
		}
		seen[s] = true
		j, dir := i+1, 0
		for ; j < len(bars) && bars[j].Symbol == s; j++ {
			c := bars[j].Date.Compare(bars[j-1].Date)
			if c == 0 || dir != 0 && c != dir {
				return false
			}
			dir = c
		}
		i = j
	}
	return true
}

// checkBars adds market.CheckBars warnings (calendar, weekends, price
// limits), run by run so that large files are not sorted as a whole.
func checkBars(r *run, bars []market.Bar, lines []int32) {
	r.warns.newPass()
	if !contiguous(bars) {
		for _, w := range market.CheckBars(bars, r.opts.Calendars, r.opts.Kinds) {
			r.warn(int(lines[w.Index]), w.Message)
		}
		return
	}
	for i := 0; i < len(bars); {
		j := i + 1
		for j < len(bars) && bars[j].Symbol == bars[i].Symbol {
			j++
		}
		if suspicious(bars[i:j], r.opts.Calendars, r.opts.Kinds) {
			for _, w := range market.CheckBars(bars[i:j], r.opts.Calendars, r.opts.Kinds) {
				r.warn(int(lines[i+w.Index]), w.Message)
			}
		}
		i = j
	}
}

// suspicious is a cheap pre-check of one symbol's run for market.CheckBars:
// false only when the run is date-sorted and no bar can draw a warning (no
// non-trading or weekend day, no move beyond the price limit). CheckBars
// itself writes the warnings, so its rules stay the single source of truth.
func suspicious(run []market.Bar, cals map[string]market.Calendar, kinds map[market.Symbol]market.Kind) bool {
	s := run[0].Symbol
	cal, hasCal := cals[s.Venue()]
	kind, ok := kinds[s]
	if !ok && market.IsChinaEquityVenue(s.Venue()) {
		kind = market.KindStock
	}
	limit := market.PriceLimit(s, kind)
	dir := 0
	for k := range run {
		d := run[k].Date
		if hasCal && cal.Covers(d) {
			if !cal.IsTradingDay(d) {
				return true
			}
		} else if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return true
		}
		if k == 0 {
			continue
		}
		c := d.Compare(run[k-1].Date)
		if c == 0 || dir != 0 && c != dir {
			return true // unsorted: let CheckBars sort it out
		}
		dir = c
		if limit > 0 {
			prev, cur := run[k-1], run[k]
			if c < 0 {
				prev, cur = cur, prev
			}
			if p := prev.AdjClose(); p > 0 && math.Abs(cur.AdjClose()/p-1) > limit+0.009 {
				return true
			}
		}
	}
	return false
}

// contiguous reports whether each symbol's bars form one run.
func contiguous(bars []market.Bar) bool {
	seen := map[market.Symbol]bool{}
	for i := range bars {
		if i == 0 || bars[i].Symbol != bars[i-1].Symbol {
			if seen[bars[i].Symbol] {
				return false
			}
			seen[bars[i].Symbol] = true
		}
	}
	return true
}

// checkDate warns about a dated row on a day its venue does not trade: not in
// the venue's calendar when one is given, else a weekend.
func checkDate(r *run, line int, s market.Symbol, d time.Time) {
	cal, ok := r.opts.Calendars[s.Venue()]
	if ok && cal.Covers(d) {
		if !cal.IsTradingDay(d) {
			r.warn(line, fmt.Sprintf("%s %s is not a trading day of %s", s, market.FormatDate(d), cal.Venue))
		}
		return
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		r.warn(line, fmt.Sprintf("%s %s falls on a %s", s, market.FormatDate(d), wd))
	}
}

// dedupe drops rows with a repeated key, keeping the last; a repeat with
// different values (same reports false) is a warning.
func dedupe[T any](r *run, rows []T, lines []int32, key func(*T) string, same func(a, b *T) bool) ([]T, []int32) {
	last := make(map[string]int, len(rows))
	for i := range rows {
		last[key(&rows[i])] = i
	}
	if len(last) == len(rows) {
		return rows, lines
	}
	r.warns.newPass()
	var dups []dup
	out, outLines := rows[:0:0], lines[:0:0]
	for i := range rows {
		k := key(&rows[i])
		j := last[k]
		if j != i {
			if !same(&rows[i], &rows[j]) {
				dups = append(dups, dup{int(lines[j]), int(lines[i]), k})
			}
			continue
		}
		out = append(out, rows[i])
		outLines = append(outLines, lines[i])
	}
	warnDups(r, dups)
	return out, outLines
}
