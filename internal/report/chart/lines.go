package chart

import (
	"io"
	"time"

	"github.com/sextant-ai/sextant"
)

// LineKind is the role of a line on the excess-return chart; it sets the
// line's style.
type LineKind int

// Line kinds. Several lines may share a kind (and its style).
const (
	LineExtra     LineKind = iota // another instrument, e.g. a sector ETF: thin, a palette colour
	LineSector                    // the sector index: thick blue
	LineBenchmark                 // the benchmark: dashed grey
	LineExcess                    // sector minus benchmark: thick orange
)

var lineKindNames = [...]string{"extra", "sector", "benchmark", "excess"}

// Line is one cumulative-return path on the dates of the chart.
type Line struct {
	Label string
	Kind  LineKind
	// Values holds the cumulative return on each date as a fraction
	// (0.052 is +5.2%); NaN or ±Inf is a gap that breaks the line.
	Values []float64
}

// LineOptions sets the excess-return chart's texts, size and notes.
type LineOptions struct {
	Title, Subtitle string
	// Footer is a small line at the bottom, e.g. the data citation.
	Footer string
	// Width and Height are in pixels; both zero means 900×460.
	Width, Height int
	// Lang is the language of date ticks and the "no data" note.
	Lang Lang
	// Notes attaches fact ids and tooltips to each line's newest valid
	// point: series is the line's position in the input, index the date
	// index of that point.
	Notes Notes
}

// Default size of the time-series charts in pixels.
const (
	DefaultSeriesWidth  = 900
	DefaultSeriesHeight = 460
)

// lineStyle is the stroke of a line kind.
type lineStyle struct {
	c     rgba
	width float64
	dash  string
}

// extraColors are the colours of LineExtra lines in input order: palette
// colours other than the sector's blue and the excess orange.
var extraColors = []rgba{palette[2], palette[4], palette[7], palette[5], palette[6], palette[9], palette[10], palette[11], palette[1]}

func styleOf(k LineKind, extra int) lineStyle {
	switch k {
	case LineSector:
		return lineStyle{palette[0], 2.4, ""}
	case LineBenchmark:
		return lineStyle{rgba{110, 110, 110, 1}, 1.8, "6 4"}
	case LineExcess:
		return lineStyle{rgba{230, 85, 13, 1}, 2.4, ""}
	}
	return lineStyle{extraColors[extra%len(extraColors)], 1.5, ""}
}

// ExcessLinesSVG writes the cumulative-return chart: one line per entry of
// lines over dates (trading days, oldest first), a zero line, a percentage
// axis, date ticks, a legend and, at each line's newest point, its value.
// Each newest point is a group carrying a <title> tooltip and, when Notes
// supplies one, a data-fact attribute. Output is deterministic SVG without
// an XML prolog, ids or external references, for inlining into HTML.
func ExcessLinesSVG(w io.Writer, dates []time.Time, lines []Line, o LineOptions) error {
	if err := o.normalize(); err != nil {
		return err
	}
	if !checkDates(dates) {
		return sextant.Errorf(sextant.EINVALID, "excess chart: dates go back in time")
	}
	for i, l := range lines {
		if len(l.Values) != len(dates) {
			return sextant.Errorf(sextant.EINVALID, "excess chart: line %d (%q) has %d values for %d dates", i, l.Label, len(l.Values), len(dates))
		}
		if l.Kind < LineExtra || l.Kind > LineExcess {
			return sextant.Errorf(sextant.EINVALID, "excess chart: line %d (%q) has unknown kind %d", i, l.Label, l.Kind)
		}
	}
	if err := writeSVG(w, layoutLines(dates, lines, o, estimateWidth)); err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chart.ExcessLinesSVG", err)
	}
	return nil
}

func (o *LineOptions) normalize() error {
	var err error
	if o.Width, o.Height, err = chartSize(o.Width, o.Height, DefaultSeriesWidth, DefaultSeriesHeight); err != nil {
		return err
	}
	o.Lang, err = o.Lang.normalized()
	return err
}

// endRoom is the width right of the plot for the newest values' labels.
const endRoom = 66

// layoutLines lays out the excess-return chart.
func layoutLines(dates []time.Time, lines []Line, o LineOptions, measure measureFunc) *scene {
	sc := &scene{w: float64(o.Width), h: float64(o.Height), class: "excess", label: o.Title}
	sc.add(item{kind: kRect, class: "background", pts: []pt{{0, 0}, {sc.w, sc.h}}, fill: white})
	const left = 58
	styles := make([]lineStyle, len(lines))
	var entries []legendEntry
	extra := 0
	for i, l := range lines {
		styles[i] = styleOf(l.Kind, extra)
		if l.Kind == LineExtra {
			extra++
		}
		st := styles[i]
		entries = append(entries, legendEntry{l.Label, lineSwatch(st.c, st.width, st.dash)})
	}
	top := headerHeight(o.Title, o.Subtitle)
	legend, rows := layoutLegend(entries, left, sc.w-endRoom, top+legendRow/2+2, measure)
	p := plot{left: left, top: top + float64(rows)*legendRow + 14, right: sc.w - endRoom, bottom: sc.h - 34 - footerHeight(o.Footer)}

	var all [][]float64
	for _, l := range lines {
		all = append(all, l.Values)
	}
	lo, hi, ok := finiteRange(all...)
	neg, pos, step := zeroScale(lo, hi, max(int((p.bottom-p.top)/48), 3), 0.01)
	s := scale{lo: -float64(neg) * step, hi: float64(pos) * step, step: step, top: p.top, bottom: p.bottom}
	dec := decimalsFor(step * 100)
	valueAxis(sc, p, s, p.left-6, anchorEnd, true, func(v float64) string { return percent(v, dec) })

	n := len(dates)
	px := func(i int) float64 {
		if n == 1 {
			return (p.left + p.right) / 2
		}
		return p.left + (p.right-p.left)*float64(i)/float64(n-1)
	}
	dateAxis(sc, p, dates, o.Lang, px)
	sc.add(frameRect(p))
	for _, it := range legend {
		sc.add(it)
	}
	if !ok {
		noData(sc, p, o.Lang)
	}

	drawLines(sc, dates, lines, styles, o.Notes, px, s, p)
	drawHeader(sc, p.left, o.Title, o.Subtitle)
	drawFooter(sc, p.left, o.Footer)
	return sc
}

// drawLines draws one group per line: extras first and the excess line
// last, so the main lines stay on top (within a kind, input order), each
// with its newest point and value, labelled right of the plot.
func drawLines(sc *scene, dates []time.Time, lines []Line, styles []lineStyle, notes Notes, px func(int) float64, s scale, p plot) {
	var marks []endMark
	var owners []int
	for _, kind := range []LineKind{LineExtra, LineBenchmark, LineSector, LineExcess} {
		for i, l := range lines {
			if l.Kind != kind {
				continue
			}
			st := styles[i]
			sc.add(item{kind: kGroup, class: "series " + lineKindNames[kind], children: pathItems(l.Values, px, s.py, st.c, st.width, st.dash)})
			k := lastValid(l.Values)
			if k < 0 {
				continue
			}
			v := l.Values[k]
			tip := l.Label + " " + dateText(dates[k]) + ": " + percent(v, 2)
			marks = append(marks, endMark{dot: pt{px(k), s.py(v)}, label: percent(v, 1), c: st.c, note: notes.note(i, k), tip: tip})
			owners = append(owners, len(sc.items)-1)
		}
	}
	// Each end mark joins its series' group, after the line.
	for j, g := range placeEnds(marks, p.right+8, p.top, p.bottom) {
		sc.items[owners[j]].children = append(sc.items[owners[j]].children, g)
	}
}
