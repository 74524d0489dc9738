package aktools

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// table is one function's answer: its rows, and the function's name for
// error messages. Its readers are the pure translators every typed route
// uses; none of them reads a missing value as zero.
type table struct {
	fn   string
	rows []map[string]any
}

// drift reports an answer that does not have the expected shape; the message
// names the function and what drifted.
func (t table) drift(format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Message: "aktools: " + t.fn + ": " + fmt.Sprintf(format, args...)}
}

// check fails unless every row has every column (pandas' records carry every
// column, null when the value is missing, so an absent key is a renamed or
// dropped column).
func (t table) check(cols ...string) error {
	for i, r := range t.rows {
		for _, c := range cols {
			if _, ok := r[c]; !ok {
				return t.drift("column %s missing (row %d)", c, i)
			}
		}
	}
	return nil
}

// blank reports values that stand for "no value": null, "", "-", "--".
func blank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		s := strings.TrimSpace(x)
		return s == "" || s == "-" || s == "--"
	}
	return false
}

// num reads a finite number, NaN when the value is blank. Strings may carry
// thousands separators ("1,234.5", as some exchange tables do).
func (t table) num(i int, col string) (float64, error) {
	v := t.rows[i][col]
	if blank(v) {
		return math.NaN(), nil
	}
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = strings.ReplaceAll(strings.TrimSpace(x), ",", "")
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		return 0, t.drift("row %d: column %s: %v is not a number", i, col, v)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, t.drift("row %d: column %s: %q is not a number", i, col, s)
	}
	return f, nil
}

// need reads a number that must be there.
func (t table) need(i int, col string) (float64, error) {
	f, err := t.num(i, col)
	if err == nil && math.IsNaN(f) {
		return 0, t.drift("row %d: column %s has no value", i, col)
	}
	return f, err
}

// str reads a text value; numbers are written back as sent ("600519" may
// arrive as 600519). Blank is "".
func (t table) str(i int, col string) string {
	v := t.rows[i][col]
	if blank(v) {
		return ""
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return string(x)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// code reads a six-digit security code, restoring leading zeros lost when
// the column travelled as a number (1 → 000001).
func (t table) code(i int, col string) (string, error) {
	s := t.str(i, col)
	if s == "" {
		return "", t.drift("row %d: column %s has no value", i, col)
	}
	if _, ok := t.rows[i][col].(json.Number); ok && len(s) < 6 && digits(s) {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return s, nil
}

// day reads a date that must be there (see parseDay for the forms).
func (t table) day(i int, col string) (time.Time, error) {
	v := t.rows[i][col]
	if blank(v) {
		return time.Time{}, t.drift("row %d: column %s has no value", i, col)
	}
	d, err := parseDay(v)
	if err != nil {
		return time.Time{}, t.drift("row %d: column %s: %v", i, col, err)
	}
	return d, nil
}

// china is the exchanges' clock: a zoned timestamp is a trading day there.
var china = time.FixedZone("CST", 8*3600)

// parseDay reads the date forms AKTools sends: "2024-01-02" and "20240102"
// (strings AKShare made), "2024-01-02T00:00:00.000" (pandas to_json with
// date_format="iso", AKTools' setting, for datetime and date columns), the
// same with a zone ("…Z", read as the day in China), and epoch milliseconds
// (to_json's default date_format="epoch", used by older AKTools releases).
func parseDay(v any) (time.Time, error) {
	switch x := v.(type) {
	case json.Number:
		return numberDay(string(x))
	case float64:
		return numberDay(strconv.FormatFloat(x, 'f', -1, 64))
	case string:
		s := strings.TrimSpace(x)
		if digits(s) && len(s) > 8 {
			return numberDay(s)
		}
		for _, layout := range []string{"2006-01-02", "20060102", "2006/01/02"} {
			if d, err := time.Parse(layout, s); err == nil {
				return d, nil
			}
		}
		for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07:00"} {
			if d, err := time.Parse(layout, s); err == nil {
				return market.DayOf(d.In(china)), nil
			}
		}
		for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
			if d, err := time.Parse(layout, s); err == nil {
				return market.DayOf(d), nil
			}
		}
		return time.Time{}, fmt.Errorf("%q is not a date", s)
	}
	return time.Time{}, fmt.Errorf("%v is not a date", v)
}

// numberDay reads YYYYMMDD or epoch milliseconds (a naive pandas datetime
// is written as milliseconds of that wall time in UTC).
func numberDay(s string) (time.Time, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	switch {
	case err != nil:
		return time.Time{}, fmt.Errorf("%s is not a date", s)
	case n >= 19000101 && n <= 29991231:
		d, err := time.Parse("20060102", s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s is not a YYYYMMDD date", s)
		}
		return d, nil
	case n >= 1e11 && n < 1e14:
		return market.DayOf(time.UnixMilli(n).UTC()), nil
	}
	return time.Time{}, fmt.Errorf("%s is neither YYYYMMDD nor epoch milliseconds", s)
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// window is an inclusive range of days; a zero end is open.
type window struct{ from, to time.Time }

func newWindow(from, to time.Time) (window, error) {
	w := window{}
	if !from.IsZero() {
		w.from = market.DayOf(from)
	}
	if !to.IsZero() {
		w.to = market.DayOf(to)
	}
	if !w.from.IsZero() && !w.to.IsZero() && w.to.Before(w.from) {
		return w, sextant.Errorf(sextant.EINVALID, "aktools: window %s..%s ends before it starts", market.FormatDate(w.from), market.FormatDate(w.to))
	}
	return w, nil
}

func (w window) has(d time.Time) bool {
	return (w.from.IsZero() || !d.Before(w.from)) && (w.to.IsZero() || !d.After(w.to))
}

// start and end are the YYYYMMDD bounds sent to functions that take them:
// the whole history when open.
func (w window) start() string {
	if w.from.IsZero() {
		return "19700101"
	}
	return w.from.Format("20060102")
}

func (w window) end() string {
	if w.to.IsZero() {
		return "20500101"
	}
	return w.to.Format("20060102")
}
