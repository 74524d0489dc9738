// Package sse reads the Shanghai Stock Exchange's public disclosures from
// its query service, query.sse.com.cn: ETF units outstanding and margin
// trading (per security and market totals).
//
//	Client.ETFShares(ctx, day)       []ETFShare      every SH ETF's units that day
//	Client.MarginDetail(ctx, day)    []market.Margin every SH margin security that day
//	Client.MarginTotal(ctx, from, to) []market.Margin ALL.SH, one row a trading day
//
// The wire shapes and their pure translators live in wire.go. DefaultTransport
// builds the RoundTripper the wiring should give the Client's *http.Client:
// query.sse.com.cn only, one request a second, retries and a circuit
// breaker (package transport).
//
// # Endpoints
//
// The service is undocumented by the exchange; what this package relies on
// is how AKShare calls it (akshare/fund/fund_etf_sse.py fund_etf_scale_sse,
// akshare/stock_feature/stock_margin_sse.py stock_margin_sse and
// stock_margin_detail_sse) and what the exchange's own pages send:
//
//	GET /commonQuery.do?sqlId=COMMON_SSE_ZQPZ_ETFZL_XXPL_ETFGM_SEARCH_L&STAT_DATE=2025-01-15&isPagination=true&pageHelp…
//	GET /marketdata/tradedata/queryMargin.do?tabType=mxtype&detailsDate=20230922&stockCode=&beginDate=&endDate=&isPagination=true&pageHelp…
//	GET /marketdata/tradedata/queryMargin.do?tabType=&beginDate=20230901&endDate=20230922&stockCode=&isPagination=true&pageHelp…
//
// Every request carries Referer https://www.sse.com.cn/ (the service
// refuses requests without it) and the paging parameters pageHelp.pageSize
// (1000), pageHelp.pageNo, pageHelp.beginPage, pageHelp.endPage (the page
// asked) and pageHelp.cacheSize=1.
//
// # Wire format
//
// The body is a JSON object; when a jsonCallBack parameter is sent the
// service wraps it as JSONP (callback({…})), which this package unwraps
// although it never asks for it. The rows come twice, in result and in
// pageHelp.data; pageHelp also holds pageNo, pageCount and total. The
// client reads pages 1..pageCount and checks that the rows add up to
// total; both row lists are translated (a drift in either fails) and must
// hold as many rows; the values returned are those of result. A day without a
// report (a holiday, a day not yet published) answers pageCount 0 and no
// rows: an empty slice, not an error.
//
//   - ETF scale rows: SEC_CODE, SEC_NAME, ETF_TYPE, STAT_DATE (YYYY-MM-DD)
//     and TOT_VOL, the units outstanding in 万份 (×10,000 here). The report
//     has no NAV: FundShares.NAV is NaN.
//   - Margin detail rows: opDate (YYYYMMDD), stockCode, securityAbbr, rzye
//     (融资余额), rzmre (融资买入额), rzche (融资偿还额), in yuan; rqyl,
//     rqmcl, rqchl (融券余量, 卖出量, 偿还量) in shares; rqylje (融券余量金额,
//     yuan) is present but empty on the detail rows seen by AKShare users.
//     SecBalance is rqylje when it holds a number and NaN otherwise: the
//     quantity in shares is not turned into a value.
//   - Market summary rows: opDate, rzye, rzmre, rqylje, rqyl, rqmcl and
//     rzrqjyzl (融资融券余额), in yuan and shares; the summary publishes no
//     repayments, so FinRepay is NaN unless a row carries rzche.
//
// Numbers come as JSON numbers or strings, with or without thousands
// separators. A field that is null, "", "-" or "--" is not published and
// becomes NaN, never 0; every row must still pass market.Margin.Validate or
// market.FundShares.Validate (at least one value, none negative).
//
// # Errors
//
// Errors are *sextant.Error values with Op "sse.…" whose message starts
// with "sse:". EINVALID: a body without the shape above — a missing field
// or list, a code that is not six digits, a row dated another day than
// asked, a number that does not parse, row lists or totals that disagree, a
// security given twice — with the message naming the field
// (result[3].rzye) and the page beyond the first; a window that ends before
// it starts, before anything is sent. EUNAVAILABLE: an error status, a
// transport failure, or a body that is not JSON (the HTML page the exchange
// shows a client it throttles).
package sse
