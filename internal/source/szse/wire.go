package szse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// report is the body of /api/report/ShowReport/data?SHOWTYPE=JSON: one tab
// object per table of the report (1837_xxpl has tab1, the market totals,
// and tab2, the per-security detail).
type report []tab

// tab is one table: its metadata, one page of rows, and an error text.
type tab struct {
	Metadata *metadata       `json:"metadata"`
	Data     json.RawMessage `json:"data"`
	Error    json.RawMessage `json:"error"`
}

// metadata describes a tab. Cols maps each row key to its column title,
// which carries the unit: "融资余额(亿元)".
type metadata struct {
	TabKey      string            `json:"tabkey"`
	PageCount   json.RawMessage   `json:"pagecount"`
	RecordCount json.RawMessage   `json:"recordcount"`
	Cols        map[string]string `json:"cols"`
	Subname     string            `json:"subname"`
}

// row is one object of a tab's data, values as sent (strings).
type row map[string]json.RawMessage

// Wire field names.
const (
	fSizeDate  = "size_date"
	fFundCode  = "fund_code"
	fFundName  = "security_short_name"
	fFundUnits = "current_size"

	fCode       = "zqdm"
	fFinBuy     = "jrrzmr" // 融资买入额
	fFinBalance = "jrrzye" // 融资余额
	fSecBalance = "jrrjye" // 融券余额
)

// ETFShare is an ETF's units outstanding on a day as the exchange lists it.
// NAV is NaN: the report does not give it.
type ETFShare struct {
	market.FundShares
	Name string
}

// drift reports a response that does not have the expected shape.
func drift(field, format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "szse.fromWire",
		Message: "szse: " + field + ": " + fmt.Sprintf(format, args...)}
}

// pick returns the tab with tabkey key ("tab1"), or the tab at index when
// no tab names itself.
func pick(r report, key string, index int) (tab, error) {
	named := false
	for _, t := range r {
		if t.Metadata == nil {
			continue
		}
		if t.Metadata.TabKey == key {
			return t, nil
		}
		named = named || t.Metadata.TabKey != ""
	}
	if !named && index < len(r) && r[index].Metadata != nil {
		return r[index], nil
	}
	return tab{}, drift("metadata.tabkey", "no tab %s among %d tabs", key, len(r))
}

// rows decodes a tab's data after checking its error text; null is no rows.
func (t tab) rows() ([]row, error) {
	if e := bytes.TrimSpace(t.Error); len(e) > 0 && string(e) != "null" && string(e) != `""` {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "szse.fromWire", Message: fmt.Sprintf("szse: report error %s", e)}
	}
	raw := bytes.TrimSpace(t.Data)
	if len(raw) == 0 {
		return nil, drift("data", "missing")
	}
	if string(raw) == "null" {
		return nil, nil
	}
	var rows []row
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, drift("data", "not a list of objects: %v", err)
	}
	return rows, nil
}

// scales reads the unit of each needed column from metadata.cols: money
// columns must be in 元 (with 千, 万 or 亿), quantity columns in 股 or 份;
// plain columns (codes, dates) only have to be described.
func (t tab) scales(money, quantity, plain []string) (map[string]float64, error) {
	if t.Metadata.Cols == nil {
		return nil, drift("metadata.cols", "missing")
	}
	for _, k := range plain {
		if _, ok := t.Metadata.Cols[k]; !ok {
			return nil, drift("metadata.cols."+k, "missing")
		}
	}
	out := map[string]float64{}
	for _, c := range []struct {
		keys  []string
		money bool
	}{{money, true}, {quantity, false}} {
		for _, k := range c.keys {
			title, ok := t.Metadata.Cols[k]
			if !ok {
				return nil, drift("metadata.cols."+k, "missing")
			}
			s, ok := unitScale(title, c.money)
			if !ok {
				return nil, drift("metadata.cols."+k, "unit of %q is not understood", title)
			}
			out[k] = s
		}
	}
	return out, nil
}

// unitScale reads the unit between the last brackets of a column title:
// 元 1, 千元 1e3, 万元 1e4, 亿元 1e8 for money; 股, 份, 股/份 (and their
// 万 and 亿 multiples, 亿股/亿份) for quantities.
func unitScale(title string, money bool) (float64, bool) {
	title = strings.NewReplacer("（", "(", "）", ")").Replace(strings.TrimSpace(title))
	open, closing := strings.LastIndex(title, "("), strings.LastIndex(title, ")")
	if open < 0 || closing < open {
		return 0, false
	}
	scale := 0.0
	for _, part := range strings.Split(title[open+1:closing], "/") {
		s, base := 1.0, strings.TrimSpace(part)
		for _, p := range []struct {
			prefix string
			mul    float64
		}{{"千", 1e3}, {"万", 1e4}, {"亿", 1e8}} {
			if strings.HasPrefix(base, p.prefix) {
				s, base = p.mul, strings.TrimPrefix(base, p.prefix)
				break
			}
		}
		if money && base != "元" || !money && base != "股" && base != "份" {
			return 0, false
		}
		if scale != 0 && scale != s {
			return 0, false
		}
		scale = s
	}
	return scale, scale != 0
}

// etfFromWire translates one page of the fund scale report (scsj_fund_jjgm)
// of day.
func etfFromWire(r report, day time.Time) ([]ETFShare, error) {
	t, err := pick(r, "tab1", 0)
	if err != nil {
		return nil, err
	}
	rows, err := t.rows()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	sc, err := t.scales(nil, []string{fFundUnits}, []string{fFundCode, fSizeDate})
	if err != nil {
		return nil, err
	}
	out := make([]ETFShare, 0, len(rows))
	for i, rw := range rows {
		at := fmt.Sprintf("data[%d]", i)
		sym, err := rw.symbol(fFundCode, at)
		if err != nil {
			return nil, err
		}
		if err := rw.sameDay(fSizeDate, at, day); err != nil {
			return nil, err
		}
		name, err := rw.text(fFundName, at)
		if err != nil {
			return nil, err
		}
		units, err := rw.number(fFundUnits, at)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(units) {
			return nil, drift(at+"."+fFundUnits, "empty for %s", sym)
		}
		f := market.FundShares{Symbol: sym, Date: day, Shares: units * sc[fFundUnits], NAV: math.NaN()}
		if err := f.Validate(); err != nil {
			return nil, drift(at, "%s: %v", sym, err)
		}
		out = append(out, ETFShare{FundShares: f, Name: cleanName(name)})
	}
	return out, nil
}

// moneyCols are the margin columns read, all money.
var moneyCols = []string{fFinBalance, fFinBuy, fSecBalance}

// detailFromWire translates one page of tab2 of 1837_xxpl, the margin
// detail of day. FinRepay is NaN: the exchange does not publish it.
func detailFromWire(r report, day time.Time) ([]market.Margin, error) {
	t, err := pick(r, "tab2", 1)
	if err != nil {
		return nil, err
	}
	if err := t.sameSubname(day); err != nil {
		return nil, err
	}
	rows, err := t.rows()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	sc, err := t.scales(moneyCols, nil, []string{fCode})
	if err != nil {
		return nil, err
	}
	out := make([]market.Margin, 0, len(rows))
	for i, rw := range rows {
		at := fmt.Sprintf("data[%d]", i)
		sym, err := rw.symbol(fCode, at)
		if err != nil {
			return nil, err
		}
		m := market.Margin{Symbol: sym, Date: day}
		if err := rw.margin(&m, at, sc); err != nil {
			return nil, err
		}
		if err := m.Validate(); err != nil {
			return nil, drift(at, "%s: %v", sym, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// totalFromWire translates tab1 of 1837_xxpl, the market totals of day,
// into at most one ALL.SZ row. No row, or a row without any published
// value, is a day without data.
func totalFromWire(r report, day time.Time) ([]market.Margin, error) {
	t, err := pick(r, "tab1", 0)
	if err != nil {
		return nil, err
	}
	if err := t.sameSubname(day); err != nil {
		return nil, err
	}
	rows, err := t.rows()
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	if len(rows) > 1 {
		return nil, drift("data", "%d rows of market totals, want 1", len(rows))
	}
	sc, err := t.scales(moneyCols, nil, nil)
	if err != nil {
		return nil, err
	}
	m := market.Margin{Symbol: market.MarketTotal(market.VenueSZ), Date: day}
	if err := rows[0].margin(&m, "data[0]", sc); err != nil {
		return nil, err
	}
	if math.IsNaN(m.FinBalance) && math.IsNaN(m.FinBuy) && math.IsNaN(m.SecBalance) {
		return nil, nil
	}
	if err := m.Validate(); err != nil {
		return nil, drift("data[0]", "%v", err)
	}
	return []market.Margin{m}, nil
}

// margin fills the published values of m, converted by the column scales.
func (r row) margin(m *market.Margin, at string, sc map[string]float64) error {
	m.FinRepay = math.NaN()
	for _, f := range []struct {
		key string
		dst *float64
	}{{fFinBalance, &m.FinBalance}, {fFinBuy, &m.FinBuy}, {fSecBalance, &m.SecBalance}} {
		v, err := r.number(f.key, at)
		if err != nil {
			return err
		}
		*f.dst = v * sc[f.key]
	}
	return nil
}

// sameSubname checks the report's day when metadata.subname is a date.
func (t tab) sameSubname(day time.Time) error {
	s := strings.TrimSpace(t.Metadata.Subname)
	if s == "" {
		return nil
	}
	d, err := market.ParseDate(s)
	if err != nil {
		return nil // a title, not a date
	}
	if !d.Equal(day) {
		return drift("metadata.subname", "%s, want the requested %s", market.FormatDate(d), market.FormatDate(day))
	}
	return nil
}

// tags matches HTML markup some report cells carry.
var tags = regexp.MustCompile(`<[^>]*>`)

// text returns a string field without markup; absent is drift, null "".
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
		if _, nerr := strconv.ParseFloat(string(raw), 64); nerr != nil {
			return "", drift(at+"."+key, "%s is not a string", raw)
		}
		s = string(raw)
	}
	return strings.TrimSpace(tags.ReplaceAllString(s, "")), nil
}

// cleanName drops the &nbsp; entities of security names.
func cleanName(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "&nbsp;", ""))
}

// number reads a numeric field written "1,234.56". Absent is drift; null,
// "", "-" and "--" are NaN (not published), never 0.
func (r row) number(key, at string) (float64, error) {
	s, err := r.text(key, at)
	if err != nil {
		return 0, err
	}
	s = strings.ReplaceAll(s, ",", "")
	if s == "" || s == "-" || s == "--" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, drift(at+"."+key, "%q is not a number", s)
	}
	return v, nil
}

// symbol reads a six-digit code as a Shenzhen symbol.
func (r row) symbol(key, at string) (market.Symbol, error) {
	code, err := r.text(key, at)
	if err != nil {
		return "", err
	}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return "", drift(at+"."+key, "%q is not a six-digit code", code)
	}
	return market.Symbol(code + "." + market.VenueSZ), nil
}

// sameDay checks that a row's date field is day.
func (r row) sameDay(key, at string, day time.Time) error {
	s, err := r.text(key, at)
	if err != nil {
		return err
	}
	d, err := market.ParseDate(s)
	if err != nil || s == "" {
		return drift(at+"."+key, "%q is not a date", s)
	}
	if !d.Equal(day) {
		return drift(at+"."+key, "%s, want the requested %s", market.FormatDate(d), market.FormatDate(day))
	}
	return nil
}

// counts reads metadata.pagecount (0 on a day without rows) and
// metadata.recordcount (-1 when absent) of the tab named key.
func counts(r report, key string, index int) (pages, records int, err error) {
	t, err := pick(r, key, index)
	if err != nil {
		return 0, 0, err
	}
	if pages, err = intField(t.Metadata.PageCount, "metadata.pagecount", true); err != nil {
		return 0, 0, err
	}
	records, err = intField(t.Metadata.RecordCount, "metadata.recordcount", false)
	return pages, records, err
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
	n, err := strconv.Atoi(strings.Trim(string(raw), `"`))
	if err != nil || n < 0 {
		return 0, drift(field, "%s is not a count", raw)
	}
	return n, nil
}

// sortBySymbol orders per-security rows by symbol and rejects a security
// given twice.
func sortBySymbol[T any](items []T, sym func(T) market.Symbol) error {
	sort.SliceStable(items, func(i, j int) bool { return sym(items[i]) < sym(items[j]) })
	for i := 1; i < len(items); i++ {
		if sym(items[i]) == sym(items[i-1]) {
			return drift("data", "%s given twice", sym(items[i]))
		}
	}
	return nil
}
