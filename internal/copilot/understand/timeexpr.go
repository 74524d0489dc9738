package understand

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Time expressions are read relative to the catalog's as-of day (its
// latest trading day). Rolling windows end on it ("past month" is the
// month up to it), "since X" runs from X to it, a named month, quarter or
// year is that calendar period (cut at the as-of day), and a month or day
// without a year is its latest occurrence on or before the as-of day.

// timeRule is a pattern and what it means.
type timeRule struct {
	re   *regexp.Regexp
	read func(m []string, asof time.Time) (from, to time.Time, window string, ok bool)
}

const (
	monthsEN = `january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec`
	// dateEN is one English date: 2025-12-01, 2025/12, December 1, 2025,
	// 1 Dec 2025, Dec 2025, December, 2025, Q4 2025, the start of the year.
	dateEN = `(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|(?:` + monthsEN + `)\b\.?(?:\s*\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s*\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:` + monthsEN + `)\b\.?(?:,?\s*\d{4})?|q[1-4](?:\s*\d{4})?|\d{4}\s*q[1-4]|\d{4}|the (?:start|beginning) of (?:the |this )?(?:year|month|quarter|week)|the (?:start|beginning) of (?:` + monthsEN + `)\b|last (?:week|month|quarter|year))`
	// dateZH is one Chinese date: 2025年12月1日, 2025年12月, 12月1日,
	// 12月, 十二月, 2025年, 2025-12-01, 年初, 去年.
	dateZH = `(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{4}年(?:\d{1,2}月份?(?:\d{1,2}[日号])?)?|(?:今年|去年)?\d{1,2}月份?(?:\d{1,2}[日号])?|(?:今年|去年)?[一二三四五六七八九十]{1,3}月份?|年初|去年|上个?月|上周|上季度)`
	numEN  = `\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple of|few`
	numZH  = `\d+|[一二两三四五六七八九十百]+|半`
)

var timeRules = []timeRule{
	{regexp.MustCompile(`\b(?:year to date|ytd|so far this year|this year|year so far|since the (?:start|beginning) of (?:the |this )?year)\b|今年以来|年初以来|年初至今|今年迄今|年内|今年|年初到现在`), readYTD},
	{regexp.MustCompile(`\b(?:today|today's|intraday|this session)\b|今天|今日|当天|当日|盘中`), readToday},
	{regexp.MustCompile(`\byesterday\b|昨天|昨日`), readYesterday},
	{regexp.MustCompile(`\bthis (week|month|quarter)\b|\b(week|month|quarter) to date\b|\b(wtd|mtd|qtd)\b|(本周|这周|这一周|本星期|这个星期|本月|这个月|当月|本季度|这个季度|本季)`), readThisPeriod},
	{regexp.MustCompile(`(?:\b(?:over|in|during|for|within) )?(?:\bthe )?\b(past|last|previous|prior|trailing|recent|latest)\s+(?:(` + numEN + `)\s+)?(trading\s+)?(days?|sessions?|weeks?|months?|quarters?|years?)\b`), readRollingEN},
	{regexp.MustCompile(`\b(` + numEN + `)\s+(trading\s+)?(days?|weeks?|months?|years?)\s+(?:ago|back)\b`), nil},
	{regexp.MustCompile(`(近|最近|过去|前|这|近期|最近的|过去的)(` + numZH + `)个?(个交易日|交易日|日|天|周|星期|礼拜|月|季度|季|年)(?:以来|来|内|里|中)?`), readRollingZH},
	{regexp.MustCompile(`\b(\d{1,2}|one|two|three|six|twelve)[- ]?(month|week|year|day)s? (?:performance|return|returns|window|change|view)\b|\b(1w|1m|3m|6m|1y|5d)\b`), readShorthand},
	{regexp.MustCompile(`(上周|上一周|上个星期|上星期|上个?月|上一个月|上个?季度|去年|前年)(?:以来|至今)?`), readPreviousZH},
	{regexp.MustCompile(`(?:\bthe )?\blast (year|month|quarter|week)\b`), readLastEN},
	{regexp.MustCompile(`\b(?:since|starting(?: from)?|from|after)\s+(` + dateEN + `)`), readSinceEN},
	{regexp.MustCompile(`\b(?:from|between)\s+(` + dateEN + `)\s*(?:to|and|until|till|through|-)\s*(` + dateEN + `)`), readRangeEN},
	{regexp.MustCompile(`\b(?:in|during|for|on|over)\s+(` + dateEN + `)|\b(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?:january|february|april|june|july|august|september|october|november|december|sept|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec)\b\.?(?:\s*\d{1,2}(?:st|nd|rd|th)?)?,?\s*\d{4}|(?:january|february|march|april|june|july|august|september|october|november|december))\b`), readOnEN},
	{regexp.MustCompile(`(?:自|从|自从)?(` + dateZH + `)(?:以来|至今|开始|起|之后|以后|到现在|到今天)`), readSinceZH},
	{regexp.MustCompile(`(?:自|从)?(` + dateZH + `)(?:至|到|~|—|-)(` + dateZH + `)`), readRangeZH},
	{regexp.MustCompile(`(\d{4})?年?(?:第)?([一二三四1-4])季度|(` + dateZH + `)`), readOnZH},
}

// findTime finds the question's time expression: the first in the text
// of the longest non-overlapping matches.
func findTime(t text, asof time.Time) (TimeRange, span, bool) {
	type hit struct {
		at        span
		from, to  time.Time
		window    string
		ok        bool
		noMeaning bool
	}
	var hits []hit
	for _, r := range timeRules {
		for _, loc := range r.re.FindAllStringSubmatchIndex(t.norm, -1) {
			at := span{loc[0], loc[1]}
			if at.e == at.s {
				continue
			}
			if _, ok := bounded(t.norm, at.s, at.e); !ok && isAlnum(rune(t.norm[at.e-1])) {
				continue
			}
			h := hit{at: at}
			if r.read == nil {
				h.noMeaning = true
			} else {
				m := make([]string, len(loc)/2)
				for i := range m {
					if loc[2*i] >= 0 {
						m[i] = t.norm[loc[2*i]:loc[2*i+1]]
					}
				}
				h.from, h.to, h.window, h.ok = r.read(m, asof)
			}
			if h.ok || h.noMeaning {
				hits = append(hits, h)
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		li, lj := hits[i].at.e-hits[i].at.s, hits[j].at.e-hits[j].at.s
		if li != lj {
			return li > lj
		}
		return hits[i].at.s < hits[j].at.s
	})
	var kept []hit
	var used []span
	for _, h := range hits {
		if !overlapsAny(h.at, used) {
			kept = append(kept, h)
			used = append(used, h.at)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].at.s < kept[j].at.s })
	for _, h := range kept {
		if h.noMeaning || h.from.After(asof) && !asof.IsZero() {
			continue
		}
		to := h.to
		if !asof.IsZero() && to.After(asof) {
			to = asof
		}
		w := h.window
		if w == "" && !asof.IsZero() && h.from.Equal(yearStart(asof)) && to.Equal(asof) {
			w = "ytd"
		}
		return TimeRange{Text: strings.TrimSpace(t.written(h.at)), From: h.from, To: to, Window: w}, h.at, true
	}
	return TimeRange{}, span{}, false
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dayOf(t time.Time) time.Time { return day(t.Year(), t.Month(), t.Day()) }

func yearStart(t time.Time) time.Time { return day(t.Year(), 1, 1) }

func monthEnd(y int, m time.Month) time.Time { return day(y, m+1, 1).AddDate(0, 0, -1) }

// addMonths moves n months, keeping the day within the target month.
func addMonths(t time.Time, n int) time.Time {
	first := day(t.Year(), t.Month(), 1).AddDate(0, n, 0)
	d := t.Day()
	if last := monthEnd(first.Year(), first.Month()).Day(); d > last {
		d = last
	}
	return day(first.Year(), first.Month(), d)
}

func weekStart(t time.Time) time.Time {
	wd := (int(t.Weekday()) + 6) % 7 // Monday = 0
	return dayOf(t).AddDate(0, 0, -wd)
}

func quarterStart(t time.Time) time.Time {
	return day(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1)
}

func readYTD(_ []string, asof time.Time) (time.Time, time.Time, string, bool) {
	return yearStart(asof), asof, "ytd", !asof.IsZero()
}

func readToday(_ []string, asof time.Time) (time.Time, time.Time, string, bool) {
	return asof, asof, "1d", !asof.IsZero()
}

func readYesterday(_ []string, asof time.Time) (time.Time, time.Time, string, bool) {
	d := dayOf(asof).AddDate(0, 0, -1)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, -1)
	}
	return d, d, "", !asof.IsZero()
}

func readThisPeriod(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	p := m[1] + m[2] + m[3] + m[4]
	switch p {
	case "week", "wtd", "本周", "这周", "这一周", "本星期", "这个星期":
		return weekStart(asof), asof, "", !asof.IsZero()
	case "month", "mtd", "本月", "这个月", "当月":
		return day(asof.Year(), asof.Month(), 1), asof, "", !asof.IsZero()
	case "quarter", "qtd", "本季度", "这个季度", "本季":
		return quarterStart(asof), asof, "", !asof.IsZero()
	}
	return time.Time{}, time.Time{}, "", false
}

var wordNums = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2,
}

func parseNumEN(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	n, ok := wordNums[s]
	return n, ok
}

// parseNumZH reads 1–999 in digits or Chinese numerals (两, 十二, 二十).
func parseNumZH(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	digit := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		switch r {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		default:
			d, ok := digit[r]
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	total += cur
	return total, total > 0
}

// rolling is the window of n units ending at asof.
func rolling(asof time.Time, n int, unit string, trading bool) (time.Time, time.Time, string, bool) {
	if asof.IsZero() || n <= 0 {
		return time.Time{}, time.Time{}, "", false
	}
	std := func(w string) (time.Time, time.Time, string, bool) {
		switch w {
		case "1d":
			return asof, asof, w, true
		case "1w":
			return asof.AddDate(0, 0, -7), asof, w, true
		case "1m":
			return addMonths(asof, -1), asof, w, true
		case "3m":
			return addMonths(asof, -3), asof, w, true
		case "6m":
			return addMonths(asof, -6), asof, w, true
		case "1y":
			return addMonths(asof, -12), asof, w, true
		}
		return time.Time{}, time.Time{}, "", false
	}
	switch unit {
	case "day":
		if trading {
			if w, ok := map[int]string{1: "1d", 5: "1w", 20: "1m", 21: "1m", 22: "1m", 60: "3m", 63: "3m", 120: "6m", 125: "6m", 126: "6m", 250: "1y", 252: "1y"}[n]; ok {
				return std(w)
			}
			return asof.AddDate(0, 0, -(n*7+4)/5), asof, "", true
		}
		if n == 1 {
			return std("1d")
		}
		if n == 7 {
			return std("1w")
		}
		return asof.AddDate(0, 0, -n), asof, "", true
	case "week":
		if n == 1 {
			return std("1w")
		}
		return asof.AddDate(0, 0, -7*n), asof, "", true
	case "month":
		if w, ok := map[int]string{1: "1m", 3: "3m", 6: "6m", 12: "1y"}[n]; ok {
			return std(w)
		}
		return addMonths(asof, -n), asof, "", true
	case "quarter":
		if w, ok := map[int]string{1: "3m", 2: "6m", 4: "1y"}[n]; ok {
			return std(w)
		}
		return addMonths(asof, -3*n), asof, "", true
	case "year":
		if n == 1 {
			return std("1y")
		}
		return addMonths(asof, -12*n), asof, "", true
	}
	return time.Time{}, time.Time{}, "", false
}

func unitEN(u string) string {
	u = strings.TrimSuffix(u, "s")
	if u == "session" {
		return "day"
	}
	return u
}

func readRollingEN(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	word, num, trading, unit := m[1], m[2], m[3] != "", unitEN(m[4])
	if num == "few" {
		return time.Time{}, time.Time{}, "", false
	}
	n, ok := parseNumEN(num)
	if !ok {
		return time.Time{}, time.Time{}, "", false
	}
	// "last year" alone is the calendar year; "the last year", "past year" roll.
	if word == "last" && num == "" && !strings.Contains(m[0], "the ") && (unit == "year") {
		return calendarYear(asof.Year() - 1)
	}
	if (word == "recent" || word == "latest") && num == "" {
		return time.Time{}, time.Time{}, "", false
	}
	return rolling(asof, n, unit, trading || unit == "day" && strings.Contains(m[4], "session"))
}

func readLastEN(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	if strings.HasPrefix(m[0], "the ") || m[1] != "year" {
		return rolling(asof, 1, m[1], false)
	}
	return calendarYear(asof.Year() - 1)
}

func calendarYear(y int) (time.Time, time.Time, string, bool) {
	return day(y, 1, 1), day(y, 12, 31), "", true
}

var unitsZH = map[string]string{
	"个交易日": "tday", "交易日": "tday", "日": "tday", "天": "day", "周": "week", "星期": "week", "礼拜": "week",
	"月": "month", "季度": "quarter", "季": "quarter", "年": "year",
}

func readRollingZH(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	unit := unitsZH[m[3]]
	if m[2] == "半" {
		switch unit {
		case "year":
			return rolling(asof, 6, "month", false)
		case "month":
			return rolling(asof, 15, "day", false)
		}
		return time.Time{}, time.Time{}, "", false
	}
	n, ok := parseNumZH(m[2])
	if !ok {
		return time.Time{}, time.Time{}, "", false
	}
	if unit == "tday" {
		return rolling(asof, n, "day", true)
	}
	return rolling(asof, n, unit, false)
}

func readShorthand(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	if m[3] != "" {
		n, _ := strconv.Atoi(m[3][:1])
		unit := map[byte]string{'w': "week", 'm': "month", 'y': "year", 'd': "day"}[m[3][1]]
		return rolling(asof, n, unit, unit == "day")
	}
	n, ok := parseNumEN(m[1])
	if !ok {
		return time.Time{}, time.Time{}, "", false
	}
	return rolling(asof, n, m[2], false)
}

func readPreviousZH(m []string, asof time.Time) (time.Time, time.Time, string, bool) {
	if asof.IsZero() {
		return time.Time{}, time.Time{}, "", false
	}
	since := strings.HasSuffix(m[0], "以来") || strings.HasSuffix(m[0], "至今")
	var from, to time.Time
	switch m[1] {
	case "上周", "上一周", "上个星期", "上星期":
		from = weekStart(asof).AddDate(0, 0, -7)
		to = from.AddDate(0, 0, 6)
	case "上月", "上个月", "上一个月":
		from = day(asof.Year(), asof.Month()-1, 1)
		to = monthEnd(from.Year(), from.Month())
	case "上季度", "上个季度":
		from = quarterStart(asof).AddDate(0, -3, 0)
		to = quarterStart(asof).AddDate(0, 0, -1)
	case "去年":
		from, to = day(asof.Year()-1, 1, 1), day(asof.Year()-1, 12, 31)
	case "前年":
		from, to = day(asof.Year()-2, 1, 1), day(asof.Year()-2, 12, 31)
	default:
		return time.Time{}, time.Time{}, "", false
	}
	if since {
		to = asof
	}
	return from, to, "", true
}
