// Package htmltext turns HTML into the readable text and metadata that
// documents are made of. It is a kit shared by the document sources
// (docfile reads .html files, rss reads feed entries whose content is
// HTML); it knows nothing of documents or stores.
//
// [Parse] reads a whole page: the character set is detected (UTF-8, a
// byte-order mark, a declared charset, else a guess), the text of the main
// content (one <article>, else <main>, else <body>) is kept as paragraphs
// separated by blank lines, and the metadata in <head> is collected into
// [Page]: title, og:title, og:site_name, article:published_time, date
// metas, description, author, canonical URL and the lang attribute. [Text]
// does the same for a fragment, such as an RSS description. [ParseDate]
// reads the date spellings found in pages and feeds.
//
// Navigation, scripts, styles, forms, asides, headers, footers, SVG and
// hidden elements are dropped; whitespace is collapsed and entities are
// decoded by golang.org/x/net/html, the parser browsers' algorithm is
// specified by, so malformed markup reads as a browser would show it.
package htmltext
