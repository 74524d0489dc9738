package report

import (
	"bytes"
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report/chart"
)

// Series roles the HTML charts read (see docs/report-schema.md).
const (
	roleSector     = "sector"
	roleBenchmark  = "benchmark"
	roleExcess     = "excess"
	roleCumulative = "cumulative" // a bars chart's running total, drawn as a line
)

// chart writes a chart block: the inline SVG and its caption under it.
func (w *htmlWriter) chart(c *Chart) error {
	var svg bytes.Buffer
	var err error
	switch c.Kind {
	case ChartRotation:
		err = w.rotationSVG(&svg, c)
	case ChartLines:
		err = w.linesSVG(&svg, c)
	case ChartBars:
		err = w.barsSVG(&svg, c)
	default:
		return sextant.Errorf(sextant.EINVALID, "chart %q: unknown kind %q", c.Title, c.Kind)
	}
	if err != nil {
		return err
	}
	w.str(`<figure class="chart `, esc(c.Kind), `">`, "\n")
	w.b.Write(svg.Bytes())
	if c.Caption != "" {
		w.str("<figcaption>", w.inline(c.Caption), "</figcaption>\n")
	}
	w.str("</figure>\n")
	return nil
}

// chartLang is the language of the texts charts draw themselves.
func (w *htmlWriter) chartLang() chart.Lang {
	if w.zh() {
		return chart.Chinese
	}
	return chart.English
}

// footer is the small line under each chart.
func (w *htmlWriter) chartFooter() string {
	if w.r.Demo {
		return w.l.html.demoShort
	}
	return ""
}

// notes attaches to each point the model names a fact for its id and its
// provenance tooltip, under a first line from head (the series name and
// the point's date). series is indexed as the chart numbers its series.
func (w *htmlWriter) notes(series []*Series, head func(s, i int) string) chart.Notes {
	return func(s, i int) chart.Note {
		if s < 0 || s >= len(series) || series[s] == nil || i < 0 || i >= len(series[s].Facts) || series[s].Facts[i] == "" {
			return chart.Note{}
		}
		id := series[s].Facts[i]
		f, ok := w.rs.facts[id]
		if !ok {
			w.rs.broken = append(w.rs.broken, id)
			return chart.Note{}
		}
		return chart.Note{Fact: id, Tip: head(s, i) + "\n" + w.provenance(f)}
	}
}

// nameDate is a tooltip's first line: "国防军工 2026-11-20".
func nameDate(name string, d time.Time) string {
	if d.IsZero() {
		return name
	}
	return name + " " + date(d)
}

// rotationSVG draws the relative-rotation chart: one tail per series from
// X (RS-Ratio), Y (RS-Momentum) and Dates, newest last.
func (w *htmlWriter) rotationSVG(buf *bytes.Buffer, c *Chart) error {
	series := make([]chart.RotationSeries, len(c.Series))
	ptrs := make([]*Series, len(c.Series))
	for i := range c.Series {
		s := &c.Series[i]
		ptrs[i] = s
		n := min(len(s.X), len(s.Y))
		tail := make([]chart.RotationPoint, n)
		for j := range n {
			tail[j] = chart.RotationPoint{X: s.X[j], Y: s.Y[j]}
			if j < len(s.Dates) {
				tail[j].Date = s.Dates[j]
			}
		}
		series[i] = chart.RotationSeries{Label: s.Name, Tail: tail}
	}
	// the head states both coordinates, as the chart's own tooltip does
	head := func(s, i int) string {
		p := series[s].Tail[i]
		return nameDate(series[s].Label, p.Date) + fmt.Sprintf("\nRS-Ratio %.2f · RS-Momentum %.2f", p.X, p.Y)
	}
	return chart.RotationSVG(buf, series, chart.RotationOptions{
		Title: c.Title, Footer: w.chartFooter(), Notes: w.notes(ptrs, head),
	})
}

// lineKinds maps series roles to line styles; other roles are extra lines.
var lineKinds = map[string]chart.LineKind{
	roleSector: chart.LineSector, roleBenchmark: chart.LineBenchmark, roleExcess: chart.LineExcess,
}

// linesSVG draws cumulative returns (fractions) over the chart's dates.
func (w *htmlWriter) linesSVG(buf *bytes.Buffer, c *Chart) error {
	lines := make([]chart.Line, len(c.Series))
	ptrs := make([]*Series, len(c.Series))
	for i := range c.Series {
		s := &c.Series[i]
		ptrs[i] = s
		lines[i] = chart.Line{Label: s.Name, Kind: lineKinds[s.Role], Values: s.Values}
	}
	return chart.ExcessLinesSVG(buf, c.Dates, lines, chart.LineOptions{
		Title: c.Title, Footer: w.chartFooter(), Lang: w.chartLang(), Notes: w.notes(ptrs, w.chartHead(c, ptrs)),
	})
}

// barsSVG draws the first series that is not a running total as bars and,
// when the model gives one, the series with role "cumulative" as the
// running total line. The chart computes nothing: without a cumulative
// series there is no line. Values are scaled to the display unit of the
// chart's unit (亿元, CNY m, %, …), as evidence.Format would show them.
func (w *htmlWriter) barsSVG(buf *bytes.Buffer, c *Chart) error {
	var bars, cum *Series
	for i := range c.Series {
		s := &c.Series[i]
		switch {
		case s.Role == roleCumulative && cum == nil:
			cum = s
		case s.Role != roleCumulative && bars == nil:
			bars = s
		}
	}
	o := chart.FlowOptions{Title: c.Title, Footer: w.chartFooter(), Lang: w.chartLang(), Rise: w.o.Rise}
	var values, cumulative []float64
	if bars != nil {
		values = bars.Values
		o.BarLabel = bars.Name
	} else {
		values = make([]float64, len(c.Dates))
		for i := range values {
			values[i] = math.NaN()
		}
	}
	if cum != nil {
		cumulative = cum.Values
		o.LineLabel = cum.Name
	}
	div, unit := displayUnit(c.Unit, w.r.Lang, values, cumulative)
	o.Unit = unit
	flow := []*Series{chart.FlowSeriesBars: bars, chart.FlowSeriesCumulative: cum}
	o.Notes = w.notes(flow, w.chartHead(c, flow))
	return chart.FlowBarsSVG(buf, c.Dates, scaled(values, div), scaled(cumulative, div), o)
}

// chartHead is the tooltip head of point i of series s of a chart drawn
// over c.Dates.
func (w *htmlWriter) chartHead(c *Chart, series []*Series) func(s, i int) string {
	return func(s, i int) string {
		var d time.Time
		if i < len(c.Dates) {
			d = c.Dates[i]
		}
		return nameDate(series[s].Name, d)
	}
}

// magnitude is a display scale: values are divided by div and labelled.
type magnitude struct {
	div  float64
	unit string
}

// magnitudes lists the display scales of each unit by language, largest
// first, as evidence.Format picks them for one value.
var magnitudes = map[evidence.Unit][2][]magnitude{
	evidence.UnitCNY:    {{{1e9, "CNY bn"}, {1e6, "CNY m"}, {1, "CNY"}}, {{1e8, "亿元"}, {1e4, "万元"}, {1, "元"}}},
	evidence.UnitShares: {{{1e9, "bn units"}, {1e6, "m units"}, {1, "units"}}, {{1e8, "亿份"}, {1e4, "万份"}, {1, "份"}}},
	evidence.UnitPct:    {{{0.01, "%"}}, {{0.01, "%"}}},
	evidence.UnitPP:     {{{0.01, "pp"}}, {{0.01, "个百分点"}}},
}

// displayUnit picks the scale of a chart's values: the largest magnitude
// the largest absolute value reaches.
func displayUnit(u evidence.Unit, lang string, vs ...[]float64) (div float64, unit string) {
	ms, ok := magnitudes[u]
	if !ok {
		return 1, ""
	}
	scales := ms[0]
	if len(lang) >= 2 && lang[:2] == "zh" {
		scales = ms[1]
	}
	top := 0.0
	for _, v := range vs {
		for _, x := range v {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				top = math.Max(top, math.Abs(x))
			}
		}
	}
	for _, m := range scales {
		if top >= m.div {
			return m.div, m.unit
		}
	}
	last := scales[len(scales)-1]
	return last.div, last.unit
}

// scaled divides values by div into a new slice; nil stays nil.
func scaled(vs []float64, div float64) []float64 {
	if vs == nil {
		return nil
	}
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v / div
	}
	return out
}
