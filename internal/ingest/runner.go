package ingest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"golang.org/x/sync/errgroup"
)

// Store is what a sync needs of a market store.
type Store interface {
	market.BatchWriter
	market.CoverageReader
	market.SectorReader
	market.BarReader
}

// Window is the span a task is asked to fetch: From (zero = the source's
// whole history) through To, both inclusive.
type Window struct {
	From, To time.Time
	// First is true when nothing of the task's symbols is stored yet.
	First bool
}

// Task fetches one unit of data.
type Task struct {
	Source  string         // the source, in runs, progress and errors ("eastmoney")
	Dataset market.Dataset // the dataset whose coverage decides the window; "" for a snapshot
	Name    string         // what it fetches, for progress ("bars 801740.SI")
	Input   string         // the request (URL path or description), recorded in the run
	// Symbols decide the window through their last stored dates in
	// Dataset; nil makes a snapshot task, which always fetches Window{To: Today}.
	Symbols []market.Symbol
	// Fetch returns the rows to write for w; a nil or empty batch writes
	// nothing but still records the run.
	Fetch func(ctx context.Context, w Window) (*market.Batch, error)
	// Write, instead of Fetch, fetches and writes by itself and records its
	// own ingest run (documents go through the document store and its
	// index); it returns the rows it offered and what they changed. It runs
	// alongside other tasks, so what it writes through must serialise its
	// own writes (the stores do).
	Write func(ctx context.Context) (int, market.WriteResult, error)
}

// Stage is a group of tasks planned together, after the previous stages ran.
type Stage struct {
	Name  string
	Tasks func(ctx context.Context, r *Runner) ([]Task, error)
}

// Runner runs stages against a store.
type Runner struct {
	Store Store
	Today time.Time // last day to fetch
	Start time.Time // first day of a first fill (zero = the whole history)
	Since time.Time // when set, every task starts here, stored data or not
	// Overlap is how many calendar days before the last stored day are
	// fetched again, to pick up revisions (0 = DefaultOverlap; negative = none).
	Overlap     int
	DryRun      bool   // plan and report windows; fetch and write nothing
	Note        string // recorded in every ingest run ("sync cn-sectors")
	Workers     int    // tasks in flight per stage (0 or less = 4)
	MaxFailures int    // consecutive failures that stop a source for the run (0 = 3)
	Events      func(Event)
	Now         func() time.Time

	writeMu  sync.Mutex // one Store.Write at a time
	mu       sync.Mutex // guards the per-source failure counts and events
	failures map[string]int
	halted   map[string]error
}

// DefaultOverlap re-reads a week, which covers three to five trading days.
const DefaultOverlap = 7

// EventKind says what happened.
type EventKind string

// Event kinds.
const (
	StageStarted EventKind = "stage"   // Total tasks planned
	TaskPlanned  EventKind = "planned" // dry run: the window a task would fetch
	TaskDone     EventKind = "done"
	TaskFailed   EventKind = "failed"
	TaskSkipped  EventKind = "skipped"
)

// Event reports progress.
type Event struct {
	Kind   EventKind
	Stage  string
	Task   string
	Source string
	Total  int // tasks in the stage (StageStarted)
	Window Window
	Rows   int
	Result market.WriteResult
	Err    error
}

// TaskResult is one task's outcome in a Summary.
type TaskResult struct {
	Stage, Source, Task string
	Window              Window
	Rows                int
	Result              market.WriteResult
	Err                 error // nil when written; set when failed or skipped
	Skipped             bool
}

// Summary is what a run did.
type Summary struct {
	Tasks []TaskResult
}

// Counts returns how many tasks were written, failed and skipped.
func (s *Summary) Counts() (done, failed, skipped int) {
	for _, t := range s.Tasks {
		switch {
		case t.Skipped:
			skipped++
		case t.Err != nil:
			failed++
		default:
			done++
		}
	}
	return
}

// Inserted sums the rows the run inserted, updated and left unchanged.
func (s *Summary) Inserted() (inserted, updated, unchanged int) {
	for _, t := range s.Tasks {
		inserted += t.Result.Inserted
		updated += t.Result.Updated
		unchanged += t.Result.Unchanged
	}
	return
}

// Failed returns the failed and skipped tasks.
func (s *Summary) Failed() []TaskResult {
	var out []TaskResult
	for _, t := range s.Tasks {
		if t.Err != nil {
			out = append(out, t)
		}
	}
	return out
}

// Run runs the stages in order. Task failures, and stages that could not
// be planned, are in the Summary, not the error; the error is the
// context's.
func (r *Runner) Run(ctx context.Context, stages []Stage) (*Summary, error) {
	r.failures, r.halted = map[string]int{}, map[string]error{}
	sum := &Summary{}
	for _, st := range stages {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		tasks, err := st.Tasks(ctx, r)
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			// A stage that cannot be planned (its list endpoint is down) is
			// reported like a failed task; later stages still run, planned
			// from what is stored.
			perr := sextant.WrapError(sextant.EUNAVAILABLE, "ingest.Run", fmt.Errorf("planning %s: %w", st.Name, err))
			sum.Tasks = append(sum.Tasks, TaskResult{Stage: st.Name, Task: "plan " + st.Name, Err: perr})
			r.emit(Event{Kind: StageStarted, Stage: st.Name})
			r.emit(Event{Kind: TaskFailed, Stage: st.Name, Task: "plan " + st.Name, Err: perr})
			continue
		}
		r.emit(Event{Kind: StageStarted, Stage: st.Name, Total: len(tasks)})
		results, err := r.runStage(ctx, st.Name, tasks)
		sum.Tasks = append(sum.Tasks, results...)
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func (r *Runner) runStage(ctx context.Context, stage string, tasks []Task) ([]TaskResult, error) {
	results := make([]TaskResult, len(tasks))
	g, gctx := errgroup.WithContext(ctx)
	workers := r.Workers
	if workers <= 0 {
		workers = 4
	}
	g.SetLimit(workers)
	for i, t := range tasks {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			results[i] = r.runTask(gctx, stage, t)
			return nil
		})
	}
	_ = g.Wait()
	if err := ctx.Err(); err != nil {
		var done []TaskResult
		for _, res := range results {
			if res.Task != "" {
				done = append(done, res)
			}
		}
		return done, err
	}
	return results, nil
}

func (r *Runner) runTask(ctx context.Context, stage string, t Task) TaskResult {
	res := TaskResult{Stage: stage, Source: t.Source, Task: t.Name}
	if err := r.haltedBy(t.Source); err != nil {
		res.Err, res.Skipped = err, true
		r.emit(Event{Kind: TaskSkipped, Stage: stage, Task: t.Name, Source: t.Source, Err: err})
		return res
	}
	w, err := r.window(ctx, t)
	if err != nil {
		res.Err = err
		r.emit(Event{Kind: TaskFailed, Stage: stage, Task: t.Name, Source: t.Source, Err: err})
		return res
	}
	res.Window = w
	if r.DryRun {
		r.emit(Event{Kind: TaskPlanned, Stage: stage, Task: t.Name, Source: t.Source, Window: w})
		return res
	}
	if t.Write != nil {
		res.Rows, res.Result, err = t.Write(ctx)
	} else {
		var b *market.Batch
		if b, err = t.Fetch(ctx, w); err == nil {
			res.Rows, res.Result, err = r.write(ctx, t, b)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		res.Err = err
		r.fail(t.Source, err)
		if ctx.Err() == nil {
			r.recordFailure(ctx, t, err)
		}
		r.emit(Event{Kind: TaskFailed, Stage: stage, Task: t.Name, Source: t.Source, Window: w, Err: err})
		return res
	}
	r.succeed(t.Source)
	r.emit(Event{Kind: TaskDone, Stage: stage, Task: t.Name, Source: t.Source, Window: w, Rows: res.Rows, Result: res.Result})
	return res
}

// window decides what a task fetches from what is stored.
func (r *Runner) window(ctx context.Context, t Task) (Window, error) {
	w := Window{From: r.Start, To: market.DayOf(r.Today)}
	if t.Symbols == nil {
		return Window{To: w.To}, nil
	}
	if !r.Since.IsZero() {
		w.From = market.DayOf(r.Since)
		return w, nil
	}
	last, err := r.Store.LastDates(ctx, t.Dataset, t.Symbols)
	if err != nil {
		return w, err
	}
	var earliest time.Time
	for _, s := range t.Symbols {
		d, ok := last[s]
		if !ok {
			w.First = true
			return w, nil
		}
		if earliest.IsZero() || d.Before(earliest) {
			earliest = d
		}
	}
	if len(t.Symbols) == 0 {
		return w, nil
	}
	overlap := r.Overlap
	if overlap == 0 {
		overlap = DefaultOverlap
	}
	from := earliest.AddDate(0, 0, -max(overlap, 0))
	if from.After(w.From) {
		w.From = from
	}
	if w.From.After(w.To) {
		w.From = w.To
	}
	return w, nil
}

func (r *Runner) write(ctx context.Context, t Task, b *market.Batch) (int, market.WriteResult, error) {
	if b == nil {
		b = &market.Batch{}
	}
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	res, err := r.Store.Write(ctx, r.run(t, r.Note), b)
	return b.Len(), res, err
}

// recordFailure writes an empty run whose note starts with
// market.FailedNote, so that data status shows a failing source. A failure
// to record it is not the task's error and is dropped.
func (r *Runner) recordFailure(ctx context.Context, t Task, err error) {
	msg := sextant.ErrorMessage(err)
	if msg == "internal error" {
		msg = err.Error()
	}
	r.writeMu.Lock()
	defer r.writeMu.Unlock()
	_, _ = r.Store.Write(ctx, r.run(t, market.FailedNote+msg), &market.Batch{})
}

// run is the ingest run a task's write records.
func (r *Runner) run(t Task, note string) market.IngestRun {
	dataset := string(t.Dataset)
	if dataset == "" {
		dataset = "mixed"
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	return market.IngestRun{Source: t.Source, Dataset: dataset, Input: t.Input, StartedAt: now().UTC(), Note: note}
}

func (r *Runner) fail(source string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures[source]++
	limit := r.MaxFailures
	if limit == 0 {
		limit = 3
	}
	if r.failures[source] >= limit && r.halted[source] == nil {
		r.halted[source] = &sextant.Error{Code: sextant.EUNAVAILABLE, Op: "ingest.Run",
			Message: fmt.Sprintf("%s failed %d times in a row; its remaining tasks are skipped in this run", source, r.failures[source]), Err: err}
	}
}

func (r *Runner) succeed(source string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failures[source] = 0
}

func (r *Runner) haltedBy(source string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.halted[source]
}

func (r *Runner) emit(e Event) {
	if r.Events != nil {
		r.mu.Lock() // events arrive one at a time
		defer r.mu.Unlock()
		r.Events(e)
	}
}
