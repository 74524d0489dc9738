package compose

import (
	"context"
	"os"
	"testing"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/duckdb"
)

// benchSector is the sector the report benchmarks compose: the demo's
// planted defense rally.
const benchSector = "国防军工"

// BenchmarkSectorReport composes the report on 国防军工 end to end
// (compose.Sector: every analysis, the documents, the sections and the
// verifier) on the full-size demo store (5,000 stocks × 10 years). Building
// that store takes minutes, so the benchmark reads an existing one:
//
//	sextant --home /tmp/full demo --size full
//	SEXTANT_BENCH_FULL_STORE=/tmp/full/sextant.duckdb go test ./internal/compose -run '^$' -bench SectorReport
//
// Without the variable it skips. See docs/performance.md ("Sector report").
func BenchmarkSectorReport(b *testing.B) {
	path := os.Getenv("SEXTANT_BENCH_FULL_STORE")
	if path == "" {
		b.Skip("SEXTANT_BENCH_FULL_STORE is not set: point it at a full-size demo store (`sextant --home DIR demo --size full`, a few minutes) to run this benchmark")
	}
	st := openBenchStore(b, path)
	benchSectorReport(b, st)
}

// BenchmarkSectorReportSmall is the same on the small demo store the tests
// build (1,500 stocks × 8 years).
func BenchmarkSectorReportSmall(b *testing.B) {
	st, _ := loadDemo(b)
	benchSectorReport(b, st)
}

// BenchmarkSectorParts times each analysis of the report alone on the
// store named by SEXTANT_BENCH_FULL_STORE, or on the small demo store.
func BenchmarkSectorParts(b *testing.B) {
	var st *duckdb.Store
	if path := os.Getenv("SEXTANT_BENCH_FULL_STORE"); path != "" {
		st = openBenchStore(b, path)
	} else {
		st, _ = loadDemo(b)
	}
	ctx := context.Background()
	sec, err := analysis.ResolveSector(ctx, st, benchSector, "")
	if err != nil {
		b.Fatal(err)
	}
	var sd *sectorData
	parts := []struct {
		name string
		run  func() error
	}{
		{"rotation", func() error {
			_, err := analysis.RunRotation(ctx, st, analysis.RotationRequest{Taxonomy: sec.Taxonomy, Level: sec.Level})
			return err
		}},
		{"flows", func() error {
			_, err := analysis.RunFlows(ctx, st, analysis.FlowsRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"sustain", func() error {
			_, err := analysis.RunSustain(ctx, st, analysis.SustainRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"etfs", func() error {
			_, err := analysis.RunETFTiers(ctx, st, analysis.ETFTiersRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"companies", func() error {
			_, err := analysis.RunCompanies(ctx, st, analysis.CompaniesRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"style", func() error {
			_, err := analysis.RunStyle(ctx, st, analysis.StyleRequest{})
			return err
		}},
		{"related", func() error {
			_, err := analysis.RunRelated(ctx, st, analysis.RelatedRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"excess", func() error {
			_, err := analysis.RunExcessPath(ctx, st, analysis.ExcessPathRequest{Sector: sec.Code, Taxonomy: sec.Taxonomy})
			return err
		}},
		{"status", func() error {
			_, err := st.Status(ctx)
			return err
		}},
		{"gather", func() error { // every analysis above, concurrently, and the documents
			_, err := gather(ctx, sources(st), benchRequest(), sec)
			return err
		}},
		{"compose", func() error { // the sections, facts (with their ingest runs) and verifier from gathered results
			_, err := sd.compose(ctx, st)
			return err
		}},
	}
	for _, p := range parts {
		b.Run(p.name, func(b *testing.B) {
			if p.name == "compose" {
				if sd, err = gather(ctx, sources(st), benchRequest(), sec); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if err := p.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func openBenchStore(b testing.TB, path string) *duckdb.Store {
	b.Helper()
	if _, err := os.Stat(path); err != nil {
		b.Fatalf("SEXTANT_BENCH_FULL_STORE: %v", err)
	}
	o := duckdb.DefaultOptions()
	o.ReadOnly = true
	st, err := duckdb.Open(context.Background(), path, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func benchSectorReport(b *testing.B, st *duckdb.Store) {
	ctx := context.Background()
	req := benchRequest()
	if _, err := Sector(ctx, sources(st), req); err != nil { // warm the store's caches once
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Sector(ctx, sources(st), req); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRequest() SectorRequest {
	return SectorRequest{Sector: benchSector, Lang: "zh", Generator: "sextant bench", Now: fixedNow}
}
