package demo

import (
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// The demo calendar approximates the Shanghai/Shenzhen trading calendar by
// rules (documented in docs/demo.md): weekends are closed, and so are the
// weekdays of these holidays —
//
//   - New Year's Day (1 Jan), Qingming (4 or 5 Apr), Dragon Boat and
//     Mid-Autumn: the day itself; when it falls on a weekend, the following
//     Monday; when on a Tuesday, the Monday before too; on a Thursday, the
//     Friday after too (the bridge days China makes up on a weekend);
//   - Spring Festival: Lunar New Year's Eve through the sixth day (8 days);
//   - Labour Day: 1–5 May;
//   - National Day: 1–7 Oct, extended to 8 Oct when Mid-Autumn falls
//     between 29 Sep and 6 Oct.
//
// Lunar dates come from a table for 2005–2035; outside it they are
// approximated (Spring Festival 4 Feb, Dragon Boat 10 Jun, Mid-Autumn 20 Sep).

// lunar holds the Gregorian dates of Lunar New Year, Dragon Boat and
// Mid-Autumn for a year, as month*100+day.
type lunar struct{ springFestival, dragonBoat, midAutumn int }

var lunarDates = map[int]lunar{
	2005: {209, 611, 918}, 2006: {129, 531, 1006}, 2007: {218, 619, 925},
	2008: {207, 608, 914}, 2009: {126, 528, 1003}, 2010: {214, 616, 922},
	2011: {203, 606, 912}, 2012: {123, 623, 930}, 2013: {210, 612, 919},
	2014: {131, 602, 908}, 2015: {219, 620, 927}, 2016: {208, 609, 915},
	2017: {128, 530, 1004}, 2018: {216, 618, 924}, 2019: {205, 607, 913},
	2020: {125, 625, 1001}, 2021: {212, 614, 921}, 2022: {201, 603, 910},
	2023: {122, 622, 929}, 2024: {210, 610, 917}, 2025: {129, 531, 1006},
	2026: {217, 619, 925}, 2027: {206, 609, 915}, 2028: {126, 528, 1003},
	2029: {213, 616, 922}, 2030: {203, 605, 912}, 2031: {123, 624, 1001},
	2032: {211, 612, 919}, 2033: {131, 601, 908}, 2034: {219, 620, 927},
	2035: {208, 610, 916},
}

func lunarOf(year int) lunar {
	if l, ok := lunarDates[year]; ok {
		return l
	}
	return lunar{204, 610, 920}
}

func mmdd(year, md int) time.Time {
	return market.Day(year, time.Month(md/100), md%100)
}

func isWeekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// holidays returns the closed days of a year (weekdays and weekends mixed;
// the caller drops weekends anyway).
func holidays(year int) map[time.Time]bool {
	closed := map[time.Time]bool{}
	span := func(from time.Time, n int) {
		for i := 0; i < n; i++ {
			closed[from.AddDate(0, 0, i)] = true
		}
	}
	short := func(d time.Time) {
		closed[d] = true
		switch d.Weekday() {
		case time.Saturday:
			closed[d.AddDate(0, 0, 2)] = true
		case time.Sunday:
			closed[d.AddDate(0, 0, 1)] = true
		case time.Tuesday:
			closed[d.AddDate(0, 0, -1)] = true
		case time.Thursday:
			closed[d.AddDate(0, 0, 1)] = true
		}
	}
	l := lunarOf(year)
	short(market.Day(year, time.January, 1))
	span(mmdd(year, l.springFestival).AddDate(0, 0, -1), 8)
	qingming := 5
	if year%4 <= 1 {
		qingming = 4
	}
	short(market.Day(year, time.April, qingming))
	span(market.Day(year, time.May, 1), 5)
	short(mmdd(year, l.dragonBoat))
	mid := mmdd(year, l.midAutumn)
	national := 7
	if !mid.Before(market.Day(year, time.September, 29)) && !mid.After(market.Day(year, time.October, 6)) {
		national = 8
	} else {
		short(mid)
	}
	span(market.Day(year, time.October, 1), national)
	return closed
}

// IsHoliday reports whether d is closed by one of the demo holiday rules
// (weekends aside).
func IsHoliday(d time.Time) bool {
	d = market.DayOf(d)
	return holidays(d.Year())[d]
}

// TradingDays returns the demo trading days in [from, to].
func TradingDays(from, to time.Time) []time.Time {
	from, to = market.DayOf(from), market.DayOf(to)
	var days []time.Time
	year := 0
	var closed map[time.Time]bool
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		if d.Year() != year {
			year = d.Year()
			closed = holidays(year)
		}
		if !isWeekend(d) && !closed[d] {
			days = append(days, d)
		}
	}
	return days
}
