package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// checkTints asserts that most of a grid of pixels inside each quadrant
// (away from the axes) carries that quadrant's tint.
func checkTints(t *testing.T, img image.Image, f frame) {
	t.Helper()
	cx, cy := f.px(100), f.py(100)
	for _, q := range quadrants {
		x0, x1 := f.left, cx
		if q.right {
			x0, x1 = cx, f.right
		}
		y0, y1 := cy, f.bottom
		if q.top {
			y0, y1 = f.top, cy
		}
		hits, total := 0, 0
		for i := 1; i <= 5; i++ {
			for j := 1; j <= 5; j++ {
				x := x0 + (x1-x0)*(0.1+0.8*float64(i-1)/4)
				y := y0 + (y1-y0)*(0.1+0.8*float64(j-1)/4)
				total++
				if near(img.At(int(x), int(y)), q.tint, 4) {
					hits++
				}
			}
		}
		if hits*2 < total {
			t.Errorf("%s: %d of %d sampled pixels carry its tint %s", q.name, hits, total, q.tint.hex())
		}
	}
}

func near(c color.Color, want rgba, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(v uint32, w uint8) bool { x := int(v>>8) - int(w); return x >= -tol && x <= tol }
	return d(r, want.r) && d(g, want.g) && d(b, want.b)
}

func decodePNG(t *testing.T, data []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("PNG is %d×%d, want %d×%d", b.Dx(), b.Dy(), w, h)
	}
	return img
}

func TestRotationPNG(t *testing.T) {
	for _, tc := range []struct {
		name   string
		series []RotationSeries
		o      RotationOptions
	}{
		{"sample", sampleSeries(8), sampleOptions()},
		{"wide", sampleSeries(5), RotationOptions{Width: 1200, Height: 640, Title: "rotation"}},
		{"empty", nil, RotationOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := RotationPNG(&buf, tc.series, tc.o); err != nil {
				t.Fatal(err)
			}
			o, _ := tc.o.normalized()
			img := decodePNG(t, buf.Bytes(), o.Width, o.Height)
			checkTints(t, img, newFrame(tc.series, o))
			if tc.series != nil {
				// the head of the first series is drawn in its colour
				f := newFrame(tc.series, o)
				s := tc.series[0]
				p := s.Tail[len(s.Tail)-1]
				if !nearAround(img, f.px(p.X), f.py(p.Y), palette[0]) {
					t.Errorf("no pixel of colour %s near the head of %s", palette[0].hex(), s.Label)
				}
			}
		})
	}
}

// nearAround reports whether a pixel within 4 px of (x, y) has colour c.
func nearAround(img image.Image, x, y float64, c rgba) bool {
	for dx := -4; dx <= 4; dx++ {
		for dy := -4; dy <= 4; dy++ {
			if near(img.At(int(x)+dx, int(y)+dy), c, 12) {
				return true
			}
		}
	}
	return false
}

// Without a CJK font the PNG still renders, with labels cut to what the
// font can draw.
func TestRotationPNGFallbackFont(t *testing.T) {
	fs, err := fallbackFonts()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	o, _ := sampleOptions().normalized()
	if err := renderPNG(&buf, sampleSeries(6), o, fs); err != nil {
		t.Fatal(err)
	}
	checkTints(t, decodePNG(t, buf.Bytes(), 900, 700), newFrame(sampleSeries(6), o))

	for _, tc := range []struct{ in, want string }{
		{"801740.SI 国防军工", "801740.SI"},
		{"国防军工 (801740.SI)", "801740.SI"},
		{"申万一级行业 relative rotation vs 沪深300", "relative rotation vs 300"},
		{"DEMO data — not investment advice", "DEMO data — not investment advice"},
		{"国防军工", ""},
		{"", ""},
	} {
		if got := fs.fit(tc.in); got != tc.want {
			t.Errorf("fit(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := fitLabels([]RotationSeries{{Label: "国防军工"}, {Label: ""}, {Label: "A 股"}}, fs)
	if got[0].Label != "#1" || got[1].Label != "" || got[2].Label != "A" {
		t.Errorf("fitLabels = %q, %q, %q; want #1, empty, A", got[0].Label, got[1].Label, got[2].Label)
	}
}

// With a CJK font installed, labels are kept whole and measured with it.
func TestSystemFontsCJK(t *testing.T) {
	fs, err := systemFonts()
	if err != nil {
		t.Fatal(err)
	}
	if !fs.cjk {
		t.Skip("no CJK font installed (apt-get install fonts-noto-cjk)")
	}
	if got := fs.fit("801740.SI 国防军工"); got != "801740.SI 国防军工" {
		t.Errorf("fit changed a label to %q", got)
	}
	if w := fs.width("国防军工", 12, false); w < 44 || w > 52 {
		t.Errorf("4 CJK characters at 12 px measure %.1f px, want about 48", w)
	}
}

// TestWriteSamples writes sample charts for a visual check when
// CHART_SAMPLES names a directory:
//
//	CHART_SAMPLES=/tmp go test ./internal/report/chart -run Samples
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("CHART_SAMPLES")
	if dir == "" {
		t.Skip("set CHART_SAMPLES to a directory to write sample charts")
	}
	var p, s bytes.Buffer
	if err := RotationPNG(&p, sampleSeries(8), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	if err := RotationSVG(&s, sampleSeries(8), sampleOptions()); err != nil {
		t.Fatal(err)
	}
	fs, _ := fallbackFonts()
	var f bytes.Buffer
	o, _ := sampleOptions().normalized()
	if err := renderPNG(&f, sampleSeries(8), o, fs); err != nil {
		t.Fatal(err)
	}
	var d bytes.Buffer
	if err := RotationPNG(&d, denseSeries(), RotationOptions{Title: "31 个申万一级行业", Footer: "synthetic"}); err != nil {
		t.Fatal(err)
	}
	var ex, fl bytes.Buffer
	dates, lines := sampleLines()
	if err := ExcessLinesSVG(&ex, dates, lines, sampleLineOptions()); err != nil {
		t.Fatal(err)
	}
	fd, fv, fc := sampleFlows()
	if err := FlowBarsSVG(&fl, fd, fv, fc, sampleFlowOptions()); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"rotation.png": p.Bytes(), "rotation.svg": s.Bytes(), "rotation-fallback.png": f.Bytes(),
		"rotation-dense.png": d.Bytes(), "excess.svg": ex.Bytes(), "flows.svg": fl.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// denseSeries is 31 sectors crowded around the centre, a stress case for
// label placement.
func denseSeries() []RotationSeries {
	names := []string{"农林牧渔", "基础化工", "钢铁", "有色金属", "电子", "家用电器", "食品饮料", "纺织服饰", "轻工制造", "医药生物",
		"公用事业", "交通运输", "房地产", "商贸零售", "社会服务", "综合", "建筑材料", "建筑装饰", "电力设备", "国防军工",
		"计算机", "传媒", "通信", "银行", "非银金融", "汽车", "机械设备", "煤炭", "石油石化", "环保", "美容护理"}
	out := make([]RotationSeries, len(names))
	for i, n := range names {
		a := float64(i) * 2.39996 // golden angle
		r := 0.4 + 2.6*float64((i*7)%31)/31
		out[i].Label = "8010" + itoa(10+i*3) + ".SI " + n
		for k := range 6 {
			b := a + 0.25*float64(k)
			out[i].Tail = append(out[i].Tail, RotationPoint{X: 100 + r*math.Cos(-b), Y: 100 + r*0.8*math.Sin(-b)})
		}
	}
	return out
}

// The time-series scenes rasterise too: groups are drawn in place and
// dashed strokes stay dashed.
func TestDrawVGGroupsAndDashes(t *testing.T) {
	fs, err := fallbackFonts()
	if err != nil {
		t.Fatal(err)
	}
	sc := &scene{w: 100, h: 60, items: []item{
		{kind: kRect, pts: []pt{{0, 0}, {100, 60}}, fill: white},
		{kind: kGroup, class: "end", title: "t", children: []item{
			{kind: kCircle, pts: []pt{{20, 20}}, r: 6, fill: palette[0]},
		}},
		{kind: kLine, pts: []pt{{10, 45}, {90, 45}}, stroke: palette[1], width: 3, dash: "6 6"},
	}}
	c := vgimg.NewWith(vgimg.UseWH(vg.Points(sc.w), vg.Points(sc.h)), vgimg.UseDPI(72))
	drawVG(c, sc, fs)
	img := c.Image()
	if !near(img.At(20, 20), palette[0], 8) {
		t.Error("the grouped circle was not drawn")
	}
	red := 0
	for x := 10; x < 90; x++ {
		if near(img.At(x, 45), palette[1], 40) {
			red++
		}
	}
	if red < 25 || red > 55 {
		t.Errorf("%d of 80 pixels along the dashed line are red, want about half", red)
	}
	if d := dashes("6 4"); len(d) != 2 || d[0] != 6 || d[1] != 4 {
		t.Errorf("dashes = %v", d)
	}
	if dashes("x") != nil || dashes("") != nil {
		t.Error("a malformed or empty pattern should be solid")
	}
}
