package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
)

func day(s string) time.Time {
	d, err := market.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openStore(t *testing.T) *duckdb.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "s.duckdb"), duckdb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// fakeSource serves daily closes of its symbols for the weekdays through
// its own "today", and counts what it was asked.
type fakeSource struct {
	through time.Time
	asked   []Window
	fail    func(sym market.Symbol) error
}

func (f *fakeSource) task(sym market.Symbol) Task {
	return Task{Source: "fake", Dataset: market.DatasetBars, Name: "bars " + string(sym), Input: "bars/" + string(sym),
		Symbols: []market.Symbol{sym},
		Fetch: func(ctx context.Context, w Window) (*market.Batch, error) {
			f.asked = append(f.asked, w)
			if f.fail != nil {
				if err := f.fail(sym); err != nil {
					return nil, err
				}
			}
			b := &market.Batch{}
			start := w.From
			if start.IsZero() {
				start = day("2024-01-01")
			}
			for d := start; !d.After(w.To) && !d.After(f.through); d = d.AddDate(0, 0, 1) {
				if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
					continue
				}
				b.Bars = append(b.Bars, market.Bar{Symbol: sym, Date: d, Close: 10 + float64(d.YearDay()), Open: math0(), High: math0(), Low: math0()})
			}
			return b, nil
		}}
}

func math0() float64 { return 0 }

func stage(tasks ...Task) []Stage {
	return []Stage{{Name: "bars", Tasks: func(context.Context, *Runner) ([]Task, error) { return tasks, nil }}}
}

func TestIncrementalSecondRunFetchesOnlyTheTail(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	src := &fakeSource{through: day("2024-03-01")}
	r := &Runner{Store: st, Today: day("2024-03-01"), Start: day("2024-01-01"), Workers: 1, Note: "test"}
	sum, err := r.Run(ctx, stage(src.task("000300.SH")))
	if err != nil {
		t.Fatal(err)
	}
	ins, upd, unch := sum.Inserted()
	if ins != 45 || upd != 0 || unch != 0 { // weekdays 2024-01-01 .. 03-01
		t.Fatalf("first run inserted %d updated %d unchanged %d, want 45/0/0", ins, upd, unch)
	}
	if w := src.asked[0]; !w.First || !w.From.Equal(day("2024-01-01")) {
		t.Errorf("first window %+v, want a first fill from the start", w)
	}
	// A new trading day appears: the next run asks from the last stored day
	// less the overlap and inserts only the new day.
	src.through, r.Today = day("2024-03-04"), day("2024-03-04")
	sum, err = r.Run(ctx, stage(src.task("000300.SH")))
	if err != nil {
		t.Fatal(err)
	}
	if w := src.asked[1]; w.First || !w.From.Equal(day("2024-02-23")) || !w.To.Equal(day("2024-03-04")) {
		t.Errorf("second window %+v, want 2024-02-23..2024-03-04 (7 days of overlap)", w)
	}
	ins, upd, unch = sum.Inserted()
	if ins != 1 || upd != 0 || unch != 6 {
		t.Errorf("second run inserted %d updated %d unchanged %d, want 1/0/6", ins, upd, unch)
	}
	runs, err := st.IngestRuns(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Source != "fake" || runs[0].Dataset != "bars" || runs[0].Input != "bars/000300.SH" || runs[0].Note != "test" || runs[0].Inserted != 1 {
		t.Errorf("ingest runs %+v", runs)
	}
	// --since refetches from a date whatever is stored.
	r.Since = day("2024-02-01")
	if _, err := r.Run(ctx, stage(src.task("000300.SH"))); err != nil {
		t.Fatal(err)
	}
	if w := src.asked[2]; !w.From.Equal(day("2024-02-01")) {
		t.Errorf("since window %+v", w)
	}
}

func TestWindowStartsAtTheLaggingSymbol(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	src := &fakeSource{through: day("2024-02-01")}
	r := &Runner{Store: st, Today: day("2024-02-01"), Start: day("2024-01-01"), Overlap: -1}
	if _, err := r.Run(ctx, stage(src.task("A.SH"))); err != nil {
		t.Fatal(err)
	}
	task := src.task("A.SH")
	task.Symbols = []market.Symbol{"A.SH", "B.SH"}
	w, err := r.window(ctx, task)
	if err != nil {
		t.Fatal(err)
	}
	if !w.First || !w.From.Equal(day("2024-01-01")) {
		t.Errorf("window %+v: a symbol with nothing stored should start a first fill", w)
	}
	task.Symbols = []market.Symbol{"A.SH"}
	if w, _ = r.window(ctx, task); !w.From.Equal(day("2024-02-01")) {
		t.Errorf("window %+v: without overlap it starts on the last stored day", w)
	}
	task.Symbols = nil
	if w, _ = r.window(ctx, task); !w.From.IsZero() || !w.To.Equal(day("2024-02-01")) {
		t.Errorf("snapshot window %+v", w)
	}
}

func TestFailuresStopASourceAndTheRestGoesOn(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	bad := &fakeSource{through: day("2024-01-10"), fail: func(market.Symbol) error {
		return sextant.Errorf(sextant.EUNAVAILABLE, "fake: HTTP 403")
	}}
	good := &fakeSource{through: day("2024-01-10")}
	var tasks []Task
	for i := range 5 {
		tasks = append(tasks, bad.task(market.Symbol(fmt.Sprintf("B%d.SH", i))))
	}
	g := good.task("G.SH")
	g.Source = "good"
	tasks = append(tasks, g)
	var events []EventKind
	r := &Runner{Store: st, Today: day("2024-01-10"), Start: day("2024-01-01"), Workers: 1, MaxFailures: 3,
		Events: func(e Event) { events = append(events, e.Kind) }}
	sum, err := r.Run(ctx, stage(tasks...))
	if err != nil {
		t.Fatal(err)
	}
	done, failed, skipped := sum.Counts()
	if done != 1 || failed != 3 || skipped != 2 {
		t.Fatalf("done %d failed %d skipped %d, want 1/3/2 (%v)", done, failed, skipped, events)
	}
	if len(bad.asked) != 3 {
		t.Errorf("the failing source was asked %d times, want 3", len(bad.asked))
	}
	for _, f := range sum.Failed() {
		if f.Skipped && sextant.ErrorCode(f.Err) != sextant.EUNAVAILABLE {
			t.Errorf("skip reason %v", f.Err)
		}
	}
	last, _ := st.LastDates(ctx, market.DatasetBars, nil)
	if len(last) != 1 || !last["G.SH"].Equal(day("2024-01-10")) {
		t.Errorf("stored %v, want only G.SH through 2024-01-10", last)
	}
}

func TestCancelledRunResumes(t *testing.T) {
	st := openStore(t)
	src := &fakeSource{through: day("2024-01-31")}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var written atomic.Int32
	var tasks []Task
	for i := range 6 {
		tk := src.task(market.Symbol(fmt.Sprintf("S%d.SH", i)))
		fetch := tk.Fetch
		tk.Fetch = func(c context.Context, w Window) (*market.Batch, error) {
			if written.Load() == 2 {
				cancel() // Ctrl-C after two tasks were written
				return nil, c.Err()
			}
			return fetch(c, w)
		}
		tasks = append(tasks, tk)
	}
	r := &Runner{Store: st, Today: day("2024-01-31"), Start: day("2024-01-01"), Workers: 1,
		Events: func(e Event) {
			if e.Kind == TaskDone {
				written.Add(1)
			}
		}}
	_, err := r.Run(ctx, stage(tasks...))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	last, _ := st.LastDates(context.Background(), market.DatasetBars, nil)
	if len(last) != 2 {
		t.Fatalf("after the cancel %d symbols are stored, want the 2 committed ones", len(last))
	}
	written.Store(-100)
	sum, err := r.Run(context.Background(), stage(tasks...))
	if err != nil {
		t.Fatal(err)
	}
	ins, _, unch := sum.Inserted()
	if ins != 4*23 || unch != 2*6 {
		t.Errorf("resumed run inserted %d unchanged %d, want %d new rows for the 4 missing symbols and 12 overlap rows", ins, unch, 4*23)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	st := openStore(t)
	src := &fakeSource{through: day("2024-01-31")}
	var planned []Window
	r := &Runner{Store: st, Today: day("2024-01-31"), Start: day("2024-01-01"), DryRun: true,
		Events: func(e Event) {
			if e.Kind == TaskPlanned {
				planned = append(planned, e.Window)
			}
		}}
	if _, err := r.Run(context.Background(), stage(src.task("A.SH"), src.task("B.SH"))); err != nil {
		t.Fatal(err)
	}
	if len(src.asked) != 0 || len(planned) != 2 {
		t.Errorf("dry run fetched %d times and planned %d tasks, want 0 and 2", len(src.asked), len(planned))
	}
	runs, _ := st.IngestRuns(context.Background(), 0)
	if len(runs) != 0 {
		t.Errorf("dry run recorded %d runs", len(runs))
	}
}

func TestNewDays(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	src := &fakeSource{through: day("2024-01-12")}
	r := &Runner{Store: st, Today: day("2024-01-12"), Start: day("2024-01-08")}
	if _, err := r.Run(ctx, stage(src.task("000300.SH"))); err != nil {
		t.Fatal(err)
	}
	days, err := r.NewDays(ctx, market.DatasetMargin, []market.Symbol{market.MarketTotal("SH")}, "000300.SH", r.Start)
	if err != nil || len(days) != 5 {
		t.Fatalf("nothing stored: %v %v, want the 5 trading days from the start", days, err)
	}
	b := &market.Batch{Margin: []market.Margin{{Symbol: market.MarketTotal("SH"), Date: day("2024-01-10"), FinBalance: 1, FinBuy: 1, FinRepay: 1, SecBalance: 1}}}
	if _, err := st.Write(ctx, market.IngestRun{Source: "t", Dataset: "margin"}, b); err != nil {
		t.Fatal(err)
	}
	days, _ = r.NewDays(ctx, market.DatasetMargin, []market.Symbol{market.MarketTotal("SH")}, "000300.SH", r.Start)
	if len(days) != 2 || !days[0].Equal(day("2024-01-11")) {
		t.Errorf("after 01-10: %v, want 01-11 and 01-12", days)
	}
}

func TestAStageThatCannotBePlannedDoesNotStopTheRest(t *testing.T) {
	st := openStore(t)
	src := &fakeSource{through: day("2024-01-10")}
	stages := []Stage{
		{Name: "lists", Tasks: func(context.Context, *Runner) ([]Task, error) {
			return nil, sextant.Errorf(sextant.EUNAVAILABLE, "sws: HTTP 503")
		}},
		{Name: "bars", Tasks: func(context.Context, *Runner) ([]Task, error) { return []Task{src.task("A.SH")}, nil }},
	}
	r := &Runner{Store: st, Today: day("2024-01-10"), Start: day("2024-01-01")}
	sum, err := r.Run(context.Background(), stages)
	if err != nil {
		t.Fatal(err)
	}
	done, failed, _ := sum.Counts()
	if done != 1 || failed != 1 || !strings.Contains(sum.Failed()[0].Err.Error(), "planning lists") {
		t.Errorf("done %d failed %d: %+v", done, failed, sum.Failed())
	}
}
