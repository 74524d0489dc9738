package eastmoney

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// dataResponse is the body of GET /api/data/v1/get on the data-center
// host. Result stays raw so that an absent result (drift) and result: null
// (no rows) differ.
type dataResponse struct {
	Result  json.RawMessage `json:"result"`
	Success *bool           `json:"success"`
	Message string          `json:"message"`
	Code    *int            `json:"code"`
}

// dataResult is the non-null result object: the page count, the page's
// rows and the row count of the whole query.
type dataResult struct {
	Pages *int                         `json:"pages"`
	Data  []map[string]json.RawMessage `json:"data"`
	Count *int                         `json:"count"`
}

// dataNoRows is the code the data center answers, with result null,
// success false and the message "返回数据为空", when the filter matches no
// row.
const dataNoRows = 9201

// marginPage is one translated page of the margin report.
type marginPage struct {
	Empty bool // result: null, the query matched no row
	Pages int  // result.pages
	Rows  []market.Margin
}

// Columns of RPTA_WEB_RZRQ_GGMX read by the package (values in yuan).
const (
	colDate       = "DATE"  // trading day, "YYYY-MM-DD 00:00:00"
	colCode       = "SCODE" // six-digit stock code
	colFinBalance = "RZYE"  // 融资余额
	colFinBuy     = "RZMRE" // 融资买入额
	colFinRepay   = "RZCHE" // 融资偿还额
	colSecBalance = "RQYE"  // 融券余额
)

// marginFromWire translates one page of the margin report into rows of
// sym, in the page's order. result: null is no rows when the answer says
// so (success true, or code 9201 "返回数据为空"); any other unsuccessful
// answer is EUNAVAILABLE with Eastmoney's message.
func marginFromWire(resp dataResponse, sym market.Symbol) (marginPage, error) {
	raw := bytes.TrimSpace(resp.Result)
	failed := resp.Success != nil && !*resp.Success
	noRows := resp.Code != nil && *resp.Code == dataNoRows
	if failed && !noRows {
		code := 0
		if resp.Code != nil {
			code = *resp.Code
		}
		return marginPage{}, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "eastmoney.marginFromWire",
			Message: fmt.Sprintf("eastmoney: data center refused the margin of %s: code %d: %s", sym, code, resp.Message)}
	}
	if len(raw) == 0 {
		return marginPage{}, drift("result", "missing")
	}
	if string(raw) == "null" {
		if resp.Success == nil && !noRows {
			return marginPage{}, drift("success", "missing with result null")
		}
		return marginPage{Empty: true}, nil
	}
	var r dataResult
	if err := json.Unmarshal(raw, &r); err != nil {
		return marginPage{}, drift("result", "not an object with pages and data: %v", err)
	}
	if r.Pages == nil {
		return marginPage{}, drift("result.pages", "missing")
	}
	if r.Data == nil {
		return marginPage{}, drift("result.data", "missing")
	}
	if *r.Pages < 1 && len(r.Data) > 0 {
		return marginPage{}, drift("result.pages", "%d with %d rows", *r.Pages, len(r.Data))
	}
	page := marginPage{Pages: *r.Pages, Rows: make([]market.Margin, 0, len(r.Data))}
	for i, row := range r.Data {
		m, err := marginRow(row, sym)
		if err != nil {
			return marginPage{}, drift(fmt.Sprintf("result.data[%d].%s", i, err.field), "%s", err.msg)
		}
		page.Rows = append(page.Rows, m)
	}
	return page, nil
}

// rowError names the column of a row that did not translate.
type rowError struct{ field, msg string }

// marginRow reads one row: DATE and SCODE must be there and match sym, the
// four value columns must be present, each a number or empty (null, "",
// "-": NaN).
func marginRow(row map[string]json.RawMessage, sym market.Symbol) (market.Margin, *rowError) {
	var date, code string
	for _, c := range []struct {
		name string
		dst  *string
	}{{colDate, &date}, {colCode, &code}} {
		v, ok := row[c.name]
		if !ok {
			return market.Margin{}, &rowError{c.name, "missing"}
		}
		if err := json.Unmarshal(v, c.dst); err != nil {
			return market.Margin{}, &rowError{c.name, fmt.Sprintf("%s is not a string", v)}
		}
	}
	if code != sym.Code() {
		return market.Margin{}, &rowError{colCode, fmt.Sprintf("%q, want %q for %s", code, sym.Code(), sym)}
	}
	d, err := parseDataDate(date)
	if err != nil {
		return market.Margin{}, &rowError{colDate, err.Error()}
	}
	m := market.Margin{Symbol: sym, Date: d}
	for _, c := range []struct {
		name string
		dst  *float64
	}{{colFinBalance, &m.FinBalance}, {colFinBuy, &m.FinBuy}, {colFinRepay, &m.FinRepay}, {colSecBalance, &m.SecBalance}} {
		v, ok := row[c.name]
		if !ok {
			return market.Margin{}, &rowError{c.name, "missing"}
		}
		x, err := dataNumber(v)
		if err != nil {
			return market.Margin{}, &rowError{c.name, err.Error()}
		}
		*c.dst = x
	}
	if err := m.Validate(); err != nil {
		return market.Margin{}, &rowError{colDate, fmt.Sprintf("%s: %v", date, err)}
	}
	return m, nil
}

// parseDataDate reads "2024-01-02 00:00:00" or "2024-01-02".
func parseDataDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02"} {
		if d, err := time.Parse(layout, s); err == nil {
			return market.DayOf(d), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not YYYY-MM-DD[ hh:mm:ss]", s)
}

// dataNumber reads a JSON number, or null, "" or "-" as NaN (unpublished);
// a numeric string is read as its number.
func dataNumber(v json.RawMessage) (float64, error) {
	t := bytes.TrimSpace(v)
	if string(t) == "null" {
		return math.NaN(), nil
	}
	if len(t) > 0 && t[0] == '"' {
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return 0, fmt.Errorf("%s is not a number", t)
		}
		s = strings.TrimSpace(s)
		if s == "" || s == "-" {
			return math.NaN(), nil
		}
		return number("value", s)
	}
	x, err := strconv.ParseFloat(string(t), 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Errorf("%s is not a number", t)
	}
	return x, nil
}
