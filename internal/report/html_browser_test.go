package report

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/chromium"
	"github.com/sextant-ai/sextant/internal/evidence"
)

// The HTML report in a real browser: charts laid out, a hovered figure
// showing how it was computed, every reference link landing on its
// reference, and not one request made. A full-page screenshot of each
// language is saved under os.TempDir (and $SEXTANT_SCREENSHOT_DIR).
func TestHTMLInBrowser(t *testing.T) {
	if _, ok := chromium.Available(); !ok {
		t.Skip("no Chromium on PATH (Debian: apt-get install chromium)")
	}
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			r := readFixture(t, name)
			p, err := chromium.Open(ctx, renderHTML(t, r), chromium.Options{Width: 1280, Height: 900})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			browserCharts(ctx, t, r, p)
			browserHover(ctx, t, r, p)
			browserLinks(ctx, t, r, p)
			browserScreenshot(ctx, t, p, "sextant-report-"+name+".png")
			if b := p.Blocked(); len(b) != 0 {
				t.Errorf("the page requested %v", b)
			}
		})
	}
}

// browserCharts: one laid-out chart per chart block, each with a box of
// real size, and the inline style sheet applied (the page's CSP allows it).
func browserCharts(ctx context.Context, t *testing.T, r *Report, p *chromium.Page) {
	t.Helper()
	var boxes []struct{ W, H float64 }
	if err := p.Evaluate(ctx, `[...document.querySelectorAll("figure.chart > svg.sextant-chart")].map(s => {
		const b = s.getBoundingClientRect(); return {W: b.width, H: b.height}; })`, &boxes); err != nil {
		t.Fatal(err)
	}
	if len(boxes) != chartBlocks(r) {
		t.Errorf("%d charts in the DOM, want %d", len(boxes), chartBlocks(r))
	}
	for i, b := range boxes {
		if b.W < 300 || b.H < 150 {
			t.Errorf("chart %d is %.0f×%.0f px", i+1, b.W, b.H)
		}
	}
	var style struct{ Cursor, Border string }
	if err := p.Evaluate(ctx, `(() => { const s = getComputedStyle(document.querySelector("span.fact"));
		return {Cursor: s.cursor, Border: getComputedStyle(document.querySelector("h2")).borderBottomStyle}; })()`, &style); err != nil {
		t.Fatal(err)
	}
	if style.Cursor != "help" || style.Border != "solid" {
		t.Errorf("the inline style sheet is not applied: %+v", style)
	}
}

// browserHover moves the mouse over the first figure of the key findings
// and over the rotation chart's arrowhead: the page reacts to the hover
// and each tooltip states the fact's label, value and formula.
func browserHover(ctx context.Context, t *testing.T, r *Report, p *chromium.Page) {
	t.Helper()
	for _, sel := range []string{"#sec-key_findings span.fact", "svg.rotation [data-fact]"} {
		if err := p.Hover(ctx, sel); err != nil {
			t.Fatalf("hover %s: %v", sel, err)
		}
		var got struct {
			Hovered    bool
			Background string
			Fact, Tip  string
		}
		if err := p.Evaluate(ctx, `(() => { const el = document.querySelector(`+jsQuote(sel)+`);
			const tip = el.namespaceURI === "http://www.w3.org/2000/svg" ? (el.querySelector("title") || {}).textContent : el.getAttribute("title");
			return {Hovered: el.matches(":hover"), Background: getComputedStyle(el).backgroundColor,
				Fact: el.getAttribute("data-fact"), Tip: tip || ""}; })()`, &got); err != nil {
			t.Fatal(err)
		}
		if !got.Hovered {
			t.Errorf("%s: the element under the mouse is not hovered", sel)
		}
		if strings.HasPrefix(sel, "#") && got.Background != "rgb(255, 241, 184)" {
			t.Errorf("%s: hovered background %q, want the hover highlight", sel, got.Background)
		}
		f, ok := r.Fact(got.Fact)
		if !ok {
			t.Fatalf("%s: data-fact %q is not a fact of the report", sel, got.Fact)
		}
		label := f.Label
		if r.Lang == "zh" {
			label = f.LabelZH
		}
		for _, want := range []string{label, evidence.Format(f, r.Lang), f.Formula, f.Method} {
			if !strings.Contains(got.Tip, want) {
				t.Errorf("%s (%s): tooltip lacks %q:\n%s", sel, f.ID, want, got.Tip)
			}
		}
		t.Logf("hover %s → %s:\n%s", sel, f.ID, got.Tip)
	}
}

// browserLinks: every reference link and table-of-contents link has its
// target in the DOM, and the reference links cover the references.
func browserLinks(ctx context.Context, t *testing.T, r *Report, p *chromium.Page) {
	t.Helper()
	var links struct {
		Refs, Toc int
		Missing   []string
		Targets   []string
	}
	if err := p.Evaluate(ctx, `(() => {
		const refs = [...document.querySelectorAll("a.ref")], toc = [...document.querySelectorAll("nav.toc a")];
		const missing = [...refs, ...toc].map(a => a.getAttribute("href")).filter(h => !document.getElementById(h.slice(1)));
		const targets = [...new Set(refs.map(a => a.getAttribute("href")))].sort();
		return {Refs: refs.length, Toc: toc.length, Missing: missing, Targets: targets}; })()`, &links); err != nil {
		t.Fatal(err)
	}
	if len(links.Missing) != 0 {
		t.Errorf("links without a target: %v", links.Missing)
	}
	if links.Refs < 30 || links.Toc != len(r.Sections)+1 {
		t.Errorf("%d reference links, %d contents links; want ≥ 30 and %d", links.Refs, links.Toc, len(r.Sections)+1)
	}
	if len(links.Targets) < len(r.References)*3/4 {
		t.Errorf("reference links reach %d of %d references", len(links.Targets), len(r.References))
	}
	// Following a link lands on its reference.
	if err := p.Evaluate(ctx, `document.querySelector("a.ref").click()`, nil); err != nil {
		t.Fatal(err)
	}
	var target string
	if err := p.Evaluate(ctx, `(document.querySelector(":target") || {id: ""}).id`, &target); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(target, "ref-") {
		t.Errorf("after clicking a reference link the target is %q", target)
	}
}

// browserScreenshot saves a full-page PNG under os.TempDir and, when set,
// $SEXTANT_SCREENSHOT_DIR (CI keeps that directory as an artifact).
func browserScreenshot(ctx context.Context, t *testing.T, p *chromium.Page, file string) {
	t.Helper()
	if err := p.Evaluate(ctx, `window.scrollTo(0, 0)`, nil); err != nil {
		t.Fatal(err)
	}
	png, err := p.Screenshot(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot is not a PNG (%d bytes)", len(png))
	}
	dirs := []string{os.TempDir()}
	if d := os.Getenv("SEXTANT_SCREENSHOT_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(d, file)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("full-page screenshot: %s (%d bytes)", path, len(png))
	}
}

// jsQuote quotes a CSS selector as a JavaScript string literal.
func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
