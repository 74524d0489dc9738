package chart

import (
	"fmt"
	"math"
)

// Tail and head geometry in pixels.
const (
	arrowLen   = 12  // from the tip (the newest point) to the base
	arrowHalf  = 5.5 // half the base width
	headRadius = 5.5 // the newest point's dot when the tail has no direction
)

// drawTail draws one series: a polyline through its tail, dots that grow
// and darken from the oldest to the newest point, and at the newest point
// an arrowhead along the last segment (a larger dot when there is no
// previous distinct point). It returns the newest point in pixels and the
// obstacles labels should avoid: the head's box and the tail's points. The
// note sets the head's fact id and may replace its tooltip.
func drawTail(sc *scene, f frame, s RotationSeries, c rgba, note Note) (pt, []obstacle) {
	pts := make([]pt, len(s.Tail))
	for i, p := range s.Tail {
		pts[i] = pt{f.px(p.X), f.py(p.Y)}
	}
	n := len(pts)
	head := pts[n-1]
	var obs []obstacle
	for _, p := range pts[:n-1] {
		obs = append(obs, obstacle{box{p.x - 3, p.y - 3, p.x + 3, p.y + 3}, tailWeight})
	}
	if n > 1 {
		sc.add(item{kind: kPolyline, class: "tail", pts: pts, stroke: c.with(0.7), width: 1.6})
	}
	for i := 0; i < n-1; i++ {
		t := float64(i) / float64(n-1) // 0 = oldest
		sc.add(item{kind: kCircle, class: "tail-point", pts: []pt{pts[i]}, r: 1.8 + 1.6*t, fill: c.with(0.3 + 0.6*t)})
	}
	last := s.Tail[n-1]
	tip := fmt.Sprintf("%s\n%s  RS-Ratio %.2f  RS-Momentum %.2f", s.Label, last.Date.Format("2006-01-02"), last.X, last.Y)
	if last.Date.IsZero() {
		tip = fmt.Sprintf("%s\nRS-Ratio %.2f  RS-Momentum %.2f", s.Label, last.X, last.Y)
	}
	// the direction comes from the nearest earlier point that is visibly apart
	for i := n - 2; i >= 0; i-- {
		dx, dy := head.x-pts[i].x, head.y-pts[i].y
		d := math.Hypot(dx, dy)
		if d < 0.5 {
			continue
		}
		ux, uy := dx/d, dy/d
		bx, by := head.x-ux*arrowLen, head.y-uy*arrowLen
		tri := []pt{head, {bx - uy*arrowHalf, by + ux*arrowHalf}, {bx + uy*arrowHalf, by - ux*arrowHalf}}
		arrow := item{kind: kPolygon, class: "head", pts: tri, fill: c, stroke: white, width: 0.8, title: tip}
		note.apply(&arrow)
		sc.add(arrow)
		return head, append(obs, obstacle{bounds(tri).grow(2), 1})
	}
	dot := item{kind: kCircle, class: "head", pts: []pt{head}, r: headRadius, fill: c, stroke: white, width: 1, title: tip}
	note.apply(&dot)
	sc.add(dot)
	return head, append(obs, obstacle{bounds([]pt{head}).grow(headRadius + 2), 1})
}

// tailWeight is how much a label overlapping a tail point costs relative
// to overlapping a head or another label.
const tailWeight = 0.25

// obstacle is a region labels avoid, weighted by how bad covering it is.
type obstacle struct {
	box
	w float64
}

// box is an axis-aligned rectangle in pixels.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlap(o box) float64 {
	w := math.Min(b.x1, o.x1) - math.Max(b.x0, o.x0)
	h := math.Min(b.y1, o.y1) - math.Max(b.y0, o.y0)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

func (b box) grow(d float64) box { return box{b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d} }

func bounds(ps []pt) box {
	b := box{ps[0].x, ps[0].y, ps[0].x, ps[0].y}
	for _, p := range ps[1:] {
		b = box{math.Min(b.x0, p.x), math.Min(b.y0, p.y), math.Max(b.x1, p.x), math.Max(b.y1, p.y)}
	}
	return b
}

// outside is the area of b that lies outside bounds.
func (b box) outside(bounds box) float64 {
	return (b.x1-b.x0)*(b.y1-b.y0) - b.overlap(bounds)
}

// drawLabel places a series label near its newest point and returns the
// obstacles with the label's box added. Candidates are tried ring by ring
// (close, then farther) in eight directions; the first one that overlaps
// nothing and stays inside bounds wins, otherwise the least-overlapping.
// A label set away from its point gets a thin leader line.
func drawLabel(sc *scene, label string, head pt, c rgba, measure measureFunc, bounds box, obstacles []obstacle) []obstacle {
	if label == "" {
		return obstacles
	}
	tw := measure(label, labelSize, false)
	const asc, desc = labelSize * 0.8, labelSize * 0.25
	best, bestCost := box{}, math.Inf(1)
	ring := 0
	for ri, d := range []float64{8, 18, 32, 50} {
		for _, dir := range [8]pt{{1, 0}, {1, -1}, {1, 1}, {-1, 0}, {-1, -1}, {-1, 1}, {0, -1}, {0, 1}} {
			b := labelBox(head, dir, d, tw, asc+desc)
			cost := b.outside(bounds) * 100
			for _, o := range obstacles {
				cost += b.overlap(o.box) * o.w
			}
			if cost < bestCost {
				best, bestCost, ring = b, cost, ri
			}
			if cost == 0 {
				break
			}
		}
		if bestCost == 0 {
			break
		}
	}
	if ring > 0 {
		lx := math.Max(best.x0, math.Min(head.x, best.x1))
		ly := math.Max(best.y0, math.Min(head.y, best.y1))
		sc.add(item{kind: kLine, class: "leader", pts: []pt{head, {lx, ly}}, stroke: c.with(0.6), width: 0.8})
	}
	sc.add(item{kind: kText, class: "label", pts: []pt{{best.x0, best.y0 + asc}}, text: label,
		size: labelSize, fill: darken(c), halo: true})
	return append(obstacles, obstacle{best, 1})
}

// labelBox is the box of a label of width w and height h placed at
// distance d from p in direction dir (components −1, 0 or 1).
func labelBox(p, dir pt, d, w, h float64) box {
	var x0, y0 float64
	switch {
	case dir.x > 0:
		x0 = p.x + d*0.9
	case dir.x < 0:
		x0 = p.x - d*0.9 - w
	default:
		x0 = p.x - w/2
	}
	switch {
	case dir.y < 0:
		y0 = p.y - d*0.7 - h
	case dir.y > 0:
		y0 = p.y + d*0.7
	default:
		y0 = p.y - h/2
	}
	if dir.x == 0 { // straight above or below: clear the arrowhead
		y0 += dir.y * 4
	}
	return box{x0, y0, x0 + w, y0 + h}
}

// darken returns c at 75% brightness, for text on pale tints.
func darken(c rgba) rgba {
	return rgba{uint8(float64(c.r) * 0.75), uint8(float64(c.g) * 0.75), uint8(float64(c.b) * 0.75), 1}
}
