package market

import (
	"strings"

	"github.com/sextant-ai/sextant"
)

// Symbol identifies an instrument as CODE.VENUE: 600519.SH, 000300.SH (an
// index), 512660.SH (an ETF), 801740.SI (a Shenwan index), BK0480.EM (an
// Eastmoney board), 881166.THS (a Tonghuashun board), XLK.US.
type Symbol string

// Venues Sextant knows. A venue is the part after the dot of a Symbol.
const (
	VenueSH  = "SH"  // Shanghai Stock Exchange (stocks, funds, SSE and CSI indices)
	VenueSZ  = "SZ"  // Shenzhen Stock Exchange (stocks, funds, SZSE indices)
	VenueBJ  = "BJ"  // Beijing Stock Exchange
	VenueSI  = "SI"  // Shenwan (SWS) indices
	VenueCSI = "CSI" // China Securities Index indices published without an exchange code
	VenueEM  = "EM"  // Eastmoney boards
	VenueTHS = "THS" // Tonghuashun boards
	VenueUS  = "US"  // US listings
	VenueHK  = "HK"  // Hong Kong listings
	VenueCN  = "CN"  // China-wide aggregates: market totals such as ALL.CN
)

var knownVenues = map[string]bool{
	VenueSH: true, VenueSZ: true, VenueBJ: true, VenueSI: true, VenueCSI: true,
	VenueEM: true, VenueTHS: true, VenueUS: true, VenueHK: true, VenueCN: true,
}

// KnownVenue reports whether v (upper case) is a venue Sextant knows.
func KnownVenue(v string) bool { return knownVenues[v] }

// Code returns the part before the last dot ("600519" for 600519.SH).
func (s Symbol) Code() string {
	if i := strings.LastIndexByte(string(s), '.'); i >= 0 {
		return string(s[:i])
	}
	return string(s)
}

// Venue returns the part after the last dot ("SH" for 600519.SH), or "".
func (s Symbol) Venue() string {
	if i := strings.LastIndexByte(string(s), '.'); i >= 0 {
		return string(s[i+1:])
	}
	return ""
}

// String returns the symbol text.
func (s Symbol) String() string { return string(s) }

// IsChinaEquityVenue reports whether the venue is an A-share exchange.
func IsChinaEquityVenue(v string) bool { return v == VenueSH || v == VenueSZ || v == VenueBJ }

// ParseSymbol normalises the spellings found in the wild into CODE.VENUE:
// "600519.SH", "600519.sh", "sh600519", "SH.600519", "sh.600519" (baostock),
// "600519.XSHG" (JoinQuant), "XLK.US", "xlk.us" (Stooq), "BK0480.EM". A code
// without a venue is completed with defaultVenue when it is not empty; else a
// six-digit A-share code gets its exchange from its prefix (6/5/9 → SH,
// 0/1/2/3 → SZ, 4/8 → BJ, 88 → THS board, 80 → SI); other bare codes fail.
// The error is an EINVALID *sextant.Error naming the input.
func ParseSymbol(s, defaultVenue string) (Symbol, error) {
	raw := s
	s = strings.TrimSpace(s)
	if s == "" {
		return "", sextant.Errorf(sextant.EINVALID, "empty symbol")
	}
	up := strings.ToUpper(s)
	// Suffix form CODE.VENUE (also JoinQuant XSHG/XSHE).
	if i := strings.LastIndexByte(up, '.'); i > 0 && i < len(up)-1 {
		code, venue := up[:i], up[i+1:]
		switch venue {
		case "XSHG", "SS":
			venue = VenueSH
		case "XSHE":
			venue = VenueSZ
		}
		if KnownVenue(venue) {
			return checkCode(raw, code, venue)
		}
		// Prefix form VENUE.CODE (baostock "sh.600519").
		if KnownVenue(code) {
			return checkCode(raw, venue, code)
		}
		return "", sextant.Errorf(sextant.EINVALID, "symbol %q: unknown venue %q", raw, venue)
	}
	// Prefix form sh600519 / SZ000001 / BJ430047.
	if len(up) == 8 && isDigits(up[2:]) {
		if v := up[:2]; v == VenueSH || v == VenueSZ || v == VenueBJ {
			return Symbol(up[2:] + "." + v), nil
		}
	}
	if defaultVenue != "" {
		v := strings.ToUpper(defaultVenue)
		if !KnownVenue(v) {
			return "", sextant.Errorf(sextant.EINVALID, "unknown venue %q", defaultVenue)
		}
		return checkCode(raw, up, v)
	}
	if len(up) == 6 && isDigits(up) {
		switch {
		case strings.HasPrefix(up, "88"):
			return Symbol(up + "." + VenueTHS), nil
		case strings.HasPrefix(up, "80"):
			return Symbol(up + "." + VenueSI), nil
		case up[0] == '6' || up[0] == '5' || up[0] == '9':
			return Symbol(up + "." + VenueSH), nil
		case up[0] == '0' || up[0] == '1' || up[0] == '2' || up[0] == '3':
			return Symbol(up + "." + VenueSZ), nil
		case up[0] == '4' || up[0] == '8':
			return Symbol(up + "." + VenueBJ), nil
		}
	}
	return "", sextant.Errorf(sextant.EINVALID, "symbol %q has no venue; write it as CODE.VENUE (e.g. 600519.SH, XLK.US)", raw)
}

func checkCode(raw, code, venue string) (Symbol, error) {
	if code == "" || strings.ContainsAny(code, " ,;\t") {
		return "", sextant.Errorf(sextant.EINVALID, "symbol %q: bad code %q", raw, code)
	}
	return Symbol(code + "." + venue), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
