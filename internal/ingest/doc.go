// Package ingest runs incremental, resumable syncs from network sources into
// a market store.
//
// A sync is a list of Stages run in order; each stage plans its Tasks when
// it starts, so that a later stage can plan from what an earlier one stored
// (the members of the sectors a classification stage just wrote, the
// trading days of a benchmark a bars stage just fetched). A Task fetches one
// unit — one symbol's bars, one board's constituents, one day's exchange
// disclosure — and returns a market.Batch, which the Runner writes in one
// transaction recorded as one ingest run (source, dataset, input, note).
//
// # Incremental, resumable, idempotent
//
// The store is the cursor. Before a task with Symbols runs, the Runner reads
// their last stored dates (market.CoverageReader) and asks only for the
// window from the earliest of them, less Overlap calendar days (to pick up
// revisions), through Today; a symbol with nothing stored starts at Start
// (the preset's history). --since overrides the start for every task. Since
// every task's rows are committed atomically and upserts are idempotent, a
// sync killed at any point loses nothing already committed, and the next
// run computes its windows from what is stored and completes the rest;
// rows re-read in the overlap come back "unchanged".
//
// # Failures
//
// A task that fails (after the transport's retries) is reported, recorded
// as an empty ingest run whose note starts with market.FailedNote (so data
// status shows the source failing), and the sync goes on; after MaxFailures consecutive failures of one source, its
// remaining tasks in the run are skipped with the last error (a circuit
// breaker's says when to retry). Cancelling the context stops the sync
// after the task in flight is written or abandoned; Run then returns the
// summary so far and the context's error.
//
// A stage whose planning fails (a list endpoint is down) is reported like a
// failed task, and the later stages still run, planned from what is stored.
//
// Snapshot tasks (lists, constituents) have no cursor: they always fetch.
// Reconcile turns a constituents snapshot into membership rows with date
// ranges, closing the ones that left and opening the ones that joined.
package ingest
