package analysis

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/sextant-ai/sextant/internal/demostore"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

// demoStoreEnv names an existing small demo store (built by `sextant demo`
// with the default options) to use instead of building one: a shortcut
// when iterating on these tests.
const demoStoreEnv = "SEXTANT_TEST_DEMO_STORE"

// demoStore is the small demo market written to a DuckDB store in a temp
// dir, built once per test binary (about half a minute) and shared.
var demoStore struct {
	once  sync.Once
	tmp   *demostore.Temp
	st    *duckdb.Store
	truth *demo.Truth
	err   error
}

// loadDemo returns the shared demo store and its ground truth.
func loadDemo(t *testing.T) (*duckdb.Store, *demo.Truth) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the demo store")
	}
	demoStore.once.Do(func() { demoStore.st, demoStore.truth, demoStore.err = buildDemoStore() })
	if demoStore.err != nil {
		t.Fatal(demoStore.err)
	}
	return demoStore.st, demoStore.truth
}

func buildDemoStore() (*duckdb.Store, *demo.Truth, error) {
	ctx := context.Background()
	if path := os.Getenv(demoStoreEnv); path != "" {
		truth, err := demo.Generate(ctx, demo.DefaultOptions(), func(demo.ChunkInfo, *market.Batch) error { return nil })
		if err != nil {
			return nil, nil, err
		}
		st, err := duckdb.Open(ctx, path, duckdb.Options{ReadOnly: true})
		return st, truth, err
	}
	tmp, err := demostore.NewTemp(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	demoStore.tmp = tmp
	return tmp.Store, tmp.Truth, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoStore.tmp != nil {
		demoStore.tmp.Remove()
	} else if demoStore.st != nil {
		demoStore.st.Close()
	}
	os.Exit(code)
}
