package evidence

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Number is a figure stated in prose.
type Number struct {
	Text       string  // as written, unit included
	Start, End int     // byte offsets in the text
	Value      float64 // in the unit's base (fractions for % and pp, yuan, shares)
	Unit       Unit    // "" for a bare number
	Decimals   int     // decimals written
	Signed     bool    // an explicit + or − was written
}

// figure matches a number with its unit. Group 1: sign; 2: currency
// prefix; 3: digits; 4: decimals; 5: unit. Longer units come first: the
// first alternative that matches wins.
var figure = regexp.MustCompile(`([+\-−]?)((?:CNY|RMB)\s?|[¥￥]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s?(?:%|％|percentage points?\b|percent\b|per cent\b|pp\b|bps?\b|个百分点|百分点|个基点|基点|亿元|万元|元|亿份|万份|份|万手|亿|万|σ|°|bn units|m units|units|(?:bn|billion|m|million) yuan\b|yuan\b|billion\b|million\b|bn\b|m\b))?`)

const months = `January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec`

// skip matches tokens that contain digits but state no figure: dates,
// times, symbols and codes, reference markers, tenors and windows
// ("1M", "20-day", "14-week", "20日", "4周", "第3"), ordinals, and
// words that merely contain digits (sw2021, MA20, A1).
var skip = regexp.MustCompile(strings.Join([]string{
	`\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?`, // dates and times
	`\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?`,                   // Chinese dates
	`\d{1,2}月\d{1,2}日`,
	`\d{1,2}:\d{2}`,
	`\b\d{1,2}(?:st|nd|rd|th)? (?:` + months + `)(?:,? \d{4})?\b`,                         // 16 October 2026
	`\b(?:` + months + `) \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?\b`,                         // October 16, 2026
	`\b(?:` + months + `),? \d{4}\b`,                                                      // October 2026
	`\b(?:in|since|of|by|from|to|until|year|fiscal|FY) (?:19|20)\d{2}(?:-\d{2}-\d{2})?\b`, // years (and dates after "as of")
	`\b(?:19|20)\d{2}(?:/\d{2})?-(?:19|20)?\d{2}\b`,                                       // 2025-26
	`\b[0-9A-Z]{1,10}\.(?:SH|SZ|BJ|SI|CSI|EM|THS|US|HK|CN)\b`,                             // symbols
	`\b(?:CSI|SSE|SZSE|S&P|Nasdaq|NASDAQ|FTSE|Russell|Nikkei|STOXX|Stoxx|DAX|CAC|STAR|ChiNext|Hang Seng Tech)\s?\d{2,4}\b`, // index names: CSI 300, S&P 500
	`(?:沪深|中证|上证|深证|科创|创业板|国证|中小)\s?\d{2,4}`,                                                                               // 沪深300, 中证1000
	`\b\d{6}\b`,                                        // bare A-share codes
	`\[\d+\]`, `\^\d+`, `#\d+`, `\bF\d+\b`, `\bC\d+\b`, // references, footnotes, ids
	`\b\d+(?:\.\d+)?[WMYQD]\b`, `\b[1-4]Q\b`, `\bQ[1-4]\b`, `\b(?:19|20)\d{2}(?:H[12]|Q[1-4])\b`, // tenors 1W 3M 1Y, quarters, 2026H1
	`\b\d+(?:/\d+)*[- ](?:day|days|week|weeks|month|months|year|years|trading days?|sessions?)\b`,
	`\d+(?:/\d+)*\s?(?:个)?(?:交易日|日|天|周|个月|月|年)`,
	`第\s?\d+`, `\b\d+(?:st|nd|rd|th)\b`,
	`[A-Za-z]+\d+[A-Za-z\d]*`, // words with digits: sw2021, MA20, v1
	`\bv\d+(?:\.\d+)*`,
	`\bN\s?=\s?\d+`, // sample sizes are facts too, but written as N = …: kept (see below)
}, "|"))

// Numbers returns the figures stated in text, in order, skipping tokens
// that are not figures (see skip) and bare years. A sample size written
// "N = 12" is a figure.
func Numbers(text string) []Number {
	masked := []byte(text)
	for _, loc := range skip.FindAllStringIndex(text, -1) {
		tok := text[loc[0]:loc[1]]
		if strings.HasPrefix(tok, "N") && strings.Contains(tok, "=") {
			continue
		}
		if strings.HasSuffix(tok, "周") && strings.HasPrefix(text[loc[1]:], "度") {
			continue // 7个周度样本: seven weekly samples, a count, not a window
		}
		for i := loc[0]; i < loc[1]; i++ {
			if masked[i] >= '0' && masked[i] <= '9' {
				masked[i] = 'x'
			}
		}
	}
	var out []Number
	for _, m := range figure.FindAllSubmatchIndex(masked, -1) {
		if n, ok := parseFigure(text, m); ok && !year.MatchString(n.Text) {
			out = append(out, n)
		}
	}
	return out
}

// year matches a bare four-digit integer from 1900 to 2099 (no sign,
// decimals, comma or unit): a year (2026 H1, the 2025 rally), not a figure.
var year = regexp.MustCompile(`^(?:19|20)\d{2}$`)

func parseFigure(text string, m []int) (Number, bool) {
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return text[m[2*i]:m[2*i+1]]
	}
	digits := strings.ReplaceAll(group(3), ",", "")
	dec := group(4)
	v, err := strconv.ParseFloat(digits+"."+dec+"0", 64)
	if err != nil {
		return Number{}, false
	}
	sign := group(1)
	start := m[0]
	if sign == "-" && start > 0 && strings.ContainsRune("0123456789%", rune(text[start-1])) {
		// a hyphen after a figure is a range dash (10-20%), not a minus
		sign, start = "", start+1
	}
	if sign == "-" || sign == "−" {
		v = -v
	}
	n := Number{Text: text[start:m[1]], Start: start, End: m[1], Decimals: len(dec), Signed: sign != ""}
	unit := strings.TrimSpace(group(5))
	if group(2) != "" || strings.HasSuffix(unit, "yuan") { // CNY 1.23 bn, RMB 5 m, ¥12, 1.2 billion yuan
		n.Unit = UnitCNY
		n.Value = v
		if mult, ok := magnitudes[strings.TrimSpace(strings.TrimSuffix(unit, "yuan"))]; ok {
			n.Value = v * mult
		}
		return n, true
	}
	switch unit {
	case "%", "％", "percent", "per cent":
		n.Unit, n.Value = UnitPct, v/100
	case "pp", "个百分点", "百分点", "percentage point", "percentage points":
		n.Unit, n.Value = UnitPP, v/100
	case "bp", "bps", "个基点", "基点":
		// basis points are hundredths of a percentage point: two more
		// decimals in pp keep the rounding of the figure as written
		n.Unit, n.Value, n.Decimals = UnitPP, v/1e4, n.Decimals+2
	case "亿", "万":
		// a bare Chinese magnitude: the noun says whether it is money or
		// units (see states in verify.go)
		n.Value = v * map[string]float64{"亿": 1e8, "万": 1e4}[unit]
	case "亿元", "万元", "元":
		n.Unit, n.Value = UnitCNY, v*map[string]float64{"亿元": 1e8, "万元": 1e4, "元": 1}[unit]
	case "亿份", "万份", "份", "bn units", "m units", "units":
		n.Unit = UnitShares
		n.Value = v * map[string]float64{"亿份": 1e8, "万份": 1e4, "份": 1, "bn units": 1e9, "m units": 1e6, "units": 1}[unit]
	case "万手":
		n.Unit, n.Value = UnitCount, v*1e4*100 // lots of 100 shares
	case "σ":
		n.Unit, n.Value = UnitZ, v
	case "°":
		n.Unit, n.Value = UnitDeg, v
	case "bn", "m", "billion", "million":
		// a bare magnitude without a currency: a count in bn or m
		n.Value = v * magnitudes[unit]
	default:
		n.Value = v
		n.Text = strings.TrimRight(n.Text, " ")
	}
	return n, true
}

// magnitudes are the English magnitude words.
var magnitudes = map[string]float64{"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6}

// family groups units that state the same kind of figure: a return may be
// written in % or pp.
func family(u Unit) string {
	switch u {
	case UnitPct, UnitPP:
		return "percent"
	case UnitCNY, UnitShares, UnitZ, UnitDeg:
		return string(u)
	}
	return "plain"
}

// Matches reports whether a stated number states fact f: same unit family,
// equal within the rounding of the decimals written, and, when a sign was
// written, the same sign.
func Matches(n Number, f Fact) bool {
	if !f.Valid() || family(n.Unit) != family(f.Unit) {
		return false
	}
	got, want := n.Value, f.Value
	if !n.Signed {
		got, want = math.Abs(got), math.Abs(want)
	}
	scale := units[f.Unit].scale
	tol := 0.5 * math.Pow(10, -float64(n.Decimals))
	switch n.Unit {
	case UnitCNY, UnitShares:
		// the tolerance is in the magnitude the figure was written in
		tol *= writtenMagnitude(n)
		return math.Abs(got-want) <= tol*(1+1e-9)
	}
	return math.Abs(got*unitScale(n.Unit)-want*scale) <= tol+1e-9
}

func unitScale(u Unit) float64 {
	if s, ok := units[u]; ok {
		return s.scale
	}
	return 1
}

// writtenMagnitude is the multiplier of the magnitude word a money or
// shares figure was written with (亿 = 1e8, bn = 1e9…).
func writtenMagnitude(n Number) float64 {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(n.Text, "yuan"), "units"))
	switch {
	case strings.Contains(t, "亿"):
		return 1e8
	case strings.Contains(t, "万"):
		return 1e4
	case strings.HasSuffix(t, "bn") || strings.HasSuffix(t, "billion"):
		return 1e9
	case strings.HasSuffix(t, "m") || strings.HasSuffix(t, "million"):
		return 1e6
	}
	return 1
}

// Match returns the first fact of the ledger that n states.
func (l *Ledger) Match(n Number) (Fact, bool) {
	for _, f := range l.facts {
		if Matches(n, f) {
			return f, true
		}
	}
	return Fact{}, false
}
