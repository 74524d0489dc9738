package research

import (
	"context"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Filter selects documents; empty fields match everything. Time bounds
// are on PublishedAt, both inclusive (To is taken to the end of its day).
type Filter struct {
	From, To  time.Time
	Sectors   []SectorRef
	Symbols   []market.Symbol
	Kinds     []Kind
	Languages []string
	Limit     int // 0 = no limit
}

// PutResult says what a document write changed.
type PutResult struct {
	RunID     int64
	Inserted  int      // new documents
	Unchanged int      // documents whose content hash was already stored
	IDs       []string // the ids of every offered document, in order
}

// DocumentWriter stores documents. Documents are keyed by content hash:
// writing the same body again changes nothing (its metadata is kept from
// the first write). The write is one transaction recorded as an ingest run.
type DocumentWriter interface {
	PutDocuments(ctx context.Context, run market.IngestRun, docs []Document) (PutResult, error)
	// DeleteDocuments removes documents and their passages.
	DeleteDocuments(ctx context.Context, ids []string) error
}

// DocumentReader reads stored documents.
type DocumentReader interface {
	// Document returns one document with its passages, or ENOTFOUND.
	Document(ctx context.Context, id string) (Document, error)
	// Documents returns the matching documents, newest first, with
	// passages.
	Documents(ctx context.Context, f Filter) ([]Document, error)
	// DocumentIDs returns every stored document id, sorted.
	DocumentIDs(ctx context.Context) ([]string, error)
}

// DocumentStore is a store that holds documents.
type DocumentStore interface {
	DocumentReader
	DocumentWriter
}

// Query is a full-text search.
type Query struct {
	Text string
	Filter
	Limit int // passages to return; 0 = 10
}

// Hit is one passage a search found.
type Hit struct {
	Passage
	Title       string
	Publisher   string
	PublishedAt time.Time
	Kind        Kind
	Language    string
	Score       float64 // BM25 relevance, higher is better
	Highlight   string  // the passage with matches wrapped in «»
}

// Index is a full-text index of passages, derived from a DocumentReader.
type Index interface {
	// Index adds or replaces documents' passages.
	Index(ctx context.Context, docs []Document) error
	// Remove drops documents' passages.
	Remove(ctx context.Context, ids []string) error
	// Search returns passages ranked by relevance.
	Search(ctx context.Context, q Query) ([]Hit, error)
	// DocumentIDs returns the ids of every indexed document, sorted.
	DocumentIDs(ctx context.Context) ([]string, error)
}
