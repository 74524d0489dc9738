// Package eastmoney reads A-share market data from Eastmoney's public,
// undocumented quote endpoints on three hosts:
//
//   - push2his.eastmoney.com (Host): daily klines (Client.Klines →
//     []market.Bar) and daily fund flows (Client.Flows →
//     []market.CapitalFlow) of stocks, ETFs, indices and boards;
//   - push2.eastmoney.com (ListHost): lists — industry and concept boards
//     (Client.Boards), a board's constituents (Client.BoardMembers) and the
//     exchange-traded funds (Client.ETFs), each as []Listing (symbol and
//     name);
//   - datacenter-web.eastmoney.com (DataHost): a stock's daily margin
//     history (Client.MarginHistory → []market.Margin), its whole history
//     in a few requests where the exchanges publish one day per request.
//
// New(httpClient, baseURL) builds a Client; a non-empty baseURL serves
// all three hosts (tests and the fixture server answer every path from one
// URL). The wire shapes and their pure translators live in wire.go
// (klines), fflow.go (flows), listwire.go (lists) and margin_wire.go
// (margin). DefaultTransport builds the RoundTripper the wiring should give
// the Client's *http.Client: the Eastmoney hosts only, a rate limit,
// retries and a circuit breaker (package transport).
//
// # Wire formats
//
// What this package relies on is how AKShare calls the endpoints and reads
// their answers; every body is a JSON object {"rc":0, …, "data":…}.
//
// Klines (akshare/stock_feature/stock_hist_em.py, stock_zh_a_hist and its
// index, ETF and board siblings):
//
//	GET {base}/api/qt/stock/kline/get?secid=1.600519&klt=101&fqt=0
//	    &fields1=f1,f2,f3,f4,f5,f6&fields2=f51,…,f61&beg=20240101&end=20240131
//
// Parameters and answer:
//
//   - secid is MARKET.CODE: 1 for Shanghai, 0 for Shenzhen and Beijing, 90
//     for Eastmoney boards (BK0480). klt=101 asks for daily bars; fqt is the
//     adjustment: 0 none, 1 forward (前复权), 2 backward (后复权). beg and
//     end are YYYYMMDD, both inclusive.
//   - data is {"code":"600519","market":1,"name":"…","klines":[…]}, or null
//     when the code is unknown.
//   - Each kline is one string of the fields2 columns f51..f61 joined by
//     commas: date (YYYY-MM-DD), open, close, high, low, volume (手, lots of
//     100 shares or fund units), amount (元), amplitude (%), change (%),
//     change (price), turnover (% of free float).
//
// Fund flows (akshare/stock/stock_fund_em.py, stock_individual_fund_flow
// for a stock and stock_sector_fund_flow_hist / stock_concept_fund_flow_hist
// for a board with secid 90.BKnnnn):
//
//	GET {base}/api/qt/stock/fflow/daykline/get?lmt=0&klt=101&secid=1.600519
//	    &fields1=f1,f2,f3,f7&fields2=f51,…,f65
//
// Parameters and answer:
//
//   - data has the kline shape above (null for an unknown code); lmt=0
//     asks for every day the endpoint keeps, which is only a recent window
//     (about 120 trading days for a stock), so the package filters to the
//     asked window itself.
//   - Each line has the 15 fields f51..f65: date, then the net inflows in
//     yuan of main force (主力), small (小单), medium (中单), large (大单) and
//     super-large (超大单) orders — in that order, main first and small
//     before medium —, then the same five as % of turnover, the close, the
//     change % and two unused columns.
//
// Lists (akshare/stock/stock_board_industry_em.py
// stock_board_industry_name_em and stock_board_industry_cons_em, their
// concept twins in stock_board_concept_em.py, and
// akshare/fund/fund_etf_em.py fund_etf_spot_em):
//
//	GET {base}/api/qt/clist/get?pn=1&pz=100&po=0&np=1&fltt=2&invt=2&fid=f12
//	    &fs=m:90+t:2&fields=f12,f13,f14
//
// Parameters and answer:
//
//   - fs selects the list: m:90 t:2 industry boards, m:90 t:3 concept
//     boards, b:BK0480 f:!50 the constituents of board BK0480,
//     b:MK0021,b:MK0022,b:MK0023,b:MK0024,b:MK0827 the ETFs of both
//     exchanges. The "+" in Eastmoney's URLs is an encoded space.
//   - pn is the page (from 1) and pz its size; the endpoint gives at most
//     100 rows a page. np=1 makes data.diff an array; fid=f12 with po=0
//     orders by code, ascending, so that pages do not shift while read.
//   - data is {"total":N,"diff":[{"f12":"600519","f13":1,"f14":"贵州茅台"},
//     …]}: total is the row count of the whole list, f12 the code, f13 the
//     market id (1 Shanghai; 0 Shenzhen, and Beijing for codes starting 4,
//     8 or 9; 90 boards) and f14 the name. data is null when nothing
//     matches (an unknown board).
//
// Margin history (the data center's report RPTA_WEB_RZRQ_GGMX,
// 融资融券个股明细, as data.eastmoney.com/rzrq asks it; AKShare reads other reports of
// this host the same way, e.g. stock_feature/stock_margin_em.py, but not
// this one, so the report's columns follow third-party clients and are
// less certain than the formats above):
//
//	GET {base}/api/data/v1/get?reportName=RPTA_WEB_RZRQ_GGMX&columns=ALL
//	    &source=WEB&client=WEB&filter=(SCODE="600519")(DATE>='2024-01-01')
//	    &pageSize=500&pageNumber=1&sortColumns=DATE&sortTypes=-1
//
// Parameters and answer:
//
//   - filter is a list of (COLUMN op value) terms, all of which must hold:
//     SCODE is the six-digit code (no market: a code is unique across SH, SZ
//     and BJ); the DATE>= term is sent only when the window has a start.
//     sortTypes=-1 sorts by DATE newest first; pageNumber counts from 1.
//   - The body is {"version":…, "result":{"pages":P, "data":[…],
//     "count":N}, "success":true, "message":"ok", "code":0}: pages is the
//     page count of the whole query and count its rows. Each row has DATE
//     ("2024-01-02 00:00:00"), SCODE, SECNAME and the day's values in yuan:
//     RZYE 融资余额, RZMRE 融资买入额, RZCHE 融资偿还额, RQYE 融券余额, and
//     others unused here (RZRQYE, RQYL, RZJME…). A value may be null.
//   - A query matching no row answers result null with success false, code
//     9201 and the message "返回数据为空" (a stock that is not a margin
//     target); any other success false is an error.
//
// # Translation
//
// Klines: volume is converted from lots to shares (×100) and turnover from
// percent to a fraction (÷100), the units of market.Bar; amount stays in
// yuan. A turnover of "-" or "" (Eastmoney's mark for none, seen on some
// indices) becomes NaN. The prices of a bar are the ones of the adjustment
// asked for, and AdjFactor is always 1: an adjusted series is stored as the
// closes of that adjustment (the caller labels which), not as unadjusted
// prices with a factor, because the endpoint gives adjusted prices, not
// factors. Each bar passes market.Bar.Validate.
//
// Flows stay in yuan; a flow of "-" or "" is unpublished and becomes NaN,
// and each row passes market.CapitalFlow.Validate (a row with no value at
// all fails).
//
// Margin: every page is read (page 1 tells result.pages); rows are sorted
// by date ascending, a date seen twice (a new day published while the
// pages are read shifts them) is kept once, and the rows are cut to the
// window asked. Values stay in yuan; null, "" or "-" becomes NaN, never 0,
// and each row passes market.Margin.Validate. No rows at all (result null,
// as above) is an empty slice, not an error: a stock that was never a
// margin target simply has no margin history.
//
// Lists: symbols are CODE.VENUE — BK0480.EM for boards, 600519.SH,
// 000001.SZ or 430047.BJ for stocks, 510300.SH or 159915.SZ for ETFs.
// Client.list reads page 1, then further pages until data.total rows have
// come; a row seen twice (the list moved between two pages) is listed
// once.
//
// Every other field must be a number (or, in lists, present with the right
// type), and a line that does not parse, has the wrong number of fields or
// breaks the date order fails the whole request: nothing is ever read as
// zero.
//
// Errors are *sextant.Error values with Op "eastmoney.…" whose message
// starts with "eastmoney:": EINVALID for an argument with no meaning
// (a symbol with no secid, a board that is not BKnnnn.EM, a window that
// ends before it starts) and for a body that does not have the shape above
// (the message names the field or line that drifted: data.total,
// data.diff[3].f13, data.klines[1], result.data[0].RZYE); ENOTFOUND when
// data is null (the message names the symbol or list); and EUNAVAILABLE
// for an error status, a transport failure, a body that is not JSON (an
// HTML error page) or a data-center answer with success false (the message
// carries Eastmoney's).
package eastmoney
