package sws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// envelope is the body of every institute-sw API answer:
// {"code":"200","message":"…","data":…}. Data stays raw so that an absent
// data (drift) and data: null differ.
type envelope struct {
	Code    json.RawMessage `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// row is one object of a result list, kept raw so that an absent key
// (drift) and a null value (no value that day) differ.
type row map[string]json.RawMessage

// page is the paginated data object of the index list and constituent
// endpoints: {"count":N,"results":[…]} (Django REST framework style).
type page struct {
	Count   *int  `json:"count"`
	Results []row `json:"results"`
}

// Wire field names.
const (
	fIndexCode  = "swindexcode"
	fIndexName  = "swindexname"
	fStockCode  = "stockcode"
	fStockName  = "stockname"
	fWeight     = "newweight"
	fSince      = "beginningdate"
	fDate       = "bargaindate"
	fOpen       = "openindex"
	fHigh       = "maxindex"
	fLow        = "minindex"
	fClose      = "closeindex"
	fVolume     = "bargainamount"
	fAmount     = "bargainsum"
	perHundredM = 1e8 // 亿: the trend endpoint's volume (亿股) and amount (亿元) unit
)

// drift reports a response that does not have the expected shape.
func drift(field, format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "sws.fromWire",
		Message: "sws: " + field + ": " + fmt.Sprintf(format, args...)}
}

// dataOf checks the envelope's status code and returns its data. A code
// other than 200 is EUNAVAILABLE (the service refused); a missing data is
// drift.
func dataOf(env envelope) (json.RawMessage, error) {
	if code := strings.Trim(string(bytes.TrimSpace(env.Code)), `"`); code != "" && code != "200" && code != "null" {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "sws.fromWire",
			Message: fmt.Sprintf("sws: API code %s: %s", code, env.Message)}
	}
	raw := bytes.TrimSpace(env.Data)
	if len(raw) == 0 {
		return nil, drift("data", "missing")
	}
	return raw, nil
}

// pageFromWire reads a paginated data object.
func pageFromWire(env envelope) (page, error) {
	raw, err := dataOf(env)
	if err != nil {
		return page{}, err
	}
	var p page
	if err := json.Unmarshal(raw, &p); err != nil {
		return page{}, drift("data", "not an object with count and results: %v", err)
	}
	if p.Results == nil {
		return page{}, drift("data.results", "missing")
	}
	if p.Count != nil && *p.Count < 0 {
		return page{}, drift("data.count", "%d is negative", *p.Count)
	}
	return p, nil
}

// text reads a string field; ok is false when the key is absent.
func (r row) text(key string) (s string, ok bool, err error) {
	raw, ok := r[key]
	if !ok {
		return "", false, nil
	}
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return "", true, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, fmt.Errorf("%s is %s, not a string", key, raw)
	}
	return strings.TrimSpace(s), true, nil
}

// number reads a number written as a JSON number or a numeric string. null,
// "", "-" and "--" are NaN (no value); ok is false when the key is absent.
func (r row) number(key string) (v float64, ok bool, err error) {
	raw, ok := r[key]
	if !ok {
		return 0, false, nil
	}
	raw = bytes.TrimSpace(raw)
	s := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, true, fmt.Errorf("%s %s is not a number", key, raw)
		}
		s = strings.TrimSpace(s)
	}
	switch s {
	case "null", "", "-", "--":
		return math.NaN(), true, nil
	}
	v, perr := strconv.ParseFloat(s, 64)
	if perr != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, true, fmt.Errorf("%s %s is not a number", key, raw)
	}
	return v, true, nil
}

// isIndexCode reports whether s is a six-digit Shenwan index code.
func isIndexCode(s string) bool { return len(s) == 6 && digits(s) }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// IndexSymbol is the market symbol of a Shenwan index code: 801740 →
// 801740.SI.
func IndexSymbol(code string) market.Symbol { return market.Symbol(code + "." + market.VenueSI) }

// StockSymbol maps a six-digit A-share code to its exchange: Shanghai for
// 6xxxxx (main board and STAR 688) and 900xxx (B shares), Beijing for
// 920xxx (the BSE's own range since 2024), 4xxxxx and 8xxxxx (NEEQ-era
// codes), Shenzhen for 0xxxxx, 2xxxxx (B shares) and 3xxxxx (ChiNext).
// Anything else is not a stock code and ok is false.
func StockSymbol(code string) (sym market.Symbol, ok bool) {
	if len(code) != 6 || !digits(code) {
		return "", false
	}
	venue := ""
	switch {
	case strings.HasPrefix(code, "920"):
		venue = market.VenueBJ
	case code[0] == '6' || code[0] == '9':
		venue = market.VenueSH
	case code[0] == '0' || code[0] == '2' || code[0] == '3':
		venue = market.VenueSZ
	case code[0] == '4' || code[0] == '8':
		venue = market.VenueBJ
	default:
		return "", false
	}
	return market.Symbol(code + "." + venue), true
}

// indicesFromWire translates one page of the index list. first is the
// position of the page's first row in the whole list, for messages.
func indicesFromWire(p page, level, first int) ([]Index, error) {
	out := make([]Index, 0, len(p.Results))
	for i, r := range p.Results {
		at := fmt.Sprintf("data.results[%d]", first+i)
		code, ok, err := r.text(fIndexCode)
		if err != nil {
			return nil, drift(at+"."+fIndexCode, "%v", err)
		}
		if !ok {
			return nil, drift(at+"."+fIndexCode, "missing")
		}
		if !isIndexCode(code) {
			return nil, drift(at+"."+fIndexCode, "%q is not a six-digit index code", code)
		}
		name, ok, err := r.text(fIndexName)
		if err != nil {
			return nil, drift(at+"."+fIndexName, "%v", err)
		}
		if !ok || name == "" {
			return nil, drift(at+"."+fIndexName, "missing for %s", code)
		}
		out = append(out, Index{Code: code, Name: name, Level: level, Symbol: IndexSymbol(code)})
	}
	return out, nil
}

// componentsFromWire translates one page of an index's constituents.
func componentsFromWire(p page, first int) ([]Component, error) {
	out := make([]Component, 0, len(p.Results))
	for i, r := range p.Results {
		at := fmt.Sprintf("data.results[%d]", first+i)
		code, ok, err := r.text(fStockCode)
		if err != nil {
			return nil, drift(at+"."+fStockCode, "%v", err)
		}
		if !ok {
			return nil, drift(at+"."+fStockCode, "missing")
		}
		sym, valid := StockSymbol(code)
		if !valid {
			return nil, drift(at+"."+fStockCode, "%q is not a six-digit A-share code", code)
		}
		name, ok, err := r.text(fStockName)
		if err != nil {
			return nil, drift(at+"."+fStockName, "%v", err)
		}
		if !ok {
			return nil, drift(at+"."+fStockName, "missing for %s", code)
		}
		c := Component{Symbol: sym, Name: name, Weight: math.NaN()}
		if pct, ok, err := r.number(fWeight); err != nil {
			return nil, drift(at+"."+fWeight, "%v", err)
		} else if ok && !math.IsNaN(pct) {
			if pct < 0 || pct > 100 {
				return nil, drift(at+"."+fWeight, "%g%% is not a weight", pct)
			}
			c.Weight = pct / 100
		}
		if s, ok, err := r.text(fSince); err != nil {
			return nil, drift(at+"."+fSince, "%v", err)
		} else if ok && s != "" {
			d, err := market.ParseDate(s)
			if err != nil {
				return nil, drift(at+"."+fSince, "%q is not a date", s)
			}
			c.Since = d
		}
		out = append(out, c)
	}
	return out, nil
}

// barsFromWire translates the trend endpoint's data list of index code into
// bars dated from through to (both inclusive; zero is open), in date order.
func barsFromWire(env envelope, code string, from, to time.Time) ([]market.Bar, error) {
	raw, err := dataOf(env)
	if err != nil {
		return nil, err
	}
	if string(raw) == "null" {
		return nil, &sextant.Error{Code: sextant.ENOTFOUND, Op: "sws.fromWire",
			Message: fmt.Sprintf("sws: no history for index %s: data is null (unknown code)", code)}
	}
	var rows []row
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, drift("data", "not a list of daily rows: %v", err)
	}
	sym := IndexSymbol(code)
	bars := make([]market.Bar, 0, len(rows))
	for i, r := range rows {
		at := fmt.Sprintf("data[%d]", i)
		b, err := barFromWire(r, code, sym)
		if err != nil {
			return nil, drift(at, "%v", err)
		}
		if (!from.IsZero() && b.Date.Before(market.DayOf(from))) || (!to.IsZero() && b.Date.After(market.DayOf(to))) {
			continue
		}
		bars = append(bars, b)
	}
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].Date.Before(bars[j].Date) })
	for i := 1; i < len(bars); i++ {
		if bars[i].Date.Equal(bars[i-1].Date) {
			return nil, drift("data", "two rows for %s", market.FormatDate(bars[i].Date))
		}
	}
	return bars, nil
}

// barFromWire reads one trend row. Volume (亿股) and amount (亿元) become
// shares and yuan; a null price other than the close, or a null volume or
// amount, is NaN, never zero.
func barFromWire(r row, code string, sym market.Symbol) (market.Bar, error) {
	if got, ok, err := r.text(fIndexCode); err != nil {
		return market.Bar{}, err
	} else if ok && got != "" && got != code {
		return market.Bar{}, fmt.Errorf("%s %q, want %q", fIndexCode, got, code)
	}
	ds, ok, err := r.text(fDate)
	if err != nil {
		return market.Bar{}, err
	}
	if !ok {
		return market.Bar{}, fmt.Errorf("%s: missing", fDate)
	}
	date, err := market.ParseDate(ds)
	if err != nil {
		return market.Bar{}, fmt.Errorf("%s %q is not a date", fDate, ds)
	}
	b := market.Bar{Symbol: sym, Date: date, Turnover: math.NaN(), AdjFactor: 1}
	for _, f := range []struct {
		key string
		dst *float64
	}{{fOpen, &b.Open}, {fHigh, &b.High}, {fLow, &b.Low}, {fClose, &b.Close}, {fVolume, &b.Volume}, {fAmount, &b.Amount}} {
		v, ok, err := r.number(f.key)
		if err != nil {
			return market.Bar{}, err
		}
		if !ok {
			return market.Bar{}, fmt.Errorf("%s: missing", f.key)
		}
		*f.dst = v
	}
	if math.IsNaN(b.Close) {
		return market.Bar{}, fmt.Errorf("%s: no close on %s", fClose, ds)
	}
	b.Volume *= perHundredM
	b.Amount *= perHundredM
	if err := b.Validate(); err != nil {
		return market.Bar{}, fmt.Errorf("%s: %v", market.FormatDate(date), err)
	}
	return b, nil
}
