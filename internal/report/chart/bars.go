package chart

import (
	"io"
	"math"
	"time"

	"github.com/sextant-ai/sextant"
)

// Rise chooses the colour of positive values on the flow chart.
type Rise int

// Colour conventions. Chinese markets show gains and inflows in red and
// losses and outflows in green; Western markets the reverse.
const (
	RiseAuto  Rise = iota // red in Chinese, green in English
	RiseRed               // positive red, negative green
	RiseGreen             // positive green, negative red
)

// Series numbers of the flow chart for Notes.
const (
	FlowSeriesBars       = 0 // index is the bar's date index
	FlowSeriesCumulative = 1 // index is the date index of the line's newest valid point
)

// FlowOptions sets the flow chart's texts, size, unit, colours and notes.
type FlowOptions struct {
	Title, Subtitle string
	// Footer is a small line at the bottom, e.g. the data citation.
	Footer string
	// Width and Height are in pixels; both zero means 900×460.
	Width, Height int
	// Lang is the language of date ticks, default labels and "no data".
	Lang Lang
	// Unit labels the value axes and tooltips, e.g. "亿元" or "CNY bn".
	Unit string
	// BarLabel names the bars in the legend and tooltips ("" = "Net flow" /
	// "净流入"); LineLabel names the cumulative line ("" = "Cumulative" /
	// "累计").
	BarLabel, LineLabel string
	// Rise picks the colour of positive bars.
	Rise Rise
	// Notes attaches fact ids and tooltips to each bar (series
	// FlowSeriesBars) and to the cumulative line's newest point (series
	// FlowSeriesCumulative).
	Notes Notes
}

// flowColors are the bar colours: Chinese red and Western green.
var (
	riseRed   = rgba{214, 39, 40, 1}
	riseGreen = rgba{44, 160, 44, 1}
	cumColor  = rgba{31, 119, 180, 1}
)

// FlowBarsSVG writes the flow chart: one bar per date (daily or weekly) of
// values in the unit of o.Unit, coloured by sign, and, when cumulative is
// not nil, its running total as a line on a right-hand axis whose zero
// lines up with the bars'. A NaN or infinite value draws no bar and breaks
// the line. Every bar, and the line's newest point, carries a <title>
// tooltip and, when Notes supplies one, a data-fact attribute. The chart
// computes no figure: the caller passes the cumulative values it shows.
// Output is deterministic SVG without an XML prolog, ids or external
// references, for inlining into HTML.
func FlowBarsSVG(w io.Writer, dates []time.Time, values, cumulative []float64, o FlowOptions) error {
	if err := o.normalize(); err != nil {
		return err
	}
	if !checkDates(dates) {
		return sextant.Errorf(sextant.EINVALID, "flow chart: dates go back in time")
	}
	if len(values) != len(dates) {
		return sextant.Errorf(sextant.EINVALID, "flow chart: %d values for %d dates", len(values), len(dates))
	}
	if cumulative != nil && len(cumulative) != len(dates) {
		return sextant.Errorf(sextant.EINVALID, "flow chart: %d cumulative values for %d dates", len(cumulative), len(dates))
	}
	if err := writeSVG(w, layoutBars(dates, values, cumulative, o, estimateWidth)); err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chart.FlowBarsSVG", err)
	}
	return nil
}

func (o *FlowOptions) normalize() error {
	var err error
	if o.Width, o.Height, err = chartSize(o.Width, o.Height, DefaultSeriesWidth, DefaultSeriesHeight); err != nil {
		return err
	}
	if o.Lang, err = o.Lang.normalized(); err != nil {
		return err
	}
	if o.Rise < RiseAuto || o.Rise > RiseGreen {
		return sextant.Errorf(sextant.EINVALID, "flow chart: unknown colour convention %d", o.Rise)
	}
	if o.BarLabel == "" {
		o.BarLabel = o.Lang.pick("Net flow", "净流入")
	}
	if o.LineLabel == "" {
		o.LineLabel = o.Lang.pick("Cumulative", "累计")
	}
	return nil
}

// colors returns the colours of positive and negative bars.
func (o FlowOptions) colors() (up, down rgba) {
	if o.Rise == RiseRed || o.Rise == RiseAuto && o.Lang == Chinese {
		return riseRed, riseGreen
	}
	return riseGreen, riseRed
}

// withUnit appends the unit to a number: "+12.30 亿元".
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// layoutBars lays out the flow chart.
func layoutBars(dates []time.Time, values, cumulative []float64, o FlowOptions, measure measureFunc) *scene {
	sc := &scene{w: float64(o.Width), h: float64(o.Height), class: "flows", label: o.Title}
	sc.add(item{kind: kRect, class: "background", pts: []pt{{0, 0}, {sc.w, sc.h}}, fill: white})
	up, down := o.colors()
	const left = 58
	right := sc.w - 22
	if cumulative != nil {
		right = sc.w - 58
	}
	entries := []legendEntry{{o.BarLabel, func(x, y float64) []item {
		return []item{
			{kind: kRect, class: "swatch", pts: []pt{{x, y - 6}, {x + 8, y + 6}}, fill: up},
			{kind: kRect, class: "swatch", pts: []pt{{x + 11, y - 3}, {x + 19, y + 6}}, fill: down},
		}
	}}}
	if cumulative != nil {
		entries = append(entries, legendEntry{o.LineLabel, lineSwatch(cumColor, 2, "")})
	}
	top := headerHeight(o.Title, o.Subtitle)
	legend, rows := layoutLegend(entries, left, right, top+legendRow/2+2, measure)
	// the unit sits above each value axis, so leave a line for it
	p := plot{left: left, top: top + float64(rows)*legendRow + 24, right: right, bottom: sc.h - 34 - footerHeight(o.Footer)}

	target := max(int((p.bottom-p.top)/48), 3)
	blo, bhi, okBars := finiteRange(values)
	bNeg, bPos, bStep := zeroScale(blo, bhi, target, 1)
	clo, chi, okCum := finiteRange(cumulative)
	cNeg, cPos, cStep := zeroScale(clo, chi, target, 1)
	if cumulative != nil { // the same tick counts below and above zero put both zeros level
		bNeg, bPos = max(bNeg, cNeg), max(bPos, cPos)
		cNeg, cPos = bNeg, bPos
	}
	bs := scale{lo: -float64(bNeg) * bStep, hi: float64(bPos) * bStep, step: bStep, top: p.top, bottom: p.bottom}
	valueAxis(sc, p, bs, p.left-6, anchorEnd, true, func(v float64) string { return tickText(v, bStep) })
	sc.add(item{kind: kText, class: "unit", pts: []pt{{p.left - 6, p.top - 8}}, text: o.Unit, size: tickSize, anchor: anchorEnd, fill: mutedText})
	cs := scale{lo: -float64(cNeg) * cStep, hi: float64(cPos) * cStep, step: cStep, top: p.top, bottom: p.bottom}
	if cumulative != nil {
		valueAxis(sc, p, cs, p.right+6, anchorStart, false, func(v float64) string { return tickText(v, cStep) })
		sc.add(item{kind: kText, class: "unit", pts: []pt{{p.right + 6, p.top - 8}}, text: o.Unit, size: tickSize, fill: mutedText})
	}

	n := len(dates)
	slot := (p.right - p.left) / math.Max(float64(n), 1)
	px := func(i int) float64 { return p.left + slot*(float64(i)+0.5) }
	dateAxis(sc, p, dates, o.Lang, px)
	for _, it := range legend {
		sc.add(it)
	}
	if !okBars && !okCum {
		noData(sc, p, o.Lang)
	}

	sc.add(barGroup(dates, values, o, px, slot, bs))
	sc.add(frameRect(p))
	if cumulative != nil {
		sc.add(cumulativeGroup(dates, cumulative, o, px, cs, p))
	}
	drawHeader(sc, p.left, o.Title, o.Subtitle)
	drawFooter(sc, p.left, o.Footer)
	return sc
}

// barGroup draws one bar per valid value, centred at px(i), slot wide.
func barGroup(dates []time.Time, values []float64, o FlowOptions, px func(int) float64, slot float64, s scale) item {
	up, down := o.colors()
	bw := slot * 0.72
	if slot < 3 {
		bw = slot // no gaps between very thin bars
	}
	bars := item{kind: kGroup, class: "series bars"}
	zero := s.py(0)
	for i, v := range values {
		if !finite(v) {
			continue
		}
		y0, y1 := s.py(math.Max(v, 0)), s.py(math.Min(v, 0))
		if y1-y0 < 1 { // a zero or tiny value still shows, and can be hovered
			y0, y1 = zero-0.5, zero+0.5
		}
		class, c := "bar up", up
		if v < 0 {
			class, c = "bar down", down
		}
		x := px(i)
		bar := item{kind: kRect, class: class, pts: []pt{{x - bw/2, y0}, {x + bw/2, y1}}, fill: c,
			title: o.BarLabel + " " + dateText(dates[i]) + ": " + withUnit(signed(v, 2), o.Unit)}
		o.Notes.note(FlowSeriesBars, i).apply(&bar)
		bars.children = append(bars.children, bar)
	}
	return bars
}

// cumulativeGroup draws the running total and its newest value, labelled
// left of the point: above it unless that leaves the plot.
func cumulativeGroup(dates []time.Time, cumulative []float64, o FlowOptions, px func(int) float64, s scale, p plot) item {
	line := item{kind: kGroup, class: "series cumulative", children: pathItems(cumulative, px, s.py, cumColor, 2, "")}
	k := lastValid(cumulative)
	if k < 0 {
		return line
	}
	v := cumulative[k]
	m := endMark{dot: pt{px(k), s.py(v)}, label: signed(v, 1), c: cumColor, note: o.Notes.note(FlowSeriesCumulative, k),
		tip: o.LineLabel + " " + dateText(dates[k]) + ": " + withUnit(signed(v, 2), o.Unit)}
	y := m.dot.y - 8
	if y-labelSize < p.top {
		y = m.dot.y + 8 + labelSize
	}
	line.children = append(line.children, m.group(pt{m.dot.x - 6, y}, anchorEnd))
	return line
}
