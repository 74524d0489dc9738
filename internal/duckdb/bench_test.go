package duckdb

import (
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/storetest"
)

var (
	benchRows    = flag.Int("bench.rows", 1_000_000, "bars written per BenchmarkWriteBars op")
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
	bars = nil
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
	run("sql-rows", func() (*market.Matrix, error) { return s.sqlMatrix(ctx, q, syms) })
	run("sql-list", func() (*market.Matrix, error) { return listMatrix(ctx, s, syms) })
}

// listMatrix is the list-aggregation alternative measured for the record:
// one row per symbol with list(row index) and list(value), plus one row
// holding the dates, scanned through database/sql.
func listMatrix(ctx context.Context, s *Store, syms []market.Symbol) (*market.Matrix, error) {
	base := matrixSQL(syms, time.Time{}, time.Time{}, fieldExpr[market.FieldAdjClose])
	cte := base[:strings.LastIndex(base, "SELECT o.j")]
	q := cte + `SELECT -1 AS j, list(d.i ORDER BY d.i) AS idx, list((d.date - DATE '1970-01-01')::DOUBLE ORDER BY d.i) AS vals FROM days d
UNION ALL SELECT o.j, list(d.i ORDER BY d.i), list(o.v ORDER BY d.i) FROM obs o JOIN days d ON o.date = d.date GROUP BY o.j`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type col struct {
		j    int
		idx  []any
		vals []any
	}
	var cols []col
	var dates []time.Time
	for rows.Next() {
		var c col
		var idx, vals any
		if err := rows.Scan(&c.j, &idx, &vals); err != nil {
			return nil, err
		}
		c.idx, c.vals = idx.([]any), vals.([]any)
		if c.j < 0 {
			dates = make([]time.Time, len(c.vals))
			for k, v := range c.vals {
				dates[k] = epoch.AddDate(0, 0, int(v.(float64)))
			}
			continue
		}
		cols = append(cols, c)
	}
	m := market.NewMatrix(dates, syms)
	for _, c := range cols {
		for k, i := range c.idx {
			if v, ok := c.vals[k].(float64); ok {
				m.Values[c.j][i.(int32)] = v
			}
		}
	}
	return m, rows.Err()
}
