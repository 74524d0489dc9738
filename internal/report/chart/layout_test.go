package chart

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
)

func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		dev, half, step float64
	}{
		{0, 6, 2},       // no data: as 4.5 → 4.95 → raw 1.65 → step 2 → 6
		{2.5, 3, 1},     // 2.75 → step 1 → 3
		{3.2, 4, 2},     // 3.52 → raw 1.17 → step 2 → 4
		{9, 10, 5},      // 9.9 → raw 3.3 → step 5 → 10
		{0.3, 0.4, 0.2}, // 0.33 → raw 0.11 → step 0.2 → 0.4
		{14, 20, 10},    // 15.4 → raw 5.13 → step 10 → 20
	} {
		half, step := limits(tc.dev)
		if math.Abs(half-tc.half) > 1e-9 || math.Abs(step-tc.step) > 1e-9 {
			t.Errorf("limits(%v) = %v, %v; want %v, %v", tc.dev, half, step, tc.half, tc.step)
		}
		if tc.dev > 0 && half < tc.dev*1.1-1e-9 {
			t.Errorf("limits(%v): half %v does not hold the padded deviation", tc.dev, half)
		}
	}
}

func TestTickText(t *testing.T) {
	for _, tc := range []struct {
		v, step float64
		want    string
	}{{102, 1, "102"}, {99.5, 0.5, "99.5"}, {100.2, 0.2, "100.2"}, {99.95, 0.05, "99.95"}, {90, 10, "90"}} {
		if got := tickText(tc.v, tc.step); got != tc.want {
			t.Errorf("tickText(%v, %v) = %q, want %q", tc.v, tc.step, got, tc.want)
		}
	}
}

// Every tail point maps inside the plot rectangle, on the right side of
// the crosshair.
func TestFrameHoldsEveryPoint(t *testing.T) {
	series := sampleSeries(8)
	series[0].Tail = append(series[0].Tail, RotationPoint{X: 91.3, Y: 112.8}) // an outlier
	o, err := sampleOptions().normalized()
	if err != nil {
		t.Fatal(err)
	}
	f := newFrame(series, o)
	for _, s := range series {
		for _, p := range s.Tail {
			x, y := f.px(p.X), f.py(p.Y)
			if x < f.left || x > f.right || y < f.top || y > f.bottom {
				t.Errorf("%s (%v, %v) → (%v, %v) outside the plot %+v", s.Label, p.X, p.Y, x, y, f)
			}
			if (p.X > 100) != (x > f.px(100)) || (p.Y > 100) != (y < f.py(100)) {
				t.Errorf("%s (%v, %v) is on the wrong side of the crosshair", s.Label, p.X, p.Y)
			}
		}
	}
	if f.xHalf < 8.7*1.1 || f.yHalf < 12.8*1.1 {
		t.Errorf("limits ±%v, ±%v do not pad the outlier", f.xHalf, f.yHalf)
	}
	if got := f.px(100); math.Abs(got-(f.left+f.right)/2) > 1e-9 {
		t.Errorf("x = 100 at %v, want the centre %v", got, (f.left+f.right)/2)
	}
}

func TestNaNPointsAndSeries(t *testing.T) {
	nan := math.NaN()
	series := []RotationSeries{
		{Label: "AAA", Tail: []RotationPoint{{X: 101, Y: 99}, {X: nan, Y: 100}, {X: 102, Y: math.Inf(1)}, {X: 102, Y: 101}}},
		{Label: "全NaN", Tail: []RotationPoint{{X: nan, Y: nan}, {X: nan, Y: 100}}},
		{Label: "empty"},
		{Label: "BBB", Tail: []RotationPoint{{X: 98, Y: 97}}},
	}
	var buf bytes.Buffer
	if err := RotationSVG(&buf, series, RotationOptions{}); err != nil {
		t.Fatal(err)
	}
	_, el := parseSVG(t, buf.Bytes())
	labels := texts(withClass(el["text"], "label"))
	if strings.Join(labels, ",") != "AAA,BBB" {
		t.Errorf("labels %v, want AAA and BBB only", labels)
	}
	tails := withClass(el["polyline"], "tail")
	if len(tails) != 1 || len(strings.Fields(tails[0].attr("points"))) != 2 {
		t.Fatalf("tails %+v, want one polyline through AAA's two valid points", tails)
	}
	// a single point has no direction: a dot, not an arrow
	if n, c := len(withClass(el["polygon"], "head")), len(withClass(el["circle"], "head")); n != 1 || c != 1 {
		t.Errorf("%d arrowheads and %d head dots, want 1 and 1", n, c)
	}
	if strings.Contains(buf.String(), "NaN") || strings.Contains(buf.String(), "Inf") {
		t.Error("SVG contains NaN or Inf")
	}
	// colours follow input order: BBB (input 3) keeps palette[3]
	heads := withClass(el["circle"], "head")
	if got := heads[0].attr("fill"); got != SeriesColor(3) {
		t.Errorf("BBB colour %s, want %s", got, SeriesColor(3))
	}
}

func TestEmptyInput(t *testing.T) {
	for name, series := range map[string][]RotationSeries{
		"nil":     nil,
		"all NaN": {{Label: "X", Tail: []RotationPoint{{X: math.NaN(), Y: 1}}}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RotationSVG(&buf, series, RotationOptions{Title: "t"}); err != nil {
				t.Fatal(err)
			}
			_, el := parseSVG(t, buf.Bytes())
			if n := len(withClass(el["rect"], "quadrant")); n != 4 {
				t.Errorf("%d quadrants, want 4", n)
			}
			if len(el["polyline"]) != 0 || len(el["polygon"]) != 0 || len(withClass(el["text"], "label")) != 0 {
				t.Error("empty input drew series")
			}
			if got := texts(withClass(el["text"], "note")); len(got) != 1 || got[0] != "no data" {
				t.Errorf("note %v, want no data", got)
			}
			ticks := texts(withClass(el["text"], "tick"))
			if !contains(ticks, "94") || !contains(ticks, "106") {
				t.Errorf("ticks %v, want 100 ± 6", ticks)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		w, h         int
		wantW, wantH string
		ok           bool
	}{
		{0, 0, "900", "700", true},
		{1200, 800, "1200", "800", true},
		{MinWidth, MinHeight, strconv.Itoa(MinWidth), strconv.Itoa(MinHeight), true},
		{-1, 700, "", "", false},
		{900, 0, "", "", false},
		{100, 100, "", "", false},
		{9000, 700, "", "", false},
	} {
		var buf bytes.Buffer
		err := RotationSVG(&buf, sampleSeries(3), RotationOptions{Width: tc.w, Height: tc.h})
		if !tc.ok {
			if sextant.ErrorCode(err) != sextant.EINVALID || buf.Len() != 0 {
				t.Errorf("%d×%d: err %v, %d bytes written; want EINVALID and nothing written", tc.w, tc.h, err, buf.Len())
			}
			if perr := RotationPNG(&buf, nil, RotationOptions{Width: tc.w, Height: tc.h}); sextant.ErrorCode(perr) != sextant.EINVALID {
				t.Errorf("PNG %d×%d: err %v, want EINVALID", tc.w, tc.h, perr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d×%d: %v", tc.w, tc.h, err)
		}
		root, _ := parseSVG(t, buf.Bytes())
		if root.attr("width") != tc.wantW || root.attr("height") != tc.wantH {
			t.Errorf("%d×%d: svg %s×%s", tc.w, tc.h, root.attr("width"), root.attr("height"))
		}
	}
}

// Labels are placed without overlapping each other or the quadrant names.
func TestLabelsDoNotOverlap(t *testing.T) {
	o, err := sampleOptions().normalized()
	if err != nil {
		t.Fatal(err)
	}
	sc := layoutRotation(sampleSeries(8), o, estimateWidth)
	var boxes []box
	for _, it := range sc.items {
		if it.class != "label" && it.class != "quadrant-label" {
			continue
		}
		w := estimateWidth(it.text, it.size, it.bold)
		x := it.pts[0].x
		switch it.anchor {
		case anchorEnd:
			x -= w
		case anchorMiddle:
			x -= w / 2
		}
		b := box{x, it.pts[0].y - it.size*0.8, x + w, it.pts[0].y + it.size*0.25}
		for _, o := range boxes {
			if b.overlap(o) > 1 {
				t.Errorf("label %q overlaps another by %.1f px²", it.text, b.overlap(o))
			}
		}
		boxes = append(boxes, b)
	}
	if len(boxes) != len(sectors)+4 {
		t.Errorf("%d label boxes, want %d", len(boxes), len(sectors)+4)
	}
}

func TestEstimateWidth(t *testing.T) {
	if w := estimateWidth("国防军工", 10, false); w != 40 {
		t.Errorf("4 CJK characters at 10px = %v, want 40", w)
	}
	if a, b := estimateWidth("801740.SI", 12, false), estimateWidth("801740.SI 国防军工", 12, false); !(a > 40 && a < 80 && b > a+48) {
		t.Errorf("widths %v, %v out of range", a, b)
	}
}
