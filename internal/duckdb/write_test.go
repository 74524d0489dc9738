package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/storetest"
)

// TestMigrateUnkeyed builds a store at schema 0001 (with primary keys on
// every table) holding data, opens it with this binary and checks that
// migration 0002 kept every row, dropped the large tables' keys and left
// a store that rewrites the same rows as unchanged.
func TestMigrateUnkeyed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	bars, _ := storetest.SyntheticBars(30, 300)
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`,
		ms[0].sql,
		`INSERT INTO schema_migrations (version, name) VALUES (1, '0001_init')`,
		`INSERT INTO ingest_runs VALUES (nextval('ingest_run_seq'), 'old', 'bars', '', '', now(), now(), 0, 0, 0, 0, '')`,
		`INSERT INTO valuations VALUES ('A.SH', DATE '2024-01-02', 10, NULL, 1e9, 1e9, 1)`,
		`INSERT INTO fundamentals VALUES ('A.SH', 'revenue', DATE '2023-12-31', DATE '0001-01-01', 5, 'CNY', 1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	for i := len(bars) - 1; i >= 0; i-- { // stored out of key order
		b := bars[i]
		if _, err := db.ExecContext(ctx, `INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			string(b.Symbol), b.Date, b.Open, b.High, b.Low, b.Close, b.Volume, b.Amount, num(b.Turnover), b.AdjFactor); err != nil {
			t.Fatal(err)
		}
		if i == len(bars)-2000 {
			i = 0 // 2,000 rows are enough
		}
	}
	db.Close()

	s := openTest(t, path)
	var keyed int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_constraints()
		WHERE constraint_type = 'PRIMARY KEY' AND table_name IN ('bars', 'valuations', 'fundamentals', 'margin', 'capital_flows', 'fund_shares')`).Scan(&keyed); err != nil {
		t.Fatal(err)
	}
	if keyed != 0 {
		t.Errorf("%d large tables still have a primary key", keyed)
	}
	var n, distinct int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT (symbol, date)) FROM bars`).Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n != 2000 || distinct != n {
		t.Errorf("%d bars (%d distinct keys) after migration, want 2000", n, distinct)
	}
	kept := bars[len(bars)-2000:]
	got, err := s.Bars(ctx, kept[0].Symbol, kept[0].Date, kept[0].Date)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(kept[:1]) {
		t.Errorf("migrated bar %v (%v), want %v", got, err, kept[:1])
	}
	res, err := s.Write(ctx, market.IngestRun{Source: "test"}, &market.Batch{Bars: kept,
		Valuations:   []market.Valuation{{Symbol: "A.SH", Date: market.Day(2024, 1, 2), PETTM: 10, PB: math.NaN(), TotalMV: 1e9, FloatMV: 1e9}},
		Fundamentals: []market.Fundamental{{Symbol: "A.SH", Field: "revenue", PeriodEnd: market.Day(2023, 12, 31), Value: 5, Unit: "CNY"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 2002 || res.Inserted != 0 || res.Updated != 0 {
		t.Errorf("rewrite of the migrated rows: %+v, want all unchanged", res)
	}
}

// TestWriteKeepsKeysUnique checks the store's own uniqueness in SQL after
// writes through every path: a first sorted load, sorted writes of new and
// of stored keys, unsorted writes with repeated keys.
func TestWriteKeepsKeysUnique(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "u.duckdb"))
	bars, _ := storetest.SyntheticBars(20, 500)
	batches := [][]market.Bar{bars[:3000], bars[3000:6000], bars[1000:8000], bars[5000:]}
	shuffled := append([]market.Bar(nil), bars[2000:9000]...)
	for i := range shuffled {
		j := (i * 104729) % len(shuffled)
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	}
	batches = append(batches, append(shuffled, shuffled[:100]...))
	want := []market.WriteCounts{{Inserted: 3000}, {Inserted: 3000}, {Inserted: 2000, Unchanged: 5000},
		{Inserted: 2000, Unchanged: 3000}, {Unchanged: 7000}}
	for i, b := range batches {
		res, err := s.Write(ctx, market.IngestRun{Source: "test"}, &market.Batch{Bars: b})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.ByDataset[market.DatasetBars]; got != want[i] {
			t.Errorf("write %d: %+v, want %+v", i, got, want[i])
		}
		var n, distinct int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*), count(DISTINCT (symbol, date)) FROM bars`).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		if n != distinct {
			t.Fatalf("write %d: %d rows for %d keys", i, n, distinct)
		}
	}
}

func TestChunkLayout(t *testing.T) {
	if !chunkLayoutOK() {
		t.Fatal("duckdb.DataChunk no longer starts with its mapping.DataChunk: the row source cannot write vectors")
	}
}

func TestDayNumber(t *testing.T) {
	for _, tc := range []struct {
		day  string
		want int32
	}{{"1970-01-01", 0}, {"1969-12-31", -1}, {"2024-01-02", 19724}, {"0001-01-01", -719162}} {
		d, err := market.ParseDate(tc.day)
		if err != nil {
			t.Fatal(err)
		}
		if got := dayNumber(d); got != tc.want {
			t.Errorf("dayNumber(%s) = %d, want %d", tc.day, got, tc.want)
		}
	}
}
