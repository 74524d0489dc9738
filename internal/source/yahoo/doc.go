// Package yahoo reads daily bars, dividends and splits from the Yahoo
// Finance v8 chart API:
//
//	GET {base}/v8/finance/chart/{ticker}?period1=…&period2=…&interval=1d&events=div,split
//
// Client.Daily returns a Result; the wire shapes and their pure translator
// fromWire live in wire.go. DefaultTransport builds the RoundTripper the
// wiring should give the Client's *http.Client: Yahoo's hosts only, a
// rate limit, retries and a circuit breaker (package transport).
//
// # Wire format
//
// The API is undocumented. What this package relies on was read from real
// responses recorded by gadicc/node-yahoo-finance2 (tests/fixtures/http,
// MIT; copies in shared/data/api_fixtures_yahoo_chart, see PROVENANCE.md):
//
//   - {"chart": {"result": [ … ], "error": null}}; on failure result is null
//     and error is {"code": "Not Found", "description": "…"} (HTTP 404 for an
//     unknown symbol).
//   - result[0].meta: symbol, currency, instrumentType (EQUITY, ETF,
//     CRYPTOCURRENCY, CURRENCY, FUTURE, …), exchangeTimezoneName ("America/
//     New_York"), gmtoffset (seconds east of UTC, at the time of the request),
//     dataGranularity ("1d", "1m").
//   - result[0].timestamp: Unix seconds of each bar's session open (09:30
//     New York for US listings). It is absent when the window has no data.
//   - result[0].indicators.quote[0].{open,high,low,close,volume}: arrays
//     parallel to timestamp; an element may be null (no trade, or a bar
//     still forming). Prices are split-adjusted, not dividend-adjusted.
//   - result[0].indicators.adjclose[0].adjclose: the close adjusted for
//     splits and dividends, rebased so that the latest close is unchanged.
//   - result[0].events.dividends / .splits: objects keyed by the timestamp
//     as a string: {amount, date} and {date, numerator, denominator,
//     splitRatio}.
//
// # Translation
//
// A bar's Date is the calendar day of its timestamp in the exchange's time
// zone (exchangeTimezoneName; gmtoffset when the zone is unknown to the
// system). Nulls are missing values, never zero: a day whose close is null
// is skipped and listed in Result.Skipped; a null open, high, low or volume
// becomes NaN. AdjFactor is adjclose/close, so Close × AdjFactor is Yahoo's
// adjusted close. Yahoo rebases adjclose after every dividend or split, so
// factors from two fetches are comparable only when no event happened in
// between; a sync must refetch the history after an event.
//
// # Symbols
//
// Yahoo tickers map to Sextant symbols by SymbolFor: a plain US ticker
// ("AAPL", "BRK-B") becomes TICKER.US; ".SS" becomes .SH, ".SZ" stays .SZ and
// ".HK" stays .HK. Any other suffix (".TO", ".L", ".DE") and tickers with
// "=" or "^" (currencies, futures, indices) have no Sextant venue yet and
// are refused with an EINVALID error naming the Yahoo symbol. A US mapping
// is also refused when meta.instrumentType is not a listed security
// (BTC-USD looks like a class-share ticker but is a CRYPTOCURRENCY).
//
// Errors are *sextant.Error values with Op "yahoo.…": ENOTFOUND for an
// unknown symbol, EUNAVAILABLE when the service answers with an error status
// or with something other than JSON (an HTML error or consent page), and
// EINVALID when the JSON does not have the shape above; the message names
// the field that drifted.
package yahoo
