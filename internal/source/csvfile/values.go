package csvfile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

var nan = math.NaN()

// isMissing reports whether a cell spells "no value": empty, NaN, null, None,
// "-" or "--" (what pandas, Excel and Chinese data sites write).
func isMissing(s string) bool {
	switch s {
	case "", "NaN", "nan", "NAN", "null", "NULL", "None", "none", "NA", "N/A", "-", "--":
		return true
	}
	return false
}

// parseNum parses a number cell. Missing cells are NaN with ok true and
// present false. Thousands separators and a trailing % are tolerated (the
// caller's scale decides what % means).
func parseNum(s string) (v float64, present bool, err error) {
	if f, ok := fastFloat(s); ok {
		return f, true, nil
	}
	if len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ') {
		s = strings.TrimSpace(s)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(f) {
			return nan, false, nil
		}
		return f, true, nil
	}
	if isMissing(s) {
		return nan, false, nil
	}
	t := strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", "")
	if f, err := strconv.ParseFloat(t, 64); err == nil && t != "" {
		return f, true, nil
	}
	return nan, false, fmt.Errorf("unparsable number %q", clip(s))
}

// parseDay parses a date cell. YYYY-MM-DD and YYYYMMDD take a fast path;
// everything else goes through market.ParseDate.
func parseDay(s string) (time.Time, error) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		if y, ok := digits(s[0:4]); ok {
			if m, ok := digits(s[5:7]); ok {
				if d, ok := digits(s[8:10]); ok {
					return checkDay(s, y, m, d)
				}
			}
		}
	} else if len(s) == 8 {
		if y, ok := digits(s[0:4]); ok {
			if m, ok := digits(s[4:6]); ok {
				if d, ok := digits(s[6:8]); ok {
					return checkDay(s, y, m, d)
				}
			}
		}
	}
	t, err := market.ParseDate(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("unparsable date %q", clip(s))
	}
	return t, nil
}

func checkDay(s string, y, m, d int) (time.Time, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1800 {
		return time.Time{}, fmt.Errorf("unparsable date %q", s)
	}
	t := market.Day(y, time.Month(m), d)
	if t.Day() != d {
		return time.Time{}, fmt.Errorf("unparsable date %q", s)
	}
	return t, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}

// clip shortens a cell for an error message.
func clip(s string) string {
	n := 0
	for i := range s {
		if n == 40 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// eqf compares two values treating NaN as equal to NaN.
func eqf(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
