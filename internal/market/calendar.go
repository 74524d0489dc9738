package market

import (
	"sort"
	"time"
)

// Calendar is a venue's set of trading days, sorted ascending. Calendars come
// from data: the days on which the venue's benchmark traded (CSI 300 for
// A-shares, SPY for US listings), never from a guess that would reject real
// rows. An empty Calendar knows nothing and accepts every day.
type Calendar struct {
	Venue string
	Days  []time.Time
}

// NewCalendar returns the calendar of the given days (sorted, deduplicated).
func NewCalendar(venue string, days []time.Time) Calendar {
	ds := make([]time.Time, 0, len(days))
	for _, d := range days {
		ds = append(ds, DayOf(d))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Before(ds[j]) })
	out := ds[:0]
	for i, d := range ds {
		if i == 0 || !d.Equal(out[len(out)-1]) {
			out = append(out, d)
		}
	}
	return Calendar{Venue: venue, Days: out}
}

// Known reports whether the calendar has any days.
func (c Calendar) Known() bool { return len(c.Days) > 0 }

// Covers reports whether d lies within the calendar's first and last day, so
// that its absence from Days means "not a trading day" rather than "unknown".
func (c Calendar) Covers(d time.Time) bool {
	return c.Known() && !d.Before(c.Days[0]) && !d.After(c.Days[len(c.Days)-1])
}

// IsTradingDay reports whether d is a trading day. Outside the covered range
// it falls back to "not a weekend".
func (c Calendar) IsTradingDay(d time.Time) bool {
	if !c.Covers(d) {
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday
	}
	return c.index(d) >= 0
}

// index returns the position of d in Days, or -1.
func (c Calendar) index(d time.Time) int {
	i := sort.Search(len(c.Days), func(i int) bool { return !c.Days[i].Before(d) })
	if i < len(c.Days) && c.Days[i].Equal(d) {
		return i
	}
	return -1
}

// Between returns the trading days in [from, to].
func (c Calendar) Between(from, to time.Time) []time.Time {
	lo := sort.Search(len(c.Days), func(i int) bool { return !c.Days[i].Before(from) })
	hi := sort.Search(len(c.Days), func(i int) bool { return c.Days[i].After(to) })
	if lo >= hi {
		return nil
	}
	return c.Days[lo:hi]
}

// Last returns the last trading day on or before d, and false if none.
func (c Calendar) Last(d time.Time) (time.Time, bool) {
	i := sort.Search(len(c.Days), func(i int) bool { return c.Days[i].After(d) })
	if i == 0 {
		return time.Time{}, false
	}
	return c.Days[i-1], true
}
