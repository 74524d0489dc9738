// Package rss reads RSS 2.0, RSS 1.0 (RDF) and Atom feed documents into
// research.Documents. It parses bytes it is given — a saved feed file or a
// body fetched by a caller — and does no network I/O itself.
//
// [Parse] maps each item or entry to a document: title; link (RSS <link>,
// else a permalink <guid>; Atom rel="alternate") as URL; published date
// (RSS pubDate or dc:date; Atom published, else updated), else the feed's
// own date; publisher (the item's <source>, else the feed title, else the
// author); body (content:encoded, else description; Atom content, else
// summary) made plain text by the htmltext kit. Categories are ignored.
// An item left without a date or a body is skipped with a note.
//
// The parser is encoding/xml over a small element tree, not a feed
// library such as gofeed: two formats need only a few dozen lines of
// mapping, matching elements by namespace exactly (an RSS <title> is not a
// <media:title>) is simpler on a tree than with struct tags, the package
// stays free of gofeed's dependency chain (goquery, cascadia,
// json-iterator), and the mapping is a pure function that is fuzzed.
// Feeds in legacy encodings (GB2312, GBK, Big5) are decoded through the
// encoding their XML declaration names, and HTML entities such as &nbsp;
// are accepted.
package rss
