package duckdb

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/storetest"
)

func openTest(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestConformanceFile(t *testing.T) {
	storetest.Run(t, func(t *testing.T) market.Store {
		s := openTest(t, filepath.Join(t.TempDir(), "data", "sextant.duckdb"))
		if s.raw == nil {
			t.Fatal("file store has no native connection: BarMatrix would not use the columnar path")
		}
		return s
	})
}

func TestConformanceMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) market.Store { return openTest(t, "") })
}

func TestDocumentsFile(t *testing.T) {
	storetest.RunDocuments(t, func(t *testing.T) storetest.DocumentStore {
		return openTest(t, filepath.Join(t.TempDir(), "sextant.duckdb"))
	})
}

func TestDocumentsMemory(t *testing.T) {
	storetest.RunDocuments(t, func(t *testing.T) storetest.DocumentStore { return openTest(t, "") })
}
