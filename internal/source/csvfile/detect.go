package csvfile

import (
	"path/filepath"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// layout is what detection learnt from a header: the layout's name, the
// column mapping with its unit scales, and how bare codes get a venue.
type layout struct {
	name  string
	cols  []column
	idx   [nFields]int
	index bool // the file holds indices: bare 000xxx → SH, 399xxx → SZ, others → CSI
	wide  []market.Symbol
}

// headerSet is the set of normalised header names.
func headerSet(header []string) map[string]bool {
	set := make(map[string]bool, len(header))
	for _, h := range header {
		set[normName(h)] = true
	}
	return set
}

// detectBars recognises a bar layout from the header and applies its unit
// rules. It returns an error message when the header is not a bar layout.
func detectBars(header []string, opts *Options) (*layout, string) {
	set := headerSet(header)
	l := &layout{cols: mapHeader(market.DatasetBars, header)}
	l.idx = index(l.cols)
	has := func(names ...string) bool {
		for _, n := range names {
			if set[n] {
				return true
			}
		}
		return false
	}
	scale := func(f field, s float64) {
		if i := l.idx[f]; i >= 0 && !l.cols[i].unit {
			l.cols[i].scale = s
		}
	}
	switch {
	case has("per") && has("ticker"):
		l.name = "stooq-bulk"
	case has("日期", "收盘", "开盘"):
		l.name = "akshare"
		scale(fVolume, 100) // 成交量 in lots (手)
		scale(fTurnover, 0.01)
	case has("ts_code") || has("trade_date") && has("vol"):
		l.name = "tushare"
		scale(fVolume, 100)  // vol in lots (手)
		scale(fAmount, 1000) // amount in thousand yuan (千元)
	case has("adjustflag", "tradestatus", "pctchg", "preclose") && has("turn"):
		l.name = "baostock"
		scale(fTurnover, 0.01) // turn in percent
	case has("dividends", "stock splits", "capital gains", "adj close"):
		l.name = "yfinance"
	case has("cp") && l.idx[fOpen] < 0:
		l.name, l.index = "close-only", true
	case l.idx[fSymbol] < 0 && (has("amount_yi") || has("pe") && l.idx[fVolume] < 0):
		l.name, l.index = "csindex", true
	case has("datetime") && has("pre_close"):
		l.name = "cn-etf"
	case has("symbol"):
		l.name = "canonical"
	case l.idx[fSymbol] >= 0:
		l.name = "long"
	case strings.Join(trimmed(header), ",") == "Date,Open,High,Low,Close,Volume" ||
		strings.Join(trimmed(header), ",") == "Date,Open,High,Low,Close,Volume,OpenInt":
		l.name = "stooq"
	default:
		l.name = "canonical"
	}
	if l.idx[fClose] < 0 {
		if l.idx[fDate] >= 0 && l.idx[fOpen] < 0 {
			if syms := wideSymbols(header, l.idx[fDate], opts); syms != nil {
				l.name, l.wide = "wide", syms
				return l, ""
			}
		}
		return nil, "no close column (want a bar layout: symbol,date,open,high,low,close,…; see docs/data-formats.md)"
	}
	if l.idx[fDate] < 0 {
		return nil, "no date column (want date, trade_date, datetime or 日期)"
	}
	if i := l.idx[fAmount]; i >= 0 && l.cols[i].scale == 0 {
		l.cols[i].scale = opts.unitScale()
	}
	return l, ""
}

func trimmed(header []string) []string {
	out := make([]string, len(header))
	for i, h := range header {
		out[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	return out
}

// wideSymbols returns the symbols of a wide file's columns (every column but
// the date must name an instrument), or nil.
func wideSymbols(header []string, dateCol int, opts *Options) []market.Symbol {
	syms := make([]market.Symbol, len(header))
	n := 0
	for i, h := range header {
		if i == dateCol {
			continue
		}
		s, err := inferSymbol(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), opts.Venue, false, false)
		if err != nil {
			return nil
		}
		syms[i] = s
		n++
	}
	if n == 0 {
		return nil
	}
	return syms
}

// inferSymbol turns a code as written in a file into a Symbol:
// market.ParseSymbol with venue; then, when no venue is given, the index rule
// for index files (000xxx → SH, 399xxx → SZ, other bare codes → CSI) and the
// US rule for alphabetic tickers ("SPY" → SPY.US). A file-name stem gets the
// US rule only when it is written in capitals (SPY.csv, not bars.csv).
func inferSymbol(code, venue string, index, stem bool) (market.Symbol, error) {
	if strings.ContainsAny(code, " \t\r\n\"") {
		return "", sextant.Errorf(sextant.EINVALID, "symbol %q contains white space", code)
	}
	if up := strings.ToUpper(code); strings.HasPrefix(up, "ALL.") && len(up) > 4 && isAlnum(up[4:]) {
		return market.Symbol(up), nil // a market aggregate: ALL.CN, ALL.SH (market.MarketTotal)
	}
	if venue == "" && index && !strings.Contains(code, ".") {
		switch {
		case len(code) == 6 && strings.HasPrefix(code, "000") && isDigits(code):
			return market.Symbol(code + "." + market.VenueSH), nil
		case len(code) == 6 && strings.HasPrefix(code, "399") && isDigits(code):
			return market.Symbol(code + "." + market.VenueSZ), nil
		case isAlnum(code) && len(code) <= 8 && !(len(code) == 8 && isDigits(code[2:])):
			return market.Symbol(strings.ToUpper(code) + "." + market.VenueCSI), nil
		}
	}
	s, err := market.ParseSymbol(code, venue)
	if err == nil {
		return s, nil
	}
	if venue == "" && isTicker(code) && (!stem || strings.ToUpper(code) == code) {
		return market.Symbol(strings.ToUpper(code) + "." + market.VenueUS), nil
	}
	return "", err
}

// isTicker reports whether s looks like a US ticker: 1–6 letters, optionally
// with a share-class suffix after '-' ("BRK-B").
func isTicker(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(c >= 'a' && c <= 'z') && !(s[i] == '-' && i > 0 && i < len(s)-1) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	_, ok := digits(s)
	return ok && s != ""
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z') {
			return false
		}
	}
	return s != ""
}

// fileSymbol is the symbol of a file that does not name its instrument:
// --symbol, else the file name stem. The error tells the user what to pass.
func fileSymbol(name string, opts *Options, index bool) (market.Symbol, error) {
	if opts.Symbol != "" {
		return opts.Symbol, nil
	}
	stem := stemOf(name)
	s, err := inferSymbol(stem, opts.Venue, index, true)
	if err != nil {
		return "", sextant.Errorf(sextant.EINVALID,
			"%s:1: the file has no symbol column and its name %q is not a symbol; pass --symbol CODE.VENUE (or --venue for a bare code)",
			name, stem)
	}
	return s, nil
}

// stemOf is the file name without directories and extensions (.gz, then
// .csv/.txt/.tsv/.parquet).
func stemOf(name string) string {
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, ".gz")
	for _, ext := range []string{".csv", ".txt", ".tsv", ".parquet", ".CSV", ".TXT", ".TSV"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// unitScale is the factor of --unit (1 when unset or unknown; Read rejects
// an unknown unit before parsing).
func (o *Options) unitScale() float64 {
	if o.Unit == "" {
		return 1
	}
	if _, f, ok := market.UnitScale(o.Unit); ok {
		return f
	}
	return 1
}
