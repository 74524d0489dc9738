package fulltext

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
)

var _ research.Index = (*Index)(nil)

// ErrRebuild is wrapped by the error of an index that cannot be used as
// it is and must be rebuilt from the store: damaged files, or a mapping
// written by another version of Sextant.
var ErrRebuild = errors.New("the full-text index must be rebuilt from the store")

// mappingVersion names the mapping below; an index written with another
// one is rebuilt. Bump it whenever the mapping or the document layout
// changes.
const mappingVersion = "sextant-fulltext-1"

var versionKey = []byte("sextant.mapping")

// Field names.
const (
	fieldType      = "type" // "passage" or "doc" (the marker)
	fieldDocID     = "doc_id"
	fieldZH        = "text_zh"
	fieldEN        = "text_en"
	fieldTitle     = "title"
	fieldPublisher = "publisher"
	fieldSeq       = "seq"
	fieldStart     = "start"
	fieldEnd       = "end"
	fieldPublished = "published"
	fieldKind      = "kind"
	fieldLanguage  = "language" // the tag as stored
	fieldLang      = "lang"     // the tag and its primary subtag, lower case, for filters
	fieldSectors   = "sectors"
	fieldSymbols   = "symbols"
)

// Options configure an index.
type Options struct {
	// ReadOnly opens an existing index without write access; several
	// processes may hold it so. Writes fail with ECONFLICT.
	ReadOnly bool
	// LockTimeout is how long Open waits for another process to release
	// the index; 0 means one second.
	LockTimeout time.Duration
	// BatchSize is the number of passages per write batch; 0 means 2,000.
	BatchSize int
}

// DefaultOptions returns the options `sextant` uses.
func DefaultOptions() Options { return Options{LockTimeout: time.Second, BatchSize: 2000} }

func (o Options) withDefaults() Options {
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 2000
	}
	return o
}

// Index is a full-text index of passages. It is safe for concurrent use.
type Index struct {
	dir  string // "" for an in-memory index
	opts Options

	mu sync.RWMutex // write-locked only while Rebuild swaps ix
	ix bleve.Index
}

// Open opens the index in dir, creating it when dir does not exist or is
// empty; dir "" is an in-memory index. Errors are *sextant.Error:
// ECONFLICT when another process holds the index, EUNAVAILABLE wrapping
// ErrRebuild when it is damaged or of another version, ENOTFOUND for a
// missing index opened read-only.
func Open(dir string, o Options) (*Index, error) {
	const op = "fulltext.Open"
	o = o.withDefaults()
	x := &Index{dir: dir, opts: o}
	if dir == "" {
		if o.ReadOnly {
			return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "an in-memory full-text index cannot be read-only"}
		}
		ix, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil)
		if err == nil {
			err = ix.SetInternal(versionKey, []byte(mappingVersion))
		}
		if err != nil {
			return nil, indexError(op, err)
		}
		x.ix = ix
		return x, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: fmt.Sprintf("index path %q is not valid", dir), Err: err}
	}
	x.dir = abs
	if x.ix, err = openDir(abs, o); err != nil {
		return nil, err
	}
	return x, nil
}

// openDir opens or creates the bleve index in dir.
func openDir(dir string, o Options) (bleve.Index, error) {
	const op = "fulltext.Open"
	empty, err := isEmptyDir(dir)
	if err != nil {
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("cannot read full-text index directory %s", dir), Err: err}
	}
	if empty {
		if o.ReadOnly {
			return nil, &sextant.Error{Code: sextant.ENOTFOUND, Op: op, Message: fmt.Sprintf("full-text index %s does not exist", dir)}
		}
		ix, err := bleve.New(dir, newMapping())
		if err == nil {
			err = ix.SetInternal(versionKey, []byte(mappingVersion))
		}
		if err != nil {
			return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op, Message: fmt.Sprintf("cannot create full-text index %s", dir), Err: err}
		}
		return ix, nil
	}
	ix, err := bleve.OpenUsing(dir, map[string]any{"read_only": o.ReadOnly, "bolt_timeout": o.LockTimeout.String()})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, &sextant.Error{Code: sextant.ECONFLICT, Op: op, Err: err, Message: fmt.Sprintf(
			"full-text index %s is in use by another Sextant process; stop it, or go through that process", dir)}
	}
	if err != nil {
		return nil, rebuildError(op, dir, "cannot be opened", err)
	}
	v, err := ix.GetInternal(versionKey)
	if err != nil || string(v) != mappingVersion {
		_ = ix.Close()
		return nil, rebuildError(op, dir, fmt.Sprintf("was written with another mapping (%q, want %q)", v, mappingVersion), err)
	}
	return ix, nil
}

// rebuildError says that the index in dir must be rebuilt.
func rebuildError(op, dir, why string, cause error) error {
	err := ErrRebuild
	if cause != nil {
		err = fmt.Errorf("%w: %w", ErrRebuild, cause)
	}
	return &sextant.Error{Code: sextant.EUNAVAILABLE, Op: op, Err: err, Message: fmt.Sprintf(
		"full-text index %s %s; rebuild it from the store", dir, why)}
}

// isEmptyDir reports whether dir is missing or empty.
func isEmptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	return len(entries) == 0, err
}

// Recreate replaces whatever index is in dir — typically one Open
// refused with ErrRebuild — with an empty one; call Rebuild next. It
// refuses a directory holding files that are not part of a bleve index.
func Recreate(dir string, o Options) (*Index, error) {
	const op = "fulltext.Recreate"
	if dir == "" || o.ReadOnly {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "only a writable on-disk index can be recreated"}
	}
	if err := removeIndexDir(dir); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: err.Error(), Err: err}
	}
	return Open(dir, o)
}

// removeIndexDir removes dir if it holds only what bleve writes.
func removeIndexDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "index_meta.json_temp", "store":
		default:
			return fmt.Errorf("%s holds %s, which is not part of a full-text index; refusing to delete it", dir, e.Name())
		}
	}
	return os.RemoveAll(dir)
}

// Dir returns the index directory ("" for an in-memory index).
func (x *Index) Dir() string { return x.dir }

// Close releases the index and its lock.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.ix == nil {
		return nil
	}
	err := x.ix.Close()
	x.ix = nil
	return indexError("fulltext.Close", err)
}

// use calls fn with the open bleve index, under the read lock that
// Rebuild's swap waits for.
func (x *Index) use(op string, fn func(ix bleve.Index) error) error {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.ix == nil {
		return &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "the full-text index is closed"}
	}
	return indexError(op, fn(x.ix))
}

// write is use for writes: a read-only index refuses them.
func (x *Index) write(op string, fn func(ix bleve.Index) error) error {
	if x.opts.ReadOnly {
		return &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the full-text index is open read-only"}
	}
	return x.use(op, fn)
}

// indexError wraps a bleve error with a safe message.
func indexError(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *sextant.Error
	if errors.As(err, &se) {
		return sextant.WrapError(se.Code, op, err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Message: "operation cancelled", Err: err}
	}
	return &sextant.Error{Code: sextant.EINTERNAL, Op: op, Message: "full-text index error", Err: err}
}

// newMapping is the index mapping described in the package doc.
func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = keyword.Name
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	d := bleve.NewDocumentStaticMapping()
	for _, f := range []string{fieldType, fieldDocID, fieldLang, fieldSectors, fieldSymbols} {
		d.AddFieldMappingsAt(f, keywordField(false))
	}
	d.AddFieldMappingsAt(fieldKind, keywordField(true))
	d.AddFieldMappingsAt(fieldZH, analysedField(cjk.AnalyzerName))
	d.AddFieldMappingsAt(fieldEN, analysedField(en.AnalyzerName))
	for _, f := range []string{fieldTitle, fieldPublisher, fieldLanguage} {
		s := bleve.NewTextFieldMapping()
		s.Index, s.Store, s.IncludeInAll, s.IncludeTermVectors, s.DocValues = false, true, false, false, false
		d.AddFieldMappingsAt(f, s)
	}
	for _, f := range []string{fieldSeq, fieldStart, fieldEnd} {
		n := bleve.NewNumericFieldMapping()
		n.Index, n.Store, n.IncludeInAll, n.DocValues = false, true, false, false
		d.AddFieldMappingsAt(f, n)
	}
	p := bleve.NewDateTimeFieldMapping()
	p.Store, p.IncludeInAll, p.DocValues = true, false, false
	d.AddFieldMappingsAt(fieldPublished, p)
	m.DefaultMapping = d
	return m
}

func keywordField(store bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = store, false, false, false
	return f
}

func analysedField(analyzer string) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = true, false, false, false
	return f
}
