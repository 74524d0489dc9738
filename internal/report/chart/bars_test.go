package chart

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
)

// sampleFlows is 40 trading days of main-force net flows in 亿元, with a
// holiday gap, and their running total as the flows engine would give it.
func sampleFlows() (dates []time.Time, values, cumulative []float64) {
	dates = tradingDays(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), 40)
	values = make([]float64, len(dates))
	cumulative = make([]float64, len(dates))
	sum := 0.0
	for i := range dates {
		t := float64(i)
		values[i] = math.Round((4*math.Sin(t/4)+0.15*t-1.2)*100) / 100
		if i == 22 || i == 23 {
			values[i] = math.NaN() // no data
			cumulative[i] = math.NaN()
			continue
		}
		sum += values[i]
		cumulative[i] = sum
	}
	values[5] = 0 // a flat day is still a bar
	return dates, values, cumulative
}

func sampleFlowOptions() FlowOptions {
	return FlowOptions{
		Title:     "国防军工 主力资金净流入",
		Subtitle:  "daily, 2025-04-01 to 2025-05-26",
		Footer:    "DEMO data — not investment advice",
		Unit:      "亿元",
		BarLabel:  "主力净流入",
		LineLabel: "累计净流入",
		Lang:      Chinese,
		Notes: func(series, index int) Note {
			if series == FlowSeriesBars && index%2 == 1 {
				return Note{} // no fact for odd days: the default tooltip stays
			}
			return Note{Fact: fmt.Sprintf("F%d.%d", series, index), Tip: fmt.Sprintf("fact tip %d/%d", series, index)}
		},
	}
}

func TestFlowBarsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		cum  bool
		o    func() FlowOptions
	}{
		{"flows.golden.svg", true, sampleFlowOptions},
		{"flows-en.golden.svg", false, func() FlowOptions {
			return FlowOptions{Title: "ETF net creations", Unit: "CNY bn", Width: 640, Height: 320}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dates, values, cum := sampleFlows()
			if !tc.cum {
				cum = nil
			}
			var a, b bytes.Buffer
			if err := FlowBarsSVG(&a, dates, values, cum, tc.o()); err != nil {
				t.Fatal(err)
			}
			if err := FlowBarsSVG(&b, dates, values, cum, tc.o()); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two renderings of the same input differ")
			}
			checkGolden(t, tc.name, a.Bytes())
		})
	}
}

func TestFlowBarsStructure(t *testing.T) {
	dates, values, cum := sampleFlows()
	var buf bytes.Buffer
	if err := FlowBarsSVG(&buf, dates, values, cum, sampleFlowOptions()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.HasPrefix(out, "<?xml") || strings.Contains(out, "href") || strings.Contains(out, " id=") || strings.Contains(out, "NaN") {
		t.Error("SVG has a prolog, a reference, an id or a NaN")
	}
	root, el := parseSVG(t, buf.Bytes())
	if root.attr("class") != "sextant-chart flows" || root.attr("aria-label") != "国防军工 主力资金净流入" {
		t.Errorf("root class %q label %q", root.attr("class"), root.attr("aria-label"))
	}
	groups := seriesGroups(root)
	if len(groups) != 2 || groups[0].attr("class") != "series bars" || groups[1].attr("class") != "series cumulative" {
		t.Fatalf("series groups %v", groups)
	}
	bars := children(groups[0], "rect", "bar")
	if len(bars) != len(dates)-2 {
		t.Fatalf("%d bars, want %d (one per valid value)", len(bars), len(dates)-2)
	}
	// bars in date order, skipping the gap; colour by sign (red up in Chinese)
	k := 0
	var prevX float64
	for i, v := range values {
		if !finite(v) {
			continue
		}
		b := bars[k]
		k++
		wantClass, wantFill := "bar up", "#d62728"
		if v < 0 {
			wantClass, wantFill = "bar down", "#2ca02c"
		}
		if b.attr("class") != wantClass || b.attr("fill") != wantFill {
			t.Errorf("bar %d (%v): class %q fill %s", i, v, b.attr("class"), b.attr("fill"))
		}
		x := attrFloat(t, b, "x")
		if x <= prevX {
			t.Errorf("bar %d at x=%v is not right of the previous one", i, x)
		}
		prevX = x
		if h := attrFloat(t, b, "height"); h < 1 {
			t.Errorf("bar %d has height %v", i, h)
		}
		title, fact := titleOf(b), b.attr("data-fact")
		if i%2 == 0 {
			if title != fmt.Sprintf("fact tip 0/%d", i) || fact != fmt.Sprintf("F0.%d", i) {
				t.Errorf("bar %d: title %q fact %q", i, title, fact)
			}
		} else {
			want := "主力净流入 " + dates[i].Format("2006-01-02") + ": " + signed(v, 2) + " 亿元"
			if title != want || fact != "" {
				t.Errorf("bar %d: title %q fact %q, want %q and no fact", i, title, fact, want)
			}
		}
	}
	// bar heights are proportional to the values
	big, small := bars[0], bars[1]
	ratio := attrFloat(t, big, "height") / attrFloat(t, small, "height")
	if want := math.Abs(values[0] / values[1]); math.Abs(ratio-want) > 0.05*want {
		t.Errorf("height ratio %v, want %v", ratio, want)
	}
	// the cumulative line breaks at the gap: two runs, 22 and 16 points
	polys := children(groups[1], "polyline", "line")
	if len(polys) != 2 || len(strings.Fields(polys[0].attr("points"))) != 22 || len(strings.Fields(polys[1].attr("points"))) != 16 {
		t.Errorf("cumulative polylines %v", polys)
	}
	end := children(groups[1], "g", "end")
	if len(end) != 1 || end[0].attr("data-fact") != "F1.39" || titleOf(end[0]) != "fact tip 1/39" {
		t.Errorf("cumulative end mark %v", end)
	}
	if got := texts(children(end[0], "text", "end-label")); len(got) != 1 || got[0] != signed(cum[39], 1) {
		t.Errorf("end label %v, want %s", got, signed(cum[39], 1))
	}
	units := texts(withClass(el["text"], "unit"))
	if strings.Join(units, ",") != "亿元,亿元" {
		t.Errorf("unit labels %v", units)
	}
	ticks := texts(withClass(el["text"], "tick"))
	for _, want := range []string{"0", "-20", "4月7日", "5月26日"} {
		if !contains(ticks, want) {
			t.Errorf("ticks %v lack %q", ticks, want)
		}
	}
	// the zeros of both axes line up on the zero line
	zero := withClass(el["line"], "zero")
	if len(zero) != 1 {
		t.Fatal("want one zero line")
	}
	y0 := attrFloat(t, zero[0], "y1")
	var zeros []float64
	for _, tk := range withClass(el["text"], "tick") {
		if tk.Text == "0" {
			zeros = append(zeros, attrFloat(t, tk, "y")-4)
		}
	}
	if len(zeros) != 2 || math.Abs(zeros[0]-y0) > 0.1 || math.Abs(zeros[1]-y0) > 0.1 {
		t.Errorf("zero ticks at %v, zero line at %v", zeros, y0)
	}
	if legend := texts(withClass(el["text"], "legend-label")); strings.Join(legend, ",") != "主力净流入,累计净流入" {
		t.Errorf("legend %v", legend)
	}
}

func attrFloat(t *testing.T, n node, name string) float64 {
	t.Helper()
	var v float64
	if _, err := fmt.Sscan(n.attr(name), &v); err != nil {
		t.Fatalf("%s=%q: %v", name, n.attr(name), err)
	}
	return v
}

func TestFlowBarsDefaults(t *testing.T) {
	dates, values, _ := sampleFlows()
	var buf bytes.Buffer
	if err := FlowBarsSVG(&buf, dates, values, nil, FlowOptions{Unit: "CNY bn"}); err != nil {
		t.Fatal(err)
	}
	root, el := parseSVG(t, buf.Bytes())
	if len(seriesGroups(root)) != 1 {
		t.Error("no cumulative line was asked for")
	}
	bars := withClass(el["rect"], "bar")
	up := 2 // values[2] is positive and has no gap before it
	if !(values[up] > 0 && values[0] < 0) {
		t.Fatalf("sample changed: %v", values[:3])
	}
	// green up, red down in English
	want := "Net flow " + dates[up].Format("2006-01-02") + ": " + signed(values[up], 2) + " CNY bn"
	if bars[0].attr("fill") != "#d62728" || bars[up].attr("fill") != "#2ca02c" || titleOf(bars[up]) != want {
		t.Errorf("English default: fills %s, %s title %q, want %q", bars[0].attr("fill"), bars[up].attr("fill"), titleOf(bars[up]), want)
	}
	if strings.Contains(buf.String(), "data-fact") {
		t.Error("data-fact without Notes")
	}
	// red-up on request in English
	buf.Reset()
	if err := FlowBarsSVG(&buf, dates, values, nil, FlowOptions{Rise: RiseRed}); err != nil {
		t.Fatal(err)
	}
	_, el = parseSVG(t, buf.Bytes())
	if withClass(el["rect"], "bar")[up].attr("fill") != "#d62728" {
		t.Error("RiseRed did not colour positive bars red")
	}
}

func TestFlowBarsEmptyAndInvalid(t *testing.T) {
	var buf bytes.Buffer
	if err := FlowBarsSVG(&buf, nil, nil, nil, FlowOptions{}); err != nil {
		t.Fatal(err)
	}
	_, el := parseSVG(t, buf.Bytes())
	if got := texts(withClass(el["text"], "note")); len(got) != 1 || got[0] != "no data" {
		t.Errorf("note %v", got)
	}
	dates, values, cum := sampleFlows()
	for name, err := range map[string]error{
		"values":     FlowBarsSVG(&bytes.Buffer{}, dates, values[:3], nil, FlowOptions{}),
		"cumulative": FlowBarsSVG(&bytes.Buffer{}, dates, values, cum[:3], FlowOptions{}),
		"rise":       FlowBarsSVG(&bytes.Buffer{}, dates, values, nil, FlowOptions{Rise: 7}),
		"language":   FlowBarsSVG(&bytes.Buffer{}, dates, values, nil, FlowOptions{Lang: "de"}),
		"order":      FlowBarsSVG(&bytes.Buffer{}, []time.Time{dates[1], dates[0]}, values[:2], nil, FlowOptions{}),
	} {
		if sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("%s: err %v, want EINVALID", name, err)
		}
	}
}

// Many weekly bars over two years: every bar is drawn, ticks stay few.
func TestFlowBarsWeekly(t *testing.T) {
	var dates []time.Time
	var values []float64
	for i := range 104 {
		dates = append(dates, time.Date(2023, 6, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i))
		values = append(values, math.Sin(float64(i)/5)*30)
	}
	var buf bytes.Buffer
	if err := FlowBarsSVG(&buf, dates, values, nil, FlowOptions{Unit: "亿元", Lang: Chinese}); err != nil {
		t.Fatal(err)
	}
	_, el := parseSVG(t, buf.Bytes())
	if n := len(withClass(el["rect"], "bar")); n != 104 {
		t.Errorf("%d bars, want 104", n)
	}
	var dateTicks int
	for _, tk := range el["text"] {
		if tk.attr("class") == "tick date" {
			dateTicks++
		}
	}
	if dateTicks < 3 || dateTicks > 11 {
		t.Errorf("%d date ticks", dateTicks)
	}
}
