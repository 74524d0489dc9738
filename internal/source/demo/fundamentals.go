package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// quarter is one reporting period of a stock. Flow fields (revenue, net
// profit, capex, R&D) are single-quarter values, not year-to-date; balance
// fields (contract liabilities, construction in progress, inventory,
// equity) are period-end balances.
type quarter struct {
	end, report  time.Time
	revenue, np  float64
	cl, capex    float64
	cip, rd, inv float64
	equity       float64
	ttm          float64 // net profit of the four quarters ending here
}

// Leader contract-liability growth per quarter over the last three reported
// quarters (and the smaller boost of other defense members).
const (
	LeaderCLGrowth = 0.25
	MemberCLGrowth = 0.08
	leaderCLQtrs   = 3
)

var seasonal = [4]float64{0.88, 1.0, 1.0, 1.12}

// clRatio is contract liabilities / quarterly revenue by sector: order-driven
// industries (defense, construction, machinery, software) carry more.
var clRatio = map[string]float64{
	"801740": 0.9, "801720": 0.7, "801890": 0.5, "801750": 0.45, "801730": 0.4, "801180": 1.2,
}

// reportDate is when a period's report appears: Q1 in late April, H1 in
// August, Q3 in late October, the annual report from mid-March to late April.
func reportDate(r *rand.Rand, end time.Time) time.Time {
	y := end.Year()
	switch end.Month() {
	case time.March:
		return market.Day(y, time.April, 20+r.IntN(11))
	case time.June:
		return market.Day(y, time.August, 10+r.IntN(21))
	case time.September:
		return market.Day(y, time.October, 18+r.IntN(14))
	}
	return market.Day(y+1, time.March, 15+r.IntN(37))
}

// quarters draws the stock's quarterly history from two years before the
// first trading day to the end date, calibrated so that on the first day
// its trailing PE and PB match the stock's pe0 and pb0.
func (g *generator) quarters(r *rand.Rand, s *stock) []quarter {
	spec := swSectors[s.sector]
	start, endDay := g.days[0], g.days[len(g.days)-1]
	first := market.Day(start.Year()-2, time.March, 31)
	n, startQ := 0, 0
	for q := first; !q.After(endDay); q = quarterEnd(q, 1) {
		n++
		if q.Before(start) {
			startQ++
		}
	}
	gq := math.Pow(1+s.growth, 0.25) - 1
	npStart := s.baseCap / s.pe0 / 4
	m := spec.margin * math.Exp(0.3*r.NormFloat64())
	rev := npStart / m / math.Pow(1+gq, float64(startQ))
	equity := s.baseCap / s.pb0 / math.Pow(1+gq, float64(startQ))
	cl := clRatio[spec.code]
	if cl == 0 {
		cl = 0.15
	}
	cl *= math.Exp(0.3 * r.NormFloat64())
	capexR, cipR, invR := 0.04+0.1*r.Float64(), 0.1+0.3*r.Float64(), 0.3+0.5*r.Float64()
	qs := make([]quarter, 0, n)
	prevReport := time.Time{}
	for i, e := 0, first; i < n; i, e = i+1, quarterEnd(e, 1) {
		rev *= 1 + gq + 0.04*r.NormFloat64()
		qrev := rev * seasonal[int(e.Month())/3-1]
		np := qrev * (m + 0.25*m*r.NormFloat64())
		equity += 0.7 * np
		rep := reportDate(r, e)
		if !rep.After(prevReport) {
			rep = prevReport.AddDate(0, 0, 1)
		}
		prevReport = rep
		qs = append(qs, quarter{
			end: e, report: rep, revenue: math.Round(qrev), np: math.Round(np),
			cl:     math.Round(rev * cl * math.Exp(0.05*r.NormFloat64())),
			capex:  math.Round(qrev * capexR * math.Exp(0.2*r.NormFloat64())),
			cip:    math.Round(qrev * cipR * math.Exp(0.1*r.NormFloat64())),
			rd:     math.Round(qrev * spec.rd * math.Exp(0.1*r.NormFloat64())),
			inv:    math.Round(qrev * invR * math.Exp(0.08*r.NormFloat64())),
			equity: math.Round(equity),
		})
	}
	for i := range qs {
		sum := 0.0
		for k := max(0, i-3); k <= i; k++ {
			sum += qs[k].np
		}
		qs[i].ttm = sum * 4 / float64(min(4, i+1))
	}
	g.boostContracts(s, qs, endDay)
	return qs
}

// boostContracts plants rising contract liabilities in the latest reported
// quarters of defense stocks: leaders compound LeaderCLGrowth a quarter,
// other members MemberCLGrowth.
func (g *generator) boostContracts(s *stock, qs []quarter, endDay time.Time) {
	if swSectors[s.sector].code != DefenseCode || s.switchTo >= 0 {
		return
	}
	growth := MemberCLGrowth
	if g.leaders[s.sym] {
		growth = LeaderCLGrowth
	}
	last := -1
	for i, q := range qs {
		if !q.report.After(endDay) {
			last = i
		}
	}
	for i := max(0, last-leaderCLQtrs+1); i <= last && i >= 0; i++ {
		k := i - (last - leaderCLQtrs)
		qs[i].cl = math.Round(qs[i].cl * math.Pow(1+growth, float64(k)))
	}
}

// quarterEnd returns the quarter end k quarters after the quarter end e.
func quarterEnd(e time.Time, k int) time.Time {
	m := int(e.Month()) + 3*k
	y := e.Year() + (m-1)/12
	m = (m-1)%12 + 1
	return market.Day(y, time.Month(m), 1).AddDate(0, 1, -1)
}

// appendQuarter appends the quarter's figures in long format.
func appendQuarter(out []market.Fundamental, sym market.Symbol, q quarter) []market.Fundamental {
	for _, f := range [...]struct {
		field string
		v     float64
	}{
		{market.FieldRevenue, q.revenue}, {market.FieldNetProfit, q.np},
		{market.FieldContractLiabilities, q.cl}, {market.FieldCapex, q.capex},
		{market.FieldConstructionInProg, q.cip}, {market.FieldRD, q.rd},
		{market.FieldInventory, q.inv}, {market.FieldEquity, q.equity},
	} {
		out = append(out, market.Fundamental{
			Symbol: sym, PeriodEnd: q.end, ReportDate: q.report, Field: f.field, Value: f.v, Unit: "CNY",
		})
	}
	return out
}
