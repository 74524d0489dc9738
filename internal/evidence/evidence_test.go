package evidence

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	cases := []struct {
		v      float64
		u      Unit
		d      int
		signed bool
		en, zh string
	}{
		{0.13812, UnitPct, 1, true, "+13.8%", "+13.8%"},
		{-0.0526, UnitPct, 1, true, "−5.3%", "−5.3%"},
		{0.0004, UnitPct, 1, true, "0.0%", "0.0%"},
		{0.192, UnitPP, 1, true, "+19.2 pp", "+19.2个百分点"},
		{1.234e9, UnitCNY, 2, true, "+CNY 1.23 bn", "+12.34亿元"},
		{-4.56e7, UnitCNY, 2, true, "−CNY 45.60 m", "−4560.00万元"},
		{3.2e8, UnitShares, 2, false, "320.00 m units", "3.20亿份"},
		{101.456, UnitPoints, 2, false, "101.46", "101.46"},
		{76.24, UnitScore, 1, false, "76.2", "76.2"},
		{1.83, UnitZ, 2, false, "+1.83σ", "+1.83σ"},
		{12345, UnitCount, 0, false, "12,345", "12,345"},
		{math.NaN(), UnitPct, 1, true, "–", "–"},
	}
	for _, c := range cases {
		if got := FormatValue(c.v, c.u, c.d, c.signed, "en"); got != c.en {
			t.Errorf("en %v %s = %q, want %q", c.v, c.u, got, c.en)
		}
		if got := FormatValue(c.v, c.u, c.d, c.signed, "zh"); got != c.zh {
			t.Errorf("zh %v %s = %q, want %q", c.v, c.u, got, c.zh)
		}
	}
}

// TestRoundTrip formats facts in both languages and parses the figure
// back: each must match its own fact and not a different one.
func TestRoundTrip(t *testing.T) {
	facts := []Fact{
		{Key: "a", Value: 0.13812, Unit: UnitPct, Decimals: 1, Signed: true},
		{Key: "b", Value: 0.192, Unit: UnitPP, Decimals: 1, Signed: true},
		{Key: "c", Value: 1.234e9, Unit: UnitCNY, Decimals: 2, Signed: true},
		{Key: "d", Value: -4.56e7, Unit: UnitCNY, Decimals: 2, Signed: true},
		{Key: "e", Value: 3.2e8, Unit: UnitShares, Decimals: 2},
		{Key: "f", Value: 101.456, Unit: UnitPoints, Decimals: 2},
		{Key: "g", Value: 1.83, Unit: UnitZ, Decimals: 2},
	}
	l := NewLedger()
	for _, f := range facts {
		if _, err := l.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"en", "zh"} {
		for _, f := range l.Facts() {
			s := "The figure was " + Format(f, lang) + " on 2026-11-20 [3]."
			ns := Numbers(s)
			if len(ns) != 1 {
				t.Fatalf("%s: Numbers(%q) = %+v, want one figure", lang, s, ns)
			}
			got, ok := l.Match(ns[0])
			if !ok || got.ID != f.ID {
				t.Errorf("%s: %q matched %v %v, want %s", lang, ns[0].Text, got.ID, ok, f.ID)
			}
		}
	}
}

func TestNumbersSkipsNonFigures(t *testing.T) {
	s := "Held on 16 October 2026, on October 16, 2026, in 2025. As of 2026-11-20 (2026年11月20日), 801740.SI and 512660 over the 20-day and 14-week windows, 1M and YTD, sw2021 level, MA20 [12], 近20日, 第3名, F12 C3."
	if ns := Numbers(s); len(ns) != 0 {
		t.Errorf("Numbers found %+v in %q, want none", ns, s)
	}
	ns := Numbers("rose 13.8% (N = 12), 涨幅+5.2%，净买入12.5亿元, a contract of CNY 1.26 billion")
	want := []struct {
		v float64
		u Unit
	}{{0.138, UnitPct}, {12, ""}, {0.052, UnitPct}, {12.5e8, UnitCNY}, {1.26e9, UnitCNY}}
	if len(ns) != len(want) {
		t.Fatalf("Numbers = %+v, want %d figures", ns, len(want))
	}
	for i, w := range want {
		if math.Abs(ns[i].Value-w.v) > 1e-9 || ns[i].Unit != w.u {
			t.Errorf("figure %d = %v %s, want %v %s", i, ns[i].Value, ns[i].Unit, w.v, w.u)
		}
	}
}

func TestMatchesRejects(t *testing.T) {
	f := Fact{Key: "r", Value: 0.138, Unit: UnitPct, Decimals: 1, Signed: true}
	for _, s := range []string{"14.8%", "−13.8%", "13.8亿元", "13.8"} {
		ns := Numbers(s)
		if len(ns) != 1 {
			t.Fatalf("Numbers(%q) = %+v", s, ns)
		}
		if Matches(ns[0], f) {
			t.Errorf("%q matched %+v", s, f)
		}
	}
}

func TestLedgerDedupAndRefusesNaN(t *testing.T) {
	l := NewLedger()
	a, _ := l.Add(Fact{Key: "x", Value: 1, Unit: UnitScore})
	b, _ := l.Add(Fact{Key: "x", Value: 2, Unit: UnitScore})
	if a != "F1" || b != "F1" || l.Len() != 1 {
		t.Errorf("ids %s %s len %d, want F1 F1 1", a, b, l.Len())
	}
	if _, err := l.Add(Fact{Key: "y", Value: math.NaN(), Unit: UnitScore}); err == nil {
		t.Error("NaN fact accepted")
	}
	if _, err := l.Add(Fact{Key: "z", Value: 1, Unit: "furlongs"}); err == nil {
		t.Error("unknown unit accepted")
	}
}
