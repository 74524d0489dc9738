package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// sectors are Shenwan level-1 sector indexes with planted rotation phases.
var sectors = []struct {
	label           string
	radius, phase   float64 // position on a clockwise circle around (100, 100)
	cx, cy, stretch float64
}{
	{"801740.SI 国防军工", 3.2, 0.6, 0.8, 0.4, 1},
	{"801750.SI 计算机", 2.4, 1.9, 0.5, -0.2, 1.1},
	{"801080.SI 电子", 1.8, 2.8, 0.2, 0.3, 0.9},
	{"801120.SI 食品饮料", 2.6, 4.1, -0.4, 0.1, 1},
	{"801780.SI 银行", 1.4, 3.6, 0.9, -0.5, 0.8},
	{"801150.SI 医药生物", 2.1, 5.2, -0.6, -0.3, 1.2},
	{"801730.SI 电力设备", 3.6, 5.9, -0.2, 0.2, 1},
	{"801180.SI 房地产", 2.9, 3.1, -1.2, -0.8, 0.9},
	{"801050.SI 有色金属", 1.6, 0.2, 1.1, 0.6, 1},
	{"801160.SI 公用事业", 1.2, 4.7, 0.3, -0.9, 1.3},
}

// sampleSeries builds weekly tails of n points that rotate clockwise, as
// sector rotations do (Improving → Leading → Weakening → Lagging).
func sampleSeries(n int) []RotationSeries {
	start := time.Date(2025, 4, 4, 0, 0, 0, 0, time.UTC)
	out := make([]RotationSeries, len(sectors))
	for i, s := range sectors {
		out[i].Label = s.label
		for k := range n {
			a := s.phase - 0.22*float64(k)
			r := s.radius * (0.8 + 0.2*float64(k)/float64(n))
			out[i].Tail = append(out[i].Tail, RotationPoint{
				Date: start.AddDate(0, 0, 7*k),
				X:    100 + s.cx + r*math.Cos(a)*s.stretch,
				Y:    100 + s.cy + r*math.Sin(a),
			})
		}
	}
	return out
}

func sampleOptions() RotationOptions {
	return RotationOptions{
		Title:    "申万一级行业 relative rotation vs 沪深300",
		Subtitle: "weekly, N = 14, tail 8 weeks, as of 2025-05-23",
		Footer:   "DEMO data — not investment advice",
	}
}

func TestRotationSVGGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := RotationSVG(&buf, sampleSeries(8), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "rotation.golden.svg")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/report/chart -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("SVG differs from %s; inspect and rerun with -update if intended", golden)
	}
	var again bytes.Buffer
	if err := RotationSVG(&again, sampleSeries(8), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same input differ")
	}
}

// node is a generic parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []node     `xml:",any"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// parseSVG decodes an SVG and returns the root and its elements by tag.
func parseSVG(t *testing.T, data []byte) (node, map[string][]node) {
	t.Helper()
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatalf("SVG is not well-formed XML: %v", err)
	}
	byTag := map[string][]node{}
	var walk func(n node)
	walk = func(n node) {
		for _, c := range n.Nodes {
			byTag[c.XMLName.Local] = append(byTag[c.XMLName.Local], c)
			walk(c)
		}
	}
	walk(root)
	return root, byTag
}

func withClass(nodes []node, class string) []node {
	var out []node
	for _, n := range nodes {
		if strings.Fields(n.attr("class"))[0] == class {
			out = append(out, n)
		}
	}
	return out
}

func texts(nodes []node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Text)
	}
	return out
}

func TestRotationSVGStructure(t *testing.T) {
	series := sampleSeries(8)
	var buf bytes.Buffer
	if err := RotationSVG(&buf, series, sampleOptions()); err != nil {
		t.Fatal(err)
	}
	root, el := parseSVG(t, buf.Bytes())
	if root.XMLName.Local != "svg" || root.attr("width") != "900" || root.attr("height") != "700" {
		t.Errorf("root = <%s width=%q height=%q>, want <svg 900×700>", root.XMLName.Local, root.attr("width"), root.attr("height"))
	}
	for _, f := range []string{"Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "sans-serif"} {
		if !strings.Contains(root.attr("font-family"), f) {
			t.Errorf("font-family %q lacks %q", root.attr("font-family"), f)
		}
	}
	quads := withClass(el["rect"], "quadrant")
	if len(quads) != 4 {
		t.Fatalf("%d quadrant rects, want 4", len(quads))
	}
	fills := map[string]string{"leading": "#e2f3e2", "weakening": "#fcf4d0", "lagging": "#fbe2e2", "improving": "#e0ebfa"}
	for _, q := range quads {
		name := strings.Fields(q.attr("class"))[1]
		if q.attr("fill") != fills[name] {
			t.Errorf("quadrant %s fill %s, want %s", name, q.attr("fill"), fills[name])
		}
	}
	if got := texts(withClass(el["text"], "quadrant-label")); strings.Join(got, ",") != "Leading,Weakening,Lagging,Improving" {
		t.Errorf("quadrant labels %v", got)
	}
	tails := withClass(el["polyline"], "tail")
	if len(tails) != len(series) {
		t.Errorf("%d tail polylines, want one per series (%d)", len(tails), len(series))
	}
	for _, tl := range tails {
		if n := len(strings.Fields(tl.attr("points"))); n != 8 {
			t.Errorf("tail has %d points, want 8", n)
		}
	}
	if heads := withClass(el["polygon"], "head"); len(heads) != len(series) {
		t.Errorf("%d arrowheads, want %d", len(heads), len(series))
	}
	labels := texts(withClass(el["text"], "label"))
	if len(labels) != len(series) {
		t.Errorf("labels %v, want %d", labels, len(series))
	}
	for _, want := range []string{"801740.SI 国防军工", "801120.SI 食品饮料"} {
		if !contains(labels, want) {
			t.Errorf("labels %v lack %q", labels, want)
		}
	}
	for _, class := range []string{"title", "subtitle", "footer"} {
		if len(withClass(el["text"], class)) != 1 {
			t.Errorf("no %s text", class)
		}
	}
	if got := withClass(el["text"], "title")[0].Text; got != sampleOptions().Title {
		t.Errorf("title %q", got)
	}
	if len(withClass(el["line"], "crosshair")) != 2 {
		t.Error("want two crosshair lines")
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Notes put fact ids and tooltips on each series' newest point, indexed by
// input series and by the point's position in its Tail (gaps included).
func TestRotationNotes(t *testing.T) {
	series := sampleSeries(6)
	series[2].Tail = append(series[2].Tail, RotationPoint{X: math.NaN(), Y: 100}) // a trailing gap
	o := sampleOptions()
	o.Notes = func(s, i int) Note {
		if s == 1 {
			return Note{Fact: "F-only"} // keeps the default tooltip
		}
		return Note{Fact: fmt.Sprintf("R%d", s), Tip: fmt.Sprintf("series %d point %d", s, i)}
	}
	var buf bytes.Buffer
	if err := RotationSVG(&buf, series, o); err != nil {
		t.Fatal(err)
	}
	_, el := parseSVG(t, buf.Bytes())
	heads := withClass(el["polygon"], "head")
	if len(heads) != len(series) {
		t.Fatalf("%d heads", len(heads))
	}
	for s, h := range heads {
		fact, title := h.attr("data-fact"), titleOf(h)
		switch s {
		case 1:
			if fact != "F-only" || !strings.HasPrefix(title, series[1].Label+"\n2025-05-09") {
				t.Errorf("head 1: fact %q title %q", fact, title)
			}
		default:
			if fact != fmt.Sprintf("R%d", s) || title != fmt.Sprintf("series %d point 5", s) {
				t.Errorf("head %d: fact %q title %q, want point 5 (the last valid)", s, fact, title)
			}
		}
	}
}
