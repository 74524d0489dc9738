package chart

import (
	"math"
	"sort"
	"time"
)

// This file holds what the time-series charts (ExcessLinesSVG,
// FlowBarsSVG) share: the plot rectangle, the legend, value and date axes,
// lines broken at gaps, and the labelled marks on the newest points.

// plot is the data rectangle of a time-series chart in pixels.
type plot struct {
	left, top, right, bottom float64
}

// legendEntry is one swatch and label of a legend.
type legendEntry struct {
	label  string
	swatch func(x, y float64) []item // draws the swatch with its left-middle at (x, y)
}

// Legend geometry in pixels.
const (
	legendRow    = 18
	legendSwatch = 20
	legendGap    = 18
)

// layoutLegend places entries in rows from x0 to x1 starting at y (the
// middle of the first row) and returns the items and the rows used.
func layoutLegend(entries []legendEntry, x0, x1, y float64, measure measureFunc) ([]item, int) {
	if len(entries) == 0 {
		return nil, 0
	}
	var items []item
	x, rows := x0, 1
	for _, e := range entries {
		w := legendSwatch + 6 + measure(e.label, labelSize, false)
		if x > x0 && x+w > x1 {
			x, y, rows = x0, y+legendRow, rows+1
		}
		g := item{kind: kGroup, class: "legend-item", children: e.swatch(x, y)}
		g.children = append(g.children, item{kind: kText, class: "legend-label", pts: []pt{{x + legendSwatch + 6, y + labelSize*0.35}},
			text: e.label, size: labelSize, fill: textColor})
		items = append(items, g)
		x += w + legendGap
	}
	return items, rows
}

// lineSwatch is a short stroke in a line's style.
func lineSwatch(c rgba, width float64, dash string) func(x, y float64) []item {
	return func(x, y float64) []item {
		return []item{{kind: kLine, class: "swatch", pts: []pt{{x, y}, {x + legendSwatch, y}}, stroke: c, width: width, dash: dash}}
	}
}

// valueAxis draws horizontal grid lines at s's ticks (when grid is set) and
// their labels at x, anchored at a; zero gets a darker line across the plot.
func valueAxis(sc *scene, p plot, s scale, x float64, a anchor, grid bool, format func(v float64) string) {
	for _, v := range s.ticks() {
		y := s.py(v)
		if grid && v != 0 {
			sc.add(item{kind: kLine, class: "grid", pts: []pt{{p.left, y}, {p.right, y}}, stroke: black.with(0.07), width: 1})
		}
		sc.add(item{kind: kText, class: "tick value", pts: []pt{{x, y + 4}}, text: format(v), size: tickSize, anchor: a, fill: mutedText})
	}
	if grid {
		y := s.py(0)
		sc.add(item{kind: kLine, class: "zero", pts: []pt{{p.left, y}, {p.right, y}}, stroke: rgba{80, 80, 80, 0.9}, width: 1.2})
	}
}

// dateAxis writes date ticks under the plot; px maps a date index to x.
func dateAxis(sc *scene, p plot, dates []time.Time, lang Lang, px func(i int) float64) {
	const labelRoom = 78 // pixels per tick label
	maxTicks := max(int((p.right-p.left)/labelRoom), 2)
	for _, t := range dateTicks(dates, maxTicks, lang) {
		x := px(t.index)
		sc.add(item{kind: kLine, class: "tick-mark", pts: []pt{{x, p.bottom}, {x, p.bottom + 5}}, stroke: rgba{150, 150, 150, 1}, width: 1})
		sc.add(item{kind: kText, class: "tick date", pts: []pt{{x, p.bottom + 18}}, text: t.label, size: tickSize, anchor: anchorMiddle, fill: mutedText})
	}
}

// frameRect outlines the plot.
func frameRect(p plot) item {
	return item{kind: kRect, class: "frame", pts: []pt{{p.left, p.top}, {p.right, p.bottom}}, stroke: rgba{150, 150, 150, 1}, width: 1}
}

// noData writes the "no data" note in the middle of the plot.
func noData(sc *scene, p plot, lang Lang) {
	sc.add(item{kind: kText, class: "note", pts: []pt{{(p.left + p.right) / 2, (p.top + p.bottom) / 2}}, text: lang.pick("no data", "无数据"),
		size: axisSize, anchor: anchorMiddle, fill: mutedText, halo: true})
}

// pathItems draws values as polylines broken at every NaN or infinite
// value; a valid point between two gaps becomes a dot so it stays visible.
func pathItems(values []float64, px func(i int) float64, py func(v float64) float64, c rgba, width float64, dash string) []item {
	var out []item
	var seg []pt
	flush := func() {
		switch len(seg) {
		case 0:
		case 1:
			out = append(out, item{kind: kCircle, class: "point", pts: seg, r: width, fill: c})
		default:
			out = append(out, item{kind: kPolyline, class: "line", pts: seg, stroke: c, width: width, dash: dash})
		}
		seg = nil
	}
	for i, v := range values {
		if !finite(v) {
			flush()
			continue
		}
		seg = append(seg, pt{px(i), py(v)})
	}
	flush()
	return out
}

// lastValid is the index of the last finite value, or -1.
func lastValid(values []float64) int {
	for i := len(values) - 1; i >= 0; i-- {
		if finite(values[i]) {
			return i
		}
	}
	return -1
}

// endMark is the newest point of a line with its value: a dot, and a
// label whose position placeEnds settles later. The group carries the
// tooltip and fact id.
type endMark struct {
	dot   pt
	label string
	c     rgba
	note  Note
	tip   string
	y     float64 // label baseline, set by placeEnds
}

// placeEnds spreads the labels of end marks vertically so they keep at
// least gap pixels apart within [top, bottom], each as near its dot as
// possible, and returns one group item per mark with labels at x.
func placeEnds(marks []endMark, x, top, bottom float64) []item {
	const gap = labelSize + 2
	order := make([]int, len(marks))
	for i := range order {
		order[i] = i
		marks[i].y = marks[i].dot.y + labelSize*0.35
	}
	sort.SliceStable(order, func(a, b int) bool { return marks[order[a]].y < marks[order[b]].y })
	lo, hi := top+labelSize, bottom
	for k, i := range order { // push down
		if k > 0 {
			marks[i].y = math.Max(marks[i].y, marks[order[k-1]].y+gap)
		}
		marks[i].y = math.Max(marks[i].y, lo)
	}
	for k := len(order) - 1; k >= 0; k-- { // then back up from the bottom
		i := order[k]
		limit := hi
		if k < len(order)-1 {
			limit = marks[order[k+1]].y - gap
		}
		marks[i].y = math.Min(marks[i].y, limit)
	}
	out := make([]item, len(marks))
	for i, m := range marks {
		out[i] = m.group(pt{x, m.y}, anchorStart)
	}
	return out
}

// group draws the mark with its label's baseline anchored at at.
func (m endMark) group(at pt, a anchor) item {
	g := item{kind: kGroup, class: "end", title: m.tip, children: []item{
		{kind: kCircle, class: "end-point", pts: []pt{m.dot}, r: 3.5, fill: m.c, stroke: white, width: 1},
		{kind: kText, class: "end-label", pts: []pt{at}, text: m.label, size: labelSize, bold: true, anchor: a, fill: darken(m.c), halo: true},
	}}
	m.note.apply(&g)
	return g
}

// checkDates reports whether dates never go back in time.
func checkDates(dates []time.Time) bool {
	for i := 1; i < len(dates); i++ {
		if dates[i].Before(dates[i-1]) {
			return false
		}
	}
	return true
}
