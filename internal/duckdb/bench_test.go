package duckdb

import (
	"context"
	"database/sql"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/storetest"
)

var (
	benchRows    = flag.Int("bench.rows", 1_000_000, "bars written per BenchmarkWriteBars and BenchmarkWriteChunks op")
	benchChunk   = flag.Int("bench.chunk", 340_000, "bars per Write in BenchmarkWriteChunks")
	benchSymbols = flag.Int("bench.symbols", 5000, "symbols in the BenchmarkBarMatrix store")
	benchDays    = flag.Int("bench.days", 2500, "trading days in the BenchmarkBarMatrix store")
)

func BenchmarkWriteBars(b *testing.B) {
	ctx := context.Background()
	symbols := max(*benchRows/2500, 1)
	bars, _ := storetest.SyntheticBars(symbols, *benchRows/symbols)
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "w.duckdb"), DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Write(ctx, market.IngestRun{Source: "bench"}, &market.Batch{Bars: bars}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(bars))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkWriteChunks writes bench.rows bars into a fresh file in writes
// of about bench.chunk rows (whole symbols, as the demo market does), so
// that each write lands in a growing table; it reports the first and last
// write's seconds, which stay close when writes do not slow down as the
// table grows.
func BenchmarkWriteChunks(b *testing.B) {
	ctx := context.Background()
	symbols := max(*benchRows/2500, 1)
	bars, _ := storetest.SyntheticBars(symbols, *benchRows/symbols)
	step := max(*benchChunk/2500, 1) * 2500
	var first, last float64
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		s, err := Open(ctx, filepath.Join(b.TempDir(), "c.duckdb"), DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for lo := 0; lo < len(bars); lo += step {
			start := time.Now()
			res, err := s.Write(ctx, market.IngestRun{Source: "bench"}, &market.Batch{Bars: bars[lo:min(lo+step, len(bars))]})
			if err != nil {
				b.Fatal(err)
			}
			if res.Inserted != min(step, len(bars)-lo) {
				b.Fatalf("inserted %d", res.Inserted)
			}
			if lo == 0 {
				first = time.Since(start).Seconds()
			}
			last = time.Since(start).Seconds()
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(bars))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(first, "first-write-s")
	b.ReportMetric(last, "last-write-s")
}

func BenchmarkBarMatrix(b *testing.B) {
	ctx := context.Background()
	bars, syms := storetest.SyntheticBars(*benchSymbols, *benchDays)
	s, err := Open(ctx, filepath.Join(b.TempDir(), "m.duckdb"), DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Write(ctx, market.IngestRun{Source: "bench"}, &market.Batch{Bars: bars}); err != nil {
		b.Fatal(err)
	}
	q := matrixSQL(syms, time.Time{}, time.Time{}, fieldExpr[market.FieldAdjClose])
	cells := float64(*benchSymbols) * float64(*benchDays)
	run := func(name string, read func() (*market.Matrix, error)) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m, err := read()
				if err != nil {
					b.Fatal(err)
				}
				if len(m.Dates) != *benchDays {
					b.Fatalf("%d dates", len(m.Dates))
				}
			}
			b.ReportMetric(cells*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mvalues/s")
		})
	}
	run("native", func() (*market.Matrix, error) { return s.raw.matrix(ctx, q, syms) })
	run("sql-list", func() (*market.Matrix, error) { return s.sqlMatrix(ctx, q, syms) })
	run("sql-rows", func() (*market.Matrix, error) { return rowsMatrix(ctx, s, q, syms) })
}

// rowsMatrix is the plain database/sql alternative measured for the record:
// one scanned row per value.
func rowsMatrix(ctx context.Context, s *Store, q string, syms []market.Symbol) (*market.Matrix, error) {
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var m *market.Matrix
	var j, i, n int
	var day time.Time
	var v sql.NullFloat64
	for rows.Next() {
		if err := rows.Scan(&j, &i, &n, &day, &v); err != nil {
			return nil, err
		}
		if m == nil {
			m = market.NewMatrix(make([]time.Time, n), syms)
		}
		m.Dates[i] = day
		if v.Valid {
			m.Values[j][i] = v.Float64
		}
	}
	if m == nil {
		m = market.NewMatrix(nil, syms)
	}
	return m, rows.Err()
}
