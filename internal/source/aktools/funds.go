package aktools

import (
	"context"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// ETFs lists the exchange-traded funds Eastmoney quotes through
// fund_etf_spot_em (代码, 名称): Kind etf, CNY, the exchange from the code's
// prefix (5… Shanghai, 1… Shenzhen).
func (c *Client) ETFs(ctx context.Context) ([]market.Instrument, error) {
	const op = "aktools.ETFs"
	t, err := c.call(ctx, "fund_etf_spot_em", nil)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toInstruments(t, "代码", "名称", market.KindETF)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

// exchange reads "SH" or "SZ" (any case).
func exchange(s string) (string, error) {
	switch v := strings.ToUpper(strings.TrimSpace(s)); v {
	case market.VenueSH, market.VenueSZ:
		return v, nil
	}
	return "", sextant.Errorf(sextant.EINVALID, "aktools: exchange %q (want SH or SZ)", s)
}

// ETFShares fetches the units outstanding of every ETF listed on exchange
// ("SH" or "SZ") on date.
//
// SH calls fund_etf_scale_sse(date=YYYYMMDD): 基金代码, 统计日期 (the day the
// exchange reports, which the shares carry) and 基金份额 in units (AKShare
// multiplies the exchange's 万份 by 10,000); NAV is NaN.
//
// SZ calls fund_etf_scale_szse(), which takes no date and answers the
// current figures (基金份额 in units, 净值 as NAV): they are stamped with
// date, so ask for the latest trading day only.
//
// Rows without a share count are left out, never read as zero.
func (c *Client) ETFShares(ctx context.Context, exchangeCode string, date time.Time) ([]market.FundShares, error) {
	const op = "aktools.ETFShares"
	ex, err := exchange(exchangeCode)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if date.IsZero() {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "aktools: ETF shares need a date"}
	}
	date = market.DayOf(date)
	fn, q := "fund_etf_scale_szse", url.Values(nil)
	if ex == market.VenueSH {
		fn, q = "fund_etf_scale_sse", url.Values{"date": {date.Format("20060102")}}
	}
	t, err := c.call(ctx, fn, q)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toFundShares(t, ex, date)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

func toFundShares(t table, ex string, date time.Time) ([]market.FundShares, error) {
	const colCode, colShares, colDate, colNAV = "基金代码", "基金份额", "统计日期", "净值"
	cols := []string{colCode, colShares, colNAV}
	if ex == market.VenueSH {
		cols = []string{colCode, colShares, colDate}
	}
	if err := t.check(cols...); err != nil {
		return nil, err
	}
	out := make([]market.FundShares, 0, len(t.rows))
	for i := range t.rows {
		code, err := t.code(i, colCode)
		if err != nil {
			return nil, err
		}
		if len(code) != 6 || !digits(code) {
			return nil, t.drift("row %d: column %s: %q is not a six-digit fund code", i, colCode, code)
		}
		shares, err := t.num(i, colShares)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(shares) {
			continue
		}
		f := market.FundShares{Symbol: market.Symbol(code + "." + ex), Date: date, Shares: shares, NAV: math.NaN()}
		if ex == market.VenueSH {
			if f.Date, err = t.day(i, colDate); err != nil {
				return nil, err
			}
		} else if f.NAV, err = t.num(i, colNAV); err != nil {
			return nil, err
		}
		if err := f.Validate(); err != nil {
			return nil, t.drift("row %d: %v", i, err)
		}
		out = append(out, f)
	}
	return out, nil
}
