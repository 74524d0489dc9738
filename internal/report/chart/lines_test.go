package chart

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
)

// tradingDays returns n weekdays from start.
func tradingDays(start time.Time, n int) []time.Time {
	var out []time.Time
	for d := start; len(out) < n; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			out = append(out, d)
		}
	}
	return out
}

// sampleLines is a six-month path of a sector rallying against a flat
// benchmark, the excess between them, an ETF that tracks the sector and a
// second ETF listed in March with a two-week suspension.
func sampleLines() ([]time.Time, []Line) {
	dates := tradingDays(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), 126)
	n := len(dates)
	sector, bench, excess := make([]float64, n), make([]float64, n), make([]float64, n)
	etf, etf2 := make([]float64, n), make([]float64, n)
	for i := range n {
		t := float64(i)
		sector[i] = 0.0018*t + 0.03*math.Sin(t/9) - 0.02*math.Sin(t/23)
		bench[i] = 0.0004*t + 0.015*math.Sin(t/11)
		excess[i] = sector[i] - bench[i]
		etf[i] = sector[i]*1.12 + 0.004*math.Sin(t/3)
		switch {
		case i < 45:
			etf2[i] = math.NaN() // not listed yet
		case i >= 80 && i < 90:
			etf2[i] = math.NaN() // suspended
		default:
			etf2[i] = (sector[i]-sector[45])*1.3 + 0.01*math.Cos(t/5)
		}
	}
	return dates, []Line{
		{Label: "801740.SI 国防军工", Kind: LineSector, Values: sector},
		{Label: "000300.SH 沪深300", Kind: LineBenchmark, Values: bench},
		{Label: "超额收益 excess", Kind: LineExcess, Values: excess},
		{Label: "512660.SH 军工ETF", Values: etf},
		{Label: "512810.SH 国防ETF", Values: etf2},
	}
}

func sampleLineOptions() LineOptions {
	return LineOptions{
		Title:    "国防军工 vs 沪深300: cumulative return",
		Subtitle: "daily, 126 trading days to 2025-06-26",
		Footer:   "DEMO data — not investment advice",
		Notes: func(series, index int) Note {
			return Note{Fact: fmt.Sprintf("F%d", 10+series), Tip: fmt.Sprintf("tip %d/%d", series, index)}
		},
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report/chart -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SVG differs from %s; inspect and rerun with -update if intended", golden)
	}
}

func TestExcessLinesGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    func() LineOptions
	}{
		{"excess.golden.svg", sampleLineOptions},
		{"excess-zh.golden.svg", func() LineOptions {
			o := sampleLineOptions()
			o.Lang, o.Notes, o.Width, o.Height = Chinese, nil, 640, 360
			return o
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dates, lines := sampleLines()
			var a, b bytes.Buffer
			if err := ExcessLinesSVG(&a, dates, lines, tc.o()); err != nil {
				t.Fatal(err)
			}
			if err := ExcessLinesSVG(&b, dates, lines, tc.o()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two renderings of the same input differ")
			}
			checkGolden(t, tc.name, a.Bytes())
		})
	}
}

// seriesGroups returns the <g class="series KIND"> groups in order.
func seriesGroups(root node) []node {
	var out []node
	var walk func(n node)
	walk = func(n node) {
		for _, c := range n.Nodes {
			if c.XMLName.Local == "g" && strings.HasPrefix(c.attr("class"), "series ") {
				out = append(out, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

// children returns the direct children of n named tag, optionally with a
// first class.
func children(n node, tag, class string) []node {
	var out []node
	for _, c := range n.Nodes {
		if c.XMLName.Local == tag && (class == "" || strings.Fields(c.attr("class"))[0] == class) {
			out = append(out, c)
		}
	}
	return out
}

func titleOf(n node) string {
	if t := children(n, "title", ""); len(t) > 0 {
		return t[0].Text
	}
	return ""
}

func TestExcessLinesStructure(t *testing.T) {
	dates, lines := sampleLines()
	var buf bytes.Buffer
	if err := ExcessLinesSVG(&buf, dates, lines, sampleLineOptions()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.HasPrefix(out, "<?xml") || strings.Contains(out, "href") || strings.Contains(out, "<script") ||
		strings.Contains(out, " id=") || strings.Contains(out, "url(") || strings.Contains(out, "NaN") {
		t.Error("SVG has a prolog, a reference, a script, an id or a NaN")
	}
	root, el := parseSVG(t, buf.Bytes())
	if root.attr("class") != "sextant-chart excess" || root.attr("width") != "900" || root.attr("height") != "460" {
		t.Errorf("root class %q size %s×%s", root.attr("class"), root.attr("width"), root.attr("height"))
	}
	if !strings.Contains(root.attr("font-family"), "Noto Sans CJK SC") {
		t.Errorf("font-family %q", root.attr("font-family"))
	}
	groups := seriesGroups(root)
	// drawn extras first, then benchmark, sector, excess
	var kinds []string
	for _, g := range groups {
		kinds = append(kinds, strings.Fields(g.attr("class"))[1])
	}
	if strings.Join(kinds, ",") != "extra,extra,benchmark,sector,excess" {
		t.Fatalf("series groups %v", kinds)
	}
	// input position of each group, in drawing order
	input := []int{3, 4, 1, 0, 2}
	for k, g := range groups {
		i := input[k]
		polys := children(g, "polyline", "line")
		wantPolys := 1
		if i == 4 {
			wantPolys = 2 // listed late (leading gap) and suspended: two runs
		}
		if len(polys) != wantPolys {
			t.Errorf("%s: %d polylines, want %d", lines[i].Label, len(polys), wantPolys)
		}
		points := 0
		for _, pl := range polys {
			points += len(strings.Fields(pl.attr("points")))
		}
		valid := 0
		for _, v := range lines[i].Values {
			if finite(v) {
				valid++
			}
		}
		if points != valid {
			t.Errorf("%s: %d points drawn, %d valid values", lines[i].Label, points, valid)
		}
		ends := children(g, "g", "end")
		if len(ends) != 1 {
			t.Fatalf("%s: %d end marks", lines[i].Label, len(ends))
		}
		last := len(dates) - 1
		if ends[0].attr("data-fact") != fmt.Sprintf("F%d", 10+i) || titleOf(ends[0]) != fmt.Sprintf("tip %d/%d", i, last) {
			t.Errorf("%s: end mark fact %q title %q", lines[i].Label, ends[0].attr("data-fact"), titleOf(ends[0]))
		}
		label := children(ends[0], "text", "end-label")
		if want := percent(lines[i].Values[last], 1); len(label) != 1 || label[0].Text != want {
			t.Errorf("%s: end label %v, want %s", lines[i].Label, texts(label), want)
		}
	}
	ticks := texts(withClass(el["text"], "tick"))
	for _, want := range []string{"Feb 2025", "Mar", "Jun", "0%", "+10%"} {
		if !contains(ticks, want) {
			t.Errorf("ticks %v lack %q", ticks, want)
		}
	}
	if len(withClass(el["line"], "zero")) != 1 {
		t.Error("want one zero line")
	}
	legend := texts(withClass(el["text"], "legend-label"))
	if len(legend) != len(lines) || legend[0] != lines[0].Label {
		t.Errorf("legend %v", legend)
	}
	if dash := withClass(el["line"], "swatch")[1].attr("stroke-dasharray"); dash != "6 4" {
		t.Errorf("benchmark swatch dash %q", dash)
	}
}

// Without Notes each newest point still has a tooltip naming the line, the
// date and the value, and no data-fact.
func TestExcessLinesDefaultTooltips(t *testing.T) {
	dates, lines := sampleLines()
	var buf bytes.Buffer
	if err := ExcessLinesSVG(&buf, dates, lines, LineOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "data-fact") {
		t.Error("data-fact without Notes")
	}
	root, _ := parseSVG(t, buf.Bytes())
	g := seriesGroups(root)[3] // the sector
	end := children(g, "g", "end")[0]
	want := "801740.SI 国防军工 2025-06-26: " + percent(lines[0].Values[125], 2)
	if got := titleOf(end); got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
}

func TestExcessLinesGaps(t *testing.T) {
	nan := math.NaN()
	dates := tradingDays(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 9)
	lines := []Line{
		{Label: "A", Kind: LineSector, Values: []float64{0, 0.01, nan, 0.02, nan, nan, 0.03, 0.04, nan}},
		{Label: "gap only", Kind: LineBenchmark, Values: []float64{nan, nan, nan, nan, nan, nan, nan, nan, nan}},
		{Label: "inf", Values: []float64{math.Inf(1), 0.01, 0.02, math.Inf(-1), 0, 0, 0, 0, 0}},
	}
	var buf bytes.Buffer
	if err := ExcessLinesSVG(&buf, dates, lines, LineOptions{}); err != nil {
		t.Fatal(err)
	}
	root, _ := parseSVG(t, buf.Bytes())
	groups := seriesGroups(root) // extra (inf), benchmark (all NaN), sector (A)
	a := groups[2]
	// runs: [0 1] line, [3] dot, [6 7] line
	if n, d := len(children(a, "polyline", "line")), len(children(a, "circle", "point")); n != 2 || d != 1 {
		t.Errorf("A: %d polylines and %d dots, want 2 and 1", n, d)
	}
	if len(groups[1].Nodes) != 0 {
		t.Errorf("the all-NaN line drew %d marks", len(groups[1].Nodes))
	}
	inf := groups[0]
	if n := len(children(inf, "polyline", "line")); n != 2 {
		t.Errorf("inf: %d polylines, want 2", n)
	}
	end := children(a, "g", "end")
	if len(end) != 1 || !strings.Contains(titleOf(end[0]), "2025-03-12: +4.00%") {
		t.Errorf("A's end mark should be the last valid point (2025-03-12, +4%%): %v", end)
	}
	if strings.Contains(buf.String(), "NaN") || strings.Contains(buf.String(), "Inf") {
		t.Error("SVG contains NaN or Inf")
	}
}

func TestExcessLinesEmpty(t *testing.T) {
	for name, tc := range map[string]struct {
		dates []time.Time
		lines []Line
	}{
		"no dates": {nil, []Line{{Label: "A", Kind: LineSector}}},
		"no lines": {tradingDays(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 5), nil},
		"one date": {[]time.Time{time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)}, []Line{{Label: "A", Values: []float64{math.NaN()}}}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ExcessLinesSVG(&buf, tc.dates, tc.lines, LineOptions{Lang: Chinese}); err != nil {
				t.Fatal(err)
			}
			_, el := parseSVG(t, buf.Bytes())
			if got := texts(withClass(el["text"], "note")); len(got) != 1 || got[0] != "无数据" {
				t.Errorf("note %v", got)
			}
			if strings.Contains(buf.String(), "NaN") {
				t.Error("NaN in SVG")
			}
		})
	}
	// a single valid point is a dot with its end mark
	var buf bytes.Buffer
	one := []time.Time{time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)}
	if err := ExcessLinesSVG(&buf, one, []Line{{Label: "A", Kind: LineSector, Values: []float64{0.05}}}, LineOptions{}); err != nil {
		t.Fatal(err)
	}
	_, el := parseSVG(t, buf.Bytes())
	if len(withClass(el["circle"], "point")) != 1 || len(withClass(el["g"], "end")) != 1 {
		t.Error("a single point should be a dot with an end mark")
	}
}

func TestExcessLinesInvalid(t *testing.T) {
	dates, lines := sampleLines()
	short := append([]Line(nil), lines...)
	short[1].Values = short[1].Values[:10]
	back := append([]time.Time(nil), dates...)
	back[5], back[6] = back[6], back[5]
	for name, err := range map[string]error{
		"length":   ExcessLinesSVG(&bytes.Buffer{}, dates, short, LineOptions{}),
		"order":    ExcessLinesSVG(&bytes.Buffer{}, back, lines, LineOptions{}),
		"kind":     ExcessLinesSVG(&bytes.Buffer{}, dates, []Line{{Kind: 9, Values: lines[0].Values}}, LineOptions{}),
		"language": ExcessLinesSVG(&bytes.Buffer{}, dates, lines, LineOptions{Lang: "fr"}),
		"size":     ExcessLinesSVG(&bytes.Buffer{}, dates, lines, LineOptions{Width: 100, Height: 100}),
	} {
		if sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("%s: err %v, want EINVALID", name, err)
		}
	}
}

func TestDateTicks(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	labels := func(ts []dateTick) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.label)
		}
		return strings.Join(s, ",")
	}
	half := tradingDays(day(1, 2), 126)
	for _, tc := range []struct {
		name  string
		dates []time.Time
		max   int
		lang  Lang
		want  string
	}{
		{"months", half, 10, English, "Feb 2025,Mar,Apr,May,Jun"},
		{"months zh", half, 10, Chinese, "2025年2月,3月,4月,5月,6月"},
		{"two months", half, 3, English, "Mar 2025,May"},
		{"weeks", tradingDays(day(3, 3), 20), 6, English, "Mar 10,Mar 17,Mar 24"},
		{"days", tradingDays(day(3, 3), 5), 3, Chinese, "3月3日,3月5日,3月7日"},
		{"years", tradingDays(day(1, 2), 800), 4, English, "Jan 2026,Jan 2027,Jan 2028"},
		{"none", nil, 5, English, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := labels(dateTicks(tc.dates, tc.max, tc.lang)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestZeroScale(t *testing.T) {
	for _, tc := range []struct {
		lo, hi   float64
		neg, pos int
		step     float64
	}{
		{-0.02, 0.18, 1, 4, 0.05}, // span 0.21 → raw 0.042 → 0.05
		{0.01, 0.03, 0, 4, 0.01},  // zero included: 0..0.0315
		{-5, -1, 3, 0, 2},         // 0..-5.25 → raw 1.05 → 2
		{0, 0, 3, 3, 0.5},         // flat: ±1 padded → raw 0.42 → 0.5
	} {
		neg, pos, step := zeroScale(tc.lo, tc.hi, 5, 1)
		if neg != tc.neg || pos != tc.pos || math.Abs(step-tc.step) > 1e-12 {
			t.Errorf("zeroScale(%v, %v) = %d, %d, %v; want %d, %d, %v", tc.lo, tc.hi, neg, pos, step, tc.neg, tc.pos, tc.step)
		}
		if float64(pos)*step < tc.hi || -float64(neg)*step > tc.lo {
			t.Errorf("zeroScale(%v, %v) does not hold the range", tc.lo, tc.hi)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{percent(0.1234, 2), "+12.34%"}, {percent(-0.05, 0), "-5%"}, {percent(0, 1), "0.0%"},
		{percent(-0.00001, 1), "0.0%"}, {signed(12.345, 1), "+12.3"}, {signed(-3, 2), "-3.00"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
