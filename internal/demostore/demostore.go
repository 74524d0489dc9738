// Package demostore writes the synthetic DEMO market (internal/source/demo)
// — its market data and its document corpus — into an embedded DuckDB
// store. It is wiring shared by `sextant demo` and the tests that need a
// demo store.
package demostore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// Options configure Build.
type Options struct {
	Demo     demo.Options
	Store    duckdb.Options
	Now      func() time.Time
	Progress func(demo.ChunkInfo) // called after each chunk is written; may be nil
}

// Build generates the demo market into a new store at path. It writes to
// path.building and renames it into place only when everything is written,
// so a failed or interrupted build leaves any previous store untouched.
func Build(ctx context.Context, path string, o Options) (*demo.Truth, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, sextant.Errorf(sextant.EINTERNAL, "remove %s: %v", p, err)
		}
	}
	st, err := duckdb.Open(ctx, tmp, o.Store)
	if err != nil {
		return nil, err
	}
	input := fmt.Sprintf("demo seed=%d size=%s end=%s", o.Demo.Seed, o.Demo.Size, market.FormatDate(o.Demo.End))
	truth, err := demo.Generate(ctx, o.Demo, func(ci demo.ChunkInfo, b *market.Batch) error {
		run := market.IngestRun{Source: demo.Source, Dataset: "mixed", Input: input, StartedAt: o.Now(), FinishedAt: o.Now(), Rows: b.Len(), Note: ci.Stage}
		if _, err := st.Write(ctx, run, b); err != nil {
			return err
		}
		if o.Progress != nil {
			o.Progress(ci)
		}
		return nil
	})
	if err == nil {
		err = writeDocuments(ctx, st, truth, input, o.Now)
	}
	if cerr := st.Close(); err == nil && cerr != nil {
		err = sextant.WrapError(sextant.EINTERNAL, "demo.close", cerr)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + ".wal")
		return nil, err
	}
	os.Remove(path + ".wal")
	if err := os.Rename(tmp, path); err != nil {
		return nil, sextant.Errorf(sextant.EINTERNAL, "install demo store: %v", err)
	}
	return truth, nil
}

// writeDocuments stores the demo market's document corpus in one run.
func writeDocuments(ctx context.Context, st *duckdb.Store, truth *demo.Truth, input string, now func() time.Time) error {
	docs, err := demo.Documents(truth)
	if err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "demo.documents", err)
	}
	run := market.IngestRun{Source: demo.Source, Dataset: string(market.DatasetDocuments), Input: input, StartedAt: now(), FinishedAt: now(), Rows: len(docs), Note: "documents"}
	_, err = st.PutDocuments(ctx, run, docs)
	return err
}
