package demo

import (
	"math"

	"github.com/sextant-ai/sextant/internal/market"
)

// IndexBase is the level of every demo index on its first day.
const IndexBase = 1000.0

// indexAcc accumulates, per trading day, the cap-weighted sums from which an
// index is computed: w is Σ previous-close market cap of the members that
// traded the day before and today, o/h/l/c are Σ w × price / previous close,
// and the rest are plain sums over the day's members.
type indexAcc struct {
	w, o, h, l, c                 []float64
	vol, amt, fmv, mv, earn, book []float64
}

func newIndexAcc(D int) *indexAcc {
	g := grid(11, D)
	return &indexAcc{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10]}
}

// add adds one member's day; w is 0 on its listing day (no return yet).
func (a *indexAcc) add(t int, w, prev float64, b market.Bar, fcap, cap, ttm, book float64) {
	if w > 0 {
		a.w[t] += w
		a.o[t] += w * b.Open / prev
		a.h[t] += w * b.High / prev
		a.l[t] += w * b.Low / prev
		a.c[t] += w * b.Close / prev
	}
	a.vol[t] += b.Volume
	a.amt[t] += b.Amount
	a.fmv[t] += fcap
	a.mv[t] += cap
	a.earn[t] += ttm
	a.book[t] += book
}

// indexDef is one computed index.
type indexDef struct {
	sym          market.Symbol
	name, nameEN string
	kind         market.Kind
}

// indexDefs lists the computed indices in accumulator order: the 31
// sectors, then the benchmark, growth, value, large and small.
func indexDefs() []indexDef {
	var ds []indexDef
	for _, s := range swSectors {
		ds = append(ds, indexDef{sectorSymbol(s.code), "申万" + s.name, "SW " + s.nameEN, market.KindSector})
	}
	return append(ds,
		indexDef{Benchmark, "沪深300", "CSI 300 (demo)", market.KindIndex},
		indexDef{GrowthIndex, "国证成长", "CNI Growth (demo)", market.KindIndex},
		indexDef{ValueIndex, "国证价值", "CNI Value (demo)", market.KindIndex},
		indexDef{LargeIndex, "上证50", "SSE 50 (demo)", market.KindIndex},
		indexDef{SmallIndex, "中证1000", "CSI 1000 (demo)", market.KindIndex},
	)
}

// levels holds an index's daily open, high, low and close.
type levels struct{ o, h, l, c []float64 }

// indexBars turns an accumulator into bars and valuations, chaining the
// cap-weighted member returns from IndexBase.
func (g *generator) indexBars(def indexDef, a *indexAcc, b *market.Batch) levels {
	D := len(g.days)
	lv := levels{make([]float64, D), make([]float64, D), make([]float64, D), make([]float64, D)}
	prev := IndexBase
	for t := 0; t < D; t++ {
		o, h, l, c := prev, prev, prev, prev
		if a.w[t] > 0 {
			o = round(prev*a.o[t]/a.w[t], 3)
			h = round(prev*a.h[t]/a.w[t], 3)
			l = round(prev*a.l[t]/a.w[t], 3)
			c = round(prev*a.c[t]/a.w[t], 3)
		}
		h = math.Max(h, math.Max(o, c))
		l = math.Min(l, math.Min(o, c))
		lv.o[t], lv.h[t], lv.l[t], lv.c[t] = o, h, l, c
		turnover := 0.0
		if a.fmv[t] > 0 {
			turnover = a.amt[t] / a.fmv[t]
		}
		b.Bars = append(b.Bars, market.Bar{
			Symbol: def.sym, Date: g.days[t], Open: o, High: h, Low: l, Close: c,
			Volume: a.vol[t], Amount: a.amt[t], Turnover: turnover, AdjFactor: 1,
		})
		b.Valuations = append(b.Valuations, market.Valuation{
			Symbol: def.sym, Date: g.days[t], PETTM: ratio(a.mv[t], a.earn[t], 2), PB: ratio(a.mv[t], a.book[t], 3),
			TotalMV: math.Round(a.mv[t]), FloatMV: math.Round(a.fmv[t]),
		})
		prev = c
	}
	return lv
}

// ratio is round(x/y) or NaN when y is zero.
func ratio(x, y float64, digits int) float64 {
	if y == 0 {
		return math.NaN()
	}
	return round(x/y, digits)
}

// totals are market-wide daily sums of margin and flows (ALL.CN).
type totals struct {
	finBal, finBuy, finRepay, secBal        []float64
	main, super, large, medium, small, nMar []float64
}

func newTotals(D int) *totals {
	g := grid(10, D)
	return &totals{g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9]}
}

func (tt *totals) addMargin(t int, m market.Margin) {
	tt.finBal[t] += m.FinBalance
	tt.finBuy[t] += m.FinBuy
	tt.finRepay[t] += m.FinRepay
	tt.secBal[t] += m.SecBalance
	tt.nMar[t]++
}

func (tt *totals) addFlow(t int, f market.CapitalFlow) {
	tt.main[t] += f.MainNet
	tt.super[t] += f.SuperNet
	tt.large[t] += f.LargeNet
	tt.medium[t] += f.MediumNet
	tt.small[t] += f.SmallNet
}

// totalRows writes the market totals under market.MarketTotal("CN").
func (g *generator) totalRows(b *market.Batch) {
	sym := market.MarketTotal("CN")
	tt := g.tot
	for t, d := range g.days {
		if tt.nMar[t] > 0 {
			b.Margin = append(b.Margin, market.Margin{
				Symbol: sym, Date: d, FinBalance: tt.finBal[t], FinBuy: tt.finBuy[t],
				FinRepay: tt.finRepay[t], SecBalance: tt.secBal[t],
			})
		}
		b.Flows = append(b.Flows, market.CapitalFlow{
			Symbol: sym, Date: d, MainNet: tt.main[t], SuperNet: tt.super[t], LargeNet: tt.large[t],
			MediumNet: tt.medium[t], SmallNet: tt.small[t],
		})
	}
}
