package htmltext

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the spellings of dates met in pages, feeds and front
// matter: ISO 8601 / RFC 3339 and their common relaxations, RFC 1123 and
// RFC 822 (RSS), with and without seconds, weekday or zone.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/1/2",
	"2006.01.02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 2006",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006",
	"Mon, 2 January 2006 15:04:05 -0700",
	"January 2, 2006",
	"Jan 2, 2006",
	"2006年1月2日 15:04:05",
	"2006年1月2日 15:04",
	"2006年1月2日",
}

// ParseDate reads a date or timestamp in one of the spellings found in web
// pages and feeds (see dateLayouts). The result is the publisher's wall
// clock labelled UTC: "2025-03-01T07:00:00+08:00" is 2025-03-01 07:00 UTC,
// so the calendar day is the one the publisher printed (the convention of
// Sextant's market data files). A time without a zone is taken as written.
func ParseDate(s string) (time.Time, error) {
	v := strings.Join(strings.Fields(s), " ")
	v = strings.Replace(v, " GMT+0000", " +0000", 1)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return wallClockUTC(t), nil
		}
	}
	// Some feeds write a weekday that does not match the date, or an
	// unknown zone abbreviation: retry without them.
	if i := strings.Index(v, ", "); i > 0 && i <= 9 {
		if t, err := ParseDate(v[i+2:]); err == nil {
			return t, nil
		}
	}
	if i := strings.LastIndexByte(v, ' '); i > 0 && isZoneName(v[i+1:]) {
		if t, err := ParseDate(v[:i]); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}

func wallClockUTC(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

func isZoneName(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
