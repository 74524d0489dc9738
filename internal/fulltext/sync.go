package fulltext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// fetchChunk is the number of documents Reconcile reads from the store
// and indexes at a time.
const fetchChunk = 500

// Rebuild replaces the index's contents with every document of r and
// returns how many it indexed. An on-disk index is built beside the old
// one (DIR.rebuild, with bleve's offline builder) and swapped in when
// complete, so a failed or interrupted rebuild leaves the old index as it
// was.
func (x *Index) Rebuild(ctx context.Context, r research.DocumentReader) (int, error) {
	const op = "fulltext.Rebuild"
	if x.opts.ReadOnly {
		return 0, &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the full-text index is open read-only"}
	}
	docs, err := r.Documents(ctx, research.Filter{})
	if err != nil {
		return 0, sextant.WrapError(sextant.EINTERNAL, op, err)
	}
	if x.dir == "" {
		ix, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
		if err == nil {
			err = ix.SetInternal(versionKey, []byte(mappingVersion))
		}
		if err == nil {
			err = indexDocs(ctx, ix, docs, x.opts.BatchSize, false)
		}
		if err != nil {
			return 0, indexError(op, err)
		}
		x.swap(ix)
		return len(docs), nil
	}
	tmp := x.dir + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, indexError(op, err)
	}
	if err := build(ctx, tmp, docs, x.opts.BatchSize); err != nil {
		_ = os.RemoveAll(tmp)
		return 0, indexError(op, err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ix != nil {
		_ = x.ix.Close()
		x.ix = nil
	}
	old := x.dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return 0, indexError(op, err)
	}
	if err := os.Rename(x.dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, indexError(op, err)
	}
	if err := os.Rename(tmp, x.dir); err != nil {
		return 0, indexError(op, err)
	}
	_ = os.RemoveAll(old)
	if x.ix, err = openDir(x.dir, x.opts); err != nil {
		return 0, err
	}
	return len(docs), nil
}

// swap replaces the open bleve index with ix.
func (x *Index) swap(ix bleve.Index) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ix != nil {
		_ = x.ix.Close()
	}
	x.ix = ix
}

// build writes docs into a new index at dir with bleve's offline builder
// (one merged segment) and stamps it with the mapping version.
func build(ctx context.Context, dir string, docs []research.Document, batchSize int) error {
	b, err := bleve.NewBuilder(dir, newMapping(), map[string]any{
		"buildPathPrefix": filepath.Dir(dir), "batchSize": batchSize,
	})
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			_ = b.Close()
			return err
		}
		if err := b.Index(d.ID, markerDoc(d)); err != nil {
			_ = b.Close()
			return err
		}
		for _, p := range d.Passages {
			if err := b.Index(p.PassageID(), passageDoc(d, p)); err != nil {
				_ = b.Close()
				return err
			}
		}
	}
	if err := b.Close(); err != nil {
		return err
	}
	ix, err := bleve.Open(dir)
	if err != nil {
		return err
	}
	if err := ix.SetInternal(versionKey, []byte(mappingVersion)); err != nil {
		_ = ix.Close()
		return err
	}
	return ix.Close()
}

// Reconcile makes the indexed documents those of r, the truth: it first
// removes the documents r lacks, then indexes the ones the index lacks
// (read from r). It returns how many it added and removed.
func (x *Index) Reconcile(ctx context.Context, r research.DocumentReader) (added, removed int, err error) {
	const op = "fulltext.Reconcile"
	stored, err := r.DocumentIDs(ctx)
	if err != nil {
		return 0, 0, sextant.WrapError(sextant.EINTERNAL, op, err)
	}
	indexed, err := x.DocumentIDs(ctx)
	if err != nil {
		return 0, 0, err
	}
	missing, extra := difference(stored, indexed), difference(indexed, stored)
	if err := x.Remove(ctx, extra); err != nil {
		return 0, 0, err
	}
	for start := 0; start < len(missing); start += fetchChunk {
		var docs []research.Document
		for _, id := range missing[start:min(start+fetchChunk, len(missing))] {
			d, err := r.Document(ctx, id)
			if sextant.ErrorCode(err) == sextant.ENOTFOUND {
				continue // deleted since DocumentIDs
			}
			if err != nil {
				return added, len(extra), sextant.WrapError(sextant.EINTERNAL, op, err)
			}
			docs = append(docs, d)
		}
		if err := x.Index(ctx, docs); err != nil {
			return added, len(extra), err
		}
		added += len(docs)
	}
	return added, len(extra), nil
}

// difference returns the elements of sorted a that are not in sorted b.
func difference(a, b []string) []string {
	var out []string
	j := 0
	for _, s := range a {
		for j < len(b) && b[j] < s {
			j++
		}
		if j == len(b) || b[j] != s {
			out = append(out, s)
		}
	}
	return out
}

// Opened says what OpenReconciled did.
type Opened struct {
	Rebuilt bool // the index could not be used and was rebuilt from the store
	Added   int  // documents indexed: all of them on a rebuild, else those the index lacked
	Removed int  // documents dropped from the index because the store lacks them
}

// OpenReconciled opens the index in dir for search over the documents of
// r: an index that must be rebuilt (ErrRebuild) is recreated and rebuilt,
// and a usable one is reconciled with r, so that search never returns a
// document r lacks. A read-only index is opened as it is.
func OpenReconciled(ctx context.Context, dir string, o Options, r research.DocumentReader) (*Index, Opened, error) {
	var rep Opened
	x, err := Open(dir, o)
	if errors.Is(err, ErrRebuild) && !o.ReadOnly {
		if x, err = Recreate(dir, o); err != nil {
			return nil, rep, err
		}
		rep.Rebuilt = true
		rep.Added, err = x.Rebuild(ctx, r)
	} else if err == nil && !o.ReadOnly {
		rep.Added, rep.Removed, err = x.Reconcile(ctx, r)
	}
	if err != nil {
		if x != nil {
			_ = x.Close()
		}
		return nil, rep, err
	}
	return x, rep, nil
}

// Put writes docs to the store s, then indexes the ones x lacks, as s
// holds them (a body already stored keeps its first metadata). The store
// is the truth: if indexing fails the documents stay stored, the error
// says so, and the next Reconcile indexes them.
func Put(ctx context.Context, s research.DocumentStore, x *Index, run market.IngestRun, docs []research.Document) (research.PutResult, error) {
	const op = "fulltext.Put"
	res, err := s.PutDocuments(ctx, run, docs)
	if err != nil {
		return res, err
	}
	indexed, err := x.indexed(ctx, res.IDs)
	if err != nil {
		return res, putError(op, err)
	}
	var todo []research.Document
	seen := map[string]bool{}
	for i, d := range docs {
		if indexed[d.ID] || seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		if res.Unchanged > 0 { // some bodies were stored before: read what the store kept
			if d, err = s.Document(ctx, res.IDs[i]); err != nil {
				return res, putError(op, err)
			}
		}
		todo = append(todo, d)
	}
	if err := x.Index(ctx, todo); err != nil {
		return res, putError(op, err)
	}
	return res, nil
}

func putError(op string, err error) error {
	return &sextant.Error{Code: sextant.ErrorCode(err), Op: op, Err: err,
		Message: "the documents are stored but not all are indexed; the next search reconciles the index"}
}

// Delete removes documents from the index x, then from the store s: a
// crash in between leaves documents that are stored but not indexed,
// which Reconcile indexes again, never search hits the store lacks.
func Delete(ctx context.Context, s research.DocumentWriter, x *Index, ids []string) error {
	if err := x.Remove(ctx, ids); err != nil {
		return err
	}
	return s.DeleteDocuments(ctx, ids)
}

// indexed returns which of ids have a marker in the index.
func (x *Index) indexed(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	err := x.use("fulltext.indexed", func(ix bleve.Index) error {
		for start := 0; start < len(ids); start += idChunk {
			marker := bleve.NewTermQuery("doc")
			marker.SetField(fieldType)
			found, err := allIDs(ctx, ix, bleve.NewConjunctionQuery(marker, docIDQuery(ids[start:min(start+idChunk, len(ids))])))
			if err != nil {
				return err
			}
			for _, id := range found {
				out[id] = true
			}
		}
		return nil
	})
	return out, err
}

// String describes what OpenReconciled did, for logs.
func (o Opened) String() string {
	if o.Rebuilt {
		return fmt.Sprintf("rebuilt the full-text index: %d documents", o.Added)
	}
	return fmt.Sprintf("reconciled the full-text index: %d added, %d removed", o.Added, o.Removed)
}
