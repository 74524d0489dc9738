package chart

import (
	"io"
	"math"
	"time"

	"github.com/sextant-ai/sextant"
)

// RotationPoint is one sample on the rotation chart: X is RS-Ratio and Y is
// RS-Momentum, both centred on 100.
type RotationPoint struct {
	Date time.Time
	X, Y float64
}

// RotationSeries is one instrument's tail, oldest first; the last valid
// point is "now". Label is drawn next to that point (for example
// "801740.SI 国防军工").
type RotationSeries struct {
	Label string
	Tail  []RotationPoint
}

// RotationOptions sets the chart's texts and size.
type RotationOptions struct {
	Title, Subtitle string
	// Width and Height are in pixels; both zero means 900×700. Each must be
	// at least MinWidth×MinHeight.
	Width, Height int
	// Footer is a small line at the bottom, e.g. "DEMO data" or the data
	// citation.
	Footer string
	// Notes attaches fact ids and tooltips to each series' newest point
	// (the arrowhead): series is the position in the input slice and index
	// the point's position in its Tail.
	Notes Notes
}

// Default and minimum chart sizes in pixels.
const (
	DefaultWidth  = 900
	DefaultHeight = 700
	MinWidth      = 320
	MinHeight     = 260
	MaxSide       = 8000
)

// RotationSVG writes the relative-rotation chart of series as a standalone
// SVG document (which may also be inlined into HTML). Output is
// deterministic: the same input gives the same bytes.
func RotationSVG(w io.Writer, series []RotationSeries, o RotationOptions) error {
	o, err := o.normalized()
	if err != nil {
		return err
	}
	sc := layoutRotation(series, o, estimateWidth)
	if err := writeSVG(w, sc); err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chart.RotationSVG", err)
	}
	return nil
}

// RotationPNG writes the relative-rotation chart of series as a PNG image of
// Width×Height pixels. Chinese text needs a CJK font installed (see the
// package documentation); without one, labels keep only the characters the
// fallback font can draw.
func RotationPNG(w io.Writer, series []RotationSeries, o RotationOptions) error {
	o, err := o.normalized()
	if err != nil {
		return err
	}
	fs, err := systemFonts()
	if err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chart.RotationPNG", err)
	}
	return renderPNG(w, series, o, fs)
}

// normalized applies the default size and checks the options.
func (o RotationOptions) normalized() (RotationOptions, error) {
	var err error
	o.Width, o.Height, err = chartSize(o.Width, o.Height, DefaultWidth, DefaultHeight)
	return o, err
}

// cleanSeries drops points with a NaN or infinite coordinate and series
// left without a point. It keeps each surviving series' original index so
// colours stay tied to input order, and the original index of its newest
// point, for notes.
func cleanSeries(in []RotationSeries) (out []RotationSeries, index, last []int) {
	for i, s := range in {
		var tail []RotationPoint
		k := -1
		for j, p := range s.Tail {
			if finite(p.X) && finite(p.Y) {
				tail = append(tail, p)
				k = j
			}
		}
		if len(tail) == 0 {
			continue
		}
		out = append(out, RotationSeries{Label: s.Label, Tail: tail})
		index = append(index, i)
		last = append(last, k)
	}
	return out, index, last
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
