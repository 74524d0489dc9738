package szse

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// Host is the SZSE site; callers put it in the transport's allow list.
const Host = "www.szse.cn"

// DefaultBaseURL is the public endpoint's scheme and host.
const DefaultBaseURL = "https://" + Host

// Referer is sent with every request, as the exchange's own pages do.
const Referer = "https://www.szse.cn/"

// ReportPath serves every report as JSON with SHOWTYPE=JSON.
const ReportPath = "/api/report/ShowReport/data"

// Report catalogues.
const (
	FundScaleCatalog = "scsj_fund_jjgm" // 基金规模 (daily units by fund)
	MarginCatalog    = "1837_xxpl"      // 融资融券交易 (tab1 totals, tab2 detail)
)

// maxPages bounds a runaway pager (the detail has ~100 pages of 20 rows).
const maxPages = 1000

// Client reads SZSE disclosures. Retries, rate limits, host allow lists and
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

// ETFShares returns every Shenzhen ETF's units outstanding on day, by
// symbol. A day without a report is an empty slice and no error.
func (c *Client) ETFShares(ctx context.Context, day time.Time) ([]ETFShare, error) {
	const op = "szse.ETFShares"
	day = market.DayOf(day)
	q := url.Values{}
	q.Set("SHOWTYPE", "JSON")
	q.Set("CATALOGID", FundScaleCatalog)
	q.Set("TABKEY", "tab1")
	q.Set("jjlb", "ETF")
	q.Set("txtStart", market.FormatDate(day))
	q.Set("txtEnd", market.FormatDate(day))
	items, err := pages(ctx, c, q, "PAGENO", "tab1", 0, func(r report) ([]ETFShare, error) { return etfFromWire(r, day) })
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	if err := sortBySymbol(items, func(e ETFShare) market.Symbol { return e.Symbol }); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

// MarginDetail returns the margin detail of every Shenzhen margin security
// on day, by symbol: financing balance and purchases, lending balance, in
// yuan. FinRepay is NaN: SZSE does not publish repayments per security.
func (c *Client) MarginDetail(ctx context.Context, day time.Time) ([]market.Margin, error) {
	const op = "szse.MarginDetail"
	day = market.DayOf(day)
	q := marginQuery(day, "tab2")
	items, err := pages(ctx, c, q, "tab2PAGENO", "tab2", 1, func(r report) ([]market.Margin, error) { return detailFromWire(r, day) })
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	if err := sortBySymbol(items, func(m market.Margin) market.Symbol { return m.Symbol }); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

// MarginTotal returns the Shenzhen market's margin totals of day (Symbol
// ALL.SZ): none on a day without a report, else one row. The report gives
// one day at a time. FinRepay is NaN (not published).
func (c *Client) MarginTotal(ctx context.Context, day time.Time) ([]market.Margin, error) {
	const op = "szse.MarginTotal"
	day = market.DayOf(day)
	q := marginQuery(day, "tab1")
	q.Set("tab1PAGENO", "1")
	r, err := c.get(ctx, q)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	items, err := totalFromWire(r, day)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return items, nil
}

func marginQuery(day time.Time, tabKey string) url.Values {
	q := url.Values{}
	q.Set("SHOWTYPE", "JSON")
	q.Set("CATALOGID", MarginCatalog)
	q.Set("TABKEY", tabKey)
	q.Set("txtDate", market.FormatDate(day))
	return q
}

// pages fetches every page of one tab (pageParam is its page number
// parameter) and translates each. The rows must add up to
// metadata.recordcount when the answer gives it.
func pages[T any](ctx context.Context, c *Client, q url.Values, pageParam, tabKey string, index int, fromWire func(report) ([]T, error)) ([]T, error) {
	var all []T
	for pageNo := 1; ; pageNo++ {
		q.Set(pageParam, strconv.Itoa(pageNo))
		r, err := c.get(ctx, q)
		if err != nil {
			return nil, err
		}
		items, err := fromWire(r)
		if err != nil {
			return nil, pageError(pageNo, err)
		}
		all = append(all, items...)
		count, records, err := counts(r, tabKey, index)
		if err != nil {
			return nil, pageError(pageNo, err)
		}
		if pageNo >= count {
			if records >= 0 && records != len(all) {
				return nil, drift("metadata.recordcount", "%d, but %d pages held %d rows", records, pageNo, len(all))
			}
			return all, nil
		}
		if pageNo >= maxPages {
			return nil, drift("metadata.pagecount", "%d pages; refusing to read more than %d", count, maxPages)
		}
	}
}

// pageError names the page of a drift beyond the first.
func pageError(pageNo int, err error) error {
	if pageNo == 1 {
		return err
	}
	return &sextant.Error{Code: sextant.ErrorCode(err), Op: "szse.pages", Message: fmt.Sprintf("szse: page %d", pageNo), Err: err}
}

// get fetches and decodes one report page. An error status, a transport
// failure or a body that is not JSON (an HTML page) is EUNAVAILABLE; a
// JSON object instead of the list of tabs, or malformed JSON, is EINVALID.
func (c *Client) get(ctx context.Context, q url.Values) (report, error) {
	resp, err := c.Endpoint.Get(ctx, "szse", ReportPath+"?"+q.Encode(), "application/json")
	if err != nil {
		return nil, err
	}
	body, ctype := resp.Body, resp.ContentType
	if resp.Status/100 != 2 {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("szse: HTTP %d (Content-Type %q)", resp.Status, ctype)}
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return nil, drift("body", "a JSON object, want a list of report tabs")
	}
	if len(trimmed) == 0 || trimmed[0] != '[' {
		what := "an empty body"
		if len(trimmed) > 0 && trimmed[0] == '<' {
			what = "HTML"
		} else if len(trimmed) > 0 {
			what = "not JSON"
		}
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("szse: HTTP %d with %s (Content-Type %q) instead of a JSON report", resp.Status, what, ctype)}
	}
	var r report
	if err := json.Unmarshal(trimmed, &r); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("szse: HTTP %d: malformed JSON", resp.Status), Err: err}
	}
	return r, nil
}
