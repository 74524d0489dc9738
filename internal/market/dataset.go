package market

import (
	"fmt"
	"math"
	"time"
)

// Units used by the canonical datasets. Importers convert what they read
// (lots, 万份, 千元, 亿元) into these before validation.
//
//   - prices: the instrument's currency per share or unit
//   - volume: shares or fund units (not lots)
//   - amount, balances, flows, market caps: the currency unit (yuan, dollars)
//   - turnover: a fraction of free float (0.012 = 1.2%)

// Bar is one daily OHLCV bar. Prices are as traded (unadjusted); AdjFactor
// turns them into back-adjusted prices (Close × AdjFactor); 0 means unknown
// and is read as 1. Turnover is a fraction; NaN or 0 when unknown.
type Bar struct {
	Symbol    Symbol
	Date      time.Time
	Open      float64
	High      float64
	Low       float64
	Close     float64
	Volume    float64
	Amount    float64
	Turnover  float64
	AdjFactor float64
}

// Validate rejects impossible bars: non-positive or non-finite close,
// high < low, open or close outside [low, high] (beyond a rounding
// tolerance), negative volume, amount or turnover. Open, High and Low may be
// NaN when a source only has closes.
func (b Bar) Validate() error {
	if b.Symbol == "" {
		return fmt.Errorf("no symbol")
	}
	if b.Date.IsZero() {
		return fmt.Errorf("no date")
	}
	if !finite(b.Close) || b.Close <= 0 {
		return fmt.Errorf("close %s is not a positive number", fmtNum(b.Close))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"open", b.Open}, {"high", b.High}, {"low", b.Low}} {
		if math.IsInf(f.v, 0) || f.v < 0 {
			return fmt.Errorf("%s %s is negative or infinite", f.name, fmtNum(f.v))
		}
	}
	if !math.IsNaN(b.High) && !math.IsNaN(b.Low) {
		if b.High < b.Low {
			return fmt.Errorf("high %s is below low %s", fmtNum(b.High), fmtNum(b.Low))
		}
		tol := 1e-6 * b.High
		for _, f := range []struct {
			name string
			v    float64
		}{{"open", b.Open}, {"close", b.Close}} {
			if math.IsNaN(f.v) || f.v == 0 && f.name == "open" {
				continue
			}
			if f.v > b.High+tol || f.v < b.Low-tol {
				return fmt.Errorf("%s %s is outside [low %s, high %s]", f.name, fmtNum(f.v), fmtNum(b.Low), fmtNum(b.High))
			}
		}
	}
	if err := nonNegative("volume", b.Volume); err != nil {
		return err
	}
	if err := nonNegative("amount", b.Amount); err != nil {
		return err
	}
	if err := nonNegative("turnover", b.Turnover); err != nil {
		return err
	}
	if err := nonNegative("adjust factor", b.AdjFactor); err != nil {
		return err
	}
	return nil
}

// AdjClose returns Close × AdjFactor (AdjFactor 0 or NaN reads as 1).
func (b Bar) AdjClose() float64 {
	if b.AdjFactor == 0 || math.IsNaN(b.AdjFactor) {
		return b.Close
	}
	return b.Close * b.AdjFactor
}

// FundShares is a fund's units outstanding and NAV per unit on a day. NAV is
// NaN when unknown (flows then fall back to the close).
type FundShares struct {
	Symbol Symbol
	Date   time.Time
	Shares float64 // units outstanding
	NAV    float64 // per unit, NaN when unknown
}

// Validate rejects negative or non-finite shares and negative NAV.
func (f FundShares) Validate() error {
	if f.Symbol == "" || f.Date.IsZero() {
		return fmt.Errorf("no symbol or date")
	}
	if !finite(f.Shares) || f.Shares < 0 {
		return fmt.Errorf("shares %s is negative or not a number", fmtNum(f.Shares))
	}
	if math.IsInf(f.NAV, 0) || f.NAV <= 0 && !math.IsNaN(f.NAV) {
		return fmt.Errorf("nav %s is not positive", fmtNum(f.NAV))
	}
	return nil
}

// Margin is margin-trading data for a stock, or for a market when Symbol is
// a market aggregate (see MarketTotal). Values are in currency units; NaN
// when the source does not publish the field.
type Margin struct {
	Symbol     Symbol
	Date       time.Time
	FinBalance float64 // financing balance (融资余额)
	FinBuy     float64 // financing purchases that day (融资买入额)
	FinRepay   float64 // financing repayments that day (融资偿还额)
	SecBalance float64 // securities-lending balance in currency (融券余额)
}

// NetPurchase is FinBuy − FinRepay, NaN when either is unknown.
func (m Margin) NetPurchase() float64 { return m.FinBuy - m.FinRepay }

// Validate rejects negative balances and flows.
func (m Margin) Validate() error {
	if m.Symbol == "" || m.Date.IsZero() {
		return fmt.Errorf("no symbol or date")
	}
	if math.IsNaN(m.FinBalance) && math.IsNaN(m.FinBuy) && math.IsNaN(m.FinRepay) && math.IsNaN(m.SecBalance) {
		return fmt.Errorf("no margin value")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"financing balance", m.FinBalance}, {"financing buy", m.FinBuy}, {"financing repay", m.FinRepay}, {"lending balance", m.SecBalance}} {
		if err := nonNegative(f.name, f.v); err != nil {
			return err
		}
	}
	return nil
}

// MarketTotal is the symbol of a market aggregate ("ALL.SH", "ALL.SZ",
// "ALL.CN") used for market-wide margin and flow totals.
func MarketTotal(venue string) Symbol { return Symbol("ALL." + venue) }

// CapitalFlow is a day's net inflow by order size for a stock, board or
// market, in currency units (positive = net buying). Main = Super + Large by
// the usual convention; fields are NaN when unpublished.
type CapitalFlow struct {
	Symbol    Symbol
	Date      time.Time
	MainNet   float64 // 主力净流入
	SuperNet  float64 // 超大单
	LargeNet  float64 // 大单
	MediumNet float64 // 中单
	SmallNet  float64 // 小单
}

// Validate rejects flows with no finite value.
func (c CapitalFlow) Validate() error {
	if c.Symbol == "" || c.Date.IsZero() {
		return fmt.Errorf("no symbol or date")
	}
	for _, v := range []float64{c.MainNet, c.SuperNet, c.LargeNet, c.MediumNet, c.SmallNet} {
		if math.IsInf(v, 0) {
			return fmt.Errorf("infinite flow value")
		}
	}
	if math.IsNaN(c.MainNet) && math.IsNaN(c.SuperNet) && math.IsNaN(c.LargeNet) && math.IsNaN(c.MediumNet) && math.IsNaN(c.SmallNet) {
		return fmt.Errorf("no flow value")
	}
	return nil
}

// Valuation is a day's valuation of a stock or index. NaN when unknown; PE
// may be negative (losses), market caps may not.
type Valuation struct {
	Symbol  Symbol
	Date    time.Time
	PETTM   float64
	PB      float64
	TotalMV float64 // total market cap, currency units
	FloatMV float64 // free-float market cap, currency units
}

// Validate rejects negative market caps and non-finite values.
func (v Valuation) Validate() error {
	if v.Symbol == "" || v.Date.IsZero() {
		return fmt.Errorf("no symbol or date")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"pe_ttm", v.PETTM}, {"pb", v.PB}, {"total_mv", v.TotalMV}, {"float_mv", v.FloatMV}} {
		if math.IsInf(f.v, 0) {
			return fmt.Errorf("%s is infinite", f.name)
		}
	}
	if err := nonNegative("total market cap", v.TotalMV); err != nil {
		return err
	}
	return nonNegative("float market cap", v.FloatMV)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// nonNegative accepts NaN (unknown) and rejects negatives and infinities.
func nonNegative(name string, v float64) error {
	if math.IsInf(v, 0) || v < 0 {
		return fmt.Errorf("%s %s is negative", name, fmtNum(v))
	}
	return nil
}

func fmtNum(v float64) string { return fmt.Sprintf("%g", v) }
