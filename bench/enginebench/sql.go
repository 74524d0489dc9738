package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

// The DuckDB peer: returns over HistoryWindows trading days as LAG window
// functions over each stock's rows, ranked per date with RANK(), on the
// bars table of the same store. A stock's n-th previous row is its n-th
// previous bar, so the SQL and Go results differ only where a stock has no
// bar on some trading days inside a window (Go carries the last close).
const sqlPrices = `px AS (
	SELECT b.symbol, b.date,
	       b.close * CASE WHEN b.adj_factor IS NULL OR b.adj_factor = 0 THEN 1 ELSE b.adj_factor END AS p
	FROM bars b JOIN instruments i ON i.symbol = b.symbol
	WHERE i.kind = 'stock')`

func sqlReturns() string {
	var cols []string
	for _, n := range HistoryWindows {
		cols = append(cols, fmt.Sprintf("p / LAG(p, %d) OVER w - 1 AS r%d", n, n))
	}
	return "r AS (SELECT symbol, date, " + strings.Join(cols, ", ") + " FROM px WINDOW w AS (PARTITION BY symbol ORDER BY date))"
}

// historySQL ranks every date's cross-section for every window and
// aggregates the results (so every window value is computed but none is
// sent to Go).
func historySQL() string {
	var ranks, aggs []string
	for _, n := range HistoryWindows {
		ranks = append(ranks, fmt.Sprintf("r%d, RANK() OVER (PARTITION BY date ORDER BY r%d DESC) AS k%d", n, n, n))
		aggs = append(aggs, fmt.Sprintf("sum(r%d)", n), fmt.Sprintf("sum(k%d)", n))
	}
	return "WITH " + sqlPrices + ", " + sqlReturns() + ", k AS (SELECT date, symbol, " + strings.Join(ranks, ", ") +
		" FROM r) SELECT count(*), " + strings.Join(aggs, ", ") + " FROM k"
}

// asOfSQL is the performance table as of the last date: returns for every
// window and their ranks among the stocks, one row per stock.
func asOfSQL() string {
	var ranks []string
	for _, n := range HistoryWindows {
		ranks = append(ranks, fmt.Sprintf("r%d, RANK() OVER (ORDER BY r%d DESC) AS k%d", n, n, n))
	}
	return "WITH " + sqlPrices + ", " + sqlReturns() + " SELECT symbol, " + strings.Join(ranks, ", ") +
		" FROM r WHERE date = (SELECT max(date) FROM px) ORDER BY symbol"
}

type sqlTimes struct {
	asOf, history float64
	asOfRows      int
	ret21         map[string]float64 // symbol → 21-day return as of the last date
}

// timeSQL runs both queries runs times on the store file (opened
// read-only, DuckDB's default threads) and keeps the best times.
func timeSQL(ctx context.Context, path string, runs int) (*sqlTimes, error) {
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	t := &sqlTimes{ret21: map[string]float64{}}
	for r := range runs {
		start := time.Now()
		rows, err := db.QueryContext(ctx, asOfSQL())
		if err != nil {
			return nil, fmt.Errorf("as-of query: %w", err)
		}
		n := 0
		for rows.Next() {
			var sym string
			vals := make([]sql.NullFloat64, 2*len(HistoryWindows))
			dst := []any{&sym}
			for k := range vals {
				dst = append(dst, &vals[k])
			}
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return nil, err
			}
			if r == 0 && vals[2].Valid {
				t.ret21[sym] = vals[2].Float64
			}
			n++
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		t.asOf, t.asOfRows = best(t.asOf, time.Since(start).Seconds()), n
	}
	logf("  SQL as of: best %.3f s, %d rows", t.asOf, t.asOfRows)
	for range runs {
		start := time.Now()
		vals := make([]sql.NullFloat64, 1+2*len(HistoryWindows))
		dst := make([]any, len(vals))
		for k := range vals {
			dst[k] = &vals[k]
		}
		if err := db.QueryRowContext(ctx, historySQL()).Scan(dst...); err != nil {
			return nil, fmt.Errorf("history query: %w", err)
		}
		t.history = best(t.history, time.Since(start).Seconds())
		logf("  SQL per date: %.3f s (%v rows)", time.Since(start).Seconds(), vals[0].Float64)
	}
	return t, nil
}

func best(cur, v float64) float64 {
	if cur == 0 || v < cur {
		return v
	}
	return cur
}
