package compose

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/demostore"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// The small demo market with its documents, built once per test binary
// (about half a minute) and shared read-only.
var demoStore struct {
	once  sync.Once
	tmp   *demostore.Temp
	st    *duckdb.Store
	truth *demo.Truth
	err   error
}

// fixedNow makes the data-health line reproducible.
var fixedNow = func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }

func loadDemo(t testing.TB) (*duckdb.Store, *demo.Truth) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the demo store")
	}
	demoStore.once.Do(func() {
		demoStore.tmp, demoStore.err = demostore.NewTemp(context.Background(), fixedNow)
		if demoStore.err == nil {
			demoStore.st, demoStore.truth = demoStore.tmp.Store, demoStore.tmp.Truth
		}
	})
	if demoStore.err != nil {
		t.Fatal(demoStore.err)
	}
	return demoStore.st, demoStore.truth
}

func sources(st *duckdb.Store) Sources {
	return Sources{Data: st, Status: st, Docs: st, Runs: st}
}

func TestMain(m *testing.M) {
	code := m.Run()
	demoStore.tmp.Remove()
	os.Exit(code)
}
