package rss

import (
	"fmt"
	"strings"
)

// fromWire maps a parsed RSS 2.0, RSS 1.0 or Atom document to a feed.
func fromWire(root *node) (feed, error) {
	switch {
	case root.is("", "rss"):
		ch := root.child("", "channel")
		if ch == nil {
			return feed{}, fmt.Errorf("RSS without a <channel>")
		}
		return rssFeed(ch, ch.all("", "item"), ""), nil
	case root.is(nsRDF, "RDF"):
		ch := root.child(nsRSS1, "channel")
		return rssFeed(ch, root.all(nsRSS1, "item"), nsRSS1), nil
	case root.is(nsAtom, "feed"):
		return atomFeed(root), nil
	}
	return feed{}, fmt.Errorf("not an RSS or Atom feed (root element <%s>)", root.name.Local)
}

// rssFeed maps an RSS channel and its items; ns is "" for RSS 2.0 and
// the RSS 1.0 namespace for RDF feeds.
func rssFeed(ch *node, items []*node, ns string) feed {
	f := feed{
		title: ch.value(ns, "title"), link: ch.value(ns, "link"),
		lang: first(ch.value(ns, "language"), ch.value(nsDC, "language")),
		date: first(ch.value(ns, "pubDate"), ch.value(ns, "lastBuildDate"), ch.value(nsDC, "date")),
	}
	for _, n := range items {
		it := item{
			title:  n.value(ns, "title"),
			link:   n.value(ns, "link"),
			html:   first(n.value(nsContent, "encoded"), n.value(ns, "description")),
			date:   first(n.value(ns, "pubDate"), n.value(nsDC, "date")),
			author: first(n.value(nsDC, "creator"), n.value(ns, "author")),
			source: n.value(ns, "source"),
			lang:   n.value(nsDC, "language"),
		}
		if it.link == "" {
			if g := n.child(ns, "guid"); g != nil && !strings.EqualFold(g.attr("", "isPermaLink"), "false") {
				it.link = strings.TrimSpace(g.text.String())
			}
		}
		f.items = append(f.items, it)
	}
	return f
}

// atomFeed maps an Atom feed and its entries.
func atomFeed(root *node) feed {
	f := feed{
		title: atomHTML(root.child(nsAtom, "title")), link: atomLink(root),
		lang: root.attr(nsXML, "lang"), date: root.value(nsAtom, "updated"),
	}
	for _, e := range root.all(nsAtom, "entry") {
		it := item{
			title: atomHTML(e.child(nsAtom, "title")),
			link:  atomLink(e),
			html:  first(atomHTML(e.child(nsAtom, "content")), atomHTML(e.child(nsAtom, "summary"))),
			date:  first(e.value(nsAtom, "published"), e.value(nsAtom, "updated")),
			lang:  e.attr(nsXML, "lang"),
		}
		if a := e.child(nsAtom, "author"); a != nil {
			it.author = a.value(nsAtom, "name")
		}
		if s := e.child(nsAtom, "source"); s != nil {
			it.source = atomHTML(s.child(nsAtom, "title"))
		}
		f.items = append(f.items, it)
	}
	return f
}

// atomLink is the href of the rel="alternate" link (or a link without
// rel).
func atomLink(n *node) string {
	for _, l := range n.all(nsAtom, "link") {
		if rel := l.attr("", "rel"); rel == "" || rel == "alternate" {
			return strings.TrimSpace(l.attr("", "href"))
		}
	}
	return ""
}

// atomHTML is an Atom text construct as HTML: type="html" holds escaped
// HTML, type="xhtml" inline XHTML, and "text" (the default) plain text.
// Content given by reference (src=) has no text.
func atomHTML(n *node) string {
	if n == nil || n.attr("", "src") != "" {
		return ""
	}
	switch strings.ToLower(n.attr("", "type")) {
	case "xhtml":
		return strings.TrimSpace(n.markup())
	case "html", "text/html":
		return strings.TrimSpace(n.text.String())
	}
	return xmlEscape(strings.TrimSpace(n.text.String()))
}
