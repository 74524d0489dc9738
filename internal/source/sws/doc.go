// Package sws reads the Shenwan 2021 industry indices (申万行业指数) from the
// public JSON API behind Shenwan Hongyuan Research's index pages
// (www.swsresearch.com, 申万宏源研究 → 指数发布):
//
//   - Client.Indices: the level 1, 2 or 3 industry indices (code, name);
//   - Client.Components: an index's constituents (stock, name, weight,
//     inclusion date);
//   - Client.History: an index's daily bars as []market.Bar on symbol
//     CODE.SI (801740.SI).
//
// The wire shapes and their pure translators live in wire.go.
// DefaultTransport builds the RoundTripper the wiring should give the
// Client's *http.Client: the site's host only, a rate limit, retries and a
// circuit breaker (package transport).
//
// # Wire format
//
// Shenwan does not document the API. What this package relies on is how
// AKShare (akshare/index/index_research_sw.py: index_realtime_sw,
// index_component_sw, index_hist_sw) calls it and reads its answers, and
// the field names other public clients of the same endpoints use. Every
// answer is {"code":"200","message":…,"data":…}; a code other than 200 is
// read as the service refusing.
//
// Index list:
//
//	GET {base}/institute-sw/api/index_publish/current/?page=1&page_size=50&indextype=一级行业
//
// indextype is 一级行业, 二级行业 or 三级行业 for levels 1 to 3. data is a
// page {"count":N,"results":[…]}; each result carries swindexcode (six
// digits) and swindexname, plus today's quote in l3..l11 (previous close,
// open, amount in 百万元, high, low, last, volume in 百万股 per AKShare's
// docs), which this package does not read. Pages are read until count rows
// are in (a page short of page_size ends the list when count is absent).
// The answer gives no parent code, so Index has none.
//
// Constituents:
//
//	GET {base}/institute-sw/api/index_publish/details/component_stocks/?swindexcode=801740&page=1&page_size=10000
//
// data is a page like the index list's; each result has stockcode (six
// digits), stockname, newweight (the latest weight in percent, about 100
// in all) and beginningdate (计入日期, YYYY-MM-DD, possibly with a time).
//
// Daily history:
//
//	GET {base}/institute-sw/api/index_publish/trend/?swindexcode=801740&period=DAY
//
// data is a list of rows, the whole history, with swindexcode, bargaindate,
// openindex, maxindex, minindex, closeindex, bargainamount (volume),
// bargainsum (amount), hike and markup (change; not read). Numbers may come
// as JSON numbers or numeric strings.
//
// # Units and mapping
//
// Index prices are points. The trend endpoint's volume is in 亿股 (1e8
// shares) and its amount in 亿元 (1e8 yuan); both are multiplied by 1e8 into
// the shares and yuan of market.Bar. How sure: moderately. AKShare passes
// both through without stating a unit; the unit labels come from the
// official page's chart code (its tooltip shows bargainamount as 亿股 and
// bargainsum as 亿元), as quoted by one independent public client that
// checks for those labels, and match AKShare's documented 亿股 for the same
// field name on the sibling index_analysis report. Note that the index
// list's quote fields use other units (百万元, 百万股); they are not read.
// A wrong factor would be a constant scale on every volume and amount, and
// should be checked against one known day (for example the 申万A指 801003
// against the exchanges' total turnover) before the data is trusted.
//
// Constituent codes become symbols by the exchanges' code ranges:
// 6xxxxx and 900xxx → SH, 0xxxxx, 2xxxxx and 3xxxxx → SZ, 920xxx, 4xxxxx
// and 8xxxxx → BJ (StockSymbol). Weights become fractions (÷100) and are NaN
// when not given; a missing inclusion date is the zero time. Bars carry
// AdjFactor 1 and a NaN turnover (not published here); a null open, high,
// low, volume or amount is NaN, a null close or a row that fails
// market.Bar.Validate fails the call: nothing is ever read as zero. History
// filters to [from, to], sorts by date and refuses two rows for one day.
//
// # Errors
//
// Errors are *sextant.Error values with Op "sws.…" whose message starts
// with "sws:": EINVALID for a bad level, index code or window (before any
// request) and for a body that does not have the shape above (the message
// names the field, e.g. data.results[3].stockcode), ENOTFOUND when the
// trend data is null, and EUNAVAILABLE for an error status, a non-200 API
// code, a transport failure or a body that is not JSON (an HTML error page).
//
// # Not verified against the live site
//
// Nothing here was recorded from the live service. Unverified: the
// indextype 三级行业 (AKShare only documents 一级行业 and 二级行业 for this
// endpoint), count on the constituent page, whether the trend endpoint
// answers data: null or [] for an unknown code, and the volume and amount
// units above. The site has been reported to serve its leaf certificate
// without the intermediate; Go does not fetch missing intermediates, so the
// live calls may need the intermediate added to the client's root pool.
package sws
