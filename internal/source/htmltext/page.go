package htmltext

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Page is the text and metadata of an HTML page. Empty fields were not
// found.
type Page struct {
	Title       string    // og:title, else <title>, else the first <h1>
	HeadTitle   string    // <title> as written (often "headline - site")
	SiteName    string    // og:site_name, else application-name
	Author      string    // meta author or article:author
	Description string    // meta description or og:description
	Lang        string    // lang of <html>, else content-language
	URL         string    // og:url, else <link rel="canonical">
	Published   time.Time // article:published_time or a date meta, read by ParseDate
	// PublishedRaw is the published-date meta as written, also when
	// ParseDate could not read it.
	PublishedRaw string
	Text         string // the main content as paragraphs separated by blank lines
}

// Parse reads an HTML page. contentType, when known (an HTTP header), may
// name the character set; otherwise valid UTF-8 is taken as UTF-8 and
// anything else is decoded as the page's <meta charset> says (or
// windows-1252 when it says nothing).
func Parse(b []byte, contentType string) (Page, error) {
	r, err := decode(b, contentType)
	if err != nil {
		return Page{}, err
	}
	doc, err := html.Parse(r)
	if err != nil {
		return Page{}, fmt.Errorf("parse html: %w", err)
	}
	p := meta(doc)
	var w textWriter
	w.walk(content(doc))
	p.Text = w.text()
	return p, nil
}

func decode(b []byte, contentType string) (io.Reader, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if contentType == "" && utf8.Valid(b) {
		return bytes.NewReader(b), nil
	}
	r, err := charset.NewReader(bytes.NewReader(b), contentType)
	if err != nil {
		return nil, fmt.Errorf("html character set: %w", err)
	}
	return r, nil
}

// dateMetas are the meta names and properties that carry a published
// date, best first.
var dateMetas = []string{
	"article:published_time", "datepublished", "pubdate", "publishdate", "date",
	"dc.date", "dc.date.issued", "dcterms.date", "dcterms.created", "og:published_time",
	"publish_date", "publication_date", "sailthru.date",
}

// meta collects the metadata of a parsed page.
func meta(doc *html.Node) Page {
	var p Page
	metas := map[string]string{} // lower-case name/property/itemprop → first content
	var h1, canonical string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Html:
			p.Lang = strings.TrimSpace(attr(n, "lang"))
		case atom.Title:
			if p.HeadTitle == "" {
				p.HeadTitle = collapse(textOf(n))
			}
		case atom.H1:
			if h1 == "" {
				h1 = collapse(textOf(n))
			}
		case atom.Link:
			if canonical == "" && strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
				canonical = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Meta:
			content := collapse(attr(n, "content"))
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && content != "" {
					if _, ok := metas[key]; !ok {
						metas[key] = content
					}
				}
			}
		}
	}
	p.Title = first(metas["og:title"], metas["twitter:title"], p.HeadTitle, h1)
	p.SiteName = first(metas["og:site_name"], metas["application-name"])
	p.URL = first(metas["og:url"], canonical)
	p.Author = first(metas["author"], metas["article:author"])
	p.Description = first(metas["description"], metas["og:description"])
	p.Lang = first(p.Lang, metas["content-language"], metas["language"])
	for _, k := range dateMetas {
		if v := metas[k]; v != "" {
			p.PublishedRaw = v
			p.Published, _ = ParseDate(v)
			break
		}
	}
	return p
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is all the text under n, markup ignored.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
