package aktools

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Columns of the Eastmoney kline functions (stock_zh_a_hist,
// fund_etf_hist_em, index_zh_a_hist, stock_board_industry_hist_em) and of
// index_hist_sw.
const (
	colDate     = "日期"
	colOpen     = "开盘"
	colClose    = "收盘"
	colHigh     = "最高"
	colLow      = "最低"
	colVolume   = "成交量"
	colAmount   = "成交额"
	colTurnover = "换手率"
)

// Unit factors into market units.
const (
	lot     = 100 // 手: 100 shares or fund units
	yi      = 1e8 // 亿
	wan     = 1e4 // 万
	percent = 0.01
)

// barSpec says how one function's kline columns convert into a market.Bar.
type barSpec struct {
	volume   float64 // shares (or units) per volume unit
	amount   float64 // yuan per amount unit
	turnover bool    // the function has 换手率 (percent of free float)
}

var (
	emBars = barSpec{volume: lot, amount: 1, turnover: true}
	swBars = barSpec{volume: yi, amount: yi}
)

// toBars translates kline rows into bars of sym inside w, in date order.
// Open, high and low may be missing (NaN); close, volume and amount must be
// there; a missing turnover is NaN. Two rows of one day fail the answer.
func toBars(t table, sym market.Symbol, spec barSpec, w window) ([]market.Bar, error) {
	cols := []string{colDate, colOpen, colClose, colHigh, colLow, colVolume, colAmount}
	if spec.turnover {
		cols = append(cols, colTurnover)
	}
	if err := t.check(cols...); err != nil {
		return nil, err
	}
	bars := make([]market.Bar, 0, len(t.rows))
	for i := range t.rows {
		d, err := t.day(i, colDate)
		if err != nil {
			return nil, err
		}
		if !w.has(d) {
			continue
		}
		b := market.Bar{Symbol: sym, Date: d, Turnover: math.NaN(), AdjFactor: 1}
		for _, c := range []struct {
			col  string
			dst  *float64
			need bool
		}{{colOpen, &b.Open, false}, {colHigh, &b.High, false}, {colLow, &b.Low, false}, {colClose, &b.Close, true},
			{colVolume, &b.Volume, true}, {colAmount, &b.Amount, true}} {
			read := t.num
			if c.need {
				read = t.need
			}
			if *c.dst, err = read(i, c.col); err != nil {
				return nil, err
			}
		}
		b.Volume *= spec.volume
		b.Amount *= spec.amount
		if spec.turnover {
			pct, err := t.num(i, colTurnover)
			if err != nil {
				return nil, err
			}
			b.Turnover = pct * percent
		}
		if err := b.Validate(); err != nil {
			return nil, t.drift("row %d (%s): %v", i, market.FormatDate(d), err)
		}
		bars = append(bars, b)
	}
	slices.SortStableFunc(bars, func(a, b market.Bar) int { return a.Date.Compare(b.Date) })
	for i := 1; i < len(bars); i++ {
		if bars[i].Date.Equal(bars[i-1].Date) {
			return nil, t.drift("two rows for %s", market.FormatDate(bars[i].Date))
		}
	}
	return bars, nil
}

// Adjustments AKShare's kline functions take.
const (
	AdjustNone     = ""    // prices as traded (不复权)
	AdjustForward  = "qfq" // forward adjusted (前复权)
	AdjustBackward = "hfq" // backward adjusted (后复权)
)

func checkAdjust(adjust string) error {
	switch adjust {
	case AdjustNone, AdjustForward, AdjustBackward:
		return nil
	}
	return sextant.Errorf(sextant.EINVALID, "aktools: unknown adjustment %q (want \"\", \"qfq\" or \"hfq\")", adjust)
}

// aShareCode returns the six-digit code of an exchange-listed symbol.
func aShareCode(sym market.Symbol, venues ...string) (string, error) {
	code := sym.Code()
	if len(code) == 6 && digits(code) && slices.Contains(venues, sym.Venue()) {
		return code, nil
	}
	return "", sextant.Errorf(sextant.EINVALID, "aktools: symbol %q is not a six-digit code on %s", string(sym), strings.Join(venues, ", "))
}

// StockBars fetches daily bars of an A-share (SH, SZ or BJ) through
// stock_zh_a_hist for the days from through to (inclusive; zero means
// open), with adjust "" (none), "qfq" or "hfq". See toBars for the
// translation; AdjFactor is 1 and the prices are those of the adjustment.
func (c *Client) StockBars(ctx context.Context, sym market.Symbol, adjust string, from, to time.Time) ([]market.Bar, error) {
	return c.klines(ctx, "aktools.StockBars", "stock_zh_a_hist", sym, adjust, from, to, market.VenueSH, market.VenueSZ, market.VenueBJ)
}

// ETFBars fetches daily bars of an exchange-traded fund through
// fund_etf_hist_em (volume in 手 of 100 units, like stocks).
func (c *Client) ETFBars(ctx context.Context, sym market.Symbol, adjust string, from, to time.Time) ([]market.Bar, error) {
	return c.klines(ctx, "aktools.ETFBars", "fund_etf_hist_em", sym, adjust, from, to, market.VenueSH, market.VenueSZ)
}

func (c *Client) klines(ctx context.Context, op, fn string, sym market.Symbol, adjust string, from, to time.Time, venues ...string) ([]market.Bar, error) {
	code, err := aShareCode(sym, venues...)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	if err := checkAdjust(adjust); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	q := url.Values{"symbol": {code}, "period": {"daily"}, "start_date": {w.start()}, "end_date": {w.end()}, "adjust": {adjust}}
	return c.bars(ctx, op, fn, q, sym, emBars, w)
}

// IndexBars fetches daily bars of an SSE, SZSE or CSI index (000300.SH,
// 399006.SZ, 930050.CSI) through index_zh_a_hist.
func (c *Client) IndexBars(ctx context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	const op = "aktools.IndexBars"
	code, err := aShareCode(sym, market.VenueSH, market.VenueSZ, market.VenueCSI)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	q := url.Values{"symbol": {code}, "period": {"daily"}, "start_date": {w.start()}, "end_date": {w.end()}}
	return c.bars(ctx, op, "index_zh_a_hist", q, sym, emBars, w)
}

// BoardBars fetches daily bars of the Eastmoney industry board called name
// (as Boards lists it, "航天航空") through stock_board_industry_hist_em;
// the bars carry sym, the board's symbol (BK0480.EM).
func (c *Client) BoardBars(ctx context.Context, name string, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	const op = "aktools.BoardBars"
	if err := checkName(name, sym); err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	q := url.Values{"symbol": {name}, "period": {"日k"}, "start_date": {w.start()}, "end_date": {w.end()}, "adjust": {""}}
	return c.bars(ctx, op, "stock_board_industry_hist_em", q, sym, emBars, w)
}

// SWIndexBars fetches daily bars of a Shenwan index ("801010" or
// "801010.SI") through index_hist_sw, which answers the whole history: the
// window is applied here. Volume comes in 亿股 and amount in 亿元.
func (c *Client) SWIndexBars(ctx context.Context, code string, from, to time.Time) ([]market.Bar, error) {
	const op = "aktools.SWIndexBars"
	code, err := swCode(code)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	w, err := newWindow(from, to)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	q := url.Values{"symbol": {code}, "period": {"day"}}
	return c.bars(ctx, op, "index_hist_sw", q, market.Symbol(code+"."+market.VenueSI), swBars, w)
}

func (c *Client) bars(ctx context.Context, op, fn string, q url.Values, sym market.Symbol, spec barSpec, w window) ([]market.Bar, error) {
	t, err := c.call(ctx, fn, q)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	bars, err := toBars(t, sym, spec, w)
	if err != nil {
		return nil, sextant.WrapError(sextant.EINVALID, op, err)
	}
	return bars, nil
}

// checkName refuses an empty board name or a symbol that is not a board.
func checkName(name string, sym market.Symbol) error {
	if strings.TrimSpace(name) == "" {
		return sextant.Errorf(sextant.EINVALID, "aktools: empty board name")
	}
	if sym.Venue() != market.VenueEM || !strings.HasPrefix(sym.Code(), "BK") {
		return sextant.Errorf(sextant.EINVALID, "aktools: board symbol %q is not BKnnnn.EM", string(sym))
	}
	return nil
}

// swCode reads a Shenwan index code: six digits, optionally with ".SI".
func swCode(s string) (string, error) {
	code := strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "."+market.VenueSI)
	if len(code) != 6 || !digits(code) {
		return "", sextant.Errorf(sextant.EINVALID, "aktools: Shenwan index code %q is not six digits (801010 or 801010.SI)", s)
	}
	return code, nil
}
