// Package csvfile imports market data files: CSV (also .txt, .tsv, gzip) for
// every dataset and Parquet for bars. It is the `sextant import` adapter;
// docs/data-formats.md is its user-facing reference.
//
// [ReadFile] and [Read] return a [Result]: the rows as a [market.Batch],
// the detected layout, errors and warnings naming FILE:LINE, and the rows
// rejected under [Options.SkipInvalid]. A file with an invalid row yields an
// empty batch and an EINVALID error unless SkipInvalid is set; warnings
// (non-trading days, moves beyond the price limit, duplicates with different
// values) never fail a read.
//
// # Detection
//
// The first record is the header. After stripping a UTF-8 BOM, spaces and
// Stooq's <> and lower-casing, each header cell is mapped to a canonical
// field of the dataset through an alias table (日期 → date, ts_code → symbol,
// 成交量 → volume, …). A cell that is not a known name is tried again
// without a unit suffix ("amount_yi", "total_shares_wanfen", "成交额(亿元)"),
// and the suffix sets the column's scale. For bars the set of names then
// picks a layout — stooq-bulk, akshare, tushare, baostock, yfinance,
// close-only, csindex, cn-etf, canonical, long, stooq, ths, or wide (a date
// column plus one close column per symbol) — and the layout fixes the units
// the source is known to use (AKShare and tushare volumes in lots, tushare
// amounts in thousand yuan, percent turnover). Parquet files are read
// through Arrow and rendered into the same cells, so the rules are shared.
//
// A file without a symbol column takes --symbol, else its file name stem
// ("512660.csv", "spy.us.txt", "881166.csv"), through [market.ParseSymbol]
// with --venue; bare capitalised tickers default to .US and bare index codes
// in index files to SH/SZ/CSI (see inferSymbol).
//
// # Speed
//
// Inputs of 8 MB and more whose size is known (files that are not gzip,
// in-memory readers) are read whole into one string; smaller ones go
// through a chunked reader that hands out substrings of one string per
// megabyte. Either way fields are substrings, so a canonical bar row costs
// no allocation beyond its place in the batch. A large bar file whose data
// section holds no quote is cut at newlines into 2×GOMAXPROCS chunks parsed
// concurrently (parseChunks), each numbering its lines from the newlines
// before it; the chunks' rows, rejects and issues are merged in file order,
// and duplicates and market checks run on the merged rows, so the Result is
// the one the sequential reader gives. Numbers of up to 19 significant
// digits are parsed by fastFloat (Clinger's exact path, then Eisel–Lemire),
// the rest by strconv.ParseFloat; ISO and compact dates take a fast path.
// Symbols are parsed once per distinct spelling.
package csvfile
