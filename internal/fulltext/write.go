package fulltext

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
)

// idChunk bounds the document ids of one lookup or deletion batch.
const idChunk = 1000

// Index adds or replaces documents' passages. Each document's marker and
// passages are written in one batch, together with the deletion of any
// passages it had before, so a document is never half indexed. Documents
// must be valid (research.Document.Validate); otherwise nothing is
// written and the error is EINVALID.
func (x *Index) Index(ctx context.Context, docs []research.Document) error {
	const op = "fulltext.Index"
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			return &sextant.Error{Code: sextant.EINVALID, Op: op, Message: err.Error()}
		}
	}
	return x.write(op, func(ix bleve.Index) error {
		return indexDocs(ctx, ix, docs, x.opts.BatchSize, true)
	})
}

// indexDocs writes docs in batches of about batchSize passages, never
// splitting a document; with replace, the passages the documents had are
// deleted in the same batch.
func indexDocs(ctx context.Context, ix bleve.Index, docs []research.Document, batchSize int, replace bool) error {
	for start := 0; start < len(docs); {
		end, n := start, 0
		for end < len(docs) && (end == start || n+len(docs[end].Passages)+1 <= batchSize) {
			n += len(docs[end].Passages) + 1
			end++
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := docs[start:end]
		b := ix.NewBatch()
		if replace {
			old, err := allIDs(ctx, ix, docIDQuery(docIDs(chunk)))
			if err != nil {
				return err
			}
			for _, id := range old {
				b.Delete(id)
			}
		}
		for _, d := range chunk {
			if err := b.Index(d.ID, markerDoc(d)); err != nil {
				return err
			}
			for _, p := range d.Passages {
				if err := b.Index(p.PassageID(), passageDoc(d, p)); err != nil {
					return err
				}
			}
		}
		if err := ix.Batch(b); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// Remove drops documents' passages and markers; unknown ids are ignored.
func (x *Index) Remove(ctx context.Context, ids []string) error {
	return x.write("fulltext.Remove", func(ix bleve.Index) error {
		for start := 0; start < len(ids); start += idChunk {
			found, err := allIDs(ctx, ix, docIDQuery(ids[start:min(start+idChunk, len(ids))]))
			if err != nil {
				return err
			}
			if len(found) == 0 {
				continue
			}
			b := ix.NewBatch()
			for _, id := range found {
				b.Delete(id)
			}
			if err := ix.Batch(b); err != nil {
				return err
			}
		}
		return nil
	})
}

// DocumentIDs returns the ids of every indexed document, sorted.
func (x *Index) DocumentIDs(ctx context.Context) ([]string, error) {
	var out []string
	err := x.use("fulltext.DocumentIDs", func(ix bleve.Index) error {
		q := bleve.NewTermQuery("doc")
		q.SetField(fieldType)
		var err error
		out, err = allIDs(ctx, ix, q)
		return err
	})
	return out, err
}

// allIDs returns the ids of every bleve document matching q, sorted, page
// by page.
func allIDs(ctx context.Context, ix bleve.Index, q query.Query) ([]string, error) {
	const page = 10_000
	var out []string
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, page, 0, false)
		req.SortBy([]string{"_id"})
		req.Score = "none"
		req.SearchAfter = after
		res, err := ix.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if len(res.Hits) < page {
			return out, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// docIDQuery matches the markers and passages of the given documents.
func docIDQuery(ids []string) query.Query {
	qs := make([]query.Query, len(ids))
	for i, id := range ids {
		t := bleve.NewTermQuery(id)
		t.SetField(fieldDocID)
		qs[i] = t
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func docIDs(docs []research.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

// markerDoc is the bleve document that lists d as indexed.
func markerDoc(d research.Document) map[string]any {
	return map[string]any{fieldType: "doc", fieldDocID: d.ID}
}

// passageDoc is the bleve document of one passage of d.
func passageDoc(d research.Document, p research.Passage) map[string]any {
	syms := make([]string, len(d.Symbols))
	for i, s := range d.Symbols {
		syms[i] = string(s)
	}
	secs := make([]string, len(d.Sectors))
	for i, s := range d.Sectors {
		secs[i] = s.String()
	}
	return map[string]any{
		fieldType: "passage", fieldDocID: d.ID, textField(d.Language): p.Text,
		fieldTitle: d.Title, fieldPublisher: d.Publisher, fieldLanguage: d.Language,
		fieldSeq: p.Seq, fieldStart: p.Start, fieldEnd: p.End, fieldPublished: d.PublishedAt.UTC(),
		fieldKind: string(d.Kind), fieldLang: langKeys(d.Language), fieldSectors: secs, fieldSymbols: syms,
	}
}

// textField names the field a passage of a document in language lang is
// analysed in: text_zh for Chinese, text_en for everything else.
func textField(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "zh") {
		return fieldZH
	}
	return fieldEN
}

// langKeys are the filter terms of a language tag: the tag and its primary
// subtag, lower case ("zh-CN" → "zh-cn", "zh").
func langKeys(lang string) []string {
	tag := strings.ToLower(lang)
	primary, _, _ := strings.Cut(tag, "-")
	if primary == tag {
		return []string{tag}
	}
	return []string{tag, primary}
}
