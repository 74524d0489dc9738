// Package evidence is the fact ledger of DESIGN §5: every figure a report
// shows is a [Fact] — a value with its unit, label, symbols, window, as-of
// date, formula, the datasets and rows it was computed from and the ingest
// runs that wrote them. A [Ledger] numbers facts (F1, F2, …) in order of
// first use and deduplicates them by key.
//
// [Format] renders a fact's value in a language with A-share conventions
// (亿元, 万份, 个百分点 in Chinese; CNY bn, pp in English). [Numbers] parses
// figures back out of prose with their units, and [Ledger.Match] finds the
// fact a figure states within rounding — the check that every number in a
// report, or in an LLM's prose, traces to the ledger.
//
// It is an engine: pure values in, values out, no I/O.
package evidence
