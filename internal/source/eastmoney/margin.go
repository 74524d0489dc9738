package eastmoney

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// DataHost is the data-center API host (margin history); callers put it in
// the transport's allow list next to Host and ListHost.
const DataHost = "datacenter-web.eastmoney.com"

// DefaultDataBaseURL is the public data-center endpoint's scheme and host.
const DefaultDataBaseURL = "https://" + DataHost

// dataPath is the data center's report query endpoint.
const dataPath = "/api/data/v1/get"

// marginReport is the report of per-stock daily margin detail (融资融券个股明细).
const marginReport = "RPTA_WEB_RZRQ_GGMX"

// marginPageSize is the rows asked per data-center page: a stock's whole
// history since 2010 is about 3,500 days, eight pages.
const marginPageSize = 500

// maxDataPages bounds the pages one margin history may take, whatever
// result.pages says.
const maxDataPages = 100

// MarginHistory fetches the daily margin detail of a stock (600519.SH,
// 000001.SZ, 430047.BJ) for the days from through to (both inclusive; zero
// bounds are open), in date order. Values are in yuan; a value Eastmoney
// leaves empty is NaN. A stock with no margin rows (not a margin target, or
// none in the window) gives an empty slice, not an error.
func (c *Client) MarginHistory(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Margin, error) {
	const op = "eastmoney.MarginHistory"
	code, venue := sym.Code(), sym.Venue()
	if (venue != market.VenueSH && venue != market.VenueSZ && venue != market.VenueBJ) || len(code) != 6 || !digits(code) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("eastmoney: no margin history for symbol %q (want a six-digit code on SH, SZ or BJ)", string(sym))}
	}
	if !from.IsZero() && !to.IsZero() && market.DayOf(to).Before(market.DayOf(from)) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("eastmoney: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	filter := fmt.Sprintf(`(SCODE="%s")`, code)
	if !from.IsZero() {
		filter += fmt.Sprintf(`(DATE>='%s')`, market.FormatDate(market.DayOf(from)))
	}
	var all []market.Margin
	pages := 1
	for pn := 1; pn <= pages; pn++ {
		if pn > maxDataPages {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
				Message: fmt.Sprintf("eastmoney: margin of %s: result.pages %d is more than %d", sym, pages, maxDataPages)}
		}
		page, err := c.marginPage(ctx, sym, filter, pn)
		if err != nil {
			code := sextant.ErrorCode(err)
			if code == sextant.EINTERNAL {
				code = sextant.EUNAVAILABLE
			}
			return nil, &sextant.Error{Code: code, Op: op, Message: fmt.Sprintf("eastmoney: margin of %s, page %d", sym, pn), Err: err}
		}
		if page.Empty {
			if pn == 1 {
				return []market.Margin{}, nil
			}
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
				Message: fmt.Sprintf("eastmoney: margin of %s: result: null on page %d of result.pages %d", sym, pn, pages)}
		}
		if pn == 1 {
			pages = page.Pages
		}
		all = append(all, page.Rows...)
	}
	return marginWindow(all, from, to), nil
}

// marginPage fetches and translates page pn of the margin report of sym.
func (c *Client) marginPage(ctx context.Context, sym market.Symbol, filter string, pn int) (marginPage, error) {
	q := url.Values{}
	q.Set("reportName", marginReport)
	q.Set("columns", "ALL")
	q.Set("source", "WEB")
	q.Set("client", "WEB")
	q.Set("filter", filter)
	q.Set("pageSize", strconv.Itoa(marginPageSize))
	q.Set("pageNumber", strconv.Itoa(pn))
	q.Set("sortColumns", "DATE")
	q.Set("sortTypes", "-1") // newest first, as the web page asks
	body, status, err := fetch(ctx, c.Data, dataPath+"?"+q.Encode(), "data-center")
	if err != nil {
		return marginPage{}, err
	}
	var w dataResponse
	if err := json.Unmarshal(body, &w); err != nil {
		return marginPage{}, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("eastmoney: HTTP %d: malformed data-center JSON", status), Err: err}
	}
	return marginFromWire(w, sym)
}

// marginWindow sorts rows by date, keeps the first row of each date (a row
// may repeat across pages when a new day is published while they are read)
// and cuts them to [from, to] (zero bounds open).
func marginWindow(rows []market.Margin, from, to time.Time) []market.Margin {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Date.Before(rows[j].Date) })
	from, to = dayBound(from), dayBound(to)
	out := make([]market.Margin, 0, len(rows))
	for i, m := range rows {
		if i > 0 && m.Date.Equal(rows[i-1].Date) {
			continue
		}
		if (!from.IsZero() && m.Date.Before(from)) || (!to.IsZero() && m.Date.After(to)) {
			continue
		}
		out = append(out, m)
	}
	return out
}
