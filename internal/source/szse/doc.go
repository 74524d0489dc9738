// Package szse reads the Shenzhen Stock Exchange's public disclosures from
// its report service, www.szse.cn/api/report: ETF units outstanding and
// margin trading (per security and market totals).
//
//	Client.ETFShares(ctx, day)    []ETFShare      every SZ ETF's units that day
//	Client.MarginDetail(ctx, day) []market.Margin every SZ margin security that day
//	Client.MarginTotal(ctx, day)  []market.Margin ALL.SZ that day (none or one row)
//
// The wire shapes and their pure translators live in wire.go. DefaultTransport
// builds the RoundTripper the wiring should give the Client's *http.Client:
// www.szse.cn only, one request a second, retries and a circuit breaker
// (package transport).
//
// # Endpoints
//
// Every report of the exchange's site is served by one endpoint; SHOWTYPE
// chooses xlsx (the download buttons) or JSON (the pages' tables), for the
// same CATALOGID, tabs and filters. This package always asks for JSON:
//
//	GET /api/report/ShowReport/data?SHOWTYPE=JSON&CATALOGID=scsj_fund_jjgm&TABKEY=tab1&jjlb=ETF&txtStart=2026-04-01&txtEnd=2026-04-01&PAGENO=1
//	GET /api/report/ShowReport/data?SHOWTYPE=JSON&CATALOGID=1837_xxpl&TABKEY=tab2&txtDate=2024-04-11&tab2PAGENO=1
//	GET /api/report/ShowReport/data?SHOWTYPE=JSON&CATALOGID=1837_xxpl&TABKEY=tab1&txtDate=2024-04-11&tab1PAGENO=1
//
// with Referer https://www.szse.cn/. Sources: AKShare's
// akshare/fund/fund_scale_szse.py (fund_scale_daily_szse reads
// scsj_fund_jjgm, the daily fund scale by fund category, as xlsx; its older
// fund_etf_scale_szse reads catalogue 1000_lf, a current-only fund list
// without a date, which cannot answer "units on day D" and is not used) and
// akshare/stock_feature/stock_margin_szse.py (stock_margin_szse reads tab1
// of 1837_xxpl as JSON; stock_margin_detail_szse reads tab2, as JSON in
// AKShare's 2021 version and as xlsx since). The JSON keys of
// scsj_fund_jjgm (size_date, fund_code, security_short_name, current_size)
// come from other public clients of the JSON variant, not from AKShare; how
// sure: the endpoint and catalogue are certain, the keys likely, and the
// column titles (units) are read from every answer rather than assumed.
//
// # Wire format
//
// The body is a JSON list with one object per tab of the report:
// {"metadata":{"tabkey":"tab2","pageno":1,"pagecount":96,"recordcount":1904,
// "cols":{"zqdm":"证券代码",…,"jrrzye":"融资余额(元)"},"subname":"2024-04-11",…},
// "data":[{…}],"error":null}. Values are strings with thousands separators.
// A tab is chosen by metadata.tabkey (by position when no tab names
// itself). The client reads pages 1..pagecount of the tab and checks the
// rows against recordcount. A day without a report (a holiday, a day not yet
// published) answers no rows (or a totals row without values): an empty
// slice, not an error. When metadata.subname is a date it must be the day
// asked.
//
// Units are read from the column titles in metadata.cols, never assumed:
// 元, 千元, 万元, 亿元 for money, 股, 份, 股/份 and their 万 and 亿 multiples for
// quantities; another title is drift. Today the totals (tab1) are in 亿元 and
// 亿股/亿份 with two decimals (so accurate to about a million yuan), the
// detail (tab2) in 元 and 股/份, and the fund scale in 份.
//
//   - Fund scale rows: size_date, fund_code, security_short_name,
//     current_size (units). The report has no NAV: FundShares.NAV is NaN.
//   - Margin rows (both tabs): jrrzmr 融资买入额, jrrzye 融资余额, jrrjmc 融券卖出量,
//     jrrjyl 融券余量, jrrjye 融券余额, jrrzrjye 融资融券余额; the detail adds zqdm
//     (code, sometimes wrapped in a link, which is stripped) and zqjc (name).
//     FinBalance, FinBuy and SecBalance are read; FinRepay is always NaN:
//     SZSE publishes no repayments, neither per security nor in total.
//
// A cell that is "", "-" or "--" is not published and becomes NaN, never
// 0; every row must still pass market.Margin.Validate or
// market.FundShares.Validate.
//
// # Errors
//
// Errors are *sextant.Error values with Op "szse.…" whose message starts
// with "szse:". EINVALID: a body without the shape above — a missing tab,
// field, column title or unit, a code that is not six digits, a row or
// report dated another day than asked, a number that does not parse, a
// record count that disagrees, a security given twice, a JSON object where
// the list of tabs belongs — with the message naming the field
// (data[3].jrrzye, metadata.cols.jrrzye) and the page beyond the first.
// EUNAVAILABLE: an error status, a transport failure, a tab whose error is
// set, or a body that is not JSON (an HTML page).
package szse
