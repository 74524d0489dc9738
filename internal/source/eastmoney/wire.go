package eastmoney

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// klineResponse is the body of GET /api/qt/stock/kline/get. Data stays raw
// so that an absent data (drift) and data: null (unknown code) differ.
type klineResponse struct {
	RC   *int            `json:"rc"`
	Data json.RawMessage `json:"data"`
}

// klineData is the non-null data object.
type klineData struct {
	Code   string   `json:"code"`
	Market *int     `json:"market"`
	Name   string   `json:"name"`
	Klines []string `json:"klines"`
}

// klineFields is how many comma-separated fields a kline has with
// fields2=f51..f61.
const klineFields = 11

// Positions of the f51..f61 fields in a kline line.
const (
	fDate = iota
	fOpen
	fClose
	fHigh
	fLow
	fVolume
	fAmount
	fAmplitude
	fChangePct
	fChange
	fTurnover
)

// sharesPerLot converts Eastmoney's volume (手) to shares or fund units.
const sharesPerLot = 100

// drift reports a response that does not have the expected shape.
func drift(field, format string, args ...any) error {
	return &sextant.Error{Code: sextant.EINVALID, Op: "eastmoney.fromWire",
		Message: "eastmoney: " + field + ": " + fmt.Sprintf(format, args...)}
}

// fromWire translates a kline response into bars of sym, in date order.
func fromWire(resp klineResponse, sym market.Symbol) ([]market.Bar, error) {
	raw := bytes.TrimSpace(resp.Data)
	if len(raw) == 0 {
		if resp.RC != nil && *resp.RC != 0 {
			return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "eastmoney.fromWire",
				Message: fmt.Sprintf("eastmoney: rc %d and no data for %s", *resp.RC, sym)}
		}
		return nil, drift("data", "missing")
	}
	if string(raw) == "null" {
		return nil, &sextant.Error{Code: sextant.ENOTFOUND, Op: "eastmoney.fromWire",
			Message: fmt.Sprintf("eastmoney: no klines for %s: data is null (unknown code)", sym)}
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
	bars := make([]market.Bar, 0, len(d.Klines))
	for i, line := range d.Klines {
		b, err := parseKline(line, sym)
		if err != nil {
			return nil, drift(fmt.Sprintf("data.klines[%d]", i), "%q: %v", line, err)
		}
		if n := len(bars); n > 0 && !bars[n-1].Date.Before(b.Date) {
			return nil, drift(fmt.Sprintf("data.klines[%d]", i), "date %s does not follow %s", market.FormatDate(b.Date), market.FormatDate(bars[n-1].Date))
		}
		bars = append(bars, b)
	}
	return bars, nil
}

// parseKline reads one "date,open,close,high,low,volume,amount,amplitude,
// pct,change,turnover" line.
func parseKline(line string, sym market.Symbol) (market.Bar, error) {
	f := strings.Split(line, ",")
	if len(f) != klineFields {
		return market.Bar{}, fmt.Errorf("%d fields, want %d (f51..f61)", len(f), klineFields)
	}
	date, err := time.Parse("2006-01-02", strings.TrimSpace(f[fDate]))
	if err != nil {
		return market.Bar{}, fmt.Errorf("date %q is not YYYY-MM-DD", f[fDate])
	}
	b := market.Bar{Symbol: sym, Date: market.DayOf(date), AdjFactor: 1}
	for _, c := range []struct {
		name string
		i    int
		dst  *float64
	}{{"open", fOpen, &b.Open}, {"close", fClose, &b.Close}, {"high", fHigh, &b.High}, {"low", fLow, &b.Low},
		{"volume", fVolume, &b.Volume}, {"amount", fAmount, &b.Amount}} {
		v, err := number(c.name, f[c.i])
		if err != nil {
			return market.Bar{}, err
		}
		*c.dst = v
	}
	b.Volume *= sharesPerLot
	b.Turnover = math.NaN()
	if t := strings.TrimSpace(f[fTurnover]); t != "-" && t != "" {
		pct, err := number("turnover", t)
		if err != nil {
			return market.Bar{}, err
		}
		b.Turnover = pct / 100
	}
	if err := b.Validate(); err != nil {
		return market.Bar{}, err
	}
	return b, nil
}

// number parses a finite decimal.
func number(name, s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s %q is not a number", name, s)
	}
	return v, nil
}
