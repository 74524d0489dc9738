package fulltext

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// searchIDs returns the sorted documents a search for text finds.
func searchIDs(t *testing.T, x *Index, text string) []string {
	t.Helper()
	hits, err := x.Search(context.Background(), research.Query{Text: text, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := hitDocs(hits)
	sort.Strings(got)
	return got
}

func TestScoringIsBM25(t *testing.T) {
	x, _ := indexed(t)
	err := x.use("test", func(ix bleve.Index) error {
		req := bleve.NewSearchRequest(searchQuery("卫星", research.Filter{}))
		req.Explain = true
		res, err := ix.Search(req)
		if err != nil {
			return err
		}
		if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Expl.String(), "bm25") {
			t.Errorf("explanation does not name bm25: %v", res.Hits)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestIndexReplaceAndRemove(t *testing.T) {
	ctx := context.Background()
	x, docs := indexed(t)
	same(t, "indexed ids", must(x.DocumentIDs(ctx))(t), ids(docs, 0, 1, 2, 3, 4, 5))
	// Re-index a document with one passage instead of two: the old second
	// passage goes.
	d := docs[docSpace]
	if len(d.Passages) != 2 {
		t.Fatalf("fixture has %d passages, want 2", len(d.Passages))
	}
	d.Passages = []research.Passage{{DocID: d.ID, Seq: 0, Text: "卫星 only", Start: 0, End: 10}}
	if err := x.Index(ctx, []research.Document{d}); err != nil {
		t.Fatal(err)
	}
	hits, err := x.Search(ctx, research.Query{Text: "卫星"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0].Text != "卫星 only" {
		t.Errorf("after replacing: %+v", hits)
	}
	if err := x.Remove(ctx, []string{docs[docSpace].ID, "dunknown", docs[docBudget].ID}); err != nil {
		t.Fatal(err)
	}
	same(t, "ids after remove", must(x.DocumentIDs(ctx))(t), ids(docs, docDefense, docEVPolicy, docSatEN, docBattery))
	same(t, "search after remove", len(searchIDs(t, x, "卫星 defense")), 0)
	bad := docs[docSatEN]
	bad.ID = ""
	wantCode(t, x.Index(ctx, []research.Document{docs[docSpace], bad}), sextant.EINVALID)
	same(t, "nothing indexed from an invalid batch", len(must(x.DocumentIDs(ctx))(t)), 4)
}

// TestReconcile simulates crashes between store and index both ways and
// checks that Reconcile makes the index the store's.
func TestReconcile(t *testing.T) {
	ctx := context.Background()
	s, x, docs := newMemStore(), openMem(t), fixtureDocs()
	// Stored and indexed: 0, 1. Stored, not indexed (crash after the store
	// write): 2, 3. Indexed, not stored (store restored from an older copy,
	// or written without the index): 4, 5.
	must(s.PutDocuments(ctx, market.IngestRun{}, docs[:4]))(t)
	if err := x.Index(ctx, append(append([]research.Document{}, docs[:2]...), docs[4:]...)); err != nil {
		t.Fatal(err)
	}
	same(t, "before: defense budget is searchable", searchIDs(t, x, "defense budget"), ids(docs, docBudget))
	added, removed, err := x.Reconcile(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "added, removed", [2]int{added, removed}, [2]int{2, 2})
	same(t, "indexed ids", must(x.DocumentIDs(ctx))(t), ids(docs, 0, 1, 2, 3))
	same(t, "the store's documents are found", searchIDs(t, x, "新能源汽车 satellite"), ids(docs, docEVPolicy, docSatEN))
	same(t, "documents the store lacks are not", len(searchIDs(t, x, "defense budget battery")), 0)
	added, removed, err = x.Reconcile(ctx, s)
	same(t, "second reconcile", [3]any{added, removed, err}, [3]any{0, 0, nil})
}

func TestPutAndDelete(t *testing.T) {
	ctx := context.Background()
	s, x, docs := newMemStore(), openMem(t), fixtureDocs()
	res, err := Put(ctx, s, x, market.IngestRun{Source: "test"}, docs[:3])
	if err != nil || res.Inserted != 3 {
		t.Fatalf("put: %+v, %v", res, err)
	}
	// The same body under a new title: the store keeps the first title, and
	// so does the index.
	retitled := docs[docDefense]
	retitled.Title = "改过的标题"
	if _, err := Put(ctx, s, x, market.IngestRun{}, []research.Document{retitled, docs[docSatEN]}); err != nil {
		t.Fatal(err)
	}
	hits, err := x.Search(ctx, research.Query{Text: "军工"})
	if err != nil || len(hits) == 0 || hits[0].Title != docs[docDefense].Title {
		t.Errorf("hits %+v (%v), want the first title %q", hits, err, docs[docDefense].Title)
	}
	same(t, "indexed", must(x.DocumentIDs(ctx))(t), ids(docs, 0, 1, 2, 3))
	if err := Delete(ctx, s, x, []string{docs[docSpace].ID}); err != nil {
		t.Fatal(err)
	}
	same(t, "indexed after delete", must(x.DocumentIDs(ctx))(t), ids(docs, 1, 2, 3))
	same(t, "stored after delete", must(s.DocumentIDs(ctx))(t), ids(docs, 1, 2, 3))
}

func TestOnDisk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	s, docs := newMemStore(), fixtureDocs()
	must(s.PutDocuments(ctx, market.IngestRun{}, docs))(t)
	x, err := Open(dir, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	n, err := x.Rebuild(ctx, s)
	if err != nil || n != len(docs) {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	same(t, "indexed", must(x.DocumentIDs(ctx))(t), ids(docs, 0, 1, 2, 3, 4, 5))
	for _, leftover := range []string{dir + ".rebuild", dir + ".old"} {
		if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind (%v)", leftover, err)
		}
	}
	// A second process (here: a second open) is refused, not left waiting.
	start := time.Now()
	_, err = Open(dir, Options{LockTimeout: 50 * time.Millisecond})
	wantCode(t, err, sextant.ECONFLICT)
	if time.Since(start) > 5*time.Second {
		t.Errorf("locked open took %v", time.Since(start))
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = x.Search(ctx, research.Query{Text: "卫星"})
	wantCode(t, err, sextant.EINVALID)

	ro, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "read-only search", searchIDs(t, ro, "商业航天"), ids(docs, docSpace))
	wantCode(t, ro.Index(ctx, docs[:1]), sextant.ECONFLICT)
	_, err = ro.Rebuild(ctx, s)
	wantCode(t, err, sextant.ECONFLICT)
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(filepath.Join(t.TempDir(), "none"), Options{ReadOnly: true})
	wantCode(t, err, sextant.ENOTFOUND)
}

// TestDamaged damages an index in several ways: Open says it must be
// rebuilt, and OpenReconciled rebuilds it from the store.
func TestDamaged(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"garbage metadata", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "index_meta.json"), "{not json") }},
		{"metadata missing", func(t *testing.T, dir string) { removeFile(t, filepath.Join(dir, "index_meta.json")) }},
		{"garbage root", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "store", "root.bolt"), strings.Repeat("garbage!", 1024))
		}},
		{"another mapping version", func(t *testing.T, dir string) {
			ix, err := bleve.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.SetInternal(versionKey, []byte("sextant-fulltext-0")); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "index")
			s, docs := newMemStore(), fixtureDocs()
			x, err := Open(dir, DefaultOptions())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Put(ctx, s, x, market.IngestRun{}, docs); err != nil {
				t.Fatal(err)
			}
			if err := x.Close(); err != nil {
				t.Fatal(err)
			}
			tc.damage(t, dir)
			_, err = Open(dir, DefaultOptions())
			wantCode(t, err, sextant.EUNAVAILABLE)
			if !errors.Is(err, ErrRebuild) || !strings.Contains(sextant.ErrorMessage(err), "rebuild it from the store") {
				t.Errorf("error %v does not say the index must be rebuilt", err)
			}
			x, rep, err := OpenReconciled(ctx, dir, DefaultOptions(), s)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			same(t, "report", rep, Opened{Rebuilt: true, Added: len(docs)})
			same(t, "search after rebuild", searchIDs(t, x, "军工 satellite"), ids(docs, docDefense, docSatEN))
		})
	}
}

func TestOpenReconciled(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	s, docs := newMemStore(), fixtureDocs()
	x, rep, err := OpenReconciled(ctx, dir, DefaultOptions(), s)
	if err != nil {
		t.Fatal(err)
	}
	same(t, "empty", rep, Opened{})
	if _, err := Put(ctx, s, x, market.IngestRun{}, docs[:3]); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	// A crash after the store write and before indexing, and a deletion
	// from the store made without the index.
	must(s.PutDocuments(ctx, market.IngestRun{}, docs[3:]))(t)
	if err := s.DeleteDocuments(ctx, []string{docs[docSpace].ID}); err != nil {
		t.Fatal(err)
	}
	x, rep, err = OpenReconciled(ctx, dir, DefaultOptions(), s)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	same(t, "report", rep, Opened{Added: 3, Removed: 1})
	same(t, "search", searchIDs(t, x, "商业航天 satellite defense battery"), ids(docs, docSatEN, docBudget, docBattery))
}

func TestRecreateRefusesForeignDirectories(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "notes.txt"), "mine")
	_, err := Recreate(dir, DefaultOptions())
	wantCode(t, err, sextant.EINVALID)
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("Recreate touched a foreign file: %v", err)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func removeFile(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}

// must returns a checker of a call's results: must(f())(t) fails the
// test on error and returns the value.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
