package chart

import (
	"math"
	"strconv"
)

// Font sizes in pixels.
const (
	titleSize    = 18
	subtitleSize = 12.5
	tickSize     = 11
	axisSize     = 12.5
	quadSize     = 15
	labelSize    = 12
	footerSize   = 10.5
)

// frame maps data coordinates to pixels inside the plot rectangle.
type frame struct {
	left, top, right, bottom float64
	xHalf, yHalf             float64 // the axes run 100 ± half
	xStep, yStep             float64 // tick spacing
}

func (f frame) px(x float64) float64 {
	return f.left + (x-(100-f.xHalf))/(2*f.xHalf)*(f.right-f.left)
}

func (f frame) py(y float64) float64 {
	return f.bottom - (y-(100-f.yHalf))/(2*f.yHalf)*(f.bottom-f.top)
}

// layoutRotation lays out the whole chart. measure gives text widths for
// label placement and anchoring.
func layoutRotation(in []RotationSeries, o RotationOptions, measure measureFunc) *scene {
	series, index, last := cleanSeries(in)
	sc := &scene{w: float64(o.Width), h: float64(o.Height), class: "rotation", label: o.Title}
	f := newFrame(series, o)
	sc.add(item{kind: kRect, class: "background", pts: []pt{{0, 0}, {sc.w, sc.h}}, fill: white})
	obstacles := drawQuadrants(sc, f, measure)
	drawAxes(sc, f)
	if len(series) == 0 {
		sc.add(item{kind: kText, class: "note", pts: []pt{{f.px(100), f.py(100) - 10}}, text: "no data",
			size: axisSize, anchor: anchorMiddle, fill: mutedText, halo: true})
	}
	heads := make([]pt, len(series))
	for k, s := range series {
		var obs []obstacle
		heads[k], obs = drawTail(sc, f, s, palette[index[k]%len(palette)], o.Notes.note(index[k], last[k]))
		obstacles = append(obstacles, obs...)
	}
	bounds := box{f.left + 2, f.top + 2, f.right - 2, f.bottom - 2}
	for k, s := range series {
		obstacles = drawLabel(sc, s.Label, heads[k], palette[index[k]%len(palette)], measure, bounds, obstacles)
	}
	drawHeader(sc, f.left, o.Title, o.Subtitle)
	drawFooter(sc, f.left, o.Footer)
	return sc
}

// newFrame places the plot rectangle from the texts present and picks
// symmetric limits around 100 that hold every point with 10% padding.
func newFrame(series []RotationSeries, o RotationOptions) frame {
	w, h := float64(o.Width), float64(o.Height)
	top := headerHeight(o.Title, o.Subtitle)
	bottom := h - 46
	if o.Footer != "" {
		bottom -= 16
	}
	f := frame{left: 64, top: top + 8, right: w - 22, bottom: bottom}
	var xs, ys float64
	for _, s := range series {
		for _, p := range s.Tail {
			xs = math.Max(xs, math.Abs(p.X-100))
			ys = math.Max(ys, math.Abs(p.Y-100))
		}
	}
	f.xHalf, f.xStep = limits(xs)
	f.yHalf, f.yStep = limits(ys)
	return f
}

// limits returns the half-span of an axis 100 ± half that holds a maximum
// deviation dev with 10% padding, rounded up to a whole number of ticks,
// and the tick step (1, 2 or 5 times a power of ten, about three ticks per
// side). With no data the half-span is 5.
func limits(dev float64) (half, step float64) {
	if dev <= 0 {
		dev = 4.5
	}
	dev *= 1.1
	raw := dev / 3
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	return math.Ceil(dev/step-1e-9) * step, step
}

// drawQuadrants shades the four quadrants and names them in their outer
// corners; it returns the name boxes as obstacles for series labels.
func drawQuadrants(sc *scene, f frame, measure measureFunc) []obstacle {
	cx, cy := f.px(100), f.py(100)
	var obstacles []obstacle
	for _, q := range quadrants {
		x0, x1 := f.left, cx
		if q.right {
			x0, x1 = cx, f.right
		}
		y0, y1 := cy, f.bottom
		if q.top {
			y0, y1 = f.top, cy
		}
		sc.add(item{kind: kRect, class: "quadrant " + q.class, pts: []pt{{x0, y0}, {x1, y1}}, fill: q.tint})
		tw := measure(q.name, quadSize, true)
		x, a, bx := x0+10, anchorStart, x0+10
		if q.right {
			x, a, bx = x1-10, anchorEnd, x1-10-tw
		}
		y := y0 + 10 + quadSize
		if !q.top {
			y = y1 - 10
		}
		sc.add(item{kind: kText, class: "quadrant-label", pts: []pt{{x, y}}, text: q.name, size: quadSize,
			bold: true, anchor: a, fill: q.label.with(0.8)})
		obstacles = append(obstacles, obstacle{box{bx - 2, y - quadSize - 2, bx + tw + 2, y + 4}, 1})
	}
	return obstacles
}

// drawAxes draws the grid, the crosshair at 100, the frame, tick labels
// and the axis titles.
func drawAxes(sc *scene, f frame) {
	grid := black.with(0.07)
	ticks := func(half, step float64, fn func(v float64)) {
		n := int(math.Round(half / step))
		for i := -n; i <= n; i++ {
			fn(100 + float64(i)*step)
		}
	}
	ticks(f.xHalf, f.xStep, func(v float64) {
		x := f.px(v)
		sc.add(item{kind: kLine, class: "grid", pts: []pt{{x, f.top}, {x, f.bottom}}, stroke: grid, width: 1})
		sc.add(item{kind: kText, class: "tick", pts: []pt{{x, f.bottom + 16}}, text: tickText(v, f.xStep),
			size: tickSize, anchor: anchorMiddle, fill: mutedText})
	})
	ticks(f.yHalf, f.yStep, func(v float64) {
		y := f.py(v)
		sc.add(item{kind: kLine, class: "grid", pts: []pt{{f.left, y}, {f.right, y}}, stroke: grid, width: 1})
		sc.add(item{kind: kText, class: "tick", pts: []pt{{f.left - 6, y + 4}}, text: tickText(v, f.yStep),
			size: tickSize, anchor: anchorEnd, fill: mutedText})
	})
	cross := rgba{80, 80, 80, 0.85}
	sc.add(item{kind: kLine, class: "crosshair", pts: []pt{{f.px(100), f.top}, {f.px(100), f.bottom}}, stroke: cross, width: 1.2})
	sc.add(item{kind: kLine, class: "crosshair", pts: []pt{{f.left, f.py(100)}, {f.right, f.py(100)}}, stroke: cross, width: 1.2})
	sc.add(item{kind: kRect, class: "frame", pts: []pt{{f.left, f.top}, {f.right, f.bottom}}, stroke: rgba{150, 150, 150, 1}, width: 1})
	sc.add(item{kind: kText, class: "axis-title", pts: []pt{{(f.left + f.right) / 2, f.bottom + 34}}, text: "RS-Ratio →",
		size: axisSize, bold: true, anchor: anchorMiddle, fill: textColor})
	sc.add(item{kind: kText, class: "axis-title", pts: []pt{{20, (f.top + f.bottom) / 2}}, text: "RS-Momentum →",
		size: axisSize, bold: true, anchor: anchorMiddle, vertical: true, fill: textColor})
}

// tickText formats a tick value with as many decimals as the step needs.
func tickText(v, step float64) string {
	dec := 0
	for s := step; s < 0.999 && dec < 6; s *= 10 {
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}
