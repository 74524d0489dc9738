package csvfile

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// sameFloat is bit-for-bit equality (so -0 differs from 0).
func sameFloat(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// checkFast fails when fastFloat accepts s with a value other than
// strconv.ParseFloat's, or accepts what strconv rejects. It reports whether
// s took the fast path.
func checkFast(t *testing.T, s string) bool {
	t.Helper()
	got, ok := fastFloat(s)
	if !ok {
		return false
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%q: fast path gave %v, strconv rejects it: %v", s, got, err)
	}
	if !sameFloat(got, want) {
		t.Fatalf("%q: fast path %v (%#x), strconv %v (%#x)", s, got, math.Float64bits(got), want, math.Float64bits(want))
	}
	return true
}

func TestFastFloatEdgeCases(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "+0", "0.0", "-0.000", "0e5", "-0e-5", "00012.5000", "1", "10.5", "0.1", "0.3", ".5", "5.", "+3.25",
		"-99.99", "123456789012345", "1234567890.12345", "0.000000000000001",
		"9007199254740992", "9007199254740995", "1e22", "1.5e-22", "3e-23",
		"12345678901234567", "1234567890123456789", "9999999999999999999", "0.1234567890123456789",
		"1.0065799316858476e+06", "1e+06", "1E5", "2.5e-05", "1.7976931348623157e+64", "4.9e-48",
		"17976931348623157e-16", "0.000000000000000000000000000001234", "1000000000000000000e-10",
		"1e64", "1e-64", "9.999999999999999999e45", "1.000000000000000000e-46",
		"2.2250738585072014e-48", "8.98846567431158e+30", "5e-1", "0.5e1", "1.e3", ".1e1",
	} {
		if !checkFast(t, s) {
			t.Errorf("%q not on the fast path", s)
		}
	}
	// Correct either way: exact halfway cases and exponents beyond the table
	// are left to strconv.
	for _, s := range []string{"9007199254740993", "9007199254740993.0", "1e23", "4.9e-64", "2.2250738585072014e-60", "1.000000000000000000e-64"} {
		checkFast(t, s)
	}
	for _, s := range []string{
		"", "-", "+", ".", "-.", "e5", ".e5", "1e", "1e+", "1e-", "1e5.0", "1.2.3", "abc", "NaN", "Inf", "-Infinity",
		" 1", "1 ", "1,000", "1_000", "0x1p3", "10%", "12345678901234567890", "1.2345678901234567890",
		"1e65", "1e-65", "1e400", "1e-400", "1e1000001", "--1", "+-1", "1e--5",
	} {
		if checkFast(t, s) {
			t.Errorf("%q took the fast path", s)
		}
	}
}

// randomDecimal writes a random decimal string: sign, 0–22 integer digits,
// an optional fraction of 0–22 digits, an optional exponent, with runs of
// zeros and nines so that exactness limits and rounding edges are hit.
func randomDecimal(r *rand.Rand, b *strings.Builder) {
	b.Reset()
	switch r.IntN(4) {
	case 0:
		b.WriteByte('-')
	case 1:
		b.WriteByte('+')
	}
	digits := func(n int) {
		mode := r.IntN(4)
		for range n {
			switch mode {
			case 0:
				b.WriteByte('0' + byte(r.IntN(10)))
			case 1: // mostly zeros
				if r.IntN(5) == 0 {
					b.WriteByte('0' + byte(r.IntN(10)))
				} else {
					b.WriteByte('0')
				}
			case 2: // mostly nines
				if r.IntN(5) == 0 {
					b.WriteByte('0' + byte(r.IntN(10)))
				} else {
					b.WriteByte('9')
				}
			default:
				b.WriteByte("0123456789"[r.IntN(10)])
			}
		}
	}
	digits(r.IntN(23))
	if r.IntN(3) > 0 {
		b.WriteByte('.')
		digits(r.IntN(23))
	}
	if r.IntN(3) == 0 {
		b.WriteByte("eE"[r.IntN(2)])
		switch r.IntN(3) {
		case 0:
			b.WriteByte('-')
		case 1:
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(r.IntN(90)))
	}
}

// TestFastFloatRandom compares fastFloat with strconv.ParseFloat bit for bit
// on millions of random decimal strings and formatted random floats.
func TestFastFloatRandom(t *testing.T) {
	n := 2_000_000
	if testing.Short() {
		n = 200_000
	}
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	fast := 0
	for range n {
		randomDecimal(r, &b)
		if checkFast(t, b.String()) {
			fast++
		}
	}
	t.Logf("random decimals: %d of %d on the fast path", fast, n)
	if fast < n/3 {
		t.Errorf("only %d of %d random decimals on the fast path", fast, n)
	}
	// Floats as writers print them: shortest ('g' -1, what pandas and
	// strconv write), fixed and exponent forms with every precision.
	fast = 0
	var buf []byte
	for range n {
		var v float64
		switch r.IntN(3) {
		case 0: // market-sized values
			v = math.Exp(r.Float64()*40 - 12)
		case 1: // any finite bit pattern
			v = math.Float64frombits(r.Uint64()&^(0x7FF<<52) | uint64(r.IntN(2046)+1)<<52)
		default:
			v = float64(r.IntN(1_000_000)) / 100
		}
		if r.IntN(2) == 0 {
			v = -v
		}
		switch r.IntN(4) {
		case 0, 1:
			buf = strconv.AppendFloat(buf[:0], v, 'g', -1, 64)
		case 2:
			buf = strconv.AppendFloat(buf[:0], v, 'e', r.IntN(20), 64)
		default:
			buf = strconv.AppendFloat(buf[:0], v, 'f', r.IntN(20), 64)
		}
		if checkFast(t, string(buf)) {
			fast++
		}
	}
	t.Logf("formatted floats: %d of %d on the fast path", fast, n)
}

// TestFastFloatCoverage: the numbers a canonical file holds (shortest
// round-trip output of market-sized values) take the fast path.
func TestFastFloatCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n, fast := 200_000, 0
	for range n {
		v := math.Exp(r.Float64()*36 - 12) // 6e-6 … 2.6e10
		if checkFast(t, strconv.FormatFloat(v, 'g', -1, 64)) {
			fast++
		}
	}
	if fast < n*999/1000 {
		t.Errorf("%d of %d shortest-form market values on the fast path", fast, n)
	}
}

// TestPowers128 recomputes the table with math/big: 10^e normalised to 128
// bits with the top bit set, rounded down.
func TestPowers128(t *testing.T) {
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(1))
	for k, got := range powers128 {
		e := powers128Min + k
		v := new(big.Int)
		if e >= 0 {
			v.Exp(big.NewInt(10), big.NewInt(int64(e)), nil)
		} else {
			v.Lsh(big.NewInt(1), uint(128+4*-e+64))
			v.Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-e)), nil))
		}
		if n := v.BitLen(); n > 128 {
			v.Rsh(v, uint(n-128))
		} else {
			v.Lsh(v, uint(128-n))
		}
		want := [2]uint64{new(big.Int).And(v, mask).Uint64(), new(big.Int).Rsh(v, 64).Uint64()}
		if got != want {
			t.Errorf("1e%d: %#x, want %#x", e, got, want)
		}
	}
}

func BenchmarkFastFloat(b *testing.B) {
	in := []string{"10.065698659871877", "1.0065799316858476e+06", "9.96504167327316", "0.011", "100001", "1"}
	for i := 0; i < b.N; i++ {
		for _, s := range in {
			if _, ok := fastFloat(s); !ok {
				b.Fatal(s)
			}
		}
	}
}

func BenchmarkStrconvFloat(b *testing.B) {
	in := []string{"10.065698659871877", "1.0065799316858476e+06", "9.96504167327316", "0.011", "100001", "1"}
	for i := 0; i < b.N; i++ {
		for _, s := range in {
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				b.Fatal(s)
			}
		}
	}
}
