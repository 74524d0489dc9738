package docfile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/htmltext"
)

// readHTML reads a saved web page: the main text, and the title,
// site name, canonical URL, published date and language its head declares.
// A declared zh or en that the text contradicts is overridden by detection
// (page templates often declare a fixed language).
func readHTML(path string, b []byte, notes *[]string) (meta, string, error) {
	p, err := htmltext.Parse(b, "")
	if err != nil {
		return meta{}, "", fmt.Errorf("%s: %v", path, err)
	}
	m := meta{title: p.Title, publisher: p.SiteName, published: p.Published}
	if !p.Published.IsZero() {
		m.dateFrom = "metadata"
	} else if p.PublishedRaw != "" {
		*notes = append(*notes, fmt.Sprintf("%s: published date %q not understood; ignored", path, p.PublishedRaw))
	}
	if checkURL(p.URL) == nil {
		m.url = p.URL
	}
	body := dropTitle(p.Text, m.title)
	if p.Lang != "" {
		if lang, err := normLang(p.Lang); err == nil {
			m.lang = lang
			if detected := research.DetectLanguage(m.title + "\n" + body); (lang == research.LangZH || lang == research.LangEN) && detected != lang {
				*notes = append(*notes, fmt.Sprintf("%s: declared language %q but the text reads as %q; using %q", path, p.Lang, detected, detected))
				m.lang = detected
			}
		}
	}
	return m, body, nil
}

// readText reads a plain text file: the first non-empty line is the title
// and the rest is the body.
func readText(src string) (meta, string) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	for {
		line, rest, found := strings.Cut(src, "\n")
		if t := strings.TrimSpace(line); t != "" {
			return meta{title: strings.Join(strings.Fields(t), " ")}, rest
		}
		if !found {
			return meta{}, ""
		}
		src = rest
	}
}

// readPDFFile reads a PDF's text layer and its document information: the
// title (else the first paragraph when it is short), the author as the
// publisher and the creation date as the published date.
func readPDFFile(path string, b []byte) (meta, string, error) {
	t, err := readPDF(b)
	if err != nil {
		return meta{}, "", fmt.Errorf("%s: %v", path, err)
	}
	m := meta{title: t.title, publisher: t.author, published: t.created}
	if !t.created.IsZero() {
		m.dateFrom = "metadata"
	}
	body := strings.Join(t.paras, "\n\n")
	if m.title == "" && len(t.paras) > 1 && utf8.RuneCountInString(t.paras[0]) <= 120 {
		m.title = t.paras[0]
	}
	return m, dropTitle(body, m.title), nil
}

// dropTitle removes the first paragraph of body when it is the title.
func dropTitle(body, title string) string {
	first, rest, _ := strings.Cut(strings.TrimLeft(body, "\n"), "\n\n")
	if title != "" && strings.Join(strings.Fields(first), " ") == strings.Join(strings.Fields(title), " ") {
		return rest
	}
	return body
}
