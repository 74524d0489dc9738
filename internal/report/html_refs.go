package report

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// provenance is the tooltip of a fact: how it was computed, one item a
// line — label and value, window and dates, formula and method,
// intermediate figures, inputs (dataset, field, symbols, dates, ingest
// runs) and, for a quoted figure, the passage it was quoted from.
func (w *htmlWriter) provenance(f evidence.Fact) string {
	if t, ok := w.tips[f.ID]; ok {
		return t
	}
	h := w.l.html
	label := f.Label
	if w.zh() && f.LabelZH != "" {
		label = f.LabelZH
	}
	lines := []string{label + h.colon + evidence.Format(f, w.r.Lang)}
	when := w.l.asOf + " " + date(f.AsOf)
	if !f.From.IsZero() {
		when = date(f.From) + " → " + date(f.AsOf)
	}
	if f.Window != "" {
		when = h.window + h.colon + f.Window + " · " + when
	}
	lines = append(lines, when)
	if f.Formula != "" {
		s := h.formula + h.colon + f.Formula
		if f.Method != "" {
			s += " — " + f.Method
		}
		lines = append(lines, s)
	}
	if f.Detail != "" {
		lines = append(lines, h.detail+h.colon+f.Detail)
	}
	if len(f.Inputs) > 0 {
		lines = append(lines, h.inputs+strings.TrimRight(h.colon, " "))
		for _, in := range f.Inputs {
			lines = append(lines, "• "+w.inputText(in))
		}
	} else if len(f.Symbols) > 0 {
		lines = append(lines, h.symbols+h.colon+symbolList(f.Symbols, 8))
	}
	if f.Citation != "" {
		lines = append(lines, w.quotedSource(f.Citation))
	}
	if f.Demo {
		lines = append(lines, "DEMO")
	}
	t := strings.Join(lines, "\n")
	w.tips[f.ID] = t
	return t
}

// inputText is one input of a fact: "bars · adj_close · 801740.SI ·
// 2026-11-13 → 2026-11-20 · ingest runs #32".
func (w *htmlWriter) inputText(in evidence.Input) string {
	parts := []string{string(in.Dataset)}
	if in.Field != "" {
		parts = append(parts, in.Field)
	}
	if len(in.Symbols) > 0 {
		parts = append(parts, symbolList(in.Symbols, 8))
	}
	if in.Members > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", in.Members, w.l.members))
	}
	if !in.From.IsZero() || !in.To.IsZero() {
		parts = append(parts, date(in.From)+" → "+date(in.To))
	}
	if len(in.Runs) > 0 {
		parts = append(parts, w.l.runs+" "+runList(in.Runs))
	}
	return strings.Join(parts, " · ")
}

// quotedSource names the passage a quoted figure comes from.
func (w *htmlWriter) quotedSource(id string) string {
	s := w.l.html.quoted + w.l.html.colon
	if n, ok := w.rs.refs[id]; ok {
		s += fmt.Sprintf("[%d] ", n)
	}
	c, ok := citation(w.r, id)
	if !ok {
		return s + id
	}
	s += c.Title
	if c.Publisher != "" {
		s += ", " + c.Publisher
	}
	s += ", " + date(c.PublishedAt)
	if c.Quote != "" {
		s += "\n«" + clip(c.Quote, 240) + "»"
	}
	return s
}

// citation finds a citation by id: in the report's citations, else in its
// references.
func citation(r *Report, id string) (research.Citation, bool) {
	for _, c := range r.Citations {
		if c.ID == id {
			return c, true
		}
	}
	if ref, ok := r.Reference(id); ok && ref.Citation != nil {
		return *ref.Citation, true
	}
	return research.Citation{}, false
}

// clip shortens s to at most n runes, ending with "…" when cut.
func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}

func runList(runs []int64) string {
	out := make([]string, len(runs))
	for i, r := range runs {
		out[i] = "#" + strconv.FormatInt(r, 10)
	}
	return strings.Join(out, ", ")
}

// references writes the numbered references, each with id="ref-N".
func (w *htmlWriter) references() {
	w.str(`<section class="section references" id="references">`, "\n<h2>", esc(w.l.references), "</h2>\n<ol>\n")
	for _, ref := range w.r.References {
		w.str(`<li id="ref-`, strconv.Itoa(ref.N), `" value="`, strconv.Itoa(ref.N), `" data-ref="`, esc(ref.ID), `">`)
		switch {
		case ref.Citation != nil:
			w.documentRef(ref.Citation)
		case ref.Data != nil:
			w.dataRef(ref.Data)
		default:
			w.str(esc(ref.ID))
		}
		w.str("</li>\n")
	}
	w.str("</ol>\n</section>\n")
}

// documentRef is a cited passage: title, publisher, date, URL, the quote.
func (w *htmlWriter) documentRef(c *research.Citation) {
	parts := []string{`<cite>` + esc(c.Title) + `</cite>`}
	if c.Publisher != "" {
		parts = append(parts, esc(c.Publisher))
	}
	parts = append(parts, `<time datetime="`+esc(date(c.PublishedAt))+`">`+esc(date(c.PublishedAt))+`</time>`)
	if c.URL != "" {
		parts = append(parts, urlLink(c.URL))
	}
	w.str(strings.Join(parts, " — "))
	if c.Kind != "" {
		w.str(` <span class="tag">`, esc(string(c.Kind)), "</span>")
	}
	if c.Demo {
		w.str(` <span class="tag demo-tag">DEMO</span>`)
	}
	if c.Quote != "" {
		w.str(`<q class="quote">`, esc(c.Quote), "</q>")
	}
}

// urlLink shows a document's URL. An http(s) URL is an anchor the browser
// follows only when clicked (no prefetch: see the page's DNS-prefetch
// control and CSP); any other scheme (javascript:, file:, data:) is shown
// as text and never made a link — documents are data, not instructions.
func urlLink(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return `<span class="url">` + esc(raw) + `</span>`
	}
	return `<a class="url" href="` + esc(u.String()) + `" rel="noreferrer noopener">` + esc(raw) + `</a>`
}

// dataRef is a data citation: what was read, the dataset, symbols, members,
// window, ingest runs and sources.
func (w *htmlWriter) dataRef(d *DataRef) {
	parts := []string{`<span class="label">` + esc(w.l.data+w.l.html.colon) + `</span>` + esc(d.Label), `<code>` + esc(string(d.Dataset)) + `</code>`}
	if len(d.Symbols) > 0 {
		parts = append(parts, symbolSpan(d.Symbols, 12))
	}
	if d.Members > 0 {
		parts = append(parts, esc(fmt.Sprintf("%d %s", d.Members, w.l.members)))
	}
	if !d.From.IsZero() || !d.To.IsZero() {
		parts = append(parts, esc(date(d.From)+" → "+date(d.To)))
	}
	if len(d.Runs) > 0 {
		parts = append(parts, esc(w.l.runs+" "+runList(d.Runs)))
	}
	if len(d.Sources) > 0 {
		parts = append(parts, esc(w.l.html.sources+" "+strings.Join(d.Sources, ", ")))
	}
	w.str(strings.Join(parts, " · "))
	if d.Demo {
		w.str(` <span class="tag demo-tag">DEMO</span>`)
	}
}

// symbolSpan lists up to max symbols; a longer list is cut with "+N" and
// given in full in the tooltip.
func symbolSpan(ss []market.Symbol, max int) string {
	if len(ss) <= max {
		return `<span class="symbols">` + esc(symbolList(ss, max)) + `</span>`
	}
	return `<span class="symbols" title="` + esc(symbolList(ss, len(ss))) + `">` + esc(symbolList(ss, max)) + `</span>`
}
