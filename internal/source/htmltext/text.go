package htmltext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements hold nothing a reader reads as the text of a page.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true,
	atom.Svg: true, atom.Math: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Head: true, atom.Title: true,
	atom.Audio: true, atom.Video: true, atom.Dialog: true, atom.Menu: true,
}

// blocks start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Caption: true,
	atom.Center: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hr: true, atom.Legend: true, atom.Li: true, atom.Main: true, atom.Ol: true,
	atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Tfoot: true, atom.Thead: true, atom.Tr: true, atom.Ul: true,
	atom.Body: true, atom.Html: true,
}

// cells are separated from their neighbours by a space.
var cells = map[atom.Atom]bool{atom.Td: true, atom.Th: true}

// Text returns the readable text of an HTML fragment, such as the
// description of a feed item: paragraphs separated by blank lines. Text
// without any markup keeps its own blank-line paragraphs.
func Text(fragment string) string {
	if !strings.Contains(fragment, "<") {
		var paras []string
		for _, p := range strings.Split(strings.ReplaceAll(fragment, "\r\n", "\n"), "\n\n") {
			if p = collapse(html.UnescapeString(p)); p != "" {
				paras = append(paras, p)
			}
		}
		return strings.Join(paras, "\n\n")
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil { // only a reader error, which a strings.Reader never gives
		return ""
	}
	var w textWriter
	for _, n := range nodes {
		w.walk(n)
	}
	return w.text()
}

// content picks the node holding the main text: the only <article>, else
// the first <main>, else <body>, else the document.
func content(doc *html.Node) *html.Node {
	var articles []*html.Node
	var main, body *html.Node
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || hidden(n) {
			continue
		}
		switch n.DataAtom {
		case atom.Article:
			articles = append(articles, n)
		case atom.Main:
			if main == nil {
				main = n
			}
		case atom.Body:
			if body == nil {
				body = n
			}
		}
	}
	switch {
	case len(articles) == 1:
		return articles[0]
	case main != nil:
		return main
	case body != nil:
		return body
	}
	return doc
}

// textWriter collects paragraphs while walking a tree.
type textWriter struct {
	paras []string
	cur   strings.Builder
	pre   int // depth inside <pre>
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] || hidden(n) {
			return
		}
	case html.DocumentNode:
	default:
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		w.flush()
		return
	case cells[n.DataAtom]:
		w.cur.WriteByte(' ')
		defer w.cur.WriteByte(' ')
	case n.DataAtom == atom.Pre:
		w.flush()
		w.pre++
		defer func() { w.flush(); w.pre-- }()
	case blocks[n.DataAtom]:
		w.flush()
		defer w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// flush ends the current paragraph. Inside <pre> line breaks are kept.
func (w *textWriter) flush() {
	s := w.cur.String()
	w.cur.Reset()
	if w.pre > 0 {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if l = collapse(l); l != "" {
				lines = append(lines, l)
			}
		}
		s = strings.Join(lines, "\n")
	} else {
		s = collapse(s)
	}
	if s != "" {
		w.paras = append(w.paras, s)
	}
}

func (w *textWriter) text() string {
	w.flush()
	return strings.Join(w.paras, "\n\n")
}

// hidden reports elements marked as not shown: the hidden attribute,
// aria-hidden="true", role="navigation" or an inline display:none.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(strings.TrimSpace(a.Val), "true") {
				return true
			}
		case "role":
			if strings.EqualFold(strings.TrimSpace(a.Val), "navigation") {
				return true
			}
		case "style":
			if strings.Contains(strings.ReplaceAll(strings.ToLower(a.Val), " ", ""), "display:none") {
				return true
			}
		}
	}
	return false
}

// collapse trims s and turns every run of white space into one space.
// Between two CJK characters a run disappears when it holds a line break
// (a line wrap in the source of Chinese text) or touches CJK punctuation
// (an &nbsp; before a full-width comma). Zero-width characters are
// dropped.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune // last rune written
	space, newline := false, false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			continue
		case unicode.IsSpace(r):
			space = true
			newline = newline || r == '\n' || r == '\r'
			continue
		}
		if space && prev != 0 && !(isCJK(prev) && isCJK(r) && (newline || isCJKPunct(prev) || isCJKPunct(r))) {
			b.WriteByte(' ')
		}
		space, newline = false, false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isCJKPunct reports CJK and full-width punctuation.
func isCJKPunct(r rune) bool {
	return (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}

// isCJK reports Han characters and CJK or full-width punctuation.
func isCJK(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef))
}
