// Package fulltext is Sextant's embedded full-text index of document
// passages: a bleve v2 index in a directory beside the store, implementing
// [research.Index]. It is derived data: the store is the truth, and the
// index can be rebuilt from it at any time.
//
// # Mapping
//
// One bleve document per passage, id "docid#seq", plus one marker per
// document (id "docid") that lists the document as indexed. A passage's
// text goes to text_zh, analysed by bleve's cjk analyzer (CJK width
// folding, lower case, character bigrams), when its document's language
// is Chinese ("zh", "zh-CN", …), and to text_en, analysed by the en
// analyzer (possessives, lower case, stop words, Porter stemming),
// otherwise. Both text fields are stored, without term vectors: highlights
// re-analyse the passages of the page instead, which is cheaper than
// having bleve decode term locations for every scored passage. Title,
// publisher, language, seq, start and end are stored only;
// published (datetime), kind, lang (the language tag and its primary
// subtag, lower case), sectors ("taxonomy:code") and symbols are indexed
// keyword fields for filters. The index scores with BM25 (bleve's
// "bm25" scoring model, k1 = 1.2, b = 0.75).
//
// # Search
//
// [Index.Search] runs the query text as a match query against both text
// fields, each analysed with its own analyzer (a disjunction, so a
// Chinese query finds Chinese passages and an English one English
// passages), ranked by BM25: with OR between the query's terms (a
// Chinese word's bigrams, an English query's words), so that passages
// holding more of them, and rarer ones, rank first. Filters (date range,
// sectors, symbols, kinds, languages: any value within one, all of them
// together) restrict the matches without changing their scores (a bleve
// boolean filter). Highlights wrap the matched tokens of the passage in
// «»; overlapping or touching bigrams merge into one span («商业航天»).
// A single Chinese character matches only passages where it stands alone
// (the index holds bigrams).
//
// # Consistency with the store
//
// Writers put documents to the store first, then index them; deletions
// remove documents from the index first, then from the store ([Put],
// [Delete]). A crash between the two therefore leaves at most documents
// the index lacks, or documents in the index that the store no longer
// has: [Index.Reconcile] compares the two id sets and fixes both, and
// [OpenReconciled] runs it whenever a command opens the index for search,
// so search never returns a document the store lacks. A document's marker
// and passages are written and deleted in one bleve batch, so a document
// is never half indexed.
//
// An index directory that cannot be opened (damaged files, a mapping of
// another version) yields an EUNAVAILABLE error wrapping [ErrRebuild];
// [Recreate] replaces it with an empty index and [Index.Rebuild] fills it
// from the store ([OpenReconciled] does both). Another process holding the
// index yields ECONFLICT.
package fulltext
