// Package market is Sextant's domain vocabulary for market data: symbols,
// instruments, taxonomies and sectors, point-in-time memberships, daily bars,
// fund shares and NAV, margin financing, capital flows, fundamentals,
// valuations, trading calendars and aligned matrices, plus the role-split
// reader and writer interfaces that stores implement.
//
// It imports only the standard library and the root package. Every dataset
// type has a Validate method that rejects impossible values (high < low,
// negative volume or shares, unknown units); checks that depend on context
// (a date outside the venue's calendar, a move beyond the price limit) are
// warnings, produced by [CheckBars] against a [Calendar].
//
// Dates are calendar days represented as time.Time at midnight UTC; use
// [Day] and [ParseDate] to make them so that comparisons are exact.
package market
