package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
)

// headerHeight is the height the title and subtitle take from the top.
func headerHeight(title, subtitle string) float64 {
	top := 14.0
	if title != "" {
		top += 26
	}
	if subtitle != "" {
		top += 20
	}
	return top
}

// drawHeader writes the title and subtitle, left-aligned at x.
func drawHeader(sc *scene, x float64, title, subtitle string) {
	y := 14.0
	if title != "" {
		y += 22
		sc.add(item{kind: kText, class: "title", pts: []pt{{x, y}}, text: title, size: titleSize, bold: true, fill: textColor})
		y += 4
	}
	if subtitle != "" {
		y += 17
		sc.add(item{kind: kText, class: "subtitle", pts: []pt{{x, y}}, text: subtitle, size: subtitleSize, fill: mutedText})
	}
}

// footerHeight is the room the footer line needs at the bottom.
func footerHeight(footer string) float64 {
	if footer == "" {
		return 0
	}
	return 16
}

// drawFooter writes the footer line at the bottom, left-aligned at x.
func drawFooter(sc *scene, x float64, footer string) {
	if footer != "" {
		sc.add(item{kind: kText, class: "footer", pts: []pt{{x, sc.h - 10}}, text: footer, size: footerSize, fill: mutedText})
	}
}

// chartSize applies a default size and checks the bounds every chart
// shares.
func chartSize(w, h, defW, defH int) (int, int, error) {
	if w == 0 && h == 0 {
		return defW, defH, nil
	}
	if w < MinWidth || h < MinHeight || w > MaxSide || h > MaxSide {
		return w, h, sextant.Errorf(sextant.EINVALID, "chart size %d×%d: each side must be between %d×%d and %d pixels (0×0 = %d×%d)",
			w, h, MinWidth, MinHeight, MaxSide, defW, defH)
	}
	return w, h, nil
}

// Lang is the language of the texts a chart writes itself (date ticks, "no
// data", default legend labels); labels the caller passes are drawn as
// given.
type Lang string

// Languages.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// normalized returns the language, English when empty.
func (l Lang) normalized() (Lang, error) {
	switch l {
	case "", English:
		return English, nil
	case Chinese:
		return Chinese, nil
	}
	return l, sextant.Errorf(sextant.EINVALID, "chart language %q: want %q or %q", string(l), English, Chinese)
}

// pick returns en or zh by language.
func (l Lang) pick(en, zh string) string {
	if l == Chinese {
		return zh
	}
	return en
}

// Note is what a caller attaches to one figure a chart shows: the id of the
// fact behind it, written as the mark's data-fact attribute, and the
// tooltip text, written as its <title> (empty keeps the chart's own).
type Note struct {
	Fact string
	Tip  string
}

// Notes returns the note of point index of series. Each chart documents its
// numbering of series and points. A nil Notes adds no fact ids.
type Notes func(series, index int) Note

// note calls n if set.
func (n Notes) note(series, index int) Note {
	if n == nil {
		return Note{}
	}
	return n(series, index)
}

// apply sets the mark's fact id and, when the note has one, its tooltip.
func (n Note) apply(it *item) {
	it.fact = n.Fact
	if n.Tip != "" {
		it.title = n.Tip
	}
}

// signed formats v with dec decimals and an explicit sign: "+1.25",
// "-0.40", "0.00".
func signed(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" { // rounds to zero
		return strings.TrimPrefix(s, "-")
	}
	if v > 0 {
		return "+" + s
	}
	return s
}

// percent formats a fraction as a signed percentage: 0.1234 → "+12.34%".
func percent(v float64, dec int) string { return signed(v*100, dec) + "%" }

// decimalsFor is the number of decimals that tells ticks step apart.
func decimalsFor(step float64) int {
	dec := 0
	for s := step; s < 0.999 && dec < 6; s *= 10 {
		dec++
	}
	return dec
}

// dateText formats a date for tooltips; the zero date is empty.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// finiteRange returns the smallest and largest finite values of the slices;
// ok is false when there is none.
func finiteRange(vs ...[]float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	return lo, hi, lo <= hi
}
