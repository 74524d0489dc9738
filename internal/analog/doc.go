// Package analog measures how similar setups played out before, so that a
// "this will continue" judgement comes with a base rate, and how well a
// score has ranked sectors in the past.
//
// Base rates: each sector has a weekly [History] of categorical [State]s
// (quadrant, momentum decile, flow sign, crowding decile — the caller picks
// the dimensions) and forward excess returns ([ForwardExcess]). [BaseRates]
// takes a sector's current state and collects past sector-weeks in the same
// state whose forward window ends on or before the as-of date (no
// look-ahead), keeps non-overlapping episodes, and reports N, mean, median,
// hit rate and a seeded bootstrap interval of the mean per horizon
// ([Outcome]).
//
// Signal audit: [SignalAudit] takes per-date cross-sections of (score,
// forward return) and reports the Spearman rank IC per date, its mean,
// standard deviation, t-statistic and hit rate, and the top-minus-bottom
// bucket spread of forward returns.
//
// It is a pure engine: values in, values out; no I/O, clocks or goroutines.
// Randomness comes only from a seeded math/rand/v2 PCG, so results are
// reproducible. Missing values are NaN and are skipped, never read as zero.
// Formulas and defaults are in docs/methodology.md ("Base rates and signal
// audit").
package analog
