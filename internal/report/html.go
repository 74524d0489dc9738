package report

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/report/chart"
)

// HTMLOptions configure the HTML renderer.
type HTMLOptions struct {
	// Rise is the colour convention of signed figures and flow bars:
	// chart.RiseAuto (the zero value) shows gains red in Chinese and green
	// in English.
	Rise chart.Rise
}

// HTML renders the report as one self-contained HTML5 page: inline CSS
// (with print rules for A4), inline SVG charts, no scripts, no web fonts
// and nothing fetched — a Content-Security-Policy of default-src 'none'
// makes the browser itself refuse any request the page might make. Links
// to the cited documents' URLs are plain anchors, followed only when the
// reader clicks one.
//
// Every figure is a <span class="fact" data-fact="F12"> whose title (the
// browser's tooltip) tells how it was computed: label, value, window,
// formula and method, intermediate figures, inputs with their ingest runs
// and, for quoted figures, the source. Every reference marker links to its
// entry in the numbered references (id="ref-N"). Charts are drawn by
// internal/report/chart with the fact ids and tooltips of the points the
// model names.
//
// Output is deterministic. Unknown fact or reference ids render visibly as
// "[?F9]", as in the other renderers; a chart the model describes badly
// (values that do not match its dates, an unknown kind) is an error.
func HTML(r *Report, o HTMLOptions) ([]byte, error) {
	if o.Rise < chart.RiseAuto || o.Rise > chart.RiseGreen {
		return nil, sextant.Errorf(sextant.EINVALID, "report.HTML: unknown colour convention %d", o.Rise)
	}
	w := &htmlWriter{r: r, rs: newResolver(r), l: labelsFor(r.Lang), o: o, tips: map[string]string{}}
	w.anchors = sectionAnchors(r.Sections)
	w.head()
	w.header()
	w.toc()
	w.str("<main>\n")
	for i, s := range r.Sections {
		if err := w.section(i, s); err != nil {
			return nil, err
		}
	}
	w.references()
	w.str("</main>\n")
	w.footer()
	return w.b.Bytes(), nil
}

// htmlWriter accumulates the page.
type htmlWriter struct {
	b       bytes.Buffer
	r       *Report
	rs      *resolver
	l       labels
	o       HTMLOptions
	tips    map[string]string // fact id → provenance tooltip
	anchors []string          // section index → element id
}

func (w *htmlWriter) str(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
}

// esc escapes text for element content and double-quoted attributes.
func esc(s string) string { return html.EscapeString(s) }

// zh reports whether the report is in Chinese.
func (w *htmlWriter) zh() bool { return strings.HasPrefix(w.r.Lang, "zh") }

// redUp reports whether gains are shown red.
func (w *htmlWriter) redUp() bool {
	return w.o.Rise == chart.RiseRed || w.o.Rise == chart.RiseAuto && w.zh()
}

// inline renders inline markup as HTML: escaped text, fact spans and
// reference links.
func (w *htmlWriter) inline(s string) string {
	return w.rs.render(s, esc, w.factSpan, func(n int) string {
		return fmt.Sprintf(`<a class="ref" href="#ref-%d">[%d]</a>`, n, n)
	})
}

// factSpan is one figure with its provenance tooltip. Signed figures get
// the class pos or neg for their colour.
func (w *htmlWriter) factSpan(f evidence.Fact, v string) string {
	class := "fact"
	if f.Signed {
		switch {
		case strings.HasPrefix(v, "+"):
			class += " pos"
		case strings.HasPrefix(v, "−"):
			class += " neg"
		}
	}
	return `<span class="` + class + `" data-fact="` + esc(f.ID) + `" title="` + esc(w.provenance(f)) + `">` + esc(v) + `</span>`
}

func (w *htmlWriter) head() {
	lang := "en"
	if w.zh() {
		lang = "zh-CN"
	}
	w.str("<!DOCTYPE html>\n<html lang=\"", lang, "\">\n<head>\n<meta charset=\"utf-8\">\n",
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
		// The page needs nothing from anywhere: the browser refuses every
		// request, even one a future renderer bug would add.
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n",
		"<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n",
		"<meta name=\"referrer\" content=\"no-referrer\">\n")
	if w.r.Generator != "" {
		w.str(`<meta name="generator" content="`, esc(w.r.Generator), "\">\n")
	}
	w.str("<title>", esc(w.r.Title), "</title>\n<style>\n", htmlCSS, "</style>\n</head>\n")
	rise := "rise-green"
	if w.redUp() {
		rise = "rise-red"
	}
	w.str(`<body class="`, rise, `">`, "\n", `<article class="report" data-schema="`, esc(w.r.Schema), `" data-kind="`, esc(w.r.Kind), `">`, "\n")
}

func (w *htmlWriter) header() {
	r, l := w.r, w.l
	w.str("<header>\n<h1>", esc(r.Title), "</h1>\n")
	if r.Demo {
		w.str(`<p class="demo" role="note">`, esc(l.demo), "</p>\n")
	}
	meta := []string{esc(l.asOf) + ` <time datetime="` + esc(date(r.AsOf)) + `">` + esc(date(r.AsOf)) + `</time>`}
	subject := r.Subject.Name
	if !w.zh() && r.Subject.NameEN != "" && r.Subject.NameEN != subject {
		subject += " · " + r.Subject.NameEN
	}
	if r.Subject.Symbol != "" {
		subject += " (" + string(r.Subject.Symbol) + ")"
	}
	if subject != "" {
		meta = append(meta, esc(subject))
	}
	if r.Generator != "" {
		meta = append(meta, esc(r.Generator))
	}
	w.str(`<p class="meta">`, strings.Join(meta, " · "), "</p>\n")
	w.health()
	if len(r.Assumptions) > 0 {
		w.str(`<div class="assumptions">`, "\n", `<p class="label">`, esc(l.assumptions), "</p>\n<ul>\n")
		for _, a := range r.Assumptions {
			w.str("<li>", w.inline(a), "</li>\n")
		}
		w.str("</ul>\n</div>\n")
	}
	w.str("</header>\n")
}

// health is the data-health line: one item per dataset, classed by status.
func (w *htmlWriter) health() {
	if len(w.r.Health) == 0 {
		return
	}
	items := make([]string, 0, len(w.r.Health))
	for _, h := range w.r.Health {
		s := string(h.Dataset) + " " + w.l.status[h.Status]
		if !h.Last.IsZero() {
			s += " (" + date(h.Last) + ")"
		}
		if src := sourcesText(h); src != "" {
			s += " [" + src + "]"
		}
		title := ""
		if h.Note != "" {
			title = ` title="` + esc(h.Note) + `"`
		}
		items = append(items, `<span class="ds `+esc(string(h.Status))+`"`+title+`>`+esc(s)+`</span>`)
	}
	w.str(`<p class="health"><span class="label">`, esc(w.l.health), esc(w.l.html.colon), "</span>", strings.Join(items, " · "), "</p>\n")
}

// toc is the table of contents: sections and references.
func (w *htmlWriter) toc() {
	w.str(`<nav class="toc" aria-label="`, esc(w.l.html.contents), `">`, "\n", `<p class="label">`, esc(w.l.html.contents), "</p>\n<ol>\n")
	for i, s := range w.r.Sections {
		w.str(`<li><a href="#`, w.anchors[i], `">`, esc(s.Title), "</a></li>\n")
	}
	w.str(`<li><a href="#references">`, esc(w.l.references), "</a></li>\n</ol>\n</nav>\n")
}

// validAnchor is what a section id must look like to be its element id.
var validAnchor = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// sectionAnchors gives each section a unique element id: "sec-" and its
// id, or its position when the id is unusable or taken.
func sectionAnchors(ss []Section) []string {
	out := make([]string, len(ss))
	seen := map[string]bool{"references": true}
	for i, s := range ss {
		a := "sec-" + s.ID
		if !validAnchor.MatchString(s.ID) || seen[a] {
			a = "sec-" + strconv.Itoa(i+1)
		}
		seen[a] = true
		out[i] = a
	}
	return out
}

func (w *htmlWriter) section(i int, s Section) error {
	w.str(`<section class="section" id="`, w.anchors[i], `">`, "\n",
		`<h2><span class="num">`, strconv.Itoa(i+1), ".</span> ", esc(s.Title), "</h2>\n")
	if s.Missing != "" {
		w.str(`<p class="missing"><span class="label">`, esc(w.l.missing), esc(w.l.html.colon), "</span>", w.inline(s.Missing), "</p>\n")
	}
	for j, bl := range s.Blocks {
		if err := w.block(bl); err != nil {
			return sextant.WrapError(sextant.EINVALID, fmt.Sprintf("report.HTML: section %s, block %d", s.ID, j+1), err)
		}
	}
	w.str("</section>\n")
	return nil
}

func (w *htmlWriter) block(bl Block) error {
	switch bl.Kind {
	case BlockParagraph:
		w.str("<p>", w.inline(bl.Text), "</p>\n")
	case BlockNote:
		w.str(`<p class="note">`, w.inline(bl.Text), "</p>\n")
	case BlockBullets:
		w.str("<ul>\n")
		for _, it := range bl.Items {
			w.str("<li>", w.inline(it), "</li>\n")
		}
		w.str("</ul>\n")
	case BlockTable:
		if bl.Table == nil {
			return sextant.Errorf(sextant.EINVALID, "table block without a table")
		}
		w.table(bl.Table)
	case BlockChart:
		if bl.Chart == nil {
			return sextant.Errorf(sextant.EINVALID, "chart block without a chart")
		}
		return w.chart(bl.Chart)
	}
	return nil
}

// table writes a table; figure columns are right-aligned.
func (w *htmlWriter) table(t *Table) {
	w.str(`<div class="table">`, "\n<table>\n")
	if t.Caption != "" {
		w.str("<caption>", w.inline(t.Caption), "</caption>\n")
	}
	w.str("<thead><tr>")
	for _, c := range t.Columns {
		w.str(`<th scope="col"`, w.cellClass(c.Right, c.Title), ">", w.inline(c.Title), "</th>")
	}
	w.str("</tr></thead>\n<tbody>\n")
	for _, row := range t.Rows {
		w.str("<tr>")
		for i, c := range row {
			w.str("<td", w.cellClass(i < len(t.Columns) && t.Columns[i].Right, c), ">", w.inline(c), "</td>")
		}
		w.str("</tr>\n")
	}
	w.str("</tbody>\n</table>\n")
	if t.Source != "" {
		w.str(`<p class="source">`, w.inline(t.Source), "</p>\n")
	}
	w.str("</div>\n")
}

// cellClass is the class attribute of a cell: "num" for figure columns
// (right-aligned), "nw" (no wrap) for a short cell without spaces — a
// date, a symbol, a name — so long neighbours do not break it.
func (w *htmlWriter) cellClass(right bool, markup string) string {
	switch {
	case right:
		return ` class="num"`
	case isShort(w.rs.plain(markup)):
		return ` class="nw"`
	}
	return ""
}

func isShort(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t\n") && utf8.RuneCountInString(s) <= 16
}

func (w *htmlWriter) footer() {
	parts := []string{}
	if w.r.Generator != "" {
		parts = append(parts, esc(w.l.html.generated+w.l.html.colon+w.r.Generator))
	}
	parts = append(parts, esc(w.l.asOf+" "+date(w.r.AsOf)))
	if w.r.Demo {
		parts = append(parts, esc(w.l.html.demoShort))
	}
	w.str("<footer>", strings.Join(parts, " · "), "</footer>\n</article>\n</body>\n</html>\n")
}
