// Package syncplan turns a sync preset (config [sync.presets.NAME]) into the
// stages of an ingest run over the network source adapters. It is wiring:
// the one place besides the CLI that imports the adapters, builds their
// HTTP clients from the [sources.NAME] settings (base-URL overrides, rate
// limits, --record) and hands ingest.Runner a plan.
//
// A cn preset runs, in order: the Shenwan classification, level by level
// (sectors, their index instruments, constituents as dated memberships);
// benchmark and sector index bars; themed ETFs (instrument with its theme,
// bars); Eastmoney industry boards (constituents, bars, main-force flows);
// everyone who has been a member of the chosen sectors (bars, main-force
// flows and, on the direct route, margin history); and per-day exchange
// disclosures for every trading day not yet stored (ETF units outstanding,
// the market margin total, and — on a route without per-stock margin
// history — the members' margin detail). A stage that cannot be planned is
// reported and the next ones still run. The A-share datasets come through a
// CN route: Direct (Eastmoney, Shenwan, SSE, SZSE) or AKTools (a local
// AKTools server). Feeds, when a preset names any, end the run.
//
// A us preset fetches daily bars of its tickers and benchmarks from Yahoo
// or Stooq and writes a small sector taxonomy whose sector indices are the
// tickers (spdr: XLK.US is Technology), so rotation and reports work on it.
//
// Stock and ETF bars are stored as traded with AdjFactor = back-adjusted
// close / close, from two requests (unadjusted and 后复权); back-adjusted
// history does not change when a later dividend is paid, so stored
// factors stay valid. Yahoo and Stooq publish adjusted prices that are
// rebased at every distribution: when the overlap re-read finds a stored
// close changed, the ticker's whole history is fetched again.
package syncplan
