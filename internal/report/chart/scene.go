package chart

import (
	"fmt"
	"unicode/utf8"
)

// A scene is a chart laid out in pixels (origin top-left, y down) as a flat
// list of drawing items. layoutRotation builds it; writeSVG and drawVG
// render it, so SVG and PNG share one layout.
type scene struct {
	w, h  float64
	class string // the chart's kind, added to the root's classes: "rotation", "excess", "flows"
	label string // accessible name (aria-label), usually the title
	items []item
}

type kind int

const (
	kRect     kind = iota // pts[0] = top-left corner, pts[1] = bottom-right corner
	kLine                 // pts[0] → pts[1]
	kPolyline             // open path through pts
	kPolygon              // closed path through pts
	kCircle               // centre pts[0], radius r
	kText                 // baseline point pts[0]
	kGroup                // children drawn in order; title and fact apply to them all
)

type anchor int

const (
	anchorStart anchor = iota
	anchorMiddle
	anchorEnd
)

type pt struct{ x, y float64 }

// rgba is a colour with its opacity in [0, 1]; a zero alpha means "none".
type rgba struct {
	r, g, b uint8
	a       float64
}

func (c rgba) with(a float64) rgba { c.a = a; return c }

func (c rgba) hex() string { return fmt.Sprintf("#%02x%02x%02x", c.r, c.g, c.b) }

// item is one drawing primitive with its paint.
type item struct {
	kind     kind
	class    string // SVG class, e.g. "quadrant leading", "tail", "label"
	pts      []pt
	r        float64
	fill     rgba
	stroke   rgba
	width    float64 // stroke width
	text     string
	size     float64 // font size in pixels
	bold     bool
	anchor   anchor
	vertical bool   // text turned 90° counter-clockwise (reads bottom to top)
	halo     bool   // text drawn over a white outline for legibility
	title    string // tooltip (SVG <title>)
	fact     string // fact id (SVG data-fact) of the figure the item shows
	dash     string // stroke dash pattern, e.g. "5 4"
	children []item // for kGroup
}

func (s *scene) add(it item) { s.items = append(s.items, it) }

// measureFunc returns the advance width in pixels of s at a font size.
type measureFunc func(s string, size float64, bold bool) float64

// estimateWidth approximates text width without a font: CJK and other wide
// characters take one em, digits and most Latin letters a little over half
// an em. SVG layout uses it (the browser picks the real font), so label
// boxes are slightly generous.
func estimateWidth(s string, size float64, bold bool) float64 {
	var em float64
	for _, r := range s {
		switch {
		case r >= 0x2E80: // CJK, Hangul, full-width forms
			em += 1
		case r == ' ' || r == '.' || r == ',' || r == ':' || r == 'i' || r == 'l' || r == 'I' || r == '|':
			em += 0.3
		case r >= 'A' && r <= 'Z' || r == 'm' || r == 'w':
			em += 0.68
		case r < utf8.RuneSelf:
			em += 0.56
		default:
			em += 0.6
		}
	}
	if bold {
		em *= 1.06
	}
	return em * size
}

// palette holds the series colours, used in input order and repeated after
// the last one; all are dark enough to read on the quadrant tints.
var palette = [...]rgba{
	{31, 119, 180, 1},  // blue
	{214, 39, 40, 1},   // red
	{44, 160, 44, 1},   // green
	{255, 127, 14, 1},  // orange
	{148, 103, 189, 1}, // purple
	{140, 86, 75, 1},   // brown
	{227, 119, 194, 1}, // pink
	{23, 151, 165, 1},  // teal
	{127, 127, 127, 1}, // grey
	{160, 160, 30, 1},  // olive
	{57, 59, 121, 1},   // indigo
	{173, 73, 74, 1},   // brick
}

// SeriesColor returns the hex colour of the series at index i (input
// order), so tables next to a chart can match it.
func SeriesColor(i int) string { return palette[i%len(palette)].hex() }

var (
	black     = rgba{0, 0, 0, 1}
	white     = rgba{255, 255, 255, 1}
	textColor = rgba{33, 33, 33, 1}
	mutedText = rgba{102, 102, 102, 1}
)

// quadrant describes one of the four regions: its tint and label colour.
type quadrant struct {
	name        string
	class       string
	right, top  bool // position relative to (100, 100)
	tint, label rgba
}

var quadrants = [4]quadrant{
	{"Leading", "leading", true, true, rgba{226, 243, 226, 1}, rgba{46, 125, 50, 1}},
	{"Weakening", "weakening", true, false, rgba{252, 244, 208, 1}, rgba{156, 120, 0, 1}},
	{"Lagging", "lagging", false, false, rgba{251, 226, 226, 1}, rgba{183, 28, 28, 1}},
	{"Improving", "improving", false, true, rgba{224, 235, 250, 1}, rgba{21, 101, 192, 1}},
}
