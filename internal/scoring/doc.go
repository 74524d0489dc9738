// Package scoring turns readings computed by the other engines into the
// scores of a sector report (DESIGN §4):
//
//   - [Sustain] scores how sustainable a sector's move is over eight
//     dimensions (trend, momentum, breadth, flows, leverage, crowding,
//     valuation, catalysts). Each dimension maps its raw readings to a 0–100
//     sub-score through a documented piecewise-linear [Curve]; the composite
//     is the weighted mean over the dimensions that have data, labelled
//     strong / moderate / fragile / fading ([Sustainability]).
//   - [ETFTiers] measures each ETF of a sector or theme — elasticity (beta to
//     the benchmark, annualised volatility), liquidity (average daily
//     amount), flows (net creation and share change), tracking error — and
//     assigns a tier and an allocation role by fixed rules ([ETFTable]).
//   - [ScoreCompanies] ranks a sector's companies on Orders, Pipeline and
//     Technology from point-in-time fundamentals, each component a
//     percentile within the sector, grouped by ownership type
//     ([CompanyScores]).
//
// It is a pure engine: values in, values out; no I/O, clocks or goroutines.
// Missing data is NaN and stays NaN — a missing reading is marked missing,
// never scored as zero. Every result carries its raw readings and the
// parameters that produced it so that a figure can be explained. Options
// come from Default…() constructors; nothing here mutates package state.
// Formulas and defaults are written down in docs/methodology.md ("Scores").
package scoring
