package sws

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// Host is the Shenwan research site; callers put it in the transport's
// allow list.
const Host = "www.swsresearch.com"

// DefaultBaseURL is the public endpoint's scheme and host.
const DefaultBaseURL = "https://" + Host

// Endpoint paths, relative to the base URL.
const (
	IndicesPath    = "/institute-sw/api/index_publish/current/"
	ComponentsPath = "/institute-sw/api/index_publish/details/component_stocks/"
	TrendPath      = "/institute-sw/api/index_publish/trend/"
)

// Page sizes: the index list is read 50 at a time as AKShare does; an
// index's constituents fit one page of 10000.
const (
	indexPageSize     = 50
	componentPageSize = 10000
	maxPages          = 100 // a paging loop that runs longer is drift
)

// levelTypes are the indextype values of the Shenwan 2021 industry levels.
var levelTypes = map[int]string{1: "一级行业", 2: "二级行业", 3: "三级行业"}

// Index is one Shenwan 2021 industry index. The list endpoint gives no
// parent code, so none is reported.
type Index struct {
	Code   string        // six digits, e.g. "801740"
	Name   string        // Chinese name, e.g. "国防军工"
	Level  int           // 1, 2 or 3, as asked
	Symbol market.Symbol // Code on venue SI: "801740.SI"
}

// Component is one constituent of a Shenwan index.
type Component struct {
	Symbol market.Symbol // "600519.SH"
	Name   string
	Weight float64   // latest weight as a fraction of the index (0.012 = 1.2%); NaN when not given
	Since  time.Time // inclusion date (计入日期); zero when not given
}

// Client reads Shenwan indices. Retries, rate limits, host allow lists and
// body caps belong to the injected *http.Client's transport
// (DefaultTransport).
type Client struct {
	Endpoint transport.Endpoint
}

// New returns a Client using httpClient (http.DefaultClient when nil) and
// baseURL (DefaultBaseURL when empty; tests point it at an httptest server).
func New(httpClient *http.Client, baseURL string) *Client {
	return &Client{Endpoint: transport.NewEndpoint(httpClient, baseURL, DefaultBaseURL, "")}
}

// Indices lists the Shenwan 2021 industry indices of level 1, 2 or 3,
// reading every page, in the order the endpoint gives them.
func (c *Client) Indices(ctx context.Context, level int) ([]Index, error) {
	const op = "sws.Indices"
	kind, ok := levelTypes[level]
	if !ok {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("sws: industry level %d (want 1, 2 or 3)", level)}
	}
	q := url.Values{}
	q.Set("indextype", kind)
	var out []Index
	err := c.pages(ctx, op, IndicesPath, q, indexPageSize, func(p page, first int) (int, error) {
		ix, err := indicesFromWire(p, level, first)
		out = append(out, ix...)
		return len(ix), err
	})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, ix := range out {
		if seen[ix.Code] {
			return nil, sextant.WrapError(sextant.EINVALID, op, drift(fmt.Sprintf("data.results[%d].%s", i, fIndexCode), "%s listed twice", ix.Code))
		}
		seen[ix.Code] = true
	}
	return out, nil
}

// Components lists the constituents of the index code ("801740" or
// "801740.SI") with their latest weights and inclusion dates.
func (c *Client) Components(ctx context.Context, code string) ([]Component, error) {
	const op = "sws.Components"
	code, err := indexCode(op, code)
	if err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("swindexcode", code)
	var out []Component
	err = c.pages(ctx, op, ComponentsPath, q, componentPageSize, func(p page, first int) (int, error) {
		cs, err := componentsFromWire(p, first)
		out = append(out, cs...)
		return len(cs), err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// History returns the daily bars of the index code ("801740" or
// "801740.SI") from through to (both inclusive, read as calendar days; zero
// is open), in date order, each valid. The endpoint always sends the whole
// history; the window is cut here.
func (c *Client) History(ctx context.Context, code string, from, to time.Time) ([]market.Bar, error) {
	const op = "sws.History"
	code, err := indexCode(op, code)
	if err != nil {
		return nil, err
	}
	if !from.IsZero() && !to.IsZero() && market.DayOf(to).Before(market.DayOf(from)) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("sws: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	q := url.Values{}
	q.Set("swindexcode", code)
	q.Set("period", "DAY")
	env, err := c.get(ctx, TrendPath+"?"+q.Encode())
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	bars, err := barsFromWire(*env, code, from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return bars, nil
}

// indexCode accepts "801740" or "801740.SI" and returns the six digits.
func indexCode(op, s string) (string, error) {
	code := strings.TrimSpace(s)
	if c, venue, ok := strings.Cut(code, "."); ok && strings.EqualFold(venue, market.VenueSI) {
		code = c
	}
	if !isIndexCode(code) {
		return "", &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("sws: %q is not a Shenwan index code (want six digits such as 801740, or 801740.SI)", s)}
	}
	return code, nil
}

// pages reads path with q page by page (page=1,2,… and page_size=size),
// handing each page to each, which returns how many rows it took, until
// data.count rows are read. Without a count, a page shorter than size is
// the last. A page that adds nothing before the count is reached is drift.
func (c *Client) pages(ctx context.Context, op, path string, q url.Values, size int, each func(p page, first int) (int, error)) error {
	read, total := 0, -1
	for n := 1; ; n++ {
		if n > maxPages {
			return sextant.WrapError(sextant.EINVALID, op, drift("data.count", "still not reached after %d pages of %d", maxPages, size))
		}
		q.Set("page", strconv.Itoa(n))
		q.Set("page_size", strconv.Itoa(size))
		env, err := c.get(ctx, path+"?"+q.Encode())
		if err != nil {
			return sextant.WrapError(sextant.EUNAVAILABLE, op, err)
		}
		p, err := pageFromWire(*env)
		if err != nil {
			return sextant.WrapError(sextant.EINVALID, op, err)
		}
		got, err := each(p, read)
		if err != nil {
			return sextant.WrapError(sextant.EINVALID, op, err)
		}
		read += got
		if total < 0 && p.Count != nil {
			total = *p.Count
		}
		switch {
		case total >= 0 && read >= total:
			return nil
		case total < 0 && got < size:
			return nil
		case got == 0:
			return sextant.WrapError(sextant.EINVALID, op,
				drift("data.results", "page %d is empty after %d of %d rows", n, read, total))
		}
	}
}

// get fetches and decodes one API answer. An error status or a body that is
// not JSON (an HTML error or block page) is an EUNAVAILABLE error;
// malformed JSON is EINVALID.
func (c *Client) get(ctx context.Context, pathAndQuery string) (*envelope, error) {
	resp, err := c.Endpoint.Get(ctx, "sws", pathAndQuery, "application/json")
	if err != nil {
		return nil, err
	}
	if resp.Status/100 != 2 {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("sws: HTTP %d (Content-Type %q)", resp.Status, resp.ContentType)}
	}
	trimmed := bytes.TrimSpace(resp.Body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		what := "an empty body"
		if len(trimmed) > 0 && trimmed[0] == '<' {
			what = "HTML"
		} else if len(trimmed) > 0 {
			what = "not JSON"
		}
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("sws: HTTP %d with %s (Content-Type %q) instead of JSON", resp.Status, what, resp.ContentType)}
	}
	var env envelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("sws: HTTP %d: malformed JSON", resp.Status), Err: err}
	}
	return &env, nil
}
