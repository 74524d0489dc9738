package analog

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file checks the engine against a published effect: industry
// momentum (Moskowitz & Grinblatt 1999) on the Kenneth French industry
// portfolios in ../shared/data. The reader below is test-only; engines never
// import the csvfile adapter.

// french is one section of a French-library file: monthly returns as
// fractions, NaN where the file says −99.99 or −999.
type french struct {
	months []time.Time
	names  []string
	ret    [][]float64 // [industry][month]
}

// sharedData finds ../shared/data beside the module root (the directory
// holding go.mod), or $SEXTANT_SHARED_DATA.
func sharedData(t *testing.T) string {
	if d := os.Getenv("SEXTANT_SHARED_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func loadFrench(t *testing.T, file string) *french {
	t.Helper()
	path := filepath.Join(sharedData(t), "french_industry_portfolios", file)
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		t.Skipf("French industry data absent: %s", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := readFrench(bufio.NewScanner(f))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

// readFrench reads the first section (value-weighted monthly returns): the
// header is the last non-blank line before the first row that starts with a
// YYYYMM month; the section ends at the first row that does not.
func readFrench(sc *bufio.Scanner) (*french, error) {
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	p := &french{}
	var header []string
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(strings.TrimRight(sc.Text(), "\r"), ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		m, isMonth := month(fields[0])
		if !isMonth {
			if len(p.months) > 0 {
				break // end of the first section
			}
			if len(fields) > 2 {
				header = fields
			}
			continue
		}
		if p.names == nil {
			if header == nil {
				return nil, fmt.Errorf("line %d: data before a header", line)
			}
			for len(header) > 1 && header[len(header)-1] == "" {
				header = header[:len(header)-1]
			}
			p.names = header[1:]
			p.ret = make([][]float64, len(p.names))
		}
		p.months = append(p.months, m)
		for j := range p.names {
			v := math.NaN()
			if j+1 < len(fields) && fields[j+1] != "" {
				x, err := strconv.ParseFloat(fields[j+1], 64)
				if err != nil {
					return nil, fmt.Errorf("line %d: %s: %v", line, p.names[j], err)
				}
				if x != -99.99 && x != -999 {
					v = x / 100
				}
			}
			p.ret[j] = append(p.ret[j], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(p.months) == 0 {
		return nil, fmt.Errorf("no monthly rows")
	}
	return p, nil
}

func month(s string) (time.Time, bool) {
	if len(s) != 6 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n%100 < 1 || n%100 > 12 {
		return time.Time{}, false
	}
	return time.Date(n/100, time.Month(n%100), 1, 0, 0, 0, 0, time.UTC), true
}

// compound is Π(1+r) − 1 over rets[from … to] (inclusive); NaN when a month
// is missing or the range leaves the data.
func compound(rets []float64, from, to int) float64 {
	if from < 0 || to >= len(rets) {
		return math.NaN()
	}
	g := 1.0
	for _, r := range rets[from : to+1] {
		g *= 1 + r
	}
	return g - 1
}

// momentumSections builds, for every formation month t in [lo, hi], the
// cross-section of past-J-month returns (months t−skip−J+1 … t−skip) and the
// next-H-month returns (t+1 … t+H).
func momentumSections(p *french, j, skip, h int, lo, hi time.Time) []CrossSection {
	var out []CrossSection
	for t, m := range p.months {
		if m.Before(lo) || m.After(hi) {
			continue
		}
		x := CrossSection{Date: m, Names: p.names}
		for k := range p.names {
			x.Score = append(x.Score, compound(p.ret[k], t-skip-j+1, t-skip))
			x.Forward = append(x.Forward, compound(p.ret[k], t+1, t+h))
		}
		out = append(out, x)
	}
	return out
}

// neweyWestT is the t-statistic of the mean of xs with a Newey–West
// (Bartlett) standard error over lags lags, for overlapping holding periods.
func neweyWestT(xs []float64, lags int) float64 {
	n := float64(len(xs))
	m := mean(xs)
	gamma := func(l int) float64 {
		var s float64
		for i := l; i < len(xs); i++ {
			s += (xs[i] - m) * (xs[i-l] - m)
		}
		return s / n
	}
	v := gamma(0)
	for l := 1; l <= lags; l++ {
		v += 2 * (1 - float64(l)/float64(lags+1)) * gamma(l)
	}
	return m / math.Sqrt(v/n)
}

type momentumRow struct {
	label            string
	months           int
	spread1, t1      float64 // winners − losers, next month
	spread6, t6NW    float64 // winners − losers, next 6 months (cumulative); Newey–West t, 5 lags
	decile1          float64 // top − bottom decile, next month
	ic1, icT1, icHit float64 // rank IC of past 6m with next 1m
}

func momentum(t *testing.T, p *french, label string, skip int, lo, hi time.Time) momentumRow {
	t.Helper()
	wl := 3 // terciles: top 3 of 10 (30%) or ~16 of 49
	audit := func(h, buckets int) *Audit {
		a, err := SignalAudit(momentumSections(p, 6, skip, h, lo, hi), AuditParams{Buckets: buckets})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a1, a6, d1 := audit(1, wl), audit(6, wl), audit(1, 10)
	var s6 []float64
	for _, d := range a6.Dates {
		if !math.IsNaN(d.Spread) {
			s6 = append(s6, d.Spread)
		}
	}
	return momentumRow{label: label, months: a1.SpreadN, spread1: a1.MeanSpread, t1: a1.SpreadT,
		spread6: a6.MeanSpread, t6NW: neweyWestT(s6, 5), decile1: d1.MeanSpread,
		ic1: a1.MeanIC, icT1: a1.TStat, icHit: a1.HitRate}
}

// TestIndustryMomentumFrench reproduces industry momentum: each month rank
// industries by their past 6-month return (skip 0, and skip 1 as a check),
// and compare the next-month and next-6-month returns of the winners (top
// tercile: 3 of 10) with the losers. Moskowitz & Grinblatt (1999) report
// roughly 0.4–1% a month on U.S. industries; we check the sign and the order
// of magnitude, not a tuned value.
func TestIndustryMomentumFrench(t *testing.T) {
	ten := loadFrench(t, "10_Industry_Portfolios_original_202108.CSV")
	fortyNine := loadFrench(t, "49_Industry_Portfolios_monthly_to_202505_reformatted.csv")
	if len(ten.names) != 10 || len(fortyNine.names) != 49 || !ten.months[0].Equal(time.Date(1926, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("layout: %d and %d industries from %v", len(ten.names), len(fortyNine.names), ten.months[0])
	}
	all0, all1 := time.Date(1927, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	mg0, mg1 := time.Date(1963, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(1995, 6, 1, 0, 0, 0, 0, time.UTC)
	rows := []momentumRow{
		momentum(t, ten, "10 ind, 1927–2021, skip 0", 0, all0, all1),
		momentum(t, ten, "10 ind, 1927–2021, skip 1", 1, all0, all1),
		momentum(t, ten, "10 ind, 1963-07–1995-06, skip 0", 0, mg0, mg1),
		momentum(t, fortyNine, "49 ind, 1927–2025, skip 0", 0, all0, all1),
		momentum(t, fortyNine, "49 ind, 1927–2025, skip 1", 1, all0, all1),
		momentum(t, fortyNine, "49 ind, 1963-07–1995-06, skip 0", 0, mg0, mg1),
	}
	t.Logf("%-34s %6s %8s %6s %9s %7s %8s %7s %6s %6s", "sample", "months", "W−L 1m", "t", "W−L 6m", "t(NW5)", "D10−D1", "IC", "t(IC)", "IC>0")
	for _, r := range rows {
		t.Logf("%-34s %6d %7.2f%% %6.2f %8.2f%% %7.2f %7.2f%% %7.3f %6.2f %5.0f%%", r.label, r.months,
			100*r.spread1, r.t1, 100*r.spread6, r.t6NW, 100*r.decile1, r.ic1, r.icT1, 100*r.icHit)
	}
	for _, r := range rows {
		if r.label[len(r.label)-1] == '1' {
			continue // skip-1 is reported for comparison only
		}
		if r.spread1 <= 0 || r.spread6 <= 0 || r.ic1 <= 0 {
			t.Errorf("%s: no industry momentum: %+v", r.label, r)
		}
		if r.spread1 < 0.001 || r.spread1 > 0.03 {
			t.Errorf("%s: next-month spread %.2f%% is not of the published order (0.4–1%%)", r.label, 100*r.spread1)
		}
	}
	if full := rows[0]; full.t1 < 2 || full.icT1 < 2 {
		t.Errorf("10 industries, full sample: t = %.2f, IC t = %.2f, want > 2", full.t1, full.icT1)
	}
}

// TestIndustryMomentumBaseRates runs the base-rate engine on the same data:
// each industry-month's state is its momentum tercile (W/M/L by past 6-month
// return among the 10 industries), forward excess returns are against the
// equal-weighted average of the 10 industries, and past winners should have
// a positive base rate and past losers a negative one.
func TestIndustryMomentumBaseRates(t *testing.T) {
	p := loadFrench(t, "10_Industry_Portfolios_original_202108.CSV")
	n := len(p.months)
	bench, idx := make([]float64, n), make([][]float64, len(p.names))
	bench[0] = 1
	for k := range p.names {
		idx[k] = make([]float64, n)
		idx[k][0] = 1
	}
	for i := 1; i < n; i++ {
		var ew float64
		for k := range p.names {
			idx[k][i] = idx[k][i-1] * (1 + p.ret[k][i])
			ew += p.ret[k][i] / float64(len(p.names))
		}
		bench[i] = bench[i-1] * (1 + ew)
	}
	hist := make([]History, len(p.names))
	for k, name := range p.names {
		hist[k] = History{Sector: name, Weeks: p.months, States: make([]State, n),
			Forward: map[int][]float64{1: ForwardExcess(idx[k], bench, 1), 6: ForwardExcess(idx[k], bench, 6)}}
	}
	for _, x := range momentumSections(p, 6, 0, 1, p.months[0], p.months[n-1]) {
		i := monthIndex(p, x.Date)
		valid := true
		for _, s := range x.Score {
			valid = valid && !math.IsNaN(s)
		}
		if !valid {
			continue
		}
		r := ranks(x.Score)
		for k := range p.names {
			hist[k].States[i] = State{"momentum": [...]string{"L", "M", "W"}[int(math.Floor((r[k]-0.5)*3/10))]}
		}
	}
	asOf := p.months[n-1]
	out := map[string]*Result{}
	for _, label := range []string{"W", "L"} {
		r, err := Rates(hist, "", State{"momentum": label}, asOf, Params{Horizons: []int{1, 6}, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		out[label] = r
		for _, o := range r.Outcomes {
			t.Logf("momentum=%s h=%dm: N %d (matches %d) mean %.2f%% median %.2f%% hit %.1f%% 90%% CI [%.2f%%, %.2f%%]",
				label, o.Horizon, o.N, o.Matches, 100*o.Mean, 100*o.Median, 100*o.HitRate, 100*o.Lo, 100*o.Hi)
		}
	}
	w, l := out["W"].Outcomes, out["L"].Outcomes
	if !(w[0].Mean > 0 && l[0].Mean < 0 && w[0].Lo > l[0].Hi) {
		t.Errorf("1-month base rates: winners %+v losers %+v", w[0].Mean, l[0].Mean)
	}
	if !(w[1].Mean > l[1].Mean) || w[1].N >= w[1].Matches {
		t.Errorf("6-month base rates: winners %.4f (N %d of %d) losers %.4f", w[1].Mean, w[1].N, w[1].Matches, l[1].Mean)
	}
}

func monthIndex(p *french, m time.Time) int {
	for i, x := range p.months {
		if x.Equal(m) {
			return i
		}
	}
	return -1
}
