package csvfile

import (
	"github.com/sextant-ai/sextant/internal/market"
)

// fundamentalParser reads long-format fundamentals:
// symbol,period_end,report_date,field,value,unit. The unit (a column, else
// --unit) goes through market.UnitScale: 亿元 values are multiplied by 1e8
// and stored as CNY.
type fundamentalParser struct {
	r     *run
	idx   [nFields]int
	fixed market.Symbol
	rows  []market.Fundamental
	lines []int32
}

func newFundamentalParser(r *run, header []string) (parser, string) {
	idx := index(mapHeader(market.DatasetFundamentals, header))
	if msg := require(idx, map[field]string{fPeriodEnd: "period_end", fField: "field", fValue: "value"}); msg != "" {
		return nil, msg
	}
	if idx[fUnit] < 0 && r.opts.Unit == "" {
		return nil, "no unit column and no --unit (add a unit column: CNY, 万元, 亿元, USD, ratio, %, count, shares)"
	}
	p := &fundamentalParser{r: r, idx: idx}
	if idx[fSymbol] < 0 {
		s, err := fileSymbol(r.name, r.opts, false)
		if err != nil {
			return nil, "no symbol column and no --symbol"
		}
		p.fixed = s
	}
	r.res.Layout = "canonical"
	return p, ""
}

func (p *fundamentalParser) row(rec []string, line int) string {
	c := cells{p.idx, rec}
	f := market.Fundamental{Symbol: p.fixed, Field: c.str(fField)}
	var reason string
	if p.idx[fSymbol] >= 0 {
		if f.Symbol, reason = c.symbol(fSymbol, p.r.opts.Venue, "symbol"); reason != "" {
			return reason
		}
		if f.Symbol == "" {
			return "symbol is empty"
		}
	}
	if c.str(fPeriodEnd) == "" {
		return "period_end is empty"
	}
	if f.PeriodEnd, reason = c.date(fPeriodEnd, "period_end"); reason != "" {
		return reason
	}
	if f.ReportDate, reason = c.date(fReportDate, "report_date"); reason != "" {
		return reason
	}
	v, present, err := parseNum(rec[p.idx[fValue]])
	if err != nil {
		return "value: " + err.Error()
	}
	if !present {
		return "value is empty"
	}
	unit := c.str(fUnit)
	if unit == "" {
		unit = p.r.opts.Unit
	}
	canon, factor, ok := market.UnitScale(unit)
	if !ok {
		return "unknown unit " + quote(unit) + " (want CNY, 元, 千元, 万元, 亿元, USD, HKD, EUR, ratio, %, count, shares, 万股)"
	}
	f.Value, f.Unit = v*factor, canon
	if err := f.Validate(); err != nil {
		return err.Error()
	}
	p.rows = append(p.rows, f)
	p.lines = append(p.lines, int32(line))
	return ""
}

func quote(s string) string { return "\"" + clip(s) + "\"" }

func (p *fundamentalParser) finish(b *market.Batch) {
	b.Fundamentals, _ = dedupe(p.r, p.rows, p.lines,
		func(x *market.Fundamental) string {
			return x.Symbol.String() + " " + x.Field + " " + market.FormatDate(x.PeriodEnd) + " reported " + market.FormatDate(x.ReportDate)
		},
		func(x, y *market.Fundamental) bool { return *x == *y })
}
