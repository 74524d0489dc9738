package market

import (
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
)

// Day returns the calendar day y-m-d as midnight UTC, the representation of
// every date in this package.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DayOf truncates t to its calendar day in t's own location, as midnight UTC.
// A yfinance timestamp "2024-01-02 00:00:00-05:00" is the trading day
// 2024-01-02, not the UTC instant.
func DayOf(t time.Time) time.Time { return Day(t.Year(), t.Month(), t.Day()) }

// dateLayouts are the date spellings found in market data files, tried in order.
var dateLayouts = []string{
	"2006-01-02",
	"20060102",
	"2006/01/02",
	"2006/1/2",
	"2006-1-2",
	"2006.01.02",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05-07:00",
	"2006-01-02T15:04:05-07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05.000Z07:00",
	"2006-01-02 15:04:05.000000",
	"2006年01月02日",
	"2006年1月2日",
}

// ParseDate parses a date in any layout found in market data files (ISO,
// compact 20060102, slashes, timestamps with or without zones, Chinese
// 2006年1月2日) and returns its calendar day as midnight UTC. A timestamp
// with a zone keeps its local calendar day.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if len(layout) > len(s)+6 && !strings.ContainsAny(layout, "年") {
			continue
		}
		if t, err := time.Parse(layout, s); err == nil {
			return DayOf(t), nil
		}
	}
	return time.Time{}, sextant.Errorf(sextant.EINVALID, "unparsable date %q", s)
}

// FormatDate writes d as YYYY-MM-DD.
func FormatDate(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}
