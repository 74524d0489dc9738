package eastmoney

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// fflowPath is the daily fund-flow history endpoint (history host).
const fflowPath = "/api/qt/stock/fflow/daykline/get"

// flowFields is how many comma-separated fields a fund-flow line has with
// fields2=f51..f65.
const flowFields = 15

// Positions of the f51..f56 fields in a fund-flow line; f57..f61 are the
// same flows as percentages of turnover, f62 and f63 the close and change
// %, f64 and f65 unused by this package.
const (
	flDate   = iota // f51 date YYYY-MM-DD
	flMain          // f52 主力净流入 (yuan)
	flSmall         // f53 小单净流入
	flMedium        // f54 中单净流入
	flLarge         // f55 大单净流入
	flSuper         // f56 超大单净流入
)

// Flows fetches the daily net inflows by order size of a stock (600519.SH)
// or a board (BK0480.EM) for the days from through to (both inclusive; zero
// bounds are open), in date order. The endpoint only keeps a recent window
// (about the last 120 trading days for a stock), whatever from asks.
func (c *Client) Flows(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	const op = "eastmoney.Flows"
	secid, err := SecID(sym)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if !from.IsZero() && !to.IsZero() && market.DayOf(to).Before(market.DayOf(from)) {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op,
			Message: fmt.Sprintf("eastmoney: window %s..%s ends before it starts", market.FormatDate(from), market.FormatDate(to))}
	}
	q := url.Values{}
	q.Set("lmt", "0")
	q.Set("klt", "101")
	q.Set("secid", secid)
	q.Set("fields1", "f1,f2,f3,f7")
	q.Set("fields2", "f51,f52,f53,f54,f55,f56,f57,f58,f59,f60,f61,f62,f63,f64,f65")
	wire, err := c.get(ctx, fflowPath+"?"+q.Encode())
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	flows, err := flowsFromWire(*wire, sym, from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return flows, nil
}

// flowsFromWire translates a fund-flow response into the flows of sym
// dated in [from, to] (zero bounds open), in date order. Every line is
// checked, also those outside the window.
func flowsFromWire(resp klineResponse, sym market.Symbol, from, to time.Time) ([]market.CapitalFlow, error) {
	raw := bytes.TrimSpace(resp.Data)
	if len(raw) == 0 {
		if resp.RC != nil && *resp.RC != 0 {
			return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "eastmoney.flowsFromWire",
				Message: fmt.Sprintf("eastmoney: rc %d and no fund flows for %s", *resp.RC, sym)}
		}
		return nil, drift("data", "missing")
	}
	if string(raw) == "null" {
		return nil, &sextant.Error{Code: sextant.ENOTFOUND, Op: "eastmoney.flowsFromWire",
			Message: fmt.Sprintf("eastmoney: no fund flows for %s: data is null (unknown code)", sym)}
	}
	var d klineData
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, drift("data", "not an object with code and klines: %v", err)
	}
	if d.Klines == nil {
		return nil, drift("data.klines", "missing")
	}
	if d.Code != "" && !strings.EqualFold(d.Code, sym.Code()) {
		return nil, drift("data.code", "%q, want %q for %s", d.Code, sym.Code(), sym)
	}
	from, to = dayBound(from), dayBound(to)
	out := make([]market.CapitalFlow, 0, len(d.Klines))
	var last time.Time
	for i, line := range d.Klines {
		f, err := parseFlow(line, sym)
		if err != nil {
			return nil, drift(fmt.Sprintf("data.klines[%d]", i), "%q: %v", line, err)
		}
		if i > 0 && !last.Before(f.Date) {
			return nil, drift(fmt.Sprintf("data.klines[%d]", i), "date %s does not follow %s", market.FormatDate(f.Date), market.FormatDate(last))
		}
		last = f.Date
		if (!from.IsZero() && f.Date.Before(from)) || (!to.IsZero() && f.Date.After(to)) {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

func dayBound(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return market.DayOf(t)
}

// parseFlow reads one "date,main,small,medium,large,super,…" line (15
// fields). A flow of "-" or "" is unpublished (NaN); any other field must
// be a number.
func parseFlow(line string, sym market.Symbol) (market.CapitalFlow, error) {
	f := strings.Split(line, ",")
	if len(f) != flowFields {
		return market.CapitalFlow{}, fmt.Errorf("%d fields, want %d (f51..f65)", len(f), flowFields)
	}
	date, err := time.Parse("2006-01-02", strings.TrimSpace(f[flDate]))
	if err != nil {
		return market.CapitalFlow{}, fmt.Errorf("date %q is not YYYY-MM-DD", f[flDate])
	}
	c := market.CapitalFlow{Symbol: sym, Date: market.DayOf(date)}
	for _, x := range []struct {
		name string
		i    int
		dst  *float64
	}{{"main net", flMain, &c.MainNet}, {"small net", flSmall, &c.SmallNet}, {"medium net", flMedium, &c.MediumNet},
		{"large net", flLarge, &c.LargeNet}, {"super-large net", flSuper, &c.SuperNet}} {
		if s := strings.TrimSpace(f[x.i]); s == "-" || s == "" {
			*x.dst = math.NaN()
			continue
		}
		v, err := number(x.name, f[x.i])
		if err != nil {
			return market.CapitalFlow{}, err
		}
		*x.dst = v
	}
	if err := c.Validate(); err != nil {
		return market.CapitalFlow{}, err
	}
	return c, nil
}
