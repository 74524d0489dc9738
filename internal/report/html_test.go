package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtures are real sector reports composed on the demo store (copies of
// internal/compose/testdata, so that these goldens change only when the
// renderer does).
var fixtures = []string{"defense_en", "defense_zh"}

func readFixture(t *testing.T, name string) *Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ReadJSON(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func renderHTML(t *testing.T, r *Report) []byte {
	t.Helper()
	b, err := HTML(r, HTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTMLGolden(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			r := readFixture(t, name)
			got := renderHTML(t, r)
			if again := renderHTML(t, r); !bytes.Equal(got, again) {
				t.Fatal("two renderings of the same report differ")
			}
			path := filepath.Join("testdata", name+".html")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("HTML differs from %s (run go test -update and review the diff)", path)
			}
		})
	}
}

// page is a parsed HTML page with helpers over its elements.
type page struct {
	root  *html.Node
	elems []*html.Node
}

func parsePage(t *testing.T, b []byte) *page {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	p := &page{root: root}
	for n := range root.Descendants() {
		if n.Type == html.ElementNode {
			p.elems = append(p.elems, n)
		}
	}
	return p
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func hasClass(n *html.Node, class string) bool {
	v, _ := attr(n, "class")
	return strings.Contains(" "+v+" ", " "+class+" ")
}

// text is the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// inside reports whether n has an ancestor that matches.
func inside(n *html.Node, match func(*html.Node) bool) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		if match(a) {
			return true
		}
	}
	return false
}

func chartBlocks(r *Report) int {
	n := 0
	for _, s := range r.Sections {
		for _, b := range s.Blocks {
			if b.Kind == BlockChart {
				n++
			}
		}
	}
	return n
}

func TestHTMLStructure(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			r := readFixture(t, name)
			p := parsePage(t, renderHTML(t, r))
			ids := map[string]int{}
			for _, n := range p.elems {
				if id, ok := attr(n, "id"); ok {
					ids[id]++
				}
			}
			for id, k := range ids {
				if k > 1 {
					t.Errorf("id %q is used %d times", id, k)
				}
			}
			checkFacts(t, r, p)
			checkLinks(t, r, p, ids)
			checkNoRequests(t, p)
			checkCharts(t, r, p)
			checkHeader(t, r, p)
		})
	}
}

// checkFacts: every data-fact names a fact of the report, every fact span
// shows the fact's formatted value and carries its provenance, and every
// fact the prose uses is shown.
func checkFacts(t *testing.T, r *Report, p *page) {
	t.Helper()
	shown := map[string]bool{}
	spans := 0
	for _, n := range p.elems {
		id, ok := attr(n, "data-fact")
		if !ok {
			continue
		}
		f, ok := r.Fact(id)
		if !ok {
			t.Errorf("<%s data-fact=%q>: no such fact in the report", n.Data, id)
			continue
		}
		shown[id] = true
		if n.DataAtom != atom.Span {
			continue // chart marks are checked in checkCharts
		}
		spans++
		if !hasClass(n, "fact") {
			t.Errorf("fact span %s lacks class fact", id)
		}
		if got, want := text(n), evidence.Format(f, r.Lang); got != want {
			t.Errorf("fact span %s shows %q, want %q", id, got, want)
		}
		title, _ := attr(n, "title")
		label := f.Label
		if r.Lang == "zh" {
			label = f.LabelZH
		}
		for _, want := range []string{label, evidence.Format(f, r.Lang), f.Formula, f.Method, f.Detail, date(f.AsOf)} {
			if !strings.Contains(title, want) {
				t.Errorf("fact %s: tooltip lacks %q:\n%s", id, want, title)
			}
		}
		for _, in := range f.Inputs {
			if !strings.Contains(title, string(in.Dataset)) || len(in.Runs) > 0 && !strings.Contains(title, runList(in.Runs)) {
				t.Errorf("fact %s: tooltip lacks input %s runs %v:\n%s", id, in.Dataset, in.Runs, title)
			}
		}
	}
	used := map[string]bool{}
	markup := []string{}
	for _, s := range r.Sections {
		for _, b := range s.Blocks {
			markup = append(markup, b.Text)
			markup = append(markup, b.Items...)
			if b.Table != nil {
				markup = append(markup, b.Table.Caption, b.Table.Source)
				for _, row := range b.Table.Rows {
					markup = append(markup, row...)
				}
			}
			if b.Chart != nil {
				markup = append(markup, b.Chart.Caption)
			}
		}
	}
	for _, m := range append(markup, r.Assumptions...) {
		for _, tok := range Tokens(m) {
			if tok.Fact != "" {
				used[tok.Fact] = true
			}
		}
	}
	for id := range used {
		if !shown[id] {
			t.Errorf("fact %s is used in the report but not shown", id)
		}
	}
	if spans < 200 {
		t.Errorf("%d fact spans, want ≥ 200 in the fixture", spans)
	}
}

// checkLinks: every in-page link has a target; reference links point to
// their reference.
func checkLinks(t *testing.T, r *Report, p *page, ids map[string]int) {
	t.Helper()
	refs := 0
	for _, n := range p.elems {
		href, ok := attr(n, "href")
		if !ok || !strings.HasPrefix(href, "#") {
			continue
		}
		if ids[href[1:]] == 0 {
			t.Errorf("link %q has no target", href)
		}
		if hasClass(n, "ref") {
			refs++
			if !regexp.MustCompile(`^#ref-\d+$`).MatchString(href) || text(n) != "["+strings.TrimPrefix(href, "#ref-")+"]" {
				t.Errorf("reference link %q shows %q", href, text(n))
			}
		}
	}
	if refs < 30 {
		t.Errorf("%d reference links, want ≥ 30", refs)
	}
	for _, ref := range r.References {
		if ids["ref-"+strconv.Itoa(ref.N)] != 1 {
			t.Errorf("reference %d (%s) has no anchor", ref.N, ref.ID)
		}
	}
}

// checkNoRequests: nothing on the page makes the browser fetch anything.
// The only absolute URLs are the cited documents' addresses, as links in
// the references that a reader may follow (a click, never a load).
func checkNoRequests(t *testing.T, p *page) {
	t.Helper()
	remote := regexp.MustCompile(`(?i)^\s*(https?:)?//`)
	csp := false
	for _, n := range p.elems {
		switch n.DataAtom {
		case atom.Script, atom.Link, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Base, atom.Video, atom.Audio, atom.Source, atom.Form:
			t.Errorf("page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			switch {
			case a.Key == "src" || a.Key == "srcset" || a.Key == "xlink:href" || a.Key == "action" || a.Key == "poster":
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			case a.Key == "style" && strings.Contains(a.Val, "url("):
				t.Errorf("<%s style=%q> loads a URL", n.Data, a.Val)
			case a.Key == "href" && remote.MatchString(a.Val):
				rel, _ := attr(n, "rel")
				if n.DataAtom != atom.A || !hasClass(n, "url") || !strings.Contains(rel, "noreferrer") ||
					!inside(n, func(a *html.Node) bool { return hasClass(a, "references") }) {
					t.Errorf("<%s href=%q> outside the references' document links", n.Data, a.Val)
				}
			case a.Key == "href" && !strings.HasPrefix(a.Val, "#") && !remote.MatchString(a.Val):
				t.Errorf("<%s href=%q>: neither in-page nor a document link", n.Data, a.Val)
			}
		}
		if n.DataAtom == atom.Style {
			css := text(n)
			for _, bad := range []string{"url(", "@import", "@font-face"} {
				if strings.Contains(css, bad) {
					t.Errorf("style sheet contains %q", bad)
				}
			}
		}
		if n.DataAtom == atom.Meta {
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "Content-Security-Policy") {
				if c, _ := attr(n, "content"); !strings.HasPrefix(c, "default-src 'none';") {
					t.Errorf("CSP %q does not start with default-src 'none'", c)
				}
				csp = true
			}
		}
	}
	if !csp {
		t.Error("no Content-Security-Policy meta element")
	}
}

// checkCharts: one inline SVG per chart block, in order, each sized and
// with its kind; figures carry fact ids whose tooltips tell their
// provenance.
func checkCharts(t *testing.T, r *Report, p *page) {
	t.Helper()
	var svgs []*html.Node
	for _, n := range p.elems {
		if n.DataAtom == atom.Svg {
			svgs = append(svgs, n)
		}
	}
	if want := chartBlocks(r); len(svgs) != want || want == 0 {
		t.Fatalf("%d <svg> elements, want %d (one per chart block)", len(svgs), want)
	}
	var kinds []string
	for _, s := range r.Sections {
		for _, b := range s.Blocks {
			if b.Kind == BlockChart {
				kinds = append(kinds, map[string]string{ChartRotation: "rotation", ChartLines: "excess", ChartBars: "flows"}[b.Chart.Kind])
			}
		}
	}
	for i, svg := range svgs {
		if !hasClass(svg, "sextant-chart") || !hasClass(svg, kinds[i]) {
			c, _ := attr(svg, "class")
			t.Errorf("chart %d has class %q, want sextant-chart %s", i+1, c, kinds[i])
		}
		if svg.Parent.DataAtom != atom.Figure || !hasClass(svg.Parent, "chart") {
			t.Errorf("chart %d is not in a figure.chart", i+1)
		}
	}
	// the rotation head and the newest points of the lines name their facts
	for _, id := range []string{"F26", "F30", "F31", "F32"} {
		f, _ := r.Fact(id)
		found := false
		for _, n := range p.elems {
			if v, _ := attr(n, "data-fact"); v == id && inside(n, func(a *html.Node) bool { return a.DataAtom == atom.Svg }) {
				found = true
				tip := ""
				for c := range n.Descendants() {
					if c.DataAtom == atom.Title {
						tip = text(c)
						break
					}
				}
				if !strings.Contains(tip, f.Formula) || !strings.Contains(tip, evidence.Format(f, r.Lang)) {
					t.Errorf("chart mark %s: tooltip %q lacks the fact's formula or value", id, tip)
				}
			}
		}
		if !found {
			t.Errorf("no chart mark carries fact %s", id)
		}
	}
}

func checkHeader(t *testing.T, r *Report, p *page) {
	t.Helper()
	l := labelsFor(r.Lang)
	var h1, demo, health, title string
	for _, n := range p.elems {
		switch {
		case n.DataAtom == atom.H1:
			h1 = text(n)
		case n.DataAtom == atom.Title && !inside(n, func(a *html.Node) bool { return a.DataAtom == atom.Svg }):
			title = text(n)
		case hasClass(n, "demo"):
			demo = text(n)
		case hasClass(n, "health"):
			health = text(n)
		}
	}
	if h1 != r.Title || title != r.Title {
		t.Errorf("h1 %q, title %q, want %q", h1, title, r.Title)
	}
	if demo != l.demo {
		t.Errorf("DEMO banner %q, want %q", demo, l.demo)
	}
	for _, want := range []string{l.health, "bars " + l.status["fresh"] + " (2026-11-20)", "documents"} {
		if !strings.Contains(health, want) {
			t.Errorf("health line %q lacks %q", health, want)
		}
	}
}

// A report whose text is hostile renders inert: everything is escaped,
// and a document URL that is not http(s) is shown, never linked.
func TestHTMLEscapes(t *testing.T) {
	r := readFixture(t, "defense_en")
	r.Title = `<script>alert("t")</script> & "quotes"`
	r.Sections[0].Title = `</h2><img src=x onerror=alert(1)>`
	r.Sections[0].Blocks = append(r.Sections[0].Blocks, Block{Kind: BlockParagraph, Text: `<b>bold</b> {{F1}} [[D1]] {{F99999}}`})
	r.Facts[0].Label = `"><script>alert(2)</script>`
	for i := range r.References {
		if c := r.References[i].Citation; c != nil {
			c.URL = "javascript:alert(3)"
			c.Quote = `</q><script>alert(4)</script>`
			break
		}
	}
	b := renderHTML(t, r)
	p := parsePage(t, b)
	for _, n := range p.elems {
		switch n.DataAtom {
		case atom.Script, atom.Img, atom.B:
			t.Errorf("hostile text became a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || strings.Contains(strings.ToLower(a.Val), "javascript:") && a.Key == "href" {
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;", "&lt;b&gt;bold&lt;/b&gt;", "[?F99999]", `<span class="url">javascript:alert(3)</span>`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestHTMLBarsCumulativeAndUnits(t *testing.T) {
	dates := []time.Time{time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)}
	fact := evidence.Fact{ID: "F1", Key: "k", Value: 3.5e8, Unit: evidence.UnitCNY, Signed: true, Decimals: 2, Label: "Net flow, 3-day sum", LabelZH: "净流入近3日合计", AsOf: dates[2], Formula: "main_net_flow"}
	for _, tt := range []struct {
		lang, unit, tick string
	}{
		{"zh", "亿元", "+2.00 亿元"},
		{"en", "CNY m", "+200.00 CNY m"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			r := &Report{Schema: Schema, Lang: tt.lang, Title: "t", AsOf: dates[2], Facts: []evidence.Fact{fact},
				Sections: []Section{{ID: "flows", Title: "Flows", Blocks: []Block{{Kind: BlockChart, Chart: &Chart{
					Kind: ChartBars, Title: "Flow", Unit: evidence.UnitCNY, Dates: dates,
					Series: []Series{
						{Name: "cum", Role: "cumulative", Values: Floats{1.0e8, 3.0e8, 3.5e8}, Facts: []string{"", "", "F1"}},
						{Name: "Net flow", Role: "sector", Values: Floats{1.0e8, 2.0e8, 0.5e8}},
					}}}}}}}
			b, err := HTML(r, HTMLOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, want := range []string{`class="series cumulative"`, `data-fact="F1"`, ">" + tt.unit + "<", "Net flow 2026-11-19: " + tt.tick} {
				if !strings.Contains(s, want) {
					t.Errorf("bars chart lacks %q", want)
				}
			}
			if n := strings.Count(s, `class="bar up"`); n != 3 {
				t.Errorf("%d bars, want 3", n)
			}
		})
	}
}

func TestDisplayUnit(t *testing.T) {
	tests := []struct {
		u    evidence.Unit
		lang string
		vs   []float64
		div  float64
		unit string
	}{
		{evidence.UnitCNY, "zh", []float64{-3e8, 1e7}, 1e8, "亿元"},
		{evidence.UnitCNY, "zh", []float64{7.9e7, math.NaN()}, 1e4, "万元"},
		{evidence.UnitCNY, "en", []float64{7.9e7}, 1e6, "CNY m"},
		{evidence.UnitCNY, "en", []float64{-2e9, math.Inf(1)}, 1e9, "CNY bn"},
		{evidence.UnitCNY, "en", nil, 1, "CNY"},
		{evidence.UnitShares, "zh", []float64{5e4}, 1e4, "万份"},
		{evidence.UnitPct, "en", []float64{0.12}, 0.01, "%"},
		{evidence.UnitPP, "zh", []float64{0.12}, 0.01, "个百分点"},
		{evidence.UnitScore, "en", []float64{70}, 1, ""},
	}
	for _, tt := range tests {
		div, unit := displayUnit(tt.u, tt.lang, tt.vs)
		if div != tt.div || unit != tt.unit {
			t.Errorf("displayUnit(%s, %s, %v) = %g %q, want %g %q", tt.u, tt.lang, tt.vs, div, unit, tt.div, tt.unit)
		}
	}
}

func TestHTMLErrors(t *testing.T) {
	base := func() *Report { return readFixture(t, "defense_en") }
	chartOf := func(r *Report, kind string) *Chart {
		for _, s := range r.Sections {
			for _, b := range s.Blocks {
				if b.Chart != nil && b.Chart.Kind == kind {
					return b.Chart
				}
			}
		}
		t.Fatalf("no %s chart", kind)
		return nil
	}
	tests := []struct {
		name   string
		mutate func(r *Report)
		o      HTMLOptions
		want   string
	}{
		{"line values", func(r *Report) { c := chartOf(r, ChartLines); c.Series[0].Values = c.Series[0].Values[1:] }, HTMLOptions{}, "values for"},
		{"bar dates", func(r *Report) { c := chartOf(r, ChartBars); c.Dates = c.Dates[1:] }, HTMLOptions{}, "values for"},
		{"chart kind", func(r *Report) { chartOf(r, ChartRotation).Kind = "pie" }, HTMLOptions{}, `unknown kind "pie"`},
		{"no chart", func(r *Report) { r.Sections[0].Blocks[0] = Block{Kind: BlockChart} }, HTMLOptions{}, "without a chart"},
		{"rise", func(*Report) {}, HTMLOptions{Rise: chart.Rise(7)}, "colour convention"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base()
			tt.mutate(r)
			_, err := HTML(r, tt.o)
			if err == nil || sextant.ErrorCode(err) != sextant.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v (code %s), want EINVALID containing %q", err, sextant.ErrorCode(err), tt.want)
			}
		})
	}
}

// Gains are red in Chinese and green in English unless the caller says.
func TestHTMLRise(t *testing.T) {
	tests := []struct {
		lang string
		rise chart.Rise
		want string
	}{
		{"en", chart.RiseAuto, "rise-green"},
		{"zh", chart.RiseAuto, "rise-red"},
		{"en", chart.RiseRed, "rise-red"},
		{"zh", chart.RiseGreen, "rise-green"},
	}
	for _, tt := range tests {
		r := &Report{Schema: Schema, Lang: tt.lang, Title: "t"}
		b, err := HTML(r, HTMLOptions{Rise: tt.rise})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`<body class="`+tt.want+`">`)) {
			t.Errorf("%s, rise %d: body is not %s", tt.lang, tt.rise, tt.want)
		}
	}
}
