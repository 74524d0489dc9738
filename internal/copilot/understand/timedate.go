package understand

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Calendar dates in questions: "since December", "2025-12-01", "Dec 3,
// 2025", "Q3 2025", "2025年12月", "12月3日" and ranges between them.

var monthNum = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
	"june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var (
	reISO      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$`)
	reMonthDay = regexp.MustCompile(`^(` + monthsEN + `)\.?(?:\s*(\d{1,2})(?:st|nd|rd|th)?)?(?:,?\s*(\d{4}))?$`)
	reDayMonth = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?\s+(` + monthsEN + `)\.?(?:,?\s*(\d{4}))?$`)
	reQuarter  = regexp.MustCompile(`^(?:q([1-4])(?:\s*(\d{4}))?|(\d{4})\s*q([1-4]))$`)
	reYear     = regexp.MustCompile(`^(\d{4})$`)
	reStartOf  = regexp.MustCompile(`^the (?:start|beginning) of (?:the |this )?(year|month|quarter|week|` + monthsEN + `)$`)
	reLastP    = regexp.MustCompile(`^last (week|month|quarter|year)$`)
)

// period is a parsed date expression: its first and last day.
type period struct{ from, to time.Time }

// latest returns the latest y for month m (and day d) on or before asof
// when y is 0.
func latestYear(y int, m time.Month, d int, asof time.Time) int {
	if y != 0 {
		return y
	}
	y = asof.Year()
	if day(y, m, max(d, 1)).After(asof) {
		y--
	}
	return y
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// parseDateEN reads one English date expression.
func parseDateEN(s string, asof time.Time) (period, bool) {
	s = strings.TrimSpace(s)
	if m := reISO.FindStringSubmatch(s); m != nil {
		y, mo := atoi(m[1]), time.Month(atoi(m[2]))
		if mo < 1 || mo > 12 {
			return period{}, false
		}
		if m[3] == "" {
			return period{day(y, mo, 1), monthEnd(y, mo)}, true
		}
		d := atoi(m[3])
		if d < 1 || d > monthEnd(y, mo).Day() {
			return period{}, false
		}
		return period{day(y, mo, d), day(y, mo, d)}, true
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		return monthDay(monthNum[m[1]], atoi(m[2]), atoi(m[3]), asof)
	}
	if m := reDayMonth.FindStringSubmatch(s); m != nil {
		return monthDay(monthNum[m[2]], atoi(m[1]), atoi(m[3]), asof)
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		q, y := atoi(m[1]), atoi(m[2])
		if m[3] != "" {
			y, q = atoi(m[3]), atoi(m[4])
		}
		return quarter(y, q, asof)
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y := atoi(m[1])
		if y < 1990 || y > 2100 {
			return period{}, false
		}
		return period{day(y, 1, 1), day(y, 12, 31)}, true
	}
	if m := reStartOf.FindStringSubmatch(s); m != nil {
		switch m[1] {
		case "year":
			return period{yearStart(asof), asof}, true
		case "month":
			return period{day(asof.Year(), asof.Month(), 1), asof}, true
		case "quarter":
			return period{quarterStart(asof), asof}, true
		case "week":
			return period{weekStart(asof), asof}, true
		}
		return monthDay(monthNum[m[1]], 0, 0, asof)
	}
	if m := reLastP.FindStringSubmatch(s); m != nil {
		switch m[1] {
		case "week":
			f := weekStart(asof).AddDate(0, 0, -7)
			return period{f, f.AddDate(0, 0, 6)}, true
		case "month":
			f := day(asof.Year(), asof.Month()-1, 1)
			return period{f, monthEnd(f.Year(), f.Month())}, true
		case "quarter":
			f := quarterStart(asof).AddDate(0, -3, 0)
			return period{f, quarterStart(asof).AddDate(0, 0, -1)}, true
		case "year":
			return period{day(asof.Year()-1, 1, 1), day(asof.Year()-1, 12, 31)}, true
		}
	}
	return period{}, false
}

// monthDay is a month (d = 0) or a day, in year y or its latest
// occurrence on or before asof.
func monthDay(mo time.Month, d, y int, asof time.Time) (period, bool) {
	if mo == 0 || asof.IsZero() && y == 0 {
		return period{}, false
	}
	y = latestYear(y, mo, d, asof)
	if d == 0 {
		return period{day(y, mo, 1), monthEnd(y, mo)}, true
	}
	if d > monthEnd(y, mo).Day() {
		return period{}, false
	}
	return period{day(y, mo, d), day(y, mo, d)}, true
}

func quarter(y, q int, asof time.Time) (period, bool) {
	if q < 1 || q > 4 {
		return period{}, false
	}
	mo := time.Month(3*q - 2)
	if y == 0 {
		if asof.IsZero() {
			return period{}, false
		}
		y = latestYear(0, mo, 1, asof)
	}
	return period{day(y, mo, 1), monthEnd(y, mo+2)}, true
}

func readSinceEN(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	p, ok := parseDateEN(m[1], asof)
	return p.from, asof, "", ok && !asof.IsZero()
}

func readRangeEN(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	a, ok1 := parseDateEN(m[1], asof)
	b, ok2 := parseDateEN(m[2], asof)
	return a.from, b.to, "", ok1 && ok2 && !b.to.Before(a.from)
}

func readOnEN(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	s := m[1] + m[2]
	if strings.HasPrefix(s, "last ") || strings.HasPrefix(s, "the ") || s == "may" {
		return time.Time{}, time.Time{}, "", false
	}
	p, ok := parseDateEN(s, asof)
	return p.from, p.to, "", ok
}

var (
	reZHFull  = regexp.MustCompile(`^(?:(\d{4})年|(今年|去年))?(\d{1,2}|[一二三四五六七八九十]{1,3})月份?(?:(\d{1,2})[日号])?$`)
	reZHYear  = regexp.MustCompile(`^(\d{4})年$`)
	reZHISO   = regexp.MustCompile(`^\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?$`)
	reZHRecip = regexp.MustCompile(`^(年初|去年|上个?月|上周|上季度)$`)
)

// parseDateZH reads one Chinese date expression.
func parseDateZH(s string, asof time.Time) (period, bool) {
	if reZHISO.MatchString(s) {
		return parseDateEN(s, asof)
	}
	if m := reZHFull.FindStringSubmatch(s); m != nil {
		mo, ok := parseNumZH(m[3])
		if !ok || mo > 12 {
			return period{}, false
		}
		y := atoi(m[1])
		switch {
		case m[2] == "今年" && !asof.IsZero():
			y = asof.Year()
		case m[2] == "去年" && !asof.IsZero():
			y = asof.Year() - 1
		}
		return monthDay(time.Month(mo), atoi(m[4]), y, asof)
	}
	if m := reZHYear.FindStringSubmatch(s); m != nil {
		return parseDateEN(m[1], asof)
	}
	if m := reZHRecip.FindStringSubmatch(s); m != nil && !asof.IsZero() {
		switch m[1] {
		case "年初":
			return period{yearStart(asof), asof}, true
		case "去年":
			return parseDateEN("last year", asof)
		case "上周":
			return parseDateEN("last week", asof)
		case "上季度":
			return parseDateEN("last quarter", asof)
		default:
			return parseDateEN("last month", asof)
		}
	}
	return period{}, false
}

func readSinceZH(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	p, ok := parseDateZH(m[1], asof)
	return p.from, asof, "", ok && !asof.IsZero()
}

func readRangeZH(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	a, ok1 := parseDateZH(m[1], asof)
	b, ok2 := parseDateZH(m[2], asof)
	return a.from, b.to, "", ok1 && ok2 && !b.to.Before(a.from)
}

func readOnZH(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	if m[3] != "" {
		if m[3] == "年初" {
			return time.Time{}, time.Time{}, "", false
		}
		p, ok := parseDateZH(m[3], asof)
		return p.from, p.to, "", ok
	}
	q, _ := parseNumZH(m[2])
	p, ok := quarter(atoi(m[1]), q, asof)
	return p.from, p.to, "", ok
}
