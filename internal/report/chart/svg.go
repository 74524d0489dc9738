package chart

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// FontFamily is the font list of SVG text: CJK fonts first so Chinese
// labels render in browsers on Linux, macOS and Windows.
const FontFamily = `'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', 'Microsoft YaHei', 'Hiragino Sans GB', sans-serif`

// svgWriter writes SVG markup and keeps the first write error.
type svgWriter struct {
	w   *bufio.Writer
	err error
}

func (s *svgWriter) str(parts ...string) {
	for _, p := range parts {
		if s.err != nil {
			return
		}
		_, s.err = s.w.WriteString(p)
	}
}

// attr writes ` name="value"` with the value escaped.
func (s *svgWriter) attr(name, value string) {
	s.str(" ", name, `="`, escape(value), `"`)
}

func (s *svgWriter) num(name string, v float64) { s.str(" ", name, `="`, num(v), `"`) }

// writeSVG renders sc as an SVG document.
func writeSVG(w io.Writer, sc *scene) error {
	s := &svgWriter{w: bufio.NewWriter(w)}
	s.str(`<svg xmlns="http://www.w3.org/2000/svg"`)
	s.num("width", sc.w)
	s.num("height", sc.h)
	s.attr("viewBox", "0 0 "+num(sc.w)+" "+num(sc.h))
	s.str(` font-family="`, FontFamily, `"`) // constant, no escaping needed
	s.attr("class", "sextant-chart "+sc.class)
	s.str(` role="img"`)
	if sc.label != "" {
		s.attr("aria-label", sc.label)
	}
	s.str(">\n")
	for _, it := range sc.items {
		s.item(it)
	}
	s.str("</svg>\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}

func (s *svgWriter) item(it item) {
	var tag string
	switch it.kind {
	case kRect:
		tag = "rect"
		s.str("<rect")
		s.num("x", it.pts[0].x)
		s.num("y", it.pts[0].y)
		s.num("width", it.pts[1].x-it.pts[0].x)
		s.num("height", it.pts[1].y-it.pts[0].y)
	case kLine:
		tag = "line"
		s.str("<line")
		s.num("x1", it.pts[0].x)
		s.num("y1", it.pts[0].y)
		s.num("x2", it.pts[1].x)
		s.num("y2", it.pts[1].y)
	case kPolyline, kPolygon:
		tag = "polyline"
		if it.kind == kPolygon {
			tag = "polygon"
		}
		s.str("<", tag)
		s.attr("points", points(it.pts))
	case kCircle:
		tag = "circle"
		s.str("<circle")
		s.num("cx", it.pts[0].x)
		s.num("cy", it.pts[0].y)
		s.num("r", it.r)
	case kText:
		s.text(it)
		return
	case kGroup:
		s.group(it)
		return
	}
	s.attr("class", it.class)
	s.paint(it)
	if it.fact != "" {
		s.attr("data-fact", it.fact)
	}
	if it.title != "" {
		s.str("><title>", escape(it.title), "</title></", tag, ">\n")
		return
	}
	s.str("/>\n")
}

// paint writes fill and stroke attributes; a zero-alpha colour is "none".
func (s *svgWriter) paint(it item) {
	if it.fill.a == 0 {
		s.attr("fill", "none")
	} else {
		s.attr("fill", it.fill.hex())
		if it.fill.a < 1 {
			s.str(` fill-opacity="`, strconv.FormatFloat(it.fill.a, 'f', 2, 64), `"`)
		}
	}
	if it.stroke.a == 0 || it.width == 0 {
		return
	}
	s.attr("stroke", it.stroke.hex())
	if it.stroke.a < 1 {
		s.str(` stroke-opacity="`, strconv.FormatFloat(it.stroke.a, 'f', 2, 64), `"`)
	}
	s.num("stroke-width", it.width)
	if it.dash != "" {
		s.attr("stroke-dasharray", it.dash)
	}
	if it.kind == kPolyline {
		s.str(` stroke-linejoin="round" stroke-linecap="round"`)
	}
}

// group writes a <g> around the children, with the tooltip first so it
// covers them all.
func (s *svgWriter) group(it item) {
	s.str("<g")
	s.attr("class", it.class)
	if it.fact != "" {
		s.attr("data-fact", it.fact)
	}
	s.str(">")
	if it.title != "" {
		s.str("<title>", escape(it.title), "</title>")
	}
	s.str("\n")
	for _, c := range it.children {
		s.item(c)
	}
	s.str("</g>\n")
}

func (s *svgWriter) text(it item) {
	p := it.pts[0]
	s.str("<text")
	s.attr("class", it.class)
	s.num("x", p.x)
	s.num("y", p.y)
	s.num("font-size", it.size)
	if it.bold {
		s.str(` font-weight="bold"`)
	}
	switch it.anchor {
	case anchorMiddle:
		s.str(` text-anchor="middle"`)
	case anchorEnd:
		s.str(` text-anchor="end"`)
	}
	if it.vertical {
		s.attr("transform", "rotate(-90 "+num(p.x)+" "+num(p.y)+")")
	}
	s.paint(item{fill: it.fill})
	if it.fact != "" {
		s.attr("data-fact", it.fact)
	}
	if it.halo {
		s.str(` stroke="#ffffff" stroke-opacity="0.85" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`)
	}
	s.str(">", escape(it.text), "</text>\n")
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

func points(ps []pt) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.x))
		b.WriteByte(',')
		b.WriteString(num(p.y))
	}
	return b.String()
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
