package sse

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// Host is the SSE query host; callers put it in the transport's allow list.
const Host = "query.sse.com.cn"

// DefaultBaseURL is the public endpoint's scheme and host.
const DefaultBaseURL = "https://" + Host

// Referer is sent with every request: the query service refuses requests
// that do not come from the exchange's site.
const Referer = "https://www.sse.com.cn/"

// Endpoint paths.
const (
	CommonQueryPath = "/commonQuery.do"
	MarginPath      = "/marketdata/tradedata/queryMargin.do"
)

// ETFScaleSQLID is the commonQuery sqlId of the ETF scale (基金规模) report.
const ETFScaleSQLID = "COMMON_SSE_ZQPZ_ETFZL_XXPL_ETFGM_SEARCH_L"

// PageSize is the rows asked for a page; maxPages bounds a runaway pager.
const (
	PageSize = 1000
	maxPages = 200
)

// Client reads SSE disclosures. Retries, rate limits, host allow lists and
// body caps belong to the injected *http.Client's transport
// (DefaultTransport).
type Client struct {
	Endpoint transport.Endpoint
}

// New returns a Client using httpClient (http.DefaultClient when nil) and
// baseURL (DefaultBaseURL when empty; tests point it at an httptest server).
func New(httpClient *http.Client, baseURL string) *Client {
	ep := transport.NewEndpoint(httpClient, baseURL, DefaultBaseURL, "")
	ep.Referer = Referer
	return &Client{Endpoint: ep}
}

// ETFShares returns every Shanghai ETF's units outstanding on day, by
// symbol. A day without a report (a holiday, a future day) is an empty
// slice and no error.
func (c *Client) ETFShares(ctx context.Context, day time.Time) ([]ETFShare, error) {
	const op = "sse.ETFShares"
	day = market.DayOf(day)
	q := url.Values{}
	q.Set("isPagination", "true")
	q.Set("sqlId", ETFScaleSQLID)
	q.Set("STAT_DATE", market.FormatDate(day))
	items, err := pages(ctx, c, CommonQueryPath, q, func(resp pageResponse) ([]ETFShare, error) {
		return etfFromWire(resp, day)
	})
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	if err := sortBySymbol(items, func(e ETFShare) market.Symbol { return e.Symbol }); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

// MarginDetail returns the margin detail of every Shanghai margin
// security on day, by symbol: financing balance, purchases and repayments
// in yuan; SecBalance is NaN unless the row publishes its value (the detail
// gives the lent quantity in shares, which is not converted). A day without
// a report is an empty slice and no error.
func (c *Client) MarginDetail(ctx context.Context, day time.Time) ([]market.Margin, error) {
	const op = "sse.MarginDetail"
	day = market.DayOf(day)
	q := url.Values{}
	q.Set("isPagination", "true")
	q.Set("tabType", "mxtype")
	q.Set("detailsDate", day.Format("20060102"))
	q.Set("stockCode", "")
	q.Set("beginDate", "")
	q.Set("endDate", "")
	items, err := pages(ctx, c, MarginPath, q, func(resp pageResponse) ([]market.Margin, error) {
		return detailFromWire(resp, day)
	})
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	if err := sortBySymbol(items, func(m market.Margin) market.Symbol { return m.Symbol }); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

// MarginTotal returns the Shanghai market's margin totals (Symbol ALL.SH)
// for the trading days from through to, both inclusive, in date order.
// FinRepay is NaN unless the summary publishes rzche.
func (c *Client) MarginTotal(ctx context.Context, from, to time.Time) ([]market.Margin, error) {
	const op = "sse.MarginTotal"
	from, to = market.DayOf(from), market.DayOf(to)
	if to.Before(from) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("sse: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	q := url.Values{}
	q.Set("isPagination", "true")
	q.Set("tabType", "")
	q.Set("stockCode", "")
	q.Set("beginDate", from.Format("20060102"))
	q.Set("endDate", to.Format("20060102"))
	items, err := pages(ctx, c, MarginPath, q, totalFromWire)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	for _, m := range items {
		if m.Date.Before(from) || m.Date.After(to) {
			return nil, sextant.WrapError(sextant.EINVALID, op, drift("result."+fOpDate, "%s is outside the window %s..%s",
				market.FormatDate(m.Date), market.FormatDate(from), market.FormatDate(to)))
		}
	}
	if err := sortByDate(items); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

// pages fetches every page of a paged query and translates each. The
// rows must add up to pageHelp.total when the answer gives it.
func pages[T any](ctx context.Context, c *Client, path string, q url.Values, fromWire func(pageResponse) ([]T, error)) ([]T, error) {
	var all []T
	for pageNo := 1; ; pageNo++ {
		p := strconv.Itoa(pageNo)
		q.Set("pageHelp.pageSize", strconv.Itoa(PageSize))
		q.Set("pageHelp.pageNo", p)
		q.Set("pageHelp.beginPage", p)
		q.Set("pageHelp.endPage", p)
		q.Set("pageHelp.cacheSize", "1")
		resp, err := c.get(ctx, path+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		items, err := fromWire(*resp)
		if err != nil {
			return nil, pageError(pageNo, err)
		}
		all = append(all, items...)
		count, total, err := pageCount(*resp)
		if err != nil {
			return nil, pageError(pageNo, err)
		}
		if pageNo >= count {
			if total >= 0 && total != len(all) {
				return nil, drift("pageHelp.total", "%d, but %d pages held %d rows", total, pageNo, len(all))
			}
			return all, nil
		}
		if pageNo >= maxPages {
			return nil, drift("pageHelp.pageCount", "%d pages; refusing to read more than %d", count, maxPages)
		}
	}
}

// pageError names the page of a drift beyond the first.
func pageError(pageNo int, err error) error {
	if pageNo == 1 {
		return err
	}
	return &sextant.Error{Code: sextant.ErrorCode(err), Op: "sse.pages", Message: fmt.Sprintf("sse: page %d", pageNo), Err: err}
}

// jsonp matches a JSONP wrapper: callback({...}) with an optional ";".
var jsonp = regexp.MustCompile(`^[A-Za-z_$][\w$.]*\s*\(([\s\S]*)\)\s*;?$`)

// get fetches and decodes one page. It sends the Referer the service
// requires. An error status, a transport failure or a body that is not
// JSON (an HTML page) is EUNAVAILABLE; malformed JSON is EINVALID. A JSONP
// answer is unwrapped.
func (c *Client) get(ctx context.Context, pathAndQuery string) (*pageResponse, error) {
	resp, err := c.Endpoint.Get(ctx, "sse", pathAndQuery, "application/json, text/javascript, */*")
	if err != nil {
		return nil, err
	}
	body, ctype := resp.Body, resp.ContentType
	if resp.Status/100 != 2 {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("sse: HTTP %d (Content-Type %q)", resp.Status, ctype)}
	}
	trimmed := bytes.TrimSpace(body)
	if m := jsonp.FindSubmatch(trimmed); m != nil {
		trimmed = bytes.TrimSpace(m[1])
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		what := "an empty body"
		if len(trimmed) > 0 && trimmed[0] == '<' {
			what = "HTML"
		} else if len(trimmed) > 0 {
			what = "not JSON"
		}
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("sse: HTTP %d with %s (Content-Type %q) instead of a JSON answer", resp.Status, what, ctype)}
	}
	var w pageResponse
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("sse: HTTP %d: malformed JSON", resp.Status), Err: err}
	}
	return &w, nil
}
