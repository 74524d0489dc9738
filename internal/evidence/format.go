package evidence

import (
	"math"
	"strconv"
	"strings"
)

// unitSpec is how a unit is shown: the scale from base units to the shown
// number and the default decimals.
type unitSpec struct {
	scale    float64
	decimals int
}

var units = map[Unit]unitSpec{
	UnitPct: {100, 1}, UnitPP: {100, 1}, UnitCNY: {1, 2}, UnitShares: {1, 2},
	UnitPoints: {1, 2}, UnitScore: {1, 1}, UnitZ: {1, 2}, UnitCount: {1, 0},
	UnitDeg: {1, 0}, UnitPrice: {1, 2}, UnitRatio: {1, 2},
}

// DefaultDecimals is the number of decimals a unit shows by default.
func DefaultDecimals(u Unit) int { return units[u].decimals }

// Format renders a fact's value in lang ("zh" or anything else for
// English): percentages as "+13.8%", percentage points as "+19.2 pp" /
// "+19.2个百分点", money in 亿元/万元 or CNY bn/m, fund units in 亿份/万份 or
// bn/m units, z-scores with σ.
func Format(f Fact, lang string) string {
	return FormatValue(f.Value, f.Unit, f.Decimals, f.Signed, lang)
}

// FormatValue renders a value as Format does.
func FormatValue(v float64, u Unit, decimals int, signed bool, lang string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	zh := strings.HasPrefix(lang, "zh")
	switch u {
	case UnitPct:
		return number(v*100, decimals, signed) + "%"
	case UnitPP:
		if zh {
			return number(v*100, decimals, signed) + "个百分点"
		}
		return number(v*100, decimals, signed) + " pp"
	case UnitCNY:
		return money(v, decimals, signed, zh)
	case UnitShares:
		return shares(v, decimals, signed, zh)
	case UnitZ:
		return number(v, decimals, true) + "σ"
	case UnitDeg:
		return number(v, decimals, false) + "°"
	}
	return number(v, decimals, signed)
}

type magnitude struct {
	div    float64
	suffix string
}

func money(v float64, d int, signed, zh bool) string {
	if zh {
		m := pick(v, []magnitude{{1e8, "亿元"}, {1e4, "万元"}, {1, "元"}})
		return number(v/m.div, d, signed) + m.suffix
	}
	m := pick(v, []magnitude{{1e9, " bn"}, {1e6, " m"}, {1, ""}})
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	} else if signed && v > 0 {
		sign = "+"
	}
	return sign + "CNY " + number(v/m.div, d, false) + m.suffix
}

func shares(v float64, d int, signed, zh bool) string {
	if zh {
		m := pick(v, []magnitude{{1e8, "亿份"}, {1e4, "万份"}, {1, "份"}})
		return number(v/m.div, d, signed) + m.suffix
	}
	m := pick(v, []magnitude{{1e9, " bn units"}, {1e6, " m units"}, {1, " units"}})
	return number(v/m.div, d, signed) + m.suffix
}

// pick chooses the largest magnitude the value reaches.
func pick(v float64, ms []magnitude) magnitude {
	a := math.Abs(v)
	for _, m := range ms {
		if a >= m.div {
			return m
		}
	}
	return ms[len(ms)-1]
}

// number formats x with d decimals, thousands separators and a true minus
// sign; signed adds + to positive values. A value that rounds to zero is
// shown unsigned.
func number(x float64, d int, signed bool) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', d, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > 4 {
		var b strings.Builder
		for i, c := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		intPart = b.String()
	}
	if frac != "" {
		intPart += "." + frac
	}
	zero := strings.Trim(s, "0.") == ""
	switch {
	case zero:
		return intPart
	case x < 0:
		return "−" + intPart
	case signed:
		return "+" + intPart
	}
	return intPart
}
