package syncplan

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
)

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWithFactors(t *testing.T) {
	raw := []market.Bar{{Date: day("2024-01-02"), Close: 10}, {Date: day("2024-01-03"), Close: 11}, {Date: day("2024-01-04"), Close: 12}}
	adj := []market.Bar{{Date: day("2024-01-02"), Close: 25}, {Date: day("2024-01-04"), Close: 36}}
	got := withFactors(raw, adj)
	for i, want := range []float64{2.5, 1, 3} {
		if math.Abs(got[i].AdjFactor-want) > 1e-12 {
			t.Errorf("bar %d factor %g, want %g", i, got[i].AdjFactor, want)
		}
	}
	if raw[0].AdjFactor != 0 {
		t.Error("withFactors changed its input")
	}
}

func TestMajority(t *testing.T) {
	of := map[market.Symbol]string{"A": "801010", "B": "801010", "C": "801030", "D": "801030", "E": "801050"}
	cs := func(syms ...market.Symbol) []Constituent {
		var out []Constituent
		for _, s := range syms {
			out = append(out, Constituent{Member: ingest.Member{Symbol: s}})
		}
		return out
	}
	for _, tc := range []struct {
		in   []Constituent
		want string
	}{
		{cs("A", "B", "C"), "801010"},
		{cs("C", "D", "E", "X"), "801030"},
		{cs("A", "C"), "801010"}, // a tie goes to the smaller code
		{cs("X", "Y"), ""},
	} {
		if got := majority(tc.in, of); got != tc.want {
			t.Errorf("majority(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// rebasingSource serves adjusted closes that are rebased (×0.98) once a
// dividend has been paid, like Yahoo's adjclose and Stooq's prices.
type rebasingSource struct {
	paid  bool
	calls []ingest.Window
}

func (*rebasingSource) Source() string { return "fake" }

func (s *rebasingSource) Daily(_ context.Context, sym market.Symbol, from, to time.Time) ([]market.Bar, error) {
	s.calls = append(s.calls, ingest.Window{From: from, To: to})
	var out []market.Bar
	for d := day("2024-01-01"); !d.After(to); d = d.AddDate(0, 0, 1) {
		if d.Before(from) || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		f := 1.0
		if s.paid {
			f = 0.98
		}
		out = append(out, market.Bar{Symbol: sym, Date: d, Open: math.NaN(), High: math.NaN(), Low: math.NaN(), Close: 100, AdjFactor: f})
	}
	return out, nil
}

func TestRebasedHistoryIsFetchedAgain(t *testing.T) {
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "s.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src := &rebasingSource{}
	p := &Plan{Name: "t", Store: st, US: src, Start: day("2024-01-01"), Today: day("2024-02-29"),
		Preset: config.Preset{Market: config.MarketUS, Benchmarks: []string{"SPY.US"}, Source: "yahoo"}}
	stages, err := p.Stages()
	if err != nil {
		t.Fatal(err)
	}
	r := &ingest.Runner{Store: st, Today: p.Today, Start: p.Start}
	if _, err := r.Run(ctx, stages); err != nil {
		t.Fatal(err)
	}
	// No dividend: the next sync reads only the overlap.
	p.Today, r.Today = day("2024-03-01"), day("2024-03-01")
	if _, err := r.Run(ctx, stages); err != nil {
		t.Fatal(err)
	}
	if n := len(src.calls); n != 2 || !src.calls[1].From.Equal(day("2024-02-22")) {
		t.Fatalf("calls %+v: the second sync should read only the overlap", src.calls)
	}
	// A dividend rebases the adjusted history: the overlap differs from
	// what is stored, so the whole history is fetched again.
	src.paid = true
	p.Today, r.Today = day("2024-03-04"), day("2024-03-04")
	if _, err := r.Run(ctx, stages); err != nil {
		t.Fatal(err)
	}
	if n := len(src.calls); n != 4 || !src.calls[3].From.Equal(day("2024-01-01")) {
		t.Fatalf("calls %+v: a rebased overlap should refetch from the start", src.calls)
	}
	bars, err := st.Bars(ctx, "SPY.US", day("2024-01-02"), day("2024-01-02"))
	if err != nil || len(bars) != 1 || math.Abs(bars[0].AdjClose()-98) > 1e-9 {
		t.Errorf("the oldest bar was not rebased: %+v %v", bars, err)
	}
}
