package demostore

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// Temp builds the default demo market with its documents in a new
// temporary directory and opens it for reading and writing: the shared
// fixture of tests that need a real store. Remove closes the store and
// deletes the directory.
type Temp struct {
	Store *duckdb.Store
	Truth *demo.Truth
	dir   string
}

// NewTemp builds it (about half a minute on two cores).
func NewTemp(ctx context.Context, now func() time.Time) (*Temp, error) {
	dir, err := os.MkdirTemp("", "sextant-demo-*")
	if err != nil {
		return nil, err
	}
	t := &Temp{dir: dir}
	path := filepath.Join(dir, "sextant.duckdb")
	if t.Truth, err = Build(ctx, path, Options{Demo: demo.DefaultOptions(), Store: duckdb.DefaultOptions(), Now: now}); err != nil {
		t.Remove()
		return nil, err
	}
	if t.Store, err = duckdb.Open(ctx, path, duckdb.DefaultOptions()); err != nil {
		t.Remove()
		return nil, err
	}
	return t, nil
}

// Remove closes the store and deletes the directory.
func (t *Temp) Remove() {
	if t == nil {
		return
	}
	if t.Store != nil {
		t.Store.Close()
	}
	os.RemoveAll(t.dir)
}
