// Package flows computes capital-flow series for instruments and sectors:
// ETF net creations and share changes, margin-financing net purchases and
// balances, and main-force net flows, each aggregated to sectors over
// point-in-time memberships, with rolling sums and z-scores against the
// trailing year.
//
// It is a pure engine: aligned panels ([ETFPanel], [MarginPanel],
// [FlowPanel]) and memberships in, [Series] out. Nothing here does I/O,
// reads a clock or starts a goroutine. Missing observations are NaN and stay
// NaN; where a value is derived by a fallback (the close when a NAV is
// missing, the change in financing balance when buy/repay are missing) the
// [Method] used is recorded per day and counted, so a figure can say how it
// was made. Every result carries a [Meta] (measure, symbols, date range,
// parameters) for provenance.
//
// The formulas, windows and defaults are documented in docs/methodology.md
// ("Flows"); the main entry points are [ETFCreations], [SectorCreations],
// [MapETFs], [StockMargin], [SectorMargin], [MainFlow] and [SectorMainFlows].
package flows
