package compose

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// windowLabel is a performance window's column title.
func windowLabel(w rotation.Window) string { return strings.ToUpper(w.Name) }

// windowStart is the first day of a performance window: the trading day
// Days rows before the as-of row of the calendar, or the last trading day
// of the previous year for YTD.
func windowStart(cal []time.Time, asOf time.Time, w rotation.Window) time.Time {
	end, _ := slices.BinarySearchFunc(cal, asOf, func(a, b time.Time) int { return a.Compare(b) })
	if end >= len(cal) || !cal[end].Equal(asOf) {
		end--
	}
	if w.Days > 0 {
		if end-w.Days < 0 {
			return time.Time{}
		}
		return cal[end-w.Days]
	}
	for i := end; i >= 0; i-- {
		if cal[i].Year() < asOf.Year() {
			return cal[i]
		}
	}
	return time.Time{}
}

// closeOn is the adjusted close of the last bar on or before d.
func closeOn(bars []market.Bar, d time.Time) (market.Bar, bool) {
	i, _ := slices.BinarySearchFunc(bars, d, func(b market.Bar, d time.Time) int { return b.Date.Compare(d) })
	if i < len(bars) && bars[i].Date.Equal(d) {
		return bars[i], true
	}
	if i == 0 {
		return market.Bar{}, false
	}
	return bars[i-1], true
}

// returnFact is the fact of a window return, with the two closes it was
// computed from when they reproduce the engine's value.
func (sd *sectorData) returnFact(b *builder, sym market.Symbol, w rotation.Window, v float64) string {
	from := windowStart(sd.extra.calendar, sd.rot.AsOf, w)
	f := evidence.Fact{
		Key: "return:" + string(sym) + ":" + w.Name, Value: v, Unit: evidence.UnitPct, Signed: true,
		Label: windowLabel(w) + " return of " + string(sym), LabelZH: string(sym) + " " + windowLabel(w) + "涨跌幅",
		Symbols: []market.Symbol{sym}, Window: windowWords(w), From: from, Formula: "return",
		Method: "adj_close(as-of) / adj_close(window start) − 1 on adjusted closes",
		Inputs: []evidence.Input{b.withRuns(evidence.Input{Dataset: market.DatasetBars, Symbols: []market.Symbol{sym}, From: from, To: sd.rot.AsOf, Field: "adj_close"})},
	}
	bars := sd.extra.bars[sym]
	b0, ok0 := closeOn(bars, from)
	b1, ok1 := closeOn(bars, sd.rot.AsOf)
	if ok0 && ok1 && math.Abs(b1.AdjClose()/b0.AdjClose()-1-v) < 1e-9 {
		f.Rows = []evidence.Row{
			{Dataset: market.DatasetBars, Symbol: sym, Date: b0.Date, Field: "adj_close", Value: b0.AdjClose()},
			{Dataset: market.DatasetBars, Symbol: sym, Date: b1.Date, Field: "adj_close", Value: b1.AdjClose()},
		}
		f.Detail = fmt.Sprintf("%.4f / %.4f − 1", b1.AdjClose(), b0.AdjClose())
	}
	return b.fact(f)
}

func windowWords(w rotation.Window) string {
	if w.Days == 0 {
		return "year to date"
	}
	return fmt.Sprintf("%d trading days", w.Days)
}

// excessFact is sector return − benchmark return over the same dates.
func (sd *sectorData) excessFact(b *builder, sym market.Symbol, w rotation.Window, v, ret, bench string) string {
	return b.fact(evidence.Fact{
		Key: "excess:" + string(sym) + ":" + w.Name, Value: sd.row().Excess[w.Name], Unit: evidence.UnitPP, Signed: true,
		Label: windowLabel(w) + " excess return over " + string(sd.rot.Benchmark), LabelZH: windowLabel(w) + "超额收益",
		Symbols: []market.Symbol{sym, sd.rot.Benchmark}, Window: windowWords(w),
		From: windowStart(sd.extra.calendar, sd.rot.AsOf, w), Formula: "excess_return",
		Method: "sector return − benchmark return over the same dates", Detail: v + " = " + ret + " − " + bench,
	})
}

// row is the sector's board row.
func (sd *sectorData) row() *rotation.BoardRow {
	for i := range sd.rot.Rows {
		if sd.rot.Rows[i].Symbol == sd.sector.IndexSymbol {
			return &sd.rot.Rows[i]
		}
	}
	return nil
}

// position writes "Market position": the performance table, the rotation
// reading and chart, and the cumulative excess chart.
func (sd *sectorData) position(b *builder) report.Section {
	row := sd.row()
	if row == nil {
		return report.Section{ID: report.SecPosition, Title: b.t.get("sec_" + report.SecPosition),
			Missing: fmt.Sprintf(b.t.get("no_board_row"), sd.sector.IndexSymbol)}
	}
	src := sd.barsRef(b)
	tbl := &report.Table{Columns: []report.Column{{Title: b.t.get("col_window")}, {Title: sd.sector.Name, Right: true},
		{Title: string(sd.rot.Benchmark), Right: true}, {Title: b.t.get("col_excess"), Right: true}, {Title: b.t.get("col_rank"), Right: true}},
		Source: src}
	n := b.fact(countFact("sectors:"+sd.sector.Taxonomy, len(sd.rot.Rows), "sectors ranked", "参与排名的行业数"))
	for _, w := range sd.rot.Windows {
		if w.Name == "1y" && math.IsNaN(row.Returns[w.Name]) {
			continue
		}
		ret := sd.returnFact(b, row.Symbol, w, row.Returns[w.Name])
		bench := sd.returnFact(b, sd.rot.Benchmark, w, sd.rot.BenchRet[w.Name])
		ex := sd.excessFact(b, row.Symbol, w, fmtPct(row.Excess[w.Name]), fmtPct(row.Returns[w.Name]), fmtPct(sd.rot.BenchRet[w.Name]))
		rank := ""
		if rk := sd.rot.Perf.Rows[sd.perfIndex()].Rank[w.Name]; rk > 0 {
			rank = b.fact(rankFact(row.Symbol, w, rk)) + "/" + n
		}
		tbl.Rows = append(tbl.Rows, []string{windowLabel(w), b.orMissing(ret), b.orMissing(bench), b.orMissing(ex), b.orMissing(rank)})
	}
	blocks := []report.Block{table(tbl), paragraph(sd.rotationText(b, row, src)), chartBlock(sd.rotationChart(b, row))}
	if c := sd.excessChart(b); c != nil {
		blocks = append(blocks, chartBlock(c))
	}
	return report.Section{ID: report.SecPosition, Title: b.t.get("sec_" + report.SecPosition), Blocks: blocks}
}

func fmtPct(v float64) string { return fmt.Sprintf("%.6f", v) }

func (sd *sectorData) perfIndex() int {
	for i, r := range sd.rot.Perf.Rows {
		if r.Symbol == sd.sector.IndexSymbol {
			return i
		}
	}
	return 0
}

func countFact(key string, n int, label, labelZH string) evidence.Fact {
	return evidence.Fact{Key: "count:" + key, Value: float64(n), Unit: evidence.UnitCount, Label: label, LabelZH: labelZH, Formula: "count"}
}

func rankFact(sym market.Symbol, w rotation.Window, rk int) evidence.Fact {
	return evidence.Fact{Key: "rank:" + string(sym) + ":" + w.Name, Value: float64(rk), Unit: evidence.UnitCount,
		Label: windowLabel(w) + " rank among sectors (1 = best)", LabelZH: windowLabel(w) + "涨幅排名", Symbols: []market.Symbol{sym},
		Window: windowWords(w), Formula: "rank", Method: "descending rank of the window return among the taxonomy level's sectors"}
}

// barsRef cites the bars behind the performance and rotation figures.
func (sd *sectorData) barsRef(b *builder) string {
	syms := []market.Symbol{sd.sector.IndexSymbol, sd.rot.Benchmark}
	from := windowStart(sd.extra.calendar, sd.rot.AsOf, rotation.Window{Name: "1y", Days: 252})
	return b.dataRef(evidence.Input{Dataset: market.DatasetBars, Symbols: syms, From: from, To: sd.rot.AsOf, Field: "adj_close"}, b.t.get("ref_bars"))
}

// rotationText describes the relative-rotation reading.
func (sd *sectorData) rotationText(b *builder, row *rotation.BoardRow, src string) string {
	sym := row.Symbol
	key := func(k string) string { return "rrg:" + string(sym) + ":" + k }
	base := evidence.Fact{Symbols: []market.Symbol{sym, sd.rot.Benchmark}, Window: fmt.Sprintf("weekly, N = %d", sd.rot.Params.Window), Formula: "relative_rotation"}
	mk := func(k string, v float64, u evidence.Unit, label, labelZH, method string) string {
		f := base
		f.Key, f.Value, f.Unit, f.Label, f.LabelZH, f.Method = key(k), v, u, label, labelZH, method
		return b.fact(f)
	}
	ratio := mk("rs_ratio", row.RSRatio, evidence.UnitPoints, "RS-Ratio", "RS-Ratio（相对强度比率）", "100 + (RS − SMA_N(RS)) / SD_N(RS), RS = 100·P/B on weekly closes")
	mom := mk("rs_momentum", row.RSMomentum, evidence.UnitPoints, "RS-Momentum", "RS-Momentum（相对强度动量）", "100 + (ROC − SMA_N(ROC)) / SD_N(ROC), ROC of RS-Ratio")
	head := mk("heading", row.HeadingDeg, evidence.UnitDeg, "heading of the last tail segment", "最近一段轨迹方向", "atan2(ΔRS-Momentum, ΔRS-Ratio) in degrees, 0 = east, 90 = north")
	quad := b.t.quadrant(string(row.Quadrant))
	s := fmt.Sprintf(b.t.get("rotation_text"), sd.sector.Name, quad, b.orMissing(ratio), b.orMissing(mom), b.orMissing(head), src)
	if tr := sd.lastTransition(); tr != nil {
		s += " " + fmt.Sprintf(b.t.get("rotation_transition"), market.FormatDate(tr.Date), b.t.quadrant(string(tr.From)), b.t.quadrant(string(tr.To)))
	}
	return s
}

func (sd *sectorData) lastTransition() *rotation.Transition {
	for _, r := range sd.rot.Rotation.Rows {
		if r.Symbol == sd.sector.IndexSymbol && len(r.Transitions) > 0 {
			return &r.Transitions[len(r.Transitions)-1]
		}
	}
	return nil
}

// rotationChart draws the sector and the peers furthest from the centre.
func (sd *sectorData) rotationChart(b *builder, row *rotation.BoardRow) *report.Chart {
	c := &report.Chart{Kind: report.ChartRotation, Title: b.t.get("chart_rotation"), Unit: evidence.UnitPoints}
	add := func(r rotation.BoardRow, role string) {
		s := report.Series{Name: r.Name, Symbol: r.Symbol, Role: role}
		for _, p := range r.Tail {
			s.X = append(s.X, p.RSRatio)
			s.Y = append(s.Y, p.RSMomentum)
			s.Dates = append(s.Dates, p.Date)
			s.Facts = append(s.Facts, "")
		}
		c.Series = append(c.Series, s)
	}
	add(*row, "sector")
	if n := len(c.Series[0].Facts); n > 0 {
		c.Series[0].Facts[n-1] = strings.Trim(sd.lastFact(b, "rrg:"+string(row.Symbol)+":rs_ratio"), "{}")
	}
	peers := slices.Clone(sd.rot.Rows)
	slices.SortFunc(peers, func(a, b rotation.BoardRow) int { return series.CompareDesc(a.Distance, b.Distance) })
	for _, p := range peers {
		if len(c.Series) >= 6 {
			break
		}
		if p.Symbol != row.Symbol && !math.IsNaN(p.Distance) {
			add(p, "peer")
		}
	}
	c.Caption = fmt.Sprintf(b.t.get("chart_rotation_caption"), paramFact(b, "rotation.tail", float64(sd.rot.Params.Tail), "tail length of the rotation chart, in samples", "轮动图轨迹点数"))
	return c
}

// lastFact returns the markup of a fact already recorded under key.
func (sd *sectorData) lastFact(b *builder, key string) string {
	for _, f := range b.ledger.Facts() {
		if f.Key == key {
			return report.FactMark(f.ID)
		}
	}
	return ""
}

// excessChart draws the cumulative return of the sector, the benchmark and
// the excess over the path's window; the last points are facts.
func (sd *sectorData) excessChart(b *builder) *report.Chart {
	p := sd.extra.excess
	if p == nil || len(p.Dates) < 2 {
		return nil
	}
	n := len(p.Dates) - 1
	in := b.withRuns(evidence.Input{Dataset: market.DatasetBars, Symbols: []market.Symbol{p.Index.Symbol, p.Benchmark}, From: p.Start, To: p.AsOf, Field: "adj_close"})
	mk := func(key string, v float64, u evidence.Unit, label, labelZH, method string) string {
		return strings.Trim(b.fact(evidence.Fact{Key: "path:" + key, Value: v, Unit: u, Signed: true, Label: label, LabelZH: labelZH,
			Symbols: []market.Symbol{p.Index.Symbol, p.Benchmark}, From: p.Start, Window: fmt.Sprintf("%d trading days", p.Days),
			Formula: "cumulative_return", Method: method, Inputs: []evidence.Input{in}}), "{}")
	}
	sec := mk("sector", p.Index.Cum[n], evidence.UnitPct, "cumulative return of "+string(p.Index.Symbol)+" over the chart window", "图表区间内行业累计收益", "adj_close(t) / adj_close(start) − 1")
	bench := mk("bench", p.BenchCum[n], evidence.UnitPct, "cumulative return of "+string(p.Benchmark)+" over the chart window", "图表区间内基准累计收益", "adj_close(t) / adj_close(start) − 1")
	ex := mk("excess", p.Index.Excess[n], evidence.UnitPP, "cumulative excess over the chart window", "图表区间内累计超额收益", "sector cumulative return − benchmark cumulative return")
	line := func(name string, role string, sym market.Symbol, vals []float64, last string) report.Series {
		facts := make([]string, len(vals))
		facts[len(facts)-1] = last
		return report.Series{Name: name, Role: role, Symbol: sym, Values: report.Floats(vals), Facts: facts}
	}
	c := &report.Chart{Kind: report.ChartLines, Title: b.t.get("chart_excess"), Unit: evidence.UnitPct, Dates: p.Dates}
	c.Series = []report.Series{
		line(sd.sector.Name, "sector", p.Index.Symbol, p.Index.Cum, sec),
		line(string(p.Benchmark), "benchmark", p.Benchmark, p.BenchCum, bench),
		line(b.t.get("excess_line"), "excess", "", p.Index.Excess, ex),
	}
	c.Caption = fmt.Sprintf(b.t.get("chart_excess_caption"), report.FactMark(ex), market.FormatDate(p.Start))
	return c
}
