package aktools

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Margin columns (融资融券) of the exchange functions.
const (
	colCreditDate = "信用交易日期"
	colFinBalance = "融资余额"
	colFinBuy     = "融资买入额"
	colFinRepay   = "融资偿还额"
	colSecBalance = "融券余额"
	colSecAmount  = "融券余量金额" // SSE's name for the lending balance in yuan
)

// marginSpec says which columns carry which market.Margin field and in
// what unit; an empty column is a field the function does not publish (NaN).
type marginSpec struct {
	date, code                           string // empty: the requested date / the market total
	finBalance, finBuy, finRepay, secBal string
	unit                                 float64 // yuan per value unit
}

var (
	sseDetail = marginSpec{date: colCreditDate, code: "标的证券代码", finBalance: colFinBalance, finBuy: colFinBuy, finRepay: colFinRepay, unit: 1}
	szDetail  = marginSpec{code: "证券代码", finBalance: colFinBalance, finBuy: colFinBuy, secBal: colSecBalance, unit: 1}
	sseTotal  = marginSpec{date: colCreditDate, finBalance: colFinBalance, finBuy: colFinBuy, secBal: colSecAmount, unit: 1}
	szTotal   = marginSpec{finBalance: colFinBalance, finBuy: colFinBuy, secBal: colSecBalance, unit: yi}
)

// MarginDetail fetches every stock's margin data on one exchange ("SH" or
// "SZ") on date: stock_margin_detail_sse (融资余额, 融资买入额, 融资偿还额 in
// yuan; the lending balance is published in shares only, so SecBalance is
// NaN) or stock_margin_detail_szse (融资余额, 融资买入额, 融券余额 in yuan; no
// repayments, so FinRepay is NaN).
func (c *Client) MarginDetail(ctx context.Context, exchangeCode string, date time.Time) ([]market.Margin, error) {
	const op = "aktools.MarginDetail"
	ex, err := exchange(exchangeCode)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if date.IsZero() {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "aktools: margin detail needs a date"}
	}
	date = market.DayOf(date)
	fn, spec := "stock_margin_detail_szse", szDetail
	if ex == market.VenueSH {
		fn, spec = "stock_margin_detail_sse", sseDetail
	}
	return c.margin(ctx, op, fn, url.Values{"date": {date.Format("20060102")}}, spec, ex, date, window{})
}

// MarginTotal fetches an exchange's market-wide margin totals (symbol
// ALL.SH or ALL.SZ) for the days from through to. SH calls
// stock_margin_sse(start_date, end_date) (yuan; no repayments, FinRepay
// NaN). SZ calls stock_margin_szse(date), which answers one day in 亿元
// without a date column: from and to must then be the same day.
func (c *Client) MarginTotal(ctx context.Context, exchangeCode string, from, to time.Time) ([]market.Margin, error) {
	const op = "aktools.MarginTotal"
	ex, err := exchange(exchangeCode)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if from.IsZero() || to.IsZero() {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "aktools: margin totals need both ends of the window"}
	}
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if ex == market.VenueSH {
		q := url.Values{"start_date": {w.start()}, "end_date": {w.end()}}
		return c.margin(ctx, op, "stock_margin_sse", q, sseTotal, ex, time.Time{}, w)
	}
	if !w.from.Equal(w.to) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf(
			"aktools: stock_margin_szse answers one day; ask for %s..%s one day at a time", market.FormatDate(w.from), market.FormatDate(w.to))}
	}
	return c.margin(ctx, op, "stock_margin_szse", url.Values{"date": {w.start()}}, szTotal, ex, w.from, w)
}

func (c *Client) margin(ctx context.Context, op, fn string, q url.Values, spec marginSpec, ex string, date time.Time, w window) ([]market.Margin, error) {
	t, err := c.call(ctx, fn, q)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toMargins(t, spec, ex, date, w)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

// toMargins reads margin rows. Rows dated outside w are dropped; a row with
// no margin value at all fails the answer.
func toMargins(t table, spec marginSpec, ex string, date time.Time, w window) ([]market.Margin, error) {
	var cols []string
	for _, c := range []string{spec.date, spec.code, spec.finBalance, spec.finBuy, spec.finRepay, spec.secBal} {
		if c != "" {
			cols = append(cols, c)
		}
	}
	if err := t.check(cols...); err != nil {
		return nil, err
	}
	out := make([]market.Margin, 0, len(t.rows))
	for i := range t.rows {
		m := market.Margin{Symbol: market.MarketTotal(ex), Date: date}
		var err error
		if spec.date != "" {
			if m.Date, err = t.day(i, spec.date); err != nil {
				return nil, err
			}
			if !w.has(m.Date) {
				continue
			}
		}
		if spec.code != "" {
			code, err := t.code(i, spec.code)
			if err != nil {
				return nil, err
			}
			if len(code) != 6 || !digits(code) {
				return nil, t.drift("row %d: column %s: %q is not a six-digit code", i, spec.code, code)
			}
			m.Symbol = market.Symbol(code + "." + ex)
		}
		for _, f := range []struct {
			col string
			dst *float64
		}{{spec.finBalance, &m.FinBalance}, {spec.finBuy, &m.FinBuy}, {spec.finRepay, &m.FinRepay}, {spec.secBal, &m.SecBalance}} {
			*f.dst = math.NaN()
			if f.col == "" {
				continue
			}
			v, err := t.num(i, f.col)
			if err != nil {
				return nil, err
			}
			*f.dst = v * spec.unit
		}
		if err := m.Validate(); err != nil {
			return nil, t.drift("row %d (%s %s): %v", i, m.Symbol, market.FormatDate(m.Date), err)
		}
		out = append(out, m)
	}
	if spec.code == "" {
		slices.SortStableFunc(out, func(a, b market.Margin) int { return a.Date.Compare(b.Date) })
		for i := 1; i < len(out); i++ {
			if out[i].Date.Equal(out[i-1].Date) {
				return nil, t.drift("two rows for %s", market.FormatDate(out[i].Date))
			}
		}
	}
	return out, nil
}
