// Package demo generates Sextant's synthetic DEMO market: a deterministic,
// A-share-like market with the 31 Shenwan 2021 level-1 sectors (801010.SI …
// 801980.SI), about 1,500 stocks (5,000 at SizeFull) with point-in-time
// sector memberships, cap-weighted sector indices, a CSI-300-like benchmark
// (000300.SH), growth/value and large/small style indices, themed ETFs with
// shares and NAV, margin financing, capital flows by order size, quarterly
// fundamentals and daily valuations, on a trading calendar shaped like the
// Shanghai/Shenzhen one.
//
// Three scenarios are planted with known truth so that engines and tests
// can check themselves: a Defense & Aerospace rally over the last 40 trading
// days (accelerating, a pullback, a breakout in the last days) with ETF
// creations, margin net buying and main-force inflows, which relative
// rotation places in Leading; a Computers rally that blows off and rolls
// over in the last three weeks with redemptions and outflows (Weakening);
// and a growth → value style shift. [Generate] returns them in a [Truth];
// docs/demo.md documents the parameters. [Documents] writes a dated,
// bilingual corpus of DEMO news, research notes, policy notices,
// announcements and filings about them (and background items on other
// sectors) for reports to cite.
//
// The same [Options] (seed, size, end date, years) always produce
// byte-identical batches: every random draw comes from math/rand/v2 PCG
// sources seeded from Options.Seed, never from the global generator or the
// clock. Output is streamed to a callback in chunks so that memory stays
// bounded at any size. Every instrument has Demo set; the data is DEMO data
// and must be labelled so wherever it is shown.
package demo
