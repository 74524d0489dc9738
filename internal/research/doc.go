// Package research is Sextant's domain vocabulary for documents: the news,
// research notes, policy notices, filings and announcements that qualitative
// claims in a report cite.
//
// A [Document] is stored once per content hash and split into [Passage]s,
// the unit that full-text search returns and reports cite. Documents link to
// the symbols and sectors they mention ([Linker] matches names and aliases).
// A [Citation] is a passage used as evidence, numbered in a report's
// references.
//
// Interfaces: [DocumentWriter] and [DocumentReader] are implemented by
// stores (internal/duckdb); [Index] by the full-text index
// (internal/fulltext), which is derived from the store and can be rebuilt
// from it at any time.
//
// It imports only the standard library, the root package and market.
package research
