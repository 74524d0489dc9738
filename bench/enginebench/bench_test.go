package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/sextant-ai/sextant/internal/source/demo"
)

// The Go benchmarks of the full scan on a demo store: by default the small
// demo is generated into a temp dir (≈ 30 s, once per run); point
// -enginebench.store at a store kept by `go run ./bench/enginebench -keep
// -dir DIR` (DIR/demo-full.duckdb) to measure the full size:
//
//	go test ./bench/enginebench -run '^$' -bench . -enginebench.store /tmp/eb/demo-full.duckdb
var storeFlag = flag.String("enginebench.store", "", "demo store to load (default: generate the small demo)")

var (
	benchOnce   sync.Once
	benchMarket *Market
	benchErr    error
	benchDir    string
)

func benchData(b *testing.B) *Market {
	b.Helper()
	benchOnce.Do(func() {
		ctx := context.Background()
		path := *storeFlag
		if path == "" {
			if benchDir, benchErr = os.MkdirTemp("", "enginebench-test-*"); benchErr != nil {
				return
			}
			path = filepath.Join(benchDir, "demo-small.duckdb")
			if benchErr = buildStore(ctx, path, demo.SizeSmall); benchErr != nil {
				return
			}
		}
		benchMarket, benchErr = load(ctx, path)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchMarket
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkScan is the whole full scan (performance, rotation, breadth,
// flows) per sector set, on one goroutine and on two.
func BenchmarkScan(b *testing.B) {
	m := benchData(b)
	for _, set := range m.Sets {
		b.Run(set.Name+"/1", func(b *testing.B) {
			for b.Loop() {
				if err := Scan(m, set); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(set.Name+"/2", func(b *testing.B) {
			for b.Loop() {
				if err := ScanParallel(m, set, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScanTasks times each task of the scan of the largest sector set
// on its own (use with -cpuprofile to see the hot spots).
func BenchmarkScanTasks(b *testing.B) {
	m := benchData(b)
	for _, t := range scanTasks(m, m.Sets[len(m.Sets)-1], 0) {
		b.Run(t.name, func(b *testing.B) {
			for b.Loop() {
				if err := t.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPerformance is the performance-and-ranks part: as of the last
// day, and per date over the whole history.
func BenchmarkPerformance(b *testing.B) {
	m := benchData(b)
	b.Run("as-of", func(b *testing.B) {
		for b.Loop() {
			if _, err := AsOfPerformance(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("history/1", func(b *testing.B) {
		for b.Loop() {
			PerfHistory(m.Stocks, HistoryWindows, 1)
		}
	})
}

// TestSplitSectors checks the synthetic level-2 sectors on the loaded
// market: five per level-1 sector at most, every membership kept once,
// every basket non-empty. It runs only with -enginebench.store.
func TestSplitSectors(t *testing.T) {
	if *storeFlag == "" {
		t.Skip("needs -enginebench.store")
	}
	m, err := load(context.Background(), *storeFlag)
	if err != nil {
		t.Fatal(err)
	}
	l1, l2 := m.Sets[0], m.Sets[1]
	if len(l2.All) != len(l1.All) {
		t.Errorf("level 2 has %d memberships, level 1 %d", len(l2.All), len(l1.All))
	}
	if len(l2.Codes) > subSectors*len(l1.Codes) || len(l2.Codes) < 4*len(l1.Codes) {
		t.Errorf("%d sub-sectors for %d sectors", len(l2.Codes), len(l1.Codes))
	}
	for _, c := range l2.Codes {
		if len(l2.Baskets[c]) == 0 {
			t.Errorf("sub-sector %s has an empty basket", c)
		}
	}
}
