// Package rss reads RSS 2.0, RSS 1.0 (RDF) and Atom feed documents into
// research.Documents: [Parse] reads a saved feed file or any body it is
// given, and a [Fetcher] fetches configured feeds over HTTP.
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
//
// [Fetcher.Fetch] sends a conditional GET for one [FeedState] — the feed's
// URL, the ETag and Last-Modified its last 200 returned (as If-None-Match
// and If-Modified-Since) and its Parse options — and returns a
// [FetchResult]: NotModified on a 304, otherwise the parsed documents, the
// notes and the new validators for the caller to store. The *http.Client is
// injected; [DefaultTransport] wraps it in the transport package's standard
// stack (allow list of the feeds' hosts from [FeedHosts], retries honouring
// Retry-After, a per-host rate limit, a circuit breaker and a body cap).
// Failures are *sextant.Error values naming the feed: EUNAVAILABLE for the
// network, 429 and 5xx; EUNAUTHORIZED for 401 and 403; ENOTFOUND for 404
// and 410; EINVALID for an HTML page served in place of the feed, a body
// over the cap or a malformed feed. Nothing is returned with an error.
package rss
