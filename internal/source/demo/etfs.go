package demo

import (
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// etf is one themed ETF's static attributes.
type etf struct {
	spec     etfSpec
	sector   int
	listDay  int
	listDate time.Time
	shares0  float64
	nav0     float64
}

// buildETFs draws listing dates and initial sizes: three in four ETFs list
// before the first day, the rest during the first 60% of the period.
func buildETFs(seed int64, days []time.Time) []etf {
	out := make([]etf, len(etfSpecs))
	D := len(days)
	for k, spec := range etfSpecs {
		r := newRNG(seed, streamETF+uint64(k))
		e := etf{spec: spec, sector: sectorIndex(spec.sector)}
		if r.Float64() < 0.75 {
			e.listDate = days[0].AddDate(-1-r.IntN(6), -r.IntN(12), -r.IntN(28))
			e.shares0 = math.Round((3e8+4e9*r.Float64())/1e4) * 1e4
			e.nav0 = round(0.7+0.8*r.Float64(), 4)
		} else {
			e.listDay = 1 + r.IntN(D*6/10)
			e.listDate = days[e.listDay]
			e.shares0 = math.Round((2e8+1e9*r.Float64())/1e4) * 1e4
			e.nav0 = 1
		}
		out[k] = e
	}
	return out
}

func (e etf) instrument() market.Instrument {
	spec := swSectors[e.sector]
	return market.Instrument{
		Symbol: e.spec.symbol, Kind: market.KindETF, Name: e.spec.name, NameEN: e.spec.nameEN,
		Currency: "CNY", ListDate: e.listDate, Tracks: sectorSymbol(spec.code), Theme: spec.name, Demo: true,
	}
}

// etfRows generates one ETF's bars and shares. NAV follows its sector
// index less a 0.6% yearly fee with small tracking noise; the price is NAV
// with a small premium; shares change with contrarian retail flows, noise
// and the sector's planted creations or redemptions.
func (g *generator) etfRows(k int, e etf, lv levels, b *market.Batch) {
	r := newRNG(g.o.Seed, streamETF+uint64(k)+0x800)
	D := len(g.days)
	nav, shares, prev := e.nav0, e.shares0, e.nav0
	for t := e.listDay; t < D; t++ {
		idxMove := 0.0
		ro, rh, rl := 1.0, 1.0, 1.0
		if t > 0 {
			pc := lv.c[t-1]
			idxMove = lv.c[t]/pc - 1
			ro, rh, rl = lv.o[t]/pc, lv.h[t]/pc, lv.l[t]/pc
		}
		if t > e.listDay {
			nav *= (1 + idxMove) * (1 - 0.006/244) * (1 + 0.0003*r.NormFloat64())
		}
		lim := 0.0995
		c := round(clamp(nav*(1+0.0008*r.NormFloat64()), prev*(1-lim), prev*(1+lim)), 3)
		o := round(clamp(prev*ro*(1+0.0005*r.NormFloat64()), prev*(1-lim), prev*(1+lim)), 3)
		h := math.Max(round(math.Min(prev*rh*(1+0.0005*math.Abs(r.NormFloat64())), prev*1.1), 3), math.Max(o, c))
		l := math.Min(round(math.Max(prev*rl*(1-0.0005*math.Abs(r.NormFloat64())), prev*0.9), 3), math.Min(o, c))
		bias := g.plan.etfFlow[e.sector][t]
		if t > e.listDay {
			flow := 0.003*r.NormFloat64() - 0.08*idxMove + bias
			shares = math.Max(1e6, math.Round(shares*(1+flow)/1e4)*1e4)
		}
		tv := 0.025 * math.Exp(0.4*r.NormFloat64()) * (1 + 10*math.Abs(idxMove)) * (1 + 60*math.Abs(bias))
		vol := math.Max(100, math.Round(tv*shares/100)*100)
		b.Bars = append(b.Bars, market.Bar{
			Symbol: e.spec.symbol, Date: g.days[t], Open: o, High: h, Low: l, Close: c,
			Volume: vol, Amount: math.Round(vol * (o + h + l + c) / 4), Turnover: vol / shares, AdjFactor: 1,
		})
		b.Shares = append(b.Shares, market.FundShares{Symbol: e.spec.symbol, Date: g.days[t], Shares: shares, NAV: round(nav, 4)})
		prev = c
	}
}
