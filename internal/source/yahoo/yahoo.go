package yahoo

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

// Host is the default API host; callers put it in the transport's allow list.
const Host = "query1.finance.yahoo.com"

// Options configure a Client.
type Options struct {
	BaseURL   string // scheme and host, no trailing slash; tests point it at an httptest server
	UserAgent string
}

// DefaultOptions returns the public endpoint.
func DefaultOptions() Options {
	return Options{BaseURL: "https://" + Host, UserAgent: transport.DefaultUserAgent}
}

// Client fetches chart data. Retries, rate limits, host allow lists and body
// caps belong to the injected *http.Client's transport (package transport).
type Client struct {
	ep transport.Endpoint
}

// New returns a Client using client (http.DefaultClient when nil). Empty
// options take their defaults.
func New(client *http.Client, opts Options) *Client {
	return &Client{ep: transport.NewEndpoint(client, opts.BaseURL, DefaultOptions().BaseURL, opts.UserAgent)}
}

// Result is what one chart request yields.
type Result struct {
	Symbol      market.Symbol
	YahooSymbol string // meta.symbol
	Currency    string // meta.currency: prices and dividends are in it
	Bars        []market.Bar
	Dividends   []Dividend
	Splits      []Split
	Skipped     []Skipped // days in the response that are not in Bars, with why
}

// Dividend is a cash dividend per share, dated on its ex-date.
type Dividend struct {
	Symbol market.Symbol
	Date   time.Time
	Amount float64
}

// Split is a stock split of Numerator new shares for Denominator old ones.
type Split struct {
	Symbol      market.Symbol
	Date        time.Time
	Numerator   float64
	Denominator float64
}

// Skipped is a day the response lists but that yields no bar.
type Skipped struct {
	Date   time.Time
	Reason string
}

// SymbolFor maps a Yahoo ticker to a Sextant symbol (see the package doc).
func SymbolFor(ticker string) (market.Symbol, error) {
	t := strings.ToUpper(strings.TrimSpace(ticker))
	if t == "" || strings.ContainsAny(t, "=^/ ") {
		return "", sextant.Errorf(sextant.EINVALID, "yahoo: no Sextant venue for Yahoo symbol %q", ticker)
	}
	i := strings.LastIndexByte(t, '.')
	if i < 0 {
		return market.Symbol(t + "." + market.VenueUS), nil
	}
	code, suffix := t[:i], t[i+1:]
	venue := map[string]string{"SS": market.VenueSH, "SZ": market.VenueSZ, "HK": market.VenueHK}[suffix]
	if venue == "" || code == "" {
		return "", sextant.Errorf(sextant.EINVALID, "yahoo: no Sextant venue for Yahoo symbol %q (suffix .%s)", ticker, suffix)
	}
	return market.Symbol(code + "." + venue), nil
}

// Daily fetches daily bars, dividends and splits of ticker for the days from
// through to (both inclusive, read as calendar days).
func (c *Client) Daily(ctx context.Context, ticker string, from, to time.Time) (*Result, error) {
	const op = "yahoo.Daily"
	sym, err := SymbolFor(ticker)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	from, to = market.DayOf(from), market.DayOf(to)
	if to.Before(from) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("yahoo: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	q := url.Values{}
	q.Set("period1", strconv.FormatInt(from.Unix(), 10))
	q.Set("period2", strconv.FormatInt(to.AddDate(0, 0, 1).Unix(), 10))
	q.Set("interval", "1d")
	q.Set("events", "div,split")
	u := "/v8/finance/chart/" + url.PathEscape(strings.ToUpper(strings.TrimSpace(ticker))) + "?" + q.Encode()
	wire, err := c.get(ctx, u)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	res, err := fromWire(*wire, sym)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return res, nil
}

// get fetches and decodes one chart response. A JSON body is decoded
// whatever the status, since Yahoo reports errors in chart.error; any other
// body is an EUNAVAILABLE error.
func (c *Client) get(ctx context.Context, pathAndQuery string) (*chartResponse, error) {
	resp, err := c.ep.Get(ctx, "yahoo", pathAndQuery, "application/json")
	if err != nil {
		return nil, err
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
			Message: fmt.Sprintf("yahoo: HTTP %d with %s (Content-Type %q) instead of a chart JSON", resp.Status, what, resp.ContentType)}
	}
	var w chartResponse
	if err := json.Unmarshal(trimmed, &w); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("yahoo: HTTP %d: malformed chart JSON", resp.Status), Err: err}
	}
	if resp.Status/100 != 2 && (w.Chart == nil || w.Chart.Error == nil) {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Message: fmt.Sprintf("yahoo: HTTP %d without chart.error", resp.Status)}
	}
	return &w, nil
}
