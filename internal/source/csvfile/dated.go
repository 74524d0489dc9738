package csvfile

import (
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// datedFields are the value columns of the dated datasets, in the order of
// the parser's values array, and whether they are money (scaled by --unit).
var datedFields = map[market.Dataset][]struct {
	f     field
	name  string
	money bool
}{
	market.DatasetShares:    {{fShares, "shares", false}, {fNAV, "nav", false}},
	market.DatasetMargin:    {{fFinBalance, "fin_balance", true}, {fFinBuy, "fin_buy", true}, {fFinRepay, "fin_repay", true}, {fSecBalance, "sec_balance", true}},
	market.DatasetFlows:     {{fMainNet, "main_net", true}, {fSuperNet, "super_net", true}, {fLargeNet, "large_net", true}, {fMediumNet, "medium_net", true}, {fSmallNet, "small_net", true}},
	market.DatasetValuation: {{fPETTM, "pe_ttm", false}, {fPB, "pb", false}, {fTotalMV, "total_mv", true}, {fFloatMV, "float_mv", true}},
}

// datedParser reads shares, margin, flows and valuation: a symbol (column,
// exchange + code, --symbol or file name), a date and a few numbers.
type datedParser struct {
	r     *run
	d     market.Dataset
	fixed market.Symbol
	syms  *symbolCache
	iSym  int
	iEx   int
	iDate int
	vals  []num
	lines []int32
	batch market.Batch
}

func newDatedParser(r *run, header []string) (parser, string) {
	d := r.opts.Dataset
	l := &layout{cols: mapHeader(d, header)}
	l.idx = index(l.cols)
	set := headerSet(header)
	p := &datedParser{r: r, d: d, iSym: l.idx[fSymbol], iEx: l.idx[fExchange], iDate: l.idx[fDate]}
	if p.iDate < 0 {
		return nil, "no date column (want date, trade_date or 日期)"
	}
	money := r.opts.unitScale()
	switch {
	case d == market.DatasetMargin && set["guarantee"] && r.opts.Unit == "":
		r.res.Layout, money = "eastmoney-margin", 1e8 // 亿元, see docs/data-formats.md
	case set["ts_code"]:
		r.res.Layout = "tushare"
		if d == market.DatasetValuation && r.opts.Unit == "" {
			money = 1e4 // tushare daily_basic market caps are in 万元
		}
	case p.iEx >= 0:
		r.res.Layout = "exchange-code"
	default:
		r.res.Layout = "canonical"
	}
	found := 0
	for _, df := range datedFields[d] {
		n := numCol(l, df.f, df.name)
		if n.i >= 0 {
			found++
			if df.money && !l.cols[n.i].unit {
				n.scale = money
			}
		}
		p.vals = append(p.vals, n)
	}
	if found == 0 || d == market.DatasetShares && p.vals[0].i < 0 {
		names := make([]string, 0, 5)
		for _, df := range datedFields[d] {
			names = append(names, df.name)
		}
		return nil, "no " + string(d) + " value column (want " + strings.Join(names, ", ") + ")"
	}
	p.syms = newSymbolCache(r.opts.Venue, false)
	if p.iSym < 0 {
		s, err := fileSymbol(r.name, r.opts, false)
		if err != nil {
			return nil, strings.TrimPrefix(err.Error(), r.name+":1: ")
		}
		p.fixed = s
	}
	return p, ""
}

func (p *datedParser) row(rec []string, line int) string {
	sym := p.fixed
	if p.iSym >= 0 {
		ex := ""
		if p.iEx >= 0 {
			if ex = strings.TrimSpace(rec[p.iEx]); ex == "" {
				return "exchange is empty"
			}
		}
		s, reason := p.syms.get(rec[p.iSym], ex)
		if reason != "" {
			return reason
		}
		sym = s
	}
	date, reason := dateCell(rec[p.iDate], "date")
	if reason != "" {
		return reason
	}
	var v [5]float64
	for k, n := range p.vals {
		var reason string
		if k == 0 && p.d == market.DatasetShares {
			v[k], reason = n.must(rec)
		} else {
			v[k], reason = n.get(rec)
		}
		if reason != "" {
			return reason
		}
	}
	if err := p.add(sym, date, v); err != nil {
		return err.Error()
	}
	p.lines = append(p.lines, int32(line))
	checkDate(p.r, line, sym, date)
	return ""
}

// add validates and appends one row.
func (p *datedParser) add(s market.Symbol, d time.Time, v [5]float64) error {
	b := &p.batch
	switch p.d {
	case market.DatasetShares:
		x := market.FundShares{Symbol: s, Date: d, Shares: v[0], NAV: v[1]}
		if err := x.Validate(); err != nil {
			return err
		}
		b.Shares = append(b.Shares, x)
	case market.DatasetMargin:
		x := market.Margin{Symbol: s, Date: d, FinBalance: v[0], FinBuy: v[1], FinRepay: v[2], SecBalance: v[3]}
		if err := x.Validate(); err != nil {
			return err
		}
		b.Margin = append(b.Margin, x)
	case market.DatasetFlows:
		x := market.CapitalFlow{Symbol: s, Date: d, MainNet: v[0], SuperNet: v[1], LargeNet: v[2], MediumNet: v[3], SmallNet: v[4]}
		if err := x.Validate(); err != nil {
			return err
		}
		b.Flows = append(b.Flows, x)
	case market.DatasetValuation:
		x := market.Valuation{Symbol: s, Date: d, PETTM: v[0], PB: v[1], TotalMV: v[2], FloatMV: v[3]}
		if err := x.Validate(); err != nil {
			return err
		}
		b.Valuations = append(b.Valuations, x)
	}
	return nil
}

func dayKey(s market.Symbol, d time.Time) string { return s.String() + " " + market.FormatDate(d) }

func (p *datedParser) finish(out *market.Batch) {
	b := &p.batch
	switch p.d {
	case market.DatasetShares:
		out.Shares, _ = dedupe(p.r, b.Shares, p.lines,
			func(x *market.FundShares) string { return dayKey(x.Symbol, x.Date) },
			func(x, y *market.FundShares) bool { return eqf(x.Shares, y.Shares) && eqf(x.NAV, y.NAV) })
	case market.DatasetMargin:
		out.Margin, _ = dedupe(p.r, b.Margin, p.lines,
			func(x *market.Margin) string { return dayKey(x.Symbol, x.Date) },
			func(x, y *market.Margin) bool {
				return eqf(x.FinBalance, y.FinBalance) && eqf(x.FinBuy, y.FinBuy) && eqf(x.FinRepay, y.FinRepay) && eqf(x.SecBalance, y.SecBalance)
			})
	case market.DatasetFlows:
		out.Flows, _ = dedupe(p.r, b.Flows, p.lines,
			func(x *market.CapitalFlow) string { return dayKey(x.Symbol, x.Date) },
			func(x, y *market.CapitalFlow) bool {
				return eqf(x.MainNet, y.MainNet) && eqf(x.SuperNet, y.SuperNet) && eqf(x.LargeNet, y.LargeNet) && eqf(x.MediumNet, y.MediumNet) && eqf(x.SmallNet, y.SmallNet)
			})
	case market.DatasetValuation:
		out.Valuations, _ = dedupe(p.r, b.Valuations, p.lines,
			func(x *market.Valuation) string { return dayKey(x.Symbol, x.Date) },
			func(x, y *market.Valuation) bool {
				return eqf(x.PETTM, y.PETTM) && eqf(x.PB, y.PB) && eqf(x.TotalMV, y.TotalMV) && eqf(x.FloatMV, y.FloatMV)
			})
	}
}
