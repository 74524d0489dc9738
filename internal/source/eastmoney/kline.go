package eastmoney

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

// Host is the history API host; callers put it in the transport's allow list.
const Host = "push2his.eastmoney.com"

// DefaultBaseURL is the public endpoint's scheme and host.
const DefaultBaseURL = "https://" + Host

// klinePath is the daily kline endpoint.
const klinePath = "/api/qt/stock/kline/get"

// Client fetches klines and fund flows from the history host (Endpoint),
// board, member and ETF lists from the list host (Lists) and per-stock
// margin history from the data-center host (Data). Retries, rate limits,
// host allow lists and body caps belong to the injected *http.Client's
// transport (DefaultTransport).
type Client struct {
	Endpoint transport.Endpoint // push2his: klines, fund flows
	Lists    transport.Endpoint // push2: clist lists
	Data     transport.Endpoint // datacenter-web: margin history
	// PageSize is the rows asked per list page (pz); DefaultPageSize when
	// zero.
	PageSize int
}

// New returns a Client using httpClient (http.DefaultClient when nil). An
// empty baseURL means the public hosts (DefaultBaseURL for history,
// DefaultListBaseURL for lists, DefaultDataBaseURL for the data center); a
// non-empty one serves all three (tests and the fixture server answer every
// path from one URL).
func New(httpClient *http.Client, baseURL string) *Client {
	return &Client{
		Endpoint: transport.NewEndpoint(httpClient, baseURL, DefaultBaseURL, ""),
		Lists:    transport.NewEndpoint(httpClient, baseURL, DefaultListBaseURL, ""),
		Data:     transport.NewEndpoint(httpClient, baseURL, DefaultDataBaseURL, ""),
		PageSize: DefaultPageSize,
	}
}

// Adjust is the price adjustment of a kline series.
type Adjust int

// Adjustments, and the fqt value each is sent as.
const (
	AdjustNone     Adjust = iota // fqt=0: prices as traded (不复权)
	AdjustForward                // fqt=1: forward adjusted, latest prices as traded (前复权)
	AdjustBackward               // fqt=2: backward adjusted, earliest prices as traded (后复权)
)

// String names the adjustment: none, forward or backward.
func (a Adjust) String() string {
	switch a {
	case AdjustNone:
		return "none"
	case AdjustForward:
		return "forward"
	case AdjustBackward:
		return "backward"
	}
	return "Adjust(" + strconv.Itoa(int(a)) + ")"
}

// ParseAdjust reads "none" (or ""), "forward" (or "qfq") and "backward" (or
// "hfq").
func ParseAdjust(s string) (Adjust, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return AdjustNone, nil
	case "forward", "qfq":
		return AdjustForward, nil
	case "backward", "hfq":
		return AdjustBackward, nil
	}
	return 0, sextant.Errorf(sextant.EINVALID, "eastmoney: unknown adjustment %q (want none, forward or backward)", s)
}

// fqt is the query value of a.
func (a Adjust) fqt() (string, bool) {
	if a < AdjustNone || a > AdjustBackward {
		return "", false
	}
	return strconv.Itoa(int(a)), true
}

// SecID maps a symbol to Eastmoney's MARKET.CODE: 600519.SH → 1.600519,
// 000001.SZ → 0.000001, 430047.BJ → 0.430047, BK0480.EM → 90.BK0480. Other
// venues and malformed codes are an EINVALID error naming the symbol.
func SecID(sym market.Symbol) (string, error) {
	code, venue := sym.Code(), sym.Venue()
	switch venue {
	case market.VenueSH, market.VenueSZ, market.VenueBJ:
		if len(code) == 6 && digits(code) {
			prefix := "0"
			if venue == market.VenueSH {
				prefix = "1"
			}
			return prefix + "." + code, nil
		}
	case market.VenueEM:
		if len(code) > 2 && strings.HasPrefix(code, "BK") && digits(code[2:]) {
			return "90." + code, nil
		}
	}
	return "", sextant.Errorf(sextant.EINVALID,
		"eastmoney: no secid for symbol %q (want a six-digit code on SH, SZ or BJ, or a BKnnnn board on EM)", string(sym))
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// noEnd is the end date sent when to is zero: every bar up to today.
const noEnd = "20500101"

// Klines fetches daily bars of sym with the given adjustment for the days
// from through to (both inclusive, read as calendar days). A zero from
// means the first listed day, a zero to the latest day. The bars are in date
// order, valid, and carry AdjFactor 1 (see the package doc).
func (c *Client) Klines(ctx context.Context, sym market.Symbol, adjust Adjust, from, to time.Time) ([]market.Bar, error) {
	const op = "eastmoney.Klines"
	secid, err := SecID(sym)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	fqt, ok := adjust.fqt()
	if !ok {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("eastmoney: unknown adjustment %s", adjust)}
	}
	beg, end := "0", noEnd
	if !from.IsZero() {
		beg = market.DayOf(from).Format("20060102")
	}
	if !to.IsZero() {
		end = market.DayOf(to).Format("20060102")
	}
	if !from.IsZero() && !to.IsZero() && market.DayOf(to).Before(market.DayOf(from)) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("eastmoney: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	q := url.Values{}
	q.Set("secid", secid)
	q.Set("klt", "101")
	q.Set("fqt", fqt)
	q.Set("fields1", "f1,f2,f3,f4,f5,f6")
	q.Set("fields2", "f51,f52,f53,f54,f55,f56,f57,f58,f59,f60,f61")
	q.Set("beg", beg)
	q.Set("end", end)
	wire, err := c.get(ctx, klinePath+"?"+q.Encode())
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	bars, err := fromWire(*wire, sym)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return bars, nil
}

// get fetches and decodes one kline-shaped response (klines and fund flows
// share it) from the history host.
func (c *Client) get(ctx context.Context, pathAndQuery string) (*klineResponse, error) {
	body, status, err := fetch(ctx, c.Endpoint, pathAndQuery, "kline")
	if err != nil {
		return nil, err
	}
	var w klineResponse
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("eastmoney: HTTP %d: malformed kline JSON", status), Err: err}
	}
	return &w, nil
}

// fetch sends one GET to ep and returns the trimmed JSON body and the
// status. An error
// status or a body that is not a JSON object (an HTML error page) is an
// EUNAVAILABLE error; what names the expected body in the message.
func fetch(ctx context.Context, ep transport.Endpoint, pathAndQuery, what string) ([]byte, int, error) {
	resp, err := ep.Get(ctx, "eastmoney", pathAndQuery, "application/json")
	if err != nil {
		return nil, 0, err
	}
	trimmed := bytes.TrimSpace(resp.Body)
	if resp.Status/100 != 2 {
		return nil, resp.Status, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("eastmoney: HTTP %d (Content-Type %q)", resp.Status, resp.ContentType)}
	}
	if len(trimmed) == 0 || trimmed[0] != '{' {
		kind := "an empty body"
		if len(trimmed) > 0 && trimmed[0] == '<' {
			kind = "HTML"
		} else if len(trimmed) > 0 {
			kind = "not JSON"
		}
		return nil, resp.Status, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("eastmoney: HTTP %d with %s (Content-Type %q) instead of a %s JSON", resp.Status, kind, resp.ContentType, what)}
	}
	return trimmed, resp.Status, nil
}
