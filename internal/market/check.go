package market

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Warning is a suspicious but possible value: it is reported, not rejected.
// Index points at the offending element of the checked slice.
type Warning struct {
	Index   int
	Message string
}

// PriceLimit returns the daily price limit of an A-share stock as a fraction
// (0.10 main boards, 0.20 ChiNext 300/301 and STAR 688/689, 0.30 Beijing), or
// 0 when the instrument has no limit (indices, foreign venues, unknown).
func PriceLimit(s Symbol, kind Kind) float64 {
	if kind != KindStock && kind != KindETF {
		return 0
	}
	code, v := s.Code(), s.Venue()
	switch {
	case v == VenueBJ:
		return 0.30
	case v == VenueSZ && (strings.HasPrefix(code, "300") || strings.HasPrefix(code, "301")):
		return 0.20
	case v == VenueSH && (strings.HasPrefix(code, "688") || strings.HasPrefix(code, "689")):
		return 0.20
	case v == VenueSH || v == VenueSZ:
		return 0.10
	}
	return 0
}

// CheckBars returns warnings for bars that are possible but suspicious: a
// date that is not a trading day of the venue's calendar (when cals has one
// for the venue), and a one-day close-to-close move beyond the price limit
// (plus a 1% rounding margin) for instruments whose limit is known. kinds
// gives each symbol's kind (missing = stock for A-share venues, so the limit
// applies). Bars may come in any order.
func CheckBars(bars []Bar, cals map[string]Calendar, kinds map[Symbol]Kind) []Warning {
	var ws []Warning
	for i, b := range bars {
		if cal, ok := cals[b.Symbol.Venue()]; ok && cal.Covers(b.Date) && !cal.IsTradingDay(b.Date) {
			ws = append(ws, Warning{i, fmt.Sprintf("%s %s is not a trading day of %s", b.Symbol, FormatDate(b.Date), cal.Venue)})
		} else if !cal.Covers(b.Date) && (b.Date.Weekday() == 0 || b.Date.Weekday() == 6) {
			ws = append(ws, Warning{i, fmt.Sprintf("%s %s falls on a %s", b.Symbol, FormatDate(b.Date), b.Date.Weekday())})
		}
	}
	order := make([]int, len(bars))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := bars[order[a]], bars[order[b]]
		if x.Symbol != y.Symbol {
			return x.Symbol < y.Symbol
		}
		return x.Date.Before(y.Date)
	})
	for k := 1; k < len(order); k++ {
		prev, cur := bars[order[k-1]], bars[order[k]]
		if prev.Symbol != cur.Symbol {
			continue
		}
		kind, ok := kinds[cur.Symbol]
		if !ok && IsChinaEquityVenue(cur.Symbol.Venue()) {
			kind = KindStock
		}
		limit := PriceLimit(cur.Symbol, kind)
		if limit == 0 || prev.AdjClose() <= 0 {
			continue
		}
		move := cur.AdjClose()/prev.AdjClose() - 1
		if math.Abs(move) > limit+0.01 {
			ws = append(ws, Warning{order[k], fmt.Sprintf("%s %s moved %+.1f%%, beyond the %.0f%% price limit", cur.Symbol, FormatDate(cur.Date), move*100, limit*100)})
		}
	}
	sort.SliceStable(ws, func(a, b int) bool { return ws[a].Index < ws[b].Index })
	return ws
}
