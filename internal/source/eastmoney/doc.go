// Package eastmoney reads daily klines (bars) of A-share stocks, ETFs,
// indices and Eastmoney boards from Eastmoney's public history endpoint:
//
//	GET {base}/api/qt/stock/kline/get?secid=1.600519&klt=101&fqt=0
//	    &fields1=f1,f2,f3,f4,f5,f6&fields2=f51,…,f61&beg=20240101&end=20240131
//
// Client.Klines returns []market.Bar; the wire shapes and their pure
// translator fromWire live in wire.go. DefaultTransport builds the
// RoundTripper the wiring should give the Client's *http.Client: Eastmoney's
// history host only, a rate limit, retries and a circuit breaker (package
// transport).
//
// # Wire format
//
// The endpoint is undocumented by Eastmoney. What this package relies on is
// how AKShare (akshare/stock_feature/stock_hist_em.py, stock_zh_a_hist and
// its index, ETF and board siblings) calls it and reads its answer:
//
//   - secid is MARKET.CODE: 1 for Shanghai, 0 for Shenzhen and Beijing, 90
//     for Eastmoney boards (BK0480). klt=101 asks for daily bars; fqt is the
//     adjustment: 0 none, 1 forward (前复权), 2 backward (后复权). beg and
//     end are YYYYMMDD, both inclusive.
//   - The body is {"rc":0, …, "data":{"code":"600519","market":1,
//     "name":"…","klines":[…]}}. data is null when the code is unknown.
//   - Each kline is one string of the fields2 columns f51..f61 joined by
//     commas: date (YYYY-MM-DD), open, close, high, low, volume (手, lots of
//     100 shares or fund units), amount (元), amplitude (%), change (%),
//     change (price), turnover (% of free float).
//
// # Translation
//
// Volume is converted from lots to shares (×100) and turnover from percent
// to a fraction (÷100), the units of market.Bar; amount stays in yuan. A
// turnover of "-" or "" (Eastmoney's mark for none, seen on some indices)
// becomes NaN; every other field must be a number, and a kline that does
// not parse, has other than 11 fields or breaks the date order fails the
// whole request: nothing is ever read as zero.
//
// The prices of a bar are the ones of the adjustment asked for, and
// AdjFactor is always 1: an adjusted series is stored as the closes of that
// adjustment (the caller labels which), not as unadjusted prices with a
// factor, because the endpoint gives adjusted prices, not factors. Each bar
// passes market.Bar.Validate before it is returned.
//
// Errors are *sextant.Error values with Op "eastmoney.…" whose message
// starts with "eastmoney:": EINVALID for a symbol with no secid and for a
// body that does not have the shape above (the message names the field or
// kline line that drifted), ENOTFOUND when data is null (the message names
// the symbol), and EUNAVAILABLE for an error status, a transport failure or
// a body that is not JSON (an HTML error page).
package eastmoney
