// Package aktools reads AKShare's data through a locally run AKTools server
// (github.com/akfamily/aktools), which exposes every AKShare function over
// HTTP:
//
//	GET {base}/api/public/<function>?<keyword>=<value>&…
//
// and answers the function's DataFrame as a JSON array of records, one
// object per row keyed by AKShare's column names (mostly Chinese: 日期,
// 收盘, 成交量…). Client.Call is that generic call; the typed routes below
// call the functions Sextant syncs and translate their rows into market
// types. The translators (toBars, toFlows, toMargins…) are pure functions
// over a decoded table and have table tests. DefaultTransportOptionsFor
// builds the RoundTripper options the wiring should use.
//
// # The server
//
// What this package relies on comes from AKTools' aktools/core/api.py
// (read in akfamily/aktools and in a patched copy of it): the route is
// /api/public/{item_id} (and /api/private/{item_id}, which checks a bearer
// token from AKTools' /auth login); the query string is split into keyword
// arguments, all passed as strings; the DataFrame is written with pandas'
// to_json(orient="records", date_format="iso"); failures are a JSON object
// {"error": "…"} — with status 404 (unknown function, empty result), 422 or
// 500 (the AKShare call raised) in current releases, and with status 200 in
// older ones. Both are EUNAVAILABLE here, with AKTools' text in the message.
//
// Dates therefore arrive as ISO timestamps "2024-01-02T00:00:00.000" for
// datetime and date columns, or as strings AKShare made itself
// ("2024-01-02", "20240102"). Older AKTools releases used to_json's default
// epoch format: epoch milliseconds (a naive pandas datetime is written as
// the milliseconds of its wall time in UTC). All of these are accepted; a
// timestamp with a zone is read as its day in China (UTC+8).
//
// # Functions and columns
//
// Each entry names the AKShare function, the parameters sent, the columns
// read, their units, and how sure this package is; "source" is what was
// read. Nothing here was checked against a live server (see testdata/README.md).
//
//   - StockBars: stock_zh_a_hist(symbol=600519, period=daily, start_date,
//     end_date YYYYMMDD, adjust ""|qfq|hfq). 日期 开盘 收盘 最高 最低 成交量 (手,
//     ×100 to shares) 成交额 (元) 换手率 (% of free float, ÷100). Sure: source
//     akshare/stock_feature/stock_hist_em.py and the AKShare stock docs.
//   - ETFBars: fund_etf_hist_em, same parameters and columns. Fairly sure
//     (AKShare fund docs as quoted by callers; same Eastmoney kline).
//   - IndexBars: index_zh_a_hist(symbol=000300, period, start_date,
//     end_date), same columns. Fairly sure (AKShare index docs as quoted).
//   - BoardBars: stock_board_industry_hist_em(symbol=<board name>,
//     period=日k, start_date, end_date, adjust=""), same columns. Fairly sure
//     (AKShare board docs as quoted by callers).
//   - SWIndexBars: index_hist_sw(symbol=801010, period=day), whole history,
//     filtered here. 代码 日期 收盘 开盘 最高 最低 成交量 成交额; no 换手率. Columns
//     sure (source akshare/index/index_research_sw.py). Units are NOT
//     documented by AKShare: read as 亿股 and 亿元 (the size of the figures in
//     AKShare's examples); unverified.
//   - SWComponents: index_component_sw(symbol=801010). 证券代码 最新权重 (%)
//     计入日期. Sure (index_research_sw.py).
//   - SWIndices: sw_index_first_info, sw_index_second_info,
//     sw_index_third_info (no parameters). 行业代码 ("801010.SI") 行业名称, and
//     上级行业 (the parent's name) below level 1. Fairly sure (the
//     legulegu scraper of akshare/index/index_sw.py, read in copies of it in
//     other repositories, not in akfamily/akshare itself).
//   - Boards: stock_board_industry_name_em (no parameters). 板块名称 板块代码
//     (BK0480). Fairly sure.
//   - BoardMembers: stock_board_industry_cons_em(symbol=<board name>). 代码
//     名称. Fairly sure.
//   - BoardFlows: stock_sector_fund_flow_hist(symbol=<board name>), whole
//     recent history, filtered here. 日期 and 主力/超大单/大单/中单/小单
//     净流入-净额 in 元. Sure (akshare/stock/stock_fund_em.py).
//   - StockFlows: stock_individual_fund_flow(stock=600519, market=sh|sz|bj),
//     about a hundred recent days, filtered here. Same columns. Sure
//     (stock_fund_em.py and the AKShare docs).
//   - ETFs: fund_etf_spot_em (no parameters). 代码 名称. Sure.
//   - ETFShares: fund_etf_scale_sse(date=YYYYMMDD): 基金代码 统计日期 基金份额
//     (份: AKShare multiplies the exchange's 万份 by 10,000);
//     fund_etf_scale_szse() (no date, current figures): 基金代码 基金份额 (份)
//     净值. Sure (akshare/fund/fund_etf_scale_sse.py, fund_etf_scale_szse.py,
//     2026 versions; older AKShare versions differ).
//   - MarginDetail: stock_margin_detail_sse(date): 信用交易日期 标的证券代码
//     融资余额 融资买入额 融资偿还额 (元); stock_margin_detail_szse(date): 证券代码
//     融资买入额 融资余额 融券余额 (元). Sure (akshare/stock_feature/
//     stock_margin_sse.py, stock_margin_szse.py; AKShare docs say 元).
//   - MarginTotal: stock_margin_sse(start_date, end_date): 信用交易日期 融资余额
//     融资买入额 融券余量金额 (元); stock_margin_szse(date): 融资买入额 融资余额
//     融券余额 in 亿元 (×1e8), one day, no date column. Sure (same files; the
//     AKShare doc page says 亿元 for the SZSE summary).
//
// # Translation
//
// Values are converted to market units (shares, yuan, fractions) and every
// value passes its type's Validate. A column missing from any row is an
// EINVALID error naming the function and the column; a required value
// (a date, a close, volume, amount, a code) that is null, "" or "-" is an
// EINVALID error naming the row; optional values (open, high, low,
// turnover, flows, margin fields) become NaN. Nothing missing is ever read
// as zero. Bars, flows and market totals are returned in date order; two
// rows of one day fail the answer. Bars carry AdjFactor 1 and the prices of
// the adjustment asked for, as in package eastmoney.
//
// Errors are *sextant.Error values with Op "aktools.<Route>" whose message
// starts with "aktools:": EINVALID for bad input (refused before any
// request) and for an answer of the wrong shape, EUNAVAILABLE for an error
// status, a transport failure, a body that is not JSON (an HTML page) and
// AKTools' {"error": …} answers. A refusal by a transport decorator keeps
// its code (EINVALID for a host outside the allow list).
//
// # Transport and token
//
// DefaultTransportOptionsFor(baseURL) allows 127.0.0.1, localhost, ::1 and
// baseURL's host only. TransportOptions.Token, when set, is added by the
// Bearer decorator as an "Authorization: Bearer" header after the host
// check; it is never put in a URL and nothing in this package logs it. Set
// Client.Prefix to PrivatePrefix for AKTools' token-checked route.
package aktools
