package stooq

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Warning is a suspicious but accepted feature of a response, with the line
// it was found on (0 for the response as a whole).
type Warning struct {
	Line    int
	Message string
}

// String renders the warning as "stooq:LINE: message".
func (w Warning) String() string {
	if w.Line == 0 {
		return "stooq: " + w.Message
	}
	return fmt.Sprintf("stooq:%d: %s", w.Line, w.Message)
}

// columns are the header fields fromWire reads; Volume is optional.
var required = []string{"Date", "Open", "High", "Low", "Close"}

const volumeColumn = "Volume"

// wireError is an *sextant.Error from fromWire naming the source.
func wireError(code, format string, args ...any) error {
	return &sextant.Error{Code: code, Op: "stooq.fromWire", Message: "stooq: " + fmt.Sprintf(format, args...)}
}

// fromWire translates a Stooq daily CSV body into bars for sym. It fails on
// the known failure bodies (the literal "No data", an HTML page, a header
// without a required column, a short or truncated line, an unparsable or
// impossible row); the error names the source and, for a row, its line.
func fromWire(body []byte, sym market.Symbol) ([]market.Bar, []Warning, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, nil, wireError(sextant.EUNAVAILABLE, "schema drift: empty body instead of CSV")
	case bytes.EqualFold(trimmed, []byte("No data")):
		return nil, nil, wireError(sextant.ENOTFOUND, "no data for %s (unknown ticker or no trading days in the window)", sym)
	case trimmed[0] == '<':
		return nil, nil, wireError(sextant.EUNAVAILABLE, "schema drift: HTML instead of CSV")
	}
	lines := strings.Split(string(body), "\n")
	terminated := lines[len(lines)-1] == ""
	if terminated {
		lines = lines[:len(lines)-1]
	}
	header := splitLine(lines[0])
	idx := map[string]int{}
	for i, name := range header {
		idx[strings.TrimSpace(name)] = i
	}
	for _, name := range required {
		if _, ok := idx[name]; !ok {
			return nil, nil, wireError(sextant.EINVALID, "schema drift: header %q has no %q column", strings.TrimSpace(lines[0]), name)
		}
	}
	var warns []Warning
	vol, hasVolume := idx[volumeColumn]
	if !hasVolume {
		warns = append(warns, Warning{Line: 1, Message: "no Volume column: volumes are unknown (NaN)"})
	}
	bars := make([]market.Bar, 0, len(lines)-1)
	for i, line := range lines[1:] {
		n := i + 2
		last := i == len(lines)-2
		if strings.TrimSpace(line) == "" {
			if last {
				continue
			}
			return nil, nil, wireError(sextant.EINVALID, "line %d: empty line inside the data", n)
		}
		f := splitLine(line)
		if len(f) < len(header) {
			what := "short line"
			if last && !terminated {
				what = "truncated last line"
			}
			return nil, nil, wireError(sextant.EINVALID, "line %d: %s: %d of %d fields", n, what, len(f), len(header))
		}
		if len(f) > len(header) {
			return nil, nil, wireError(sextant.EINVALID, "line %d: %d fields for a %d-column header", n, len(f), len(header))
		}
		b, err := row(f, idx, sym)
		if err == nil && hasVolume {
			b.Volume, err = number(volumeColumn, f[vol])
		}
		if err == nil {
			err = b.Validate()
		}
		if err != nil {
			return nil, nil, wireError(sextant.EINVALID, "line %d: %v", n, err)
		}
		if k := len(bars); k > 0 && !bars[k-1].Date.Before(b.Date) {
			return nil, nil, wireError(sextant.EINVALID, "line %d: date %s does not follow %s", n, market.FormatDate(b.Date), market.FormatDate(bars[k-1].Date))
		}
		bars = append(bars, b)
	}
	if !terminated && len(lines) > 1 {
		warns = append(warns, Warning{Line: len(lines), Message: "the body does not end with a line break; its last line may be truncated"})
	}
	return bars, warns, nil
}

func splitLine(line string) []string {
	return strings.Split(strings.TrimRight(line, "\r"), ",")
}

// row reads the price fields of one line; Volume is left NaN.
func row(f []string, idx map[string]int, sym market.Symbol) (market.Bar, error) {
	d, err := market.ParseDate(f[idx["Date"]])
	if err != nil {
		return market.Bar{}, err
	}
	b := market.Bar{Symbol: sym, Date: d, Volume: math.NaN(), Amount: math.NaN(), Turnover: math.NaN(), AdjFactor: 1}
	for _, c := range []struct {
		name string
		dst  *float64
	}{{"Open", &b.Open}, {"High", &b.High}, {"Low", &b.Low}, {"Close", &b.Close}} {
		if *c.dst, err = number(c.name, f[idx[c.name]]); err != nil {
			return market.Bar{}, err
		}
	}
	return b, nil
}

// number parses a decimal field; an empty field is NaN (missing, never zero).
func number(name, s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a number", name, s)
	}
	return v, nil
}
