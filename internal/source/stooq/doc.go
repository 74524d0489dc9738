// Package stooq reads daily bars for global markets from Stooq's CSV
// download:
//
//	GET {base}/q/d/l/?s={ticker}&i=d[&d1=YYYYMMDD&d2=YYYYMMDD]
//
// Client.Daily returns a Result of market.Bar rows; the pure translator
// fromWire lives in wire.go. DefaultTransport chains package transport's
// decorators with limits that suit Stooq (stooq.com only, one request a
// second, retries on 429/5xx, a 20 MB body cap); the wiring puts it in the
// *http.Client it passes to New.
//
// # Wire format
//
// A success is a CSV body with the header Date,Open,High,Low,Close,Volume and
// one line per trading day in date order, dates as YYYY-MM-DD. Prices are
// adjusted by Stooq for splits and dividends, so bars carry AdjFactor 1.
// Indices may come without a Volume column or with empty volumes; both read
// as NaN (unknown), never zero, and a missing column is reported as a
// Warning. The known failures, each an *sextant.Error naming "stooq":
//
//   - the literal body "No data" (an unknown ticker or an empty window):
//     ENOTFOUND;
//   - an HTML page instead of CSV (a block or error page): EUNAVAILABLE,
//     "schema drift: HTML instead of CSV"; a status other than 200 is also
//     EUNAVAILABLE;
//   - a header without Date, Open, High, Low or Close (a renamed column):
//     EINVALID naming the missing column;
//   - a short or truncated line, an unparsable number or date, an impossible
//     bar (market.Bar.Validate) or a date out of order: EINVALID naming the
//     line. A body without a final line break is accepted with a Warning.
//
// # Symbols
//
// SymbolFor maps Stooq tickers to Sextant symbols: "xlk.us" and "spy.us"
// become XLK.US and SPY.US; other suffixes go through market.ParseSymbol
// when the venue is known ("0700.hk" → 0700.HK). Index tickers ("^spx"),
// bare tickers and unknown suffixes ("vod.uk") are refused with EINVALID.
//
// # In sync
//
// `sextant sync` uses this client for a us preset with source = "stooq":
// internal/syncplan builds it from [sources.stooq] (base URL, rate,
// per-attempt timeout, attempts) and asks Daily for each benchmark and
// ticker (XLK.US → "xlk.us") over the window ingest.Runner derives from the
// store; each task is written and recorded as one ingest run. Stooq rebases
// its adjusted history at every distribution, so when the overlap re-read
// differs from the stored closes the ticker's whole history is fetched
// again.
package stooq
