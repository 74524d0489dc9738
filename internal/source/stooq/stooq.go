package stooq

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// Host is the default host; DefaultTransport allows only it.
const Host = "stooq.com"

// Options configure a Client.
type Options struct {
	BaseURL   string // scheme and host, no trailing slash; tests point it at an httptest server
	UserAgent string
}

// DefaultOptions returns the public endpoint.
func DefaultOptions() Options {
	return Options{BaseURL: "https://" + Host, UserAgent: transport.DefaultUserAgent}
}

// Client fetches Stooq's daily CSV. Retries, rate limits, host allow lists
// and body caps belong to the injected *http.Client's transport (see
// DefaultTransport).
type Client struct {
	ep transport.Endpoint
}

// New returns a Client using client (http.DefaultClient when nil). Empty
// options take their defaults.
func New(client *http.Client, opts Options) *Client {
	return &Client{ep: transport.NewEndpoint(client, opts.BaseURL, DefaultOptions().BaseURL, opts.UserAgent)}
}

// Result is what one daily request yields.
type Result struct {
	Symbol   market.Symbol
	Ticker   string       // the Stooq ticker as requested, lower case ("xlk.us")
	Bars     []market.Bar // in date order; prices as adjusted by Stooq, AdjFactor 1
	Warnings []Warning
}

// SymbolFor maps a Stooq ticker to a Sextant symbol: "xlk.us" → XLK.US, and
// other suffixes through market.ParseSymbol when the venue is known
// ("0700.hk" → 0700.HK). A ticker without a suffix ("^spx") or with an
// unknown one ("vod.uk") is an EINVALID error naming it.
func SymbolFor(ticker string) (market.Symbol, error) {
	t := strings.TrimSpace(ticker)
	i := strings.LastIndexByte(t, '.')
	if i <= 0 || i == len(t)-1 || strings.ContainsAny(t, "^ /?&=") {
		return "", sextant.Errorf(sextant.EINVALID, "stooq: no Sextant venue for Stooq ticker %q", ticker)
	}
	sym, err := market.ParseSymbol(t, "")
	if err != nil {
		return "", sextant.Errorf(sextant.EINVALID, "stooq: no Sextant venue for Stooq ticker %q (suffix .%s)", ticker, t[i+1:])
	}
	return sym, nil
}

// Daily fetches the daily bars of ticker for the days from through to (both
// inclusive, calendar days). A zero from or to leaves that end open, so two
// zero times ask for the whole history.
func (c *Client) Daily(ctx context.Context, ticker string, from, to time.Time) (*Result, error) {
	const op = "stooq.Daily"
	sym, err := SymbolFor(ticker)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	t := strings.ToLower(strings.TrimSpace(ticker))
	q := url.Values{}
	q.Set("s", t)
	q.Set("i", "d")
	if !from.IsZero() || !to.IsZero() {
		from, to = market.DayOf(from), market.DayOf(to)
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
				Message: fmt.Sprintf("stooq: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
		}
		if !from.IsZero() {
			q.Set("d1", from.Format("20060102"))
		}
		if !to.IsZero() {
			q.Set("d2", to.Format("20060102"))
		}
	}
	body, err := c.get(ctx, "/q/d/l/?"+q.Encode())
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	bars, warns, err := fromWire(body, sym)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, fmt.Errorf("ticker %q: %w", t, err))
	}
	return &Result{Symbol: sym, Ticker: t, Bars: bars, Warnings: warns}, nil
}

// get fetches one body; a status other than 200 is an EUNAVAILABLE error.
func (c *Client) get(ctx context.Context, pathAndQuery string) ([]byte, error) {
	resp, err := c.ep.Get(ctx, "stooq", pathAndQuery, "text/csv")
	if err != nil {
		return nil, err
	}
	if resp.Status != http.StatusOK {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("stooq: HTTP %d (Content-Type %q)", resp.Status, resp.ContentType)}
	}
	return resp.Body, nil
}
