package yahoo

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// chartResponse is the body of GET /v8/finance/chart/{ticker}.
type chartResponse struct {
	Chart *struct {
		Result []chartResult `json:"result"`
		Error  *chartError   `json:"error"`
	} `json:"chart"`
}

type chartError struct {
	Code        string `json:"code"`
	Description string `json:"description"`
}

type chartResult struct {
	Meta      *chartMeta `json:"meta"`
	Timestamp []int64    `json:"timestamp"`
	Events    *struct {
		Dividends map[string]wireDividend `json:"dividends"`
		Splits    map[string]wireSplit    `json:"splits"`
	} `json:"events"`
	Indicators *struct {
		Quote    []wireQuote `json:"quote"`
		AdjClose []struct {
			AdjClose []*float64 `json:"adjclose"`
		} `json:"adjclose"`
	} `json:"indicators"`
}

type chartMeta struct {
	Symbol               string `json:"symbol"`
	Currency             string `json:"currency"`
	InstrumentType       string `json:"instrumentType"`
	ExchangeTimezoneName string `json:"exchangeTimezoneName"`
	GMTOffset            *int   `json:"gmtoffset"`
	DataGranularity      string `json:"dataGranularity"`
}

type wireQuote struct {
	Open   []*float64 `json:"open"`
	High   []*float64 `json:"high"`
	Low    []*float64 `json:"low"`
	Close  []*float64 `json:"close"`
	Volume []*float64 `json:"volume"`
}

type wireDividend struct {
	Amount *float64 `json:"amount"`
	Date   *int64   `json:"date"`
}

type wireSplit struct {
	Date        *int64   `json:"date"`
	Numerator   *float64 `json:"numerator"`
	Denominator *float64 `json:"denominator"`
}

// listed are the instrument types a US ticker may map to.
var listed = map[string]bool{"EQUITY": true, "ETF": true, "MUTUALFUND": true, "INDEX": true}

// drift reports a response whose JSON does not have the expected shape.
func drift(field, format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "yahoo.fromWire",
		Message: "yahoo: " + field + ": " + fmt.Sprintf(format, args...)}
}

// fromWire translates a chart response into bars and events for sym.
func fromWire(resp chartResponse, sym market.Symbol) (*Result, error) {
	if resp.Chart == nil {
		return nil, drift("chart", "missing")
	}
	if e := resp.Chart.Error; e != nil {
		code := sextant.EUNAVAILABLE
		if e.Code == "Not Found" {
			code = sextant.ENOTFOUND
		}
		return nil, &sextant.Error{Code: code, Op: "yahoo.fromWire",
			Message: fmt.Sprintf("yahoo: chart.error for %s: %s: %s", sym, e.Code, e.Description)}
	}
	if len(resp.Chart.Result) == 0 {
		return nil, drift("chart.result", "missing or empty")
	}
	r := resp.Chart.Result[0]
	if r.Meta == nil {
		return nil, drift("chart.result[0].meta", "missing")
	}
	if g := r.Meta.DataGranularity; g != "1d" {
		return nil, drift("meta.dataGranularity", "%q, want daily bars (1d)", g)
	}
	if sym.Venue() == market.VenueUS && !listed[r.Meta.InstrumentType] {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: "yahoo.fromWire",
			Message: fmt.Sprintf("yahoo: %s is a %q (meta.instrumentType), not a US listing; no Sextant venue for it", r.Meta.Symbol, r.Meta.InstrumentType)}
	}
	loc, err := location(r.Meta)
	if err != nil {
		return nil, err
	}
	res := &Result{Symbol: sym, YahooSymbol: r.Meta.Symbol, Currency: r.Meta.Currency}
	if err := bars(r, loc, res); err != nil {
		return nil, err
	}
	if err := events(r, loc, res); err != nil {
		return nil, err
	}
	return res, nil
}

// location is the exchange's time zone, or a fixed zone at gmtoffset when
// the system does not know the name.
func location(m *chartMeta) (*time.Location, error) {
	if m.ExchangeTimezoneName != "" {
		if loc, err := time.LoadLocation(m.ExchangeTimezoneName); err == nil {
			return loc, nil
		}
	}
	if m.GMTOffset != nil {
		return time.FixedZone("gmtoffset", *m.GMTOffset), nil
	}
	return nil, drift("meta.exchangeTimezoneName", "missing or unknown (%q) and no meta.gmtoffset", m.ExchangeTimezoneName)
}

func localDay(ts int64, loc *time.Location) time.Time {
	return market.DayOf(time.Unix(ts, 0).In(loc))
}

func bars(r chartResult, loc *time.Location, res *Result) error {
	if r.Indicators == nil {
		return drift("indicators", "missing")
	}
	if len(r.Indicators.Quote) == 0 {
		return drift("indicators.quote", "missing or empty")
	}
	q := r.Indicators.Quote[0]
	n := len(r.Timestamp)
	if n == 0 {
		if len(q.Close) > 0 {
			return drift("timestamp", "missing while indicators.quote[0].close has %d values", len(q.Close))
		}
		return nil // an empty window
	}
	for _, col := range []struct {
		name string
		v    []*float64
	}{{"open", q.Open}, {"high", q.High}, {"low", q.Low}, {"close", q.Close}, {"volume", q.Volume}} {
		if len(col.v) != n {
			return drift("indicators.quote[0]."+col.name, "%d values for %d timestamps", len(col.v), n)
		}
	}
	var adj []*float64
	if len(r.Indicators.AdjClose) > 0 {
		adj = r.Indicators.AdjClose[0].AdjClose
		if len(adj) != n {
			return drift("indicators.adjclose[0].adjclose", "%d values for %d timestamps", len(adj), n)
		}
	}
	for i, ts := range r.Timestamp {
		day := localDay(ts, loc)
		if q.Close[i] == nil {
			res.Skipped = append(res.Skipped, Skipped{Date: day, Reason: "close is null"})
			continue
		}
		b := market.Bar{Symbol: res.Symbol, Date: day, Open: val(q.Open[i]), High: val(q.High[i]), Low: val(q.Low[i]),
			Close: *q.Close[i], Volume: val(q.Volume[i]), Amount: math.NaN(), Turnover: math.NaN()}
		if adj != nil && adj[i] != nil && *q.Close[i] != 0 {
			b.AdjFactor = *adj[i] / *q.Close[i]
		}
		if err := b.Validate(); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Date: day, Reason: err.Error()})
			continue
		}
		if len(res.Bars) > 0 && !res.Bars[len(res.Bars)-1].Date.Before(day) {
			return drift("timestamp", "%d (%s) does not follow the previous bar's day", ts, market.FormatDate(day))
		}
		res.Bars = append(res.Bars, b)
	}
	return nil
}

func val(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func events(r chartResult, loc *time.Location, res *Result) error {
	if r.Events == nil {
		return nil
	}
	for key, d := range r.Events.Dividends {
		ts, err := eventTime(key, d.Date)
		if err != nil || d.Amount == nil {
			return drift("events.dividends["+key+"]", "no date or amount")
		}
		if !(*d.Amount > 0) || math.IsInf(*d.Amount, 0) {
			return drift("events.dividends["+key+"].amount", "%v is not a positive amount", *d.Amount)
		}
		res.Dividends = append(res.Dividends, Dividend{Symbol: res.Symbol, Date: localDay(ts, loc), Amount: *d.Amount})
	}
	for key, s := range r.Events.Splits {
		ts, err := eventTime(key, s.Date)
		if err != nil || s.Numerator == nil || s.Denominator == nil || *s.Denominator == 0 {
			return drift("events.splits["+key+"]", "no date, numerator or denominator")
		}
		if !(*s.Numerator > 0) || !(*s.Denominator > 0) {
			return drift("events.splits["+key+"]", "ratio %v:%v is not positive", *s.Numerator, *s.Denominator)
		}
		res.Splits = append(res.Splits, Split{Symbol: res.Symbol, Date: localDay(ts, loc), Numerator: *s.Numerator, Denominator: *s.Denominator})
	}
	sort.Slice(res.Dividends, func(i, j int) bool { return res.Dividends[i].Date.Before(res.Dividends[j].Date) })
	sort.Slice(res.Splits, func(i, j int) bool { return res.Splits[i].Date.Before(res.Splits[j].Date) })
	return nil
}

// eventTime is an event's date field, or its key when the field is absent.
func eventTime(key string, date *int64) (int64, error) {
	if date != nil {
		return *date, nil
	}
	return strconv.ParseInt(key, 10, 64)
}
