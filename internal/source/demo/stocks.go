package demo

import (
	"math"
	"math/rand/v2"

	"github.com/sextant-ai/sextant/internal/market"
)

// stockState carries one stock's running values through its days.
type stockState struct {
	r       *rand.Rand
	prev    float64 // previous close
	idio    float64 // idiosyncratic log-price deviation (mean-reverting)
	bal     float64 // financing balance
	secFrac float64 // lending balance / float cap
	q       int     // index of the latest reported quarter
	quarter []quarter
}

// genStock appends one stock's bars, valuations, margin, flows and
// fundamentals to b and adds its contributions to the index accumulators
// and market totals.
func (g *generator) genStock(s *stock, b *market.Batch) {
	st := &stockState{r: newRNG(g.o.Seed, streamStock+uint64(s.idx)), prev: s.price0, secFrac: 0.002}
	st.quarter = g.quarters(st.r, s)
	end := g.days[len(g.days)-1]
	for _, q := range st.quarter {
		if q.report.After(end) || (s.delistDay < len(g.days) && !q.report.Before(s.delistDate)) {
			continue
		}
		b.Fundamentals = appendQuarter(b.Fundamentals, s.sym, q)
	}
	st.q = -1
	var idx [8]int
	for t := s.listDay; t < s.delistDay; t++ {
		bar := g.stockBar(s, st, t)
		b.Bars = append(b.Bars, bar)
		for st.q+1 < len(st.quarter) && !st.quarter[st.q+1].report.After(bar.Date) {
			st.q++
		}
		cap, fcap := bar.Close*s.shares, bar.Close*s.shares*s.floatFrac
		ttm, book := st.ttm(), st.book()
		b.Valuations = append(b.Valuations, market.Valuation{
			Symbol: s.sym, Date: bar.Date, PETTM: ratio(cap, ttm, 2), PB: ratio(cap, book, 3),
			TotalMV: math.Round(cap), FloatMV: math.Round(fcap),
		})
		sec := s.sectorOn(t)
		move := bar.Close/st.prev - 1
		if s.marginRatio > 0 {
			m := g.margin(s, st, t, sec, move, fcap, bar.Amount)
			b.Margin = append(b.Margin, m)
			g.tot.addMargin(t, m)
		}
		f := g.flow(s, st, t, sec, move, bar.Amount)
		b.Flows = append(b.Flows, f)
		g.tot.addFlow(t, f)
		w := 0.0
		if t > s.listDay {
			w = st.prev * s.shares
		}
		for _, j := range s.indices(t, idx[:0]) {
			g.acc[j].add(t, w, st.prev, bar, fcap, cap, ttm, book)
		}
		st.prev = bar.Close
	}
}

// indices lists the accumulators the stock contributes to on day t: its
// sector, then the benchmark and style baskets it belongs to.
func (s *stock) indices(t int, buf []int) []int {
	buf = append(buf, s.sectorOn(t))
	n := len(swSectors)
	for k, in := range []bool{s.inBench, s.inGrowth, s.inValue, s.inLarge, s.inSmall} {
		if in {
			buf = append(buf, n+k)
		}
	}
	return buf
}

// stockBar draws day t's bar: a factor-model return clamped to the price
// limit, an opening gap, intraday range, and volume from turnover.
func (g *generator) stockBar(s *stock, st *stockState, t int) market.Bar {
	r, p, prev := st.r, g.plan, st.prev
	sec := s.sectorOn(t)
	x := 0.996*st.idio + s.idioVol*r.NormFloat64()
	ret := -0.5*s.idioVol*s.idioVol + s.betaM*p.mkt[t] + s.betaS*p.sect[sec][t] + s.style*p.style[t] + s.size*p.size[t] + x - st.idio
	st.idio = x
	if s.delistDay < len(g.days) && t > s.delistDay-250 {
		ret -= 0.003 // a slow decline ahead of delisting
	}
	lim := s.limit - 0.0005
	move := clamp(math.Expm1(ret), -lim, lim)
	c := math.Max(0.01, round(prev*(1+move), 2))
	gap := clamp(0.3*move+0.004*r.NormFloat64(), -lim, lim)
	o := math.Max(0.01, round(prev*(1+gap), 2))
	up, dn := round(prev*(1+s.limit), 2), round(prev*(1-s.limit), 2)
	h := math.Min(round(math.Max(o, c)*(1+math.Abs(0.007*r.NormFloat64())), 2), up)
	l := math.Max(round(math.Min(o, c)*(1-math.Abs(0.007*r.NormFloat64())), 2), dn)
	h = math.Max(h, math.Max(o, c))
	l = math.Max(0.01, math.Min(l, math.Min(o, c)))
	float := s.shares * s.floatFrac
	attention := 1 + 40*math.Abs(p.mainFlow[sec][t])
	tv := s.turnover * math.Exp(0.35*r.NormFloat64()) * (1 + 12*math.Abs(move)) * attention
	vol := math.Max(100, math.Round(tv*float/100)*100)
	return market.Bar{
		Symbol: s.sym, Date: g.days[t], Open: o, High: h, Low: l, Close: c,
		Volume: vol, Amount: math.Round(vol * (o + h + l + c) / 4), Turnover: vol / float, AdjFactor: 1,
	}
}

// margin draws day t's margin row: net purchases follow price (momentum
// buyers), revert toward a target share of float cap, and carry the
// sector's planted bias.
func (g *generator) margin(s *stock, st *stockState, t, sec int, move, fcap, amount float64) market.Margin {
	r := st.r
	target := s.marginRatio * fcap
	if st.bal == 0 {
		st.bal = math.Round(target)
	}
	net := st.bal * (0.03*(target/st.bal-1) + 0.6*move + g.plan.margin[sec][t] + 0.004*r.NormFloat64())
	buy := amount * (0.06 + 0.04*r.Float64())
	if net > 0.8*buy {
		buy = net / 0.8
	}
	net = math.Max(net, -st.bal)
	buy, repay := math.Round(buy), math.Round(buy-net)
	st.bal = math.Max(0, st.bal+buy-repay)
	st.secFrac = clamp(st.secFrac*math.Exp(0.05*r.NormFloat64())+0.02*(0.002-st.secFrac), 0.0002, 0.01)
	return market.Margin{
		Symbol: s.sym, Date: g.days[t], FinBalance: st.bal, FinBuy: buy, FinRepay: repay,
		SecBalance: math.Round(st.secFrac * fcap),
	}
}

// flow draws day t's capital flow by order size. Main-force flow follows
// the day's move plus the sector's planted bias; the order-size buckets sum
// to zero (every buyer has a seller).
func (g *generator) flow(s *stock, st *stockState, t, sec int, move, amount float64) market.CapitalFlow {
	r := st.r
	mainFrac := clamp(2*move+g.plan.mainFlow[sec][t]+0.05*r.NormFloat64(), -0.4, 0.4)
	main := math.Round(amount * mainFrac)
	super := math.Round(main*(0.45+0.2*r.Float64()) + amount*0.01*r.NormFloat64())
	small := math.Round(-main*(0.55+0.2*r.Float64()) + amount*0.01*r.NormFloat64())
	return market.CapitalFlow{
		Symbol: s.sym, Date: g.days[t], MainNet: main, SuperNet: super, LargeNet: main - super,
		MediumNet: -main - small, SmallNet: small,
	}
}

func (st *stockState) ttm() float64 {
	if st.q < 0 {
		return st.quarter[0].ttm
	}
	return st.quarter[st.q].ttm
}

func (st *stockState) book() float64 {
	if st.q < 0 {
		return st.quarter[0].equity
	}
	return st.quarter[st.q].equity
}

var pow10 = [...]float64{1, 10, 100, 1000, 1e4}

// round rounds x to digits (0–4) decimals.
func round(x float64, digits int) float64 {
	p := pow10[digits]
	return math.Round(x*p) / p
}
