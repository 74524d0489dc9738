package sse

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

// pageResponse is the body of commonQuery.do and queryMargin.do. The rows
// come twice, in result and in pageHelp.data; both are translated when
// present and must hold as many rows. Fields stay raw so that an absent field (drift) and a
// null or empty one (not published) differ.
type pageResponse struct {
	PageHelp *pageHelp       `json:"pageHelp"`
	Result   json.RawMessage `json:"result"`
}

// pageHelp is the paging block: page pageNo of pageCount, total rows in all.
type pageHelp struct {
	PageNo    json.RawMessage `json:"pageNo"`
	PageCount json.RawMessage `json:"pageCount"`
	Total     json.RawMessage `json:"total"`
	Data      json.RawMessage `json:"data"`
}

// row is one object of result or pageHelp.data.
type row map[string]json.RawMessage

// Wire field names.
const (
	fETFCode   = "SEC_CODE"
	fETFName   = "SEC_NAME"
	fETFDate   = "STAT_DATE"
	fETFVolume = "TOT_VOL" // 万份

	fOpDate     = "opDate"
	fStockCode  = "stockCode"
	fStockName  = "securityAbbr"
	fFinBalance = "rzye"   // 融资余额, 元
	fFinBuy     = "rzmre"  // 融资买入额, 元
	fFinRepay   = "rzche"  // 融资偿还额, 元
	fSecBalance = "rqylje" // 融券余量金额, 元
)

// unitsPerWan converts TOT_VOL (万份) to fund units.
const unitsPerWan = 1e4

// ETFShare is an ETF's units outstanding on a day as the exchange lists it.
// NAV is NaN: the report does not give it.
type ETFShare struct {
	market.FundShares
	Name string
}

// drift reports a response that does not have the expected shape.
func drift(field, format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "sse.fromWire",
		Message: "sse: " + field + ": " + fmt.Sprintf(format, args...)}
}

// rowSets returns the row lists of a page: result and pageHelp.data, each
// named for error messages. At least one must be present.
func rowSets(resp pageResponse) ([]string, [][]row, error) {
	var names []string
	var sets [][]row
	for _, c := range []struct {
		name string
		raw  json.RawMessage
	}{{"result", resp.Result}, {"pageHelp.data", dataOf(resp.PageHelp)}} {
		raw := bytes.TrimSpace(c.raw)
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		var rows []row
		if err := json.Unmarshal(raw, &rows); err != nil {
			return nil, nil, drift(c.name, "not a list of objects: %v", err)
		}
		names, sets = append(names, c.name), append(sets, rows)
	}
	if len(sets) == 0 {
		return nil, nil, drift("result", "missing (and no pageHelp.data)")
	}
	if len(sets) == 2 && len(sets[0]) != len(sets[1]) {
		return nil, nil, drift("pageHelp.data", "%d rows but result has %d", len(sets[1]), len(sets[0]))
	}
	return names, sets, nil
}

func dataOf(p *pageHelp) json.RawMessage {
	if p == nil {
		return nil
	}
	return p.Data
}

// translate applies one to every row of every row set of resp and returns
// the items of the first set; the other set only has to translate too.
func translate[T any](resp pageResponse, one func(r row, at string) (T, error)) ([]T, error) {
	names, sets, err := rowSets(resp)
	if err != nil {
		return nil, err
	}
	var first []T
	for s, rows := range sets {
		items := make([]T, 0, len(rows))
		for i, r := range rows {
			it, err := one(r, fmt.Sprintf("%s[%d]", names[s], i))
			if err != nil {
				return nil, err
			}
			items = append(items, it)
		}
		if s == 0 {
			first = items
		}
	}
	return first, nil
}

// etfFromWire translates one page of the ETF scale report of day.
func etfFromWire(resp pageResponse, day time.Time) ([]ETFShare, error) {
	return translate(resp, func(r row, at string) (ETFShare, error) {
		sym, err := r.symbol(fETFCode, at)
		if err != nil {
			return ETFShare{}, err
		}
		if err := r.sameDay(fETFDate, at, day); err != nil {
			return ETFShare{}, err
		}
		name, err := r.text(fETFName, at)
		if err != nil {
			return ETFShare{}, err
		}
		vol, err := r.number(fETFVolume, at)
		if err != nil {
			return ETFShare{}, err
		}
		if math.IsNaN(vol) {
			return ETFShare{}, drift(at+"."+fETFVolume, "empty for %s", sym)
		}
		f := market.FundShares{Symbol: sym, Date: day, Shares: vol * unitsPerWan, NAV: math.NaN()}
		if err := f.Validate(); err != nil {
			return ETFShare{}, drift(at, "%s: %v", sym, err)
		}
		return ETFShare{FundShares: f, Name: name}, nil
	})
}

// detailFromWire translates one page of the per-stock margin detail of day
// (tabType=mxtype). Values are yuan; SecBalance is NaN unless rqylje is
// published.
func detailFromWire(resp pageResponse, day time.Time) ([]market.Margin, error) {
	return translate(resp, func(r row, at string) (market.Margin, error) {
		sym, err := r.symbol(fStockCode, at)
		if err != nil {
			return market.Margin{}, err
		}
		if err := r.sameDay(fOpDate, at, day); err != nil {
			return market.Margin{}, err
		}
		m := market.Margin{Symbol: sym, Date: day}
		if err := r.margin(&m, at, true); err != nil {
			return market.Margin{}, err
		}
		return m, nil
	})
}

// totalFromWire translates one page of the market summary (tabType empty)
// into ALL.SH rows, one a day. rzche is read when the row has it.
func totalFromWire(resp pageResponse) ([]market.Margin, error) {
	return translate(resp, func(r row, at string) (market.Margin, error) {
		d, err := r.date(fOpDate, at)
		if err != nil {
			return market.Margin{}, err
		}
		m := market.Margin{Symbol: market.MarketTotal(market.VenueSH), Date: d}
		if err := r.margin(&m, at, false); err != nil {
			return market.Margin{}, err
		}
		return m, nil
	})
}

// margin fills the values of m: rzye and rzmre are required fields, rzche
// too when repay is true (else it is read only when present), rqylje is
// optional. Empty values are NaN; the row must pass Margin.Validate.
func (r row) margin(m *market.Margin, at string, repay bool) error {
	var err error
	if m.FinBalance, err = r.number(fFinBalance, at); err != nil {
		return err
	}
	if m.FinBuy, err = r.number(fFinBuy, at); err != nil {
		return err
	}
	if repay {
		m.FinRepay, err = r.number(fFinRepay, at)
	} else {
		m.FinRepay, err = r.optional(fFinRepay, at)
	}
	if err != nil {
		return err
	}
	if m.SecBalance, err = r.optional(fSecBalance, at); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return drift(at, "%s %s: %v", m.Symbol, market.FormatDate(m.Date), err)
	}
	return nil
}

// text returns a string field; absent is drift, null is "".
func (r row) text(key, at string) (string, error) {
	raw, ok := r[key]
	if !ok {
		return "", drift(at+"."+key, "missing")
	}
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		// Codes and dates sometimes come as bare numbers.
		if _, nerr := strconv.ParseFloat(string(raw), 64); nerr != nil {
			return "", drift(at+"."+key, "%s is not a string", raw)
		}
		s = string(raw)
	}
	return strings.TrimSpace(s), nil
}

// number reads a required numeric field: a JSON number or a string with
// optional thousands separators. Absent is drift; null, "", "-" and "--"
// are NaN (not published), never 0.
func (r row) number(key, at string) (float64, error) {
	if _, ok := r[key]; !ok {
		return 0, drift(at+"."+key, "missing")
	}
	return r.optional(key, at)
}

// optional reads a numeric field that may be absent (NaN).
func (r row) optional(key, at string) (float64, error) {
	if _, ok := r[key]; !ok {
		return math.NaN(), nil
	}
	s, err := r.text(key, at)
	if err != nil {
		return 0, err
	}
	return parseNumber(s, at+"."+key)
}

// parseNumber reads "1,234.5"; "", "-" and "--" are NaN.
func parseNumber(s, field string) (float64, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if s == "" || s == "-" || s == "--" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, drift(field, "%q is not a number", s)
	}
	return v, nil
}

// symbol reads a six-digit code as a Shanghai symbol.
func (r row) symbol(key, at string) (market.Symbol, error) {
	code, err := r.text(key, at)
	if err != nil {
		return "", err
	}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return "", drift(at+"."+key, "%q is not a six-digit code", code)
	}
	return market.Symbol(code + "." + market.VenueSH), nil
}

// date reads a YYYYMMDD or YYYY-MM-DD field.
func (r row) date(key, at string) (time.Time, error) {
	s, err := r.text(key, at)
	if err != nil {
		return time.Time{}, err
	}
	d, err := market.ParseDate(s)
	if err != nil || s == "" {
		return time.Time{}, drift(at+"."+key, "%q is not a date", s)
	}
	return d, nil
}

// sameDay checks that a row's date field is day.
func (r row) sameDay(key, at string, day time.Time) error {
	d, err := r.date(key, at)
	if err != nil {
		return err
	}
	if !d.Equal(day) {
		return drift(at+"."+key, "%s, want the requested %s", market.FormatDate(d), market.FormatDate(day))
	}
	return nil
}

// pageCount reads pageHelp.pageCount (0 on a day without rows) and
// pageHelp.total (-1 when absent).
func pageCount(resp pageResponse) (pages, total int, err error) {
	if resp.PageHelp == nil {
		return 0, 0, drift("pageHelp", "missing")
	}
	pages, err = intField(resp.PageHelp.PageCount, "pageHelp.pageCount", true)
	if err != nil {
		return 0, 0, err
	}
	total, err = intField(resp.PageHelp.Total, "pageHelp.total", false)
	return pages, total, err
}

// intField reads a non-negative integer given as a number or a string; an
// absent optional field is -1.
func intField(raw json.RawMessage, field string, required bool) (int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		if required {
			return 0, drift(field, "missing")
		}
		return -1, nil
	}
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, drift(field, "%s is not a count", raw)
	}
	return n, nil
}

// sortByDate orders market totals by day and rejects a day given twice.
func sortByDate(ms []market.Margin) error {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Date.Before(ms[j].Date) })
	for i := 1; i < len(ms); i++ {
		if ms[i].Date.Equal(ms[i-1].Date) {
			return drift("result", "day %s given twice", market.FormatDate(ms[i].Date))
		}
	}
	return nil
}

// sortBySymbol orders per-stock rows by symbol and rejects a stock given
// twice.
func sortBySymbol[T any](items []T, sym func(T) market.Symbol) error {
	sort.SliceStable(items, func(i, j int) bool { return sym(items[i]) < sym(items[j]) })
	for i := 1; i < len(items); i++ {
		if sym(items[i]) == sym(items[i-1]) {
			return drift("result", "%s given twice", sym(items[i]))
		}
	}
	return nil
}
