package aktools

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Net-inflow columns of stock_individual_fund_flow and
// stock_sector_fund_flow_hist, in yuan.
const (
	colMainNet   = "主力净流入-净额"
	colSuperNet  = "超大单净流入-净额"
	colLargeNet  = "大单净流入-净额"
	colMediumNet = "中单净流入-净额"
	colSmallNet  = "小单净流入-净额"
)

// BoardFlows fetches the daily net inflows of the Eastmoney industry board
// called name through stock_sector_fund_flow_hist; the flows carry sym
// (BK0480.EM). The function answers its whole (recent) history: the window
// from..to is applied here.
func (c *Client) BoardFlows(ctx context.Context, name string, sym market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	const op = "aktools.BoardFlows"
	if err := checkName(name, sym); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return c.flows(ctx, op, "stock_sector_fund_flow_hist", url.Values{"symbol": {name}}, sym, from, to)
}

// StockFlows fetches the daily net inflows of an A-share through
// stock_individual_fund_flow (about the last hundred trading days, whatever
// the window; the window is applied here).
func (c *Client) StockFlows(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	const op = "aktools.StockFlows"
	code, err := aShareCode(sym, market.VenueSH, market.VenueSZ, market.VenueBJ)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	q := url.Values{"stock": {code}, "market": {strings.ToLower(sym.Venue())}}
	return c.flows(ctx, op, "stock_individual_fund_flow", q, sym, from, to)
}

func (c *Client) flows(ctx context.Context, op, fn string, q url.Values, sym market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	t, err := c.call(ctx, fn, q)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	out, err := toFlows(t, sym, w)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return out, nil
}

// toFlows reads the five net-inflow columns (yuan; a missing value is NaN)
// of the days inside w, in date order.
func toFlows(t table, sym market.Symbol, w window) ([]market.CapitalFlow, error) {
	if err := t.check(colDate, colMainNet, colSuperNet, colLargeNet, colMediumNet, colSmallNet); err != nil {
		return nil, err
	}
	out := make([]market.CapitalFlow, 0, len(t.rows))
	for i := range t.rows {
		d, err := t.day(i, colDate)
		if err != nil {
			return nil, err
		}
		if !w.has(d) {
			continue
		}
		f := market.CapitalFlow{Symbol: sym, Date: d}
		for _, c := range []struct {
			col string
			dst *float64
		}{{colMainNet, &f.MainNet}, {colSuperNet, &f.SuperNet}, {colLargeNet, &f.LargeNet}, {colMediumNet, &f.MediumNet}, {colSmallNet, &f.SmallNet}} {
			if *c.dst, err = t.num(i, c.col); err != nil {
				return nil, err
			}
		}
		if err := f.Validate(); err != nil {
			return nil, t.drift("row %d (%s): %v", i, market.FormatDate(d), err)
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b market.CapitalFlow) int { return a.Date.Compare(b.Date) })
	for i := 1; i < len(out); i++ {
		if out[i].Date.Equal(out[i-1].Date) {
			return nil, t.drift("two rows for %s", market.FormatDate(out[i].Date))
		}
	}
	return out, nil
}
