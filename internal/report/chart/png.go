package chart

import (
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/sextant-ai/sextant"
)

// renderPNG lays out the chart with the fonts' real widths and rasterises
// it at one pixel per point (72 dpi).
func renderPNG(w io.Writer, series []RotationSeries, o RotationOptions, fs *fontSet) error {
	series = fitLabels(series, fs)
	o.Title, o.Subtitle, o.Footer = fs.fit(o.Title), fs.fit(o.Subtitle), fs.fit(o.Footer)
	sc := layoutRotation(series, o, fs.width)
	c := vgimg.NewWith(vgimg.UseWH(vg.Points(sc.w), vg.Points(sc.h)), vgimg.UseDPI(72))
	drawVG(c, sc, fs)
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chart.RotationPNG", err)
	}
	return nil
}

// fitLabels replaces labels by what the font can draw; a label left empty
// becomes "#n" (its 1-based input position) so the series stays named.
func fitLabels(in []RotationSeries, fs *fontSet) []RotationSeries {
	out := make([]RotationSeries, len(in))
	for i, s := range in {
		s.Label = fs.fit(s.Label)
		if s.Label == "" && in[i].Label != "" {
			s.Label = "#" + itoa(i+1)
		}
		out[i] = s
	}
	return out
}

func itoa(i int) string { return num(float64(i)) }

// drawVG paints the scene on a gonum vg canvas. vg's origin is the
// bottom-left corner, so every y is flipped.
func drawVG(c vg.Canvas, sc *scene, fs *fontSet) {
	drawItems(c, sc.h, sc.items, fs)
}

// drawItems paints items in order, a group's children in its place; h is
// the scene height, for the flip. Tooltips and fact ids have no raster form.
func drawItems(c vg.Canvas, h float64, items []item, fs *fontSet) {
	at := func(p pt) vg.Point { return vg.Point{X: vg.Points(p.x), Y: vg.Points(h - p.y)} }
	for _, it := range items {
		var path vg.Path
		switch it.kind {
		case kRect:
			a, b := it.pts[0], it.pts[1]
			path.Move(at(a))
			path.Line(at(pt{b.x, a.y}))
			path.Line(at(b))
			path.Line(at(pt{a.x, b.y}))
			path.Close()
		case kLine, kPolyline, kPolygon:
			for i, p := range it.pts {
				if i == 0 {
					path.Move(at(p))
				} else {
					path.Line(at(p))
				}
			}
			if it.kind == kPolygon {
				path.Close()
			}
		case kCircle:
			ctr := it.pts[0]
			path.Move(at(pt{ctr.x + it.r, ctr.y}))
			path.Arc(at(ctr), vg.Points(it.r), 0, 2*math.Pi)
			path.Close()
		case kText:
			drawText(c, it, at(it.pts[0]), fs)
			continue
		case kGroup:
			drawItems(c, h, it.children, fs)
			continue
		}
		if it.fill.a > 0 {
			c.SetColor(nrgba(it.fill))
			c.Fill(path)
		}
		if it.stroke.a > 0 && it.width > 0 {
			c.SetColor(nrgba(it.stroke))
			c.SetLineWidth(vg.Points(it.width))
			c.SetLineDash(dashes(it.dash), 0)
			c.Stroke(path)
		}
	}
}

// drawText anchors and, for vertical text, rotates a string; a halo is the
// text drawn in white at eight one-pixel offsets underneath.
func drawText(c vg.Canvas, it item, p vg.Point, fs *fontSet) {
	if it.text == "" {
		return
	}
	face := fs.face(it.size, it.bold)
	w := face.Width(it.text)
	var dx vg.Length
	switch it.anchor {
	case anchorMiddle:
		dx = -w / 2
	case anchorEnd:
		dx = -w
	}
	c.Push()
	defer c.Pop()
	c.Translate(p)
	if it.vertical {
		c.Rotate(math.Pi / 2)
	}
	if it.halo {
		c.SetColor(color.NRGBA{255, 255, 255, 215})
		for _, d := range [8][2]vg.Length{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}} {
			c.FillString(face, vg.Point{X: dx + d[0], Y: d[1]}, it.text)
		}
	}
	c.SetColor(nrgba(it.fill))
	c.FillString(face, vg.Point{X: dx}, it.text)
}

// dashes parses an SVG dash pattern ("6 4"); empty or malformed is solid.
func dashes(pattern string) []vg.Length {
	var out []vg.Length
	for _, f := range strings.Fields(pattern) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v < 0 {
			return nil
		}
		out = append(out, vg.Points(v))
	}
	return out
}

func nrgba(c rgba) color.NRGBA {
	return color.NRGBA{c.r, c.g, c.b, uint8(math.Round(c.a * 255))}
}

// face returns the regular or bold face at a size in pixels.
func (fs *fontSet) face(size float64, bold bool) font.Face {
	f := fs.regular
	if bold {
		f = fs.bold
	}
	f.Font.Size = vg.Points(size)
	return f
}

// width measures s with the font set, for layout.
func (fs *fontSet) width(s string, size float64, bold bool) float64 {
	f := fs.face(size, bold)
	return f.Width(s).Points()
}
