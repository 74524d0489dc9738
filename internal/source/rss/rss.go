package rss

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/htmltext"
)

// Source is the Source of every document Parse returns.
const Source = "rss"

// maxFeedBytes bounds one feed document.
const maxFeedBytes = 32 << 20

// Options supply what feeds do not say.
type Options struct {
	Kind      research.Kind // kind of every document; default news
	Publisher string        // publisher when neither item nor feed names one
	Language  string        // language when the feed declares none; "" = detected
	Linker    *research.Linker
}

// DefaultOptions: feed items are news.
func DefaultOptions() Options { return Options{Kind: research.KindNews} }

// item is one feed entry, format-neutral.
type item struct {
	title, link, html, date, author, source, lang string
}

// feed is a parsed feed, format-neutral.
type feed struct {
	title, link, lang, date string
	items                   []item
}

// Parse reads one RSS or Atom document from r. origin (the feed's URL or
// file path) names it in messages and is every document's Origin. It
// returns finished, validated documents in feed order and notes for the
// user; a malformed feed is an EINVALID error naming origin and line, and
// nothing is returned with it.
func Parse(r io.Reader, origin string, o Options) ([]research.Document, []string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxFeedBytes+1))
	if err != nil {
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %w", origin, err)
	}
	if len(b) > maxFeedBytes {
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: feed larger than %d MiB", origin, maxFeedBytes>>20)
	}
	root, err := parseTree(strings.NewReader(string(b)))
	if err != nil {
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %v", origin, err)
	}
	f, err := fromWire(root)
	if err != nil {
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %v", origin, err)
	}
	docs, notes := documents(f, origin, o)
	return docs, notes, nil
}

// documents turns a feed's items into documents, skipping (with notes)
// those without a date or a body.
func documents(f feed, origin string, o Options) ([]research.Document, []string) {
	var notes []string
	feedDate, _ := htmltext.ParseDate(f.date)
	var docs []research.Document
	seen := map[string]int{}
	borrowed, relabelled := 0, 0
	for i, it := range f.items {
		where := fmt.Sprintf("%s: item %d (%q)", origin, i+1, shorten(it.title, 40))
		d := research.Document{
			Title: strings.Join(strings.Fields(htmltext.Text(it.title)), " "), Body: htmltext.Text(it.html),
			URL: resolve(f.link, it.link), Publisher: first(it.source, f.title, it.author, o.Publisher),
			Kind: o.Kind, Source: Source, Origin: origin,
		}
		if d.Title == "" {
			d.Title = firstLine(d.Body, 80)
		}
		published, err := htmltext.ParseDate(it.date)
		switch {
		case it.date != "" && err != nil:
			notes = append(notes, fmt.Sprintf("%s: date %q not understood", where, it.date))
		case it.date != "":
			d.PublishedAt = published
		}
		if d.PublishedAt.IsZero() && !feedDate.IsZero() {
			d.PublishedAt = feedDate
			borrowed++
		}
		if d.PublishedAt.IsZero() {
			notes = append(notes, where+": no date; skipped")
			continue
		}
		if strings.TrimSpace(d.Body) == "" {
			notes = append(notes, where+": no text; skipped")
			continue
		}
		if language(&d, first(it.lang, f.lang), o.Language) {
			relabelled++
		}
		d.Finish()
		o.Linker.Link(&d)
		if err := d.Validate(); err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v; skipped", where, err))
			continue
		}
		if prev, ok := seen[d.ID]; ok {
			notes = append(notes, fmt.Sprintf("%s: same text as item %d; skipped", where, prev))
			continue
		}
		seen[d.ID] = i + 1
		docs = append(docs, d)
	}
	if borrowed > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d item(s) without a date dated by the feed (%s)", origin, borrowed, feedDate.Format("2006-01-02")))
	}
	if relabelled > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d item(s) declared %q but read as another language; detected instead", origin, relabelled, f.lang))
	}
	return docs, notes
}

// language sets d.Language from the declared tag (reduced to its primary
// subtag) or the default; a declared zh or en that the text contradicts
// gives way to detection, and language reports that.
func language(d *research.Document, declared, def string) bool {
	p, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(declared)), "-")
	if p == "" || len(p) > 3 {
		d.Language = def
		return false
	}
	d.Language = p
	if p == research.LangZH || p == research.LangEN {
		if got := research.DetectLanguage(d.Title + "\n" + d.Body); got != p {
			d.Language = got
			return true
		}
	}
	return false
}

// resolve makes a link absolute against the feed's link.
func resolve(base, link string) string {
	link = strings.TrimSpace(link)
	u, err := url.Parse(link)
	if err != nil || link == "" {
		return ""
	}
	if !u.IsAbs() {
		b, err := url.Parse(strings.TrimSpace(base))
		if err != nil || !b.IsAbs() {
			return ""
		}
		u = b.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return ""
}

func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}

func firstLine(s string, n int) string {
	l, _, _ := strings.Cut(s, "\n")
	return shorten(l, n)
}
