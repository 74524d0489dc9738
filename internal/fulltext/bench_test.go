package fulltext

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

var benchPassages = flag.Int("fulltext.passages", 100_000, "passages in the BenchmarkSearch corpus")

// BenchmarkSearch measures search latency over a synthetic mixed zh/en
// corpus (corpus_test.go; built once and cached under os.TempDir) for 50
// queries: 25 texts alone and with a filter. One op runs every query of
// the group once; p50 and p95 are over all query runs. The peers run the
// same queries on the same passages in the same process, interleaved with
// the index so that both see the same machine load: a Go scan
// (strings.Count over text lower-cased in advance, score = occurrences)
// and DuckDB over an in-memory passages table (contains() on a
// lower-cased column, same score; ILIKE '%term%' is about ten times
// slower on Chinese text, see docs/performance.md).
func BenchmarkSearch(b *testing.B) {
	docs := corpus(*benchPassages)
	x := benchIndex(b, docs)
	plain, filtered := benchQueries()
	all := append(append([]research.Query{}, plain...), filtered...)
	ctx := context.Background()
	search := func(q research.Query) error {
		hits, err := x.Search(ctx, q)
		if err == nil && len(hits) == 0 {
			err = fmt.Errorf("no hits for %q", q.Text)
		}
		return err
	}
	for _, g := range []struct {
		name string
		qs   []research.Query
	}{{"index/plain", plain}, {"index/filtered", filtered}, {"index/all", all}} {
		b.Run(g.name, func(b *testing.B) {
			lat := run(b, g.qs, search)
			report(b, "", lat)
		})
	}
	scan := newScanPeer(docs)
	b.Run("peer=go-scan/all", func(b *testing.B) {
		peerRun(b, all, search, func(q research.Query) error { scan.search(q); return nil })
	})
	db, err := newDuckPeer(ctx, docs)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.Run("peer=duckdb-contains/all", func(b *testing.B) {
		peerRun(b, all, search, func(q research.Query) error { return db.search(ctx, q) })
	})
}

// benchIndex opens the cached index of docs, building it first when
// needed, and logs its size and build time.
func benchIndex(b *testing.B, docs []research.Document) *Index {
	b.Helper()
	root := filepath.Join(os.TempDir(), "sextant-fulltext-bench", fmt.Sprintf("%s-%d", mappingVersion, *benchPassages))
	dir, ready := filepath.Join(root, "index"), filepath.Join(root, "ready")
	if _, err := os.Stat(ready); err != nil {
		if err := os.RemoveAll(root); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		x, err := Open(dir, DefaultOptions())
		if err != nil {
			b.Fatal(err)
		}
		s := newMemStore()
		if _, err := s.PutDocuments(context.Background(), market.IngestRun{}, docs); err != nil {
			b.Fatal(err)
		}
		if _, err := x.Rebuild(context.Background(), s); err != nil {
			b.Fatal(err)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
		b.Logf("built the index of %d documents, %d passages in %v", len(docs), *benchPassages, time.Since(start).Round(time.Millisecond))
		if err := os.WriteFile(ready, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	x, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = x.Close() })
	b.Logf("index %s: %.1f MiB", dir, float64(dirSize(dir))/(1<<20))
	return x
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// run runs every query b.N times and returns each run's latency.
func run(b *testing.B, qs []research.Query, search func(research.Query) error) []time.Duration {
	lat := make([]time.Duration, 0, b.N*len(qs))
	b.ResetTimer()
	for range b.N {
		for _, q := range qs {
			start := time.Now()
			if err := search(q); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
	}
	return lat
}

// peerRun runs each query on the index and on the peer, alternately, and
// reports both latencies and the peer ÷ index ratios.
func peerRun(b *testing.B, qs []research.Query, index, peer func(research.Query) error) {
	var ours, theirs []time.Duration
	b.ResetTimer()
	for range b.N {
		for _, q := range qs {
			start := time.Now()
			if err := index(q); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			if err := peer(q); err != nil {
				b.Fatal(err)
			}
			ours, theirs = append(ours, mid.Sub(start)), append(theirs, time.Since(mid))
		}
	}
	report(b, "index-", ours)
	report(b, "peer-", theirs)
	b.ReportMetric(ms(percentile(theirs, 50))/ms(percentile(ours, 50)), "p50-ratio")
	b.ReportMetric(ms(percentile(theirs, 95))/ms(percentile(ours, 95)), "p95-ratio")
}

func report(b *testing.B, prefix string, lat []time.Duration) {
	b.ReportMetric(ms(percentile(lat, 50)), prefix+"p50-ms")
	b.ReportMetric(ms(percentile(lat, 95)), prefix+"p95-ms")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile returns the p-th percentile (nearest rank) of lat.
func percentile(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}

// scanPeer is the naive search: every passage, lower-cased once.
type scanPeer struct{ ps []scanPassage }

type scanPassage struct {
	id, lower, kind string
	lang            []string
	published       time.Time
	sectors         []string
	symbols         []string
}

func newScanPeer(docs []research.Document) *scanPeer {
	s := &scanPeer{}
	for _, d := range docs {
		secs := make([]string, len(d.Sectors))
		for i, r := range d.Sectors {
			secs[i] = r.String()
		}
		syms := make([]string, len(d.Symbols))
		for i, sym := range d.Symbols {
			syms[i] = string(sym)
		}
		for _, p := range d.Passages {
			s.ps = append(s.ps, scanPassage{id: p.PassageID(), lower: strings.ToLower(p.Text), kind: string(d.Kind),
				lang: langKeys(d.Language), published: d.PublishedAt, sectors: secs, symbols: syms})
		}
	}
	return s
}

// search returns the ids of the ten passages with the most occurrences of
// the query's words that pass its filter.
func (s *scanPeer) search(q research.Query) []string {
	terms := strings.Fields(strings.ToLower(q.Text))
	f := q.Filter
	var to time.Time
	if !f.To.IsZero() {
		to = market.DayOf(f.To).AddDate(0, 0, 1)
	}
	type scored struct {
		id    string
		score int
	}
	var top []scored
	for i := range s.ps {
		p := &s.ps[i]
		if (!f.From.IsZero() && p.published.Before(f.From)) || (!to.IsZero() && !p.published.Before(to)) ||
			!anyOf(p.sectors, refStrings(f.Sectors)) || !anyOf(p.symbols, symStrings(f.Symbols)) ||
			!anyOf([]string{p.kind}, kindStrings(f.Kinds)) || !anyOf(p.lang, lower(f.Languages)) {
			continue
		}
		n := 0
		for _, t := range terms {
			n += strings.Count(p.lower, t)
		}
		if n == 0 {
			continue
		}
		if len(top) < 10 || n > top[len(top)-1].score {
			j := len(top)
			if j < 10 {
				top = append(top, scored{})
			} else {
				j--
			}
			for ; j > 0 && top[j-1].score < n; j-- {
				top[j] = top[j-1]
			}
			top[j] = scored{p.id, n}
		}
	}
	out := make([]string, len(top))
	for i, t := range top {
		out[i] = t.id
	}
	return out
}

// anyOf reports whether want is empty or have holds one of want.
func anyOf(have, want []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

func refStrings(rs []research.SectorRef) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.String()
	}
	return out
}

func symStrings(ss []market.Symbol) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func kindStrings(ks []research.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

func lower(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// duckPeer searches an in-memory DuckDB table of the same passages.
type duckPeer struct{ db *sql.DB }

func newDuckPeer(ctx context.Context, docs []research.Document) (*duckPeer, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one in-memory database
	if _, err := db.ExecContext(ctx, `CREATE TABLE passages (id VARCHAR, text VARCHAR, low VARCHAR, published TIMESTAMP, kind VARCHAR,
		lang VARCHAR[], sectors VARCHAR[], symbols VARCHAR[])`); err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), "", "", "passages")
		if err != nil {
			return err
		}
		for _, d := range docs {
			for _, p := range d.Passages {
				if err := a.AppendRow(p.PassageID(), p.Text, strings.ToLower(p.Text), d.PublishedAt, string(d.Kind), langKeys(d.Language),
					refStrings(d.Sectors), symStrings(d.Symbols)); err != nil {
					_ = a.Close()
					return err
				}
			}
		}
		return a.Close()
	})
	if err != nil {
		return nil, err
	}
	return &duckPeer{db: db}, nil
}

func (p *duckPeer) Close() error { return p.db.Close() }

// search runs the query as substring conditions on the lower-cased text,
// scored by occurrences.
func (p *duckPeer) search(ctx context.Context, q research.Query) error {
	terms := strings.Fields(strings.ToLower(q.Text))
	var score, match []string
	var args []any // in the order of the placeholders: the score's, then the WHERE clause's
	for _, t := range terms {
		score = append(score, "(length(low) - length(replace(low, ?, ''))) // length(?)")
		args = append(args, t, t)
	}
	for _, t := range terms {
		match = append(match, "contains(low, ?)")
		args = append(args, t)
	}
	where := "(" + strings.Join(match, " OR ") + ")"
	f := q.Filter
	if !f.From.IsZero() {
		where += " AND published >= ?"
		args = append(args, f.From)
	}
	if !f.To.IsZero() {
		where += " AND published < ?"
		args = append(args, market.DayOf(f.To).AddDate(0, 0, 1))
	}
	for _, c := range []struct {
		col  string
		list bool
		vals []string
	}{{"sectors", true, refStrings(f.Sectors)}, {"symbols", true, symStrings(f.Symbols)},
		{"kind", false, kindStrings(f.Kinds)}, {"lang", true, lower(f.Languages)}} {
		switch {
		case len(c.vals) == 0:
		case c.list:
			where += " AND list_has_any(" + c.col + ", ?::VARCHAR[])"
			args = append(args, c.vals)
		default:
			where += " AND " + c.col + " IN (SELECT unnest(?::VARCHAR[]))"
			args = append(args, c.vals)
		}
	}
	rows, err := p.db.QueryContext(ctx, "SELECT id, "+strings.Join(score, " + ")+" AS score FROM passages WHERE "+where+
		" ORDER BY score DESC LIMIT 10", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("duckdb peer: no hits for %q", q.Text)
	}
	return nil
}
