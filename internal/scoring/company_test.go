package scoring

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

var asOf = market.Day(2026, time.November, 20)

func monthEnd(y int, m time.Month) time.Time { return market.Day(y, m+1, 1).AddDate(0, 0, -1) }

func fig(sym market.Symbol, field string, y int, m time.Month, v float64) market.Fundamental {
	end := monthEnd(y, m)
	return market.Fundamental{Symbol: sym, Field: field, PeriodEnd: end, ReportDate: end.AddDate(0, 0, 30), Value: v, Unit: "CNY"}
}

// flows gives single-quarter values of field for the eight quarters
// 2024-12 … 2026-09: prev in the first four, cur in the last four.
func flows(sym market.Symbol, field string, prev, cur float64) []market.Fundamental {
	var out []market.Fundamental
	y, m := 2024, time.December
	for q := range 8 {
		v := prev
		if q >= 4 {
			v = cur
		}
		out = append(out, fig(sym, field, y, m, v))
		if m += 3; m > 12 {
			y, m = y+1, m-12
		}
	}
	return out
}

// balance gives field at 2025-09 and 2026-09.
func balance(sym market.Symbol, field string, prev, cur float64) []market.Fundamental {
	return []market.Fundamental{fig(sym, field, 2025, time.September, prev), fig(sym, field, 2026, time.September, cur)}
}

func join(parts ...[]market.Fundamental) []market.Fundamental {
	var out []market.Fundamental
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// handCompanies: see TestScoreCompaniesHandComputed for the expected values.
func handCompanies() []Company {
	return []Company{
		{Symbol: "D.SH", Name: "no data"},
		{Symbol: "C.SH", Ownership: market.OwnershipState, Fundamentals: join(
			balance("C.SH", market.FieldContractLiabilities, 100, 110), // 0.1
			flows("C.SH", market.FieldRevenue, 10, 9),                  // −0.1
			flows("C.SH", market.FieldCapex, 2, 2),                     // 0
		)},
		{Symbol: "B.SH", Ownership: market.OwnershipPrivate, Fundamentals: join(
			balance("B.SH", market.FieldContractLiabilities, 100, 110), // 0.1
			flows("B.SH", market.FieldRevenue, 10, 11),                 // 0.1
			flows("B.SH", market.FieldRD, 0.5, 0.5),                    // 0; intensity 2/44
			flows("B.SH", market.FieldCapex, 2, 3),                     // 0.5
			balance("B.SH", market.FieldConstructionInProg, 10, 20),    // 1.0
		)},
		{Symbol: "A.SH", Ownership: market.OwnershipState, Fundamentals: join(
			balance("A.SH", market.FieldContractLiabilities, 100, 150), // 0.5
			flows("A.SH", market.FieldRevenue, 10, 12.5),               // 0.25
			flows("A.SH", market.FieldRD, 1, 1.5),                      // 0.5; intensity 6/50
			flows("A.SH", market.FieldCapex, 2, 3)[4:],                 // no base year
			balance("A.SH", market.FieldConstructionInProg, 50, 40),    // −0.2
		)},
	}
}

func TestScoreCompaniesHandComputed(t *testing.T) {
	s, err := ScoreCompanies(handCompanies(), DefaultCompanyOptions(asOf))
	if err != nil {
		t.Fatal(err)
	}
	wantMetric := map[market.Symbol]map[string][2]float64{ // value, percentile
		"A.SH": {MetricContractLiabilitiesYoY: {0.5, 100}, MetricRevenueTTMYoY: {0.25, 100}, MetricBacklogYoY: {nan, nan},
			MetricCapexTTMYoY: {nan, nan}, MetricCIPYoY: {-0.2, 0}, MetricRDIntensity: {0.12, 100}, MetricRDTTMYoY: {0.5, 100}},
		"B.SH": {MetricContractLiabilitiesYoY: {0.1, 25}, MetricRevenueTTMYoY: {0.1, 50}, MetricCapexTTMYoY: {0.5, 100},
			MetricCIPYoY: {1, 100}, MetricRDIntensity: {2.0 / 44, 0}, MetricRDTTMYoY: {0, 0}},
		"C.SH": {MetricContractLiabilitiesYoY: {0.1, 25}, MetricRevenueTTMYoY: {-0.1, 0}, MetricCapexTTMYoY: {0, 0},
			MetricCIPYoY: {nan, nan}, MetricRDIntensity: {nan, nan}},
		"D.SH": {MetricContractLiabilitiesYoY: {nan, nan}, MetricRevenueTTMYoY: {nan, nan}},
	}
	for sym, ms := range wantMetric {
		r, ok := s.Row(sym)
		if !ok {
			t.Fatalf("no row for %s", sym)
		}
		for name, w := range ms {
			m, _ := r.Metric(name)
			if !near(m.Value, w[0]) || !near(m.Percentile, w[1]) {
				t.Errorf("%s %s = %g (pct %g), want %g (pct %g); note %q", sym, name, m.Value, m.Percentile, w[0], w[1], m.Note)
			}
			if math.IsNaN(m.Value) && m.Note == "" {
				t.Errorf("%s %s is NaN without a note", sym, name)
			}
		}
	}
	wantRows := []struct {
		sym  market.Symbol
		p    Pillars
		rank int
	}{
		{"A.SH", Pillars{100, 0, 100, 200.0 / 3}, 1},
		{"B.SH", Pillars{37.5, 100, 0, 137.5 / 3}, 2},
		{"C.SH", Pillars{12.5, 0, nan, 6.25}, 3},
		{"D.SH", Pillars{nan, nan, nan, nan}, 0},
	}
	for i, w := range wantRows {
		r := s.Rows[i]
		if r.Symbol != w.sym || r.Rank != w.rank || !pillarsNear(r.Pillars, w.p) {
			t.Errorf("row %d: %s rank %d %+v; want %s rank %d %+v", i, r.Symbol, r.Rank, r.Pillars, w.sym, w.rank, w.p)
		}
	}
	if want := (Pillars{37.5, 0, 50, 137.5 / 3}); !pillarsNear(s.Median, want) {
		t.Errorf("sector median %+v, want %+v", s.Median, want)
	}
	wantGroups := []OwnershipGroup{
		{market.OwnershipState, []market.Symbol{"A.SH", "C.SH"}, Pillars{56.25, 0, 100, (200.0/3 + 6.25) / 2}},
		{market.OwnershipPrivate, []market.Symbol{"B.SH"}, Pillars{37.5, 100, 0, 137.5 / 3}},
		{"", []market.Symbol{"D.SH"}, Pillars{nan, nan, nan, nan}},
	}
	if len(s.Groups) != len(wantGroups) {
		t.Fatalf("groups %+v", s.Groups)
	}
	for i, w := range wantGroups {
		g := s.Groups[i]
		if g.Ownership != w.Ownership || strings.Join(syms(g.Symbols), ",") != strings.Join(syms(w.Symbols), ",") || !pillarsNear(g.Median, w.Median) {
			t.Errorf("group %d: %+v, want %+v", i, g, w)
		}
	}
}

func syms(ss []market.Symbol) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

func pillarsNear(a, b Pillars) bool {
	return near(a.Orders, b.Orders) && near(a.Pipeline, b.Pipeline) && near(a.Technology, b.Technology) && near(a.Composite, b.Composite)
}

func TestCompanyMetricProvenance(t *testing.T) {
	s, err := ScoreCompanies(handCompanies(), DefaultCompanyOptions(asOf))
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.Row("A.SH")
	m, _ := r.Metric(MetricRevenueTTMYoY)
	if m.Current != 50 || m.Base != 40 || len(m.Used) != 8 || !m.Period.Equal(monthEnd(2026, time.September)) || !m.BasePeriod.Equal(monthEnd(2025, time.September)) {
		t.Errorf("revenue provenance: %+v", m)
	}
	m, _ = r.Metric(MetricRDIntensity)
	if m.Current != 6 || m.Base != 50 || len(m.Used) != 8 {
		t.Errorf("R&D intensity provenance: %+v", m)
	}
	m, _ = r.Metric(MetricCapexTTMYoY)
	if !strings.Contains(m.Note, "no capex for 2025-") || m.Current != 12 || !math.IsNaN(m.Base) {
		t.Errorf("capex without a base year: %+v", m)
	}
	m, _ = r.Metric(MetricContractLiabilitiesYoY)
	if m.Current != 150 || m.Base != 100 || len(m.Used) != 2 || m.Used[1].Field != market.FieldContractLiabilities {
		t.Errorf("contract liabilities provenance: %+v", m)
	}
}

func TestCompanyPointInTime(t *testing.T) {
	sym := market.Symbol("P.SH")
	cl := balance(sym, market.FieldContractLiabilities, 100, 150)
	restated := fig(sym, market.FieldContractLiabilities, 2025, time.September, 120)
	restated.ReportDate = market.Day(2026, time.April, 20)
	late := fig(sym, market.FieldContractLiabilities, 2025, time.September, 80)
	late.ReportDate = market.Day(2026, time.November, 21) // the day after the as-of date
	future := fig(sym, market.FieldContractLiabilities, 2026, time.December, 500)
	undated := fig(sym, market.FieldConstructionInProg, 2026, time.June, 30)
	undated.ReportDate = time.Time{}
	undatedBase := fig(sym, market.FieldConstructionInProg, 2025, time.June, 20)
	undatedLate := fig(sym, market.FieldConstructionInProg, 2026, time.September, 99)
	undatedLate.ReportDate = time.Time{} // known 2027-01-28 with the 120-day lag
	c := Company{Symbol: sym, Fundamentals: append(cl, restated, late, future, undated, undatedBase, undatedLate)}
	s, err := ScoreCompanies([]Company{c}, DefaultCompanyOptions(asOf))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Rows[0]
	if m, _ := r.Metric(MetricContractLiabilitiesYoY); !near(m.Value, 0.25) || m.Base != 120 {
		t.Errorf("restated base known by the as-of date: %+v", m)
	}
	if m, _ := r.Metric(MetricCIPYoY); !near(m.Value, 0.5) || !m.Period.Equal(monthEnd(2026, time.June)) {
		t.Errorf("undated figures with a 120-day lag: %+v", m)
	}
	// one day earlier than the restatement: the original base
	s, _ = ScoreCompanies([]Company{c}, DefaultCompanyOptions(market.Day(2026, time.April, 19)))
	if m, _ := s.Rows[0].Metric(MetricContractLiabilitiesYoY); !math.IsNaN(m.Value) || !strings.Contains(m.Note, "2024-") {
		// as of 2026-04-19 the latest balance is 2025-09 and there is no 2024-09
		t.Errorf("as of 2026-04-19: %+v", m)
	}
}

func TestCompanyYearToDate(t *testing.T) {
	sym := market.Symbol("Y.SH")
	ytd := map[int][]float64{2024: {10, 20, 30, 40}, 2025: {10, 20, 30, 42}, 2026: {12, 25, 38}}
	var fs []market.Fundamental
	for y, vs := range ytd {
		for q, v := range vs {
			fs = append(fs, fig(sym, market.FieldRevenue, y, time.Month(3*q+3), v))
		}
	}
	o := DefaultCompanyOptions(asOf)
	o.Flows = YearToDate
	s, err := ScoreCompanies([]Company{{Symbol: sym, Fundamentals: fs}}, o)
	if err != nil {
		t.Fatal(err)
	}
	// quarters: 2024Q4 10, 2025Q1–Q3 10 → 40; 2025Q4 12, 2026Q1 12, Q2 13, Q3 13 → 50
	m, _ := s.Rows[0].Metric(MetricRevenueTTMYoY)
	if !near(m.Value, 0.25) || m.Current != 50 || m.Base != 40 || len(m.Used) != 14 {
		t.Errorf("year-to-date revenue: %g (%g/%g, %d figures), want 0.25 (50/40, 14)", m.Value, m.Current, m.Base, len(m.Used))
	}
	// the same figures read as single quarters give a different, wrong answer
	s, _ = ScoreCompanies([]Company{{Symbol: sym, Fundamentals: fs}}, DefaultCompanyOptions(asOf))
	if m, _ := s.Rows[0].Metric(MetricRevenueTTMYoY); near(m.Value, 0.25) {
		t.Errorf("single-quarter reading of YTD data should differ, got %g", m.Value)
	}
	// a missing half-year figure breaks the third quarter
	var holed []market.Fundamental
	for _, f := range fs {
		if !f.PeriodEnd.Equal(monthEnd(2026, time.June)) {
			holed = append(holed, f)
		}
	}
	s, _ = ScoreCompanies([]Company{{Symbol: sym, Fundamentals: holed}}, o)
	if m, _ := s.Rows[0].Metric(MetricRevenueTTMYoY); !math.IsNaN(m.Value) || !strings.Contains(m.Note, "year-to-date") {
		t.Errorf("missing YTD figure: %+v", m)
	}
}

func TestScoreCompaniesRejects(t *testing.T) {
	a := Company{Symbol: "A.SH"}
	if _, err := ScoreCompanies([]Company{a, a}, DefaultCompanyOptions(asOf)); err == nil {
		t.Error("duplicate company accepted")
	}
	b := Company{Symbol: "B.SH", Fundamentals: balance("A.SH", market.FieldContractLiabilities, 1, 2)}
	if _, err := ScoreCompanies([]Company{b}, DefaultCompanyOptions(asOf)); err == nil {
		t.Error("another company's figures accepted")
	}
	for name, edit := range map[string]func(*CompanyOptions){
		"no as-of":     func(o *CompanyOptions) { o.AsOf = time.Time{} },
		"basis":        func(o *CompanyOptions) { o.Flows = "annual" },
		"zero weights": func(o *CompanyOptions) { o.Orders, o.Pipeline, o.Technology = 0, 0, 0 },
		"negative":     func(o *CompanyOptions) { o.Pipeline = -1 },
		"negative lag": func(o *CompanyOptions) { o.UndatedLagDays = -1 },
	} {
		o := DefaultCompanyOptions(asOf)
		edit(&o)
		if _, err := ScoreCompanies(nil, o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	s, err := ScoreCompanies(nil, DefaultCompanyOptions(asOf))
	if err != nil || len(s.Rows) != 0 || !math.IsNaN(s.Median.Composite) {
		t.Errorf("empty sector: %+v %v", s, err)
	}
}

func TestCompanyPillarWeights(t *testing.T) {
	o := DefaultCompanyOptions(asOf)
	o.Orders, o.Pipeline, o.Technology = 2, 1, 0
	s, err := ScoreCompanies(handCompanies(), o)
	if err != nil {
		t.Fatal(err)
	}
	// A: (2·100 + 0·100)/3; B: (2·37.5 + 100)/3; C: (2·12.5 + 0)/3 (technology weighs nothing)
	for i, w := range []struct {
		sym market.Symbol
		c   float64
	}{{"A.SH", 200.0 / 3}, {"B.SH", 175.0 / 3}, {"C.SH", 25.0 / 3}} {
		if r := s.Rows[i]; r.Symbol != w.sym || !near(r.Composite, w.c) {
			t.Errorf("row %d: %s %g, want %s %g", i, r.Symbol, r.Composite, w.sym, w.c)
		}
	}
}

func TestCompanyTiesBySymbol(t *testing.T) {
	mk := func(sym market.Symbol) Company {
		return Company{Symbol: sym, Fundamentals: balance(sym, market.FieldContractLiabilities, 100, 120)}
	}
	s, err := ScoreCompanies([]Company{mk("Z.SH"), mk("B.SH"), mk("M.SH")}, DefaultCompanyOptions(asOf))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []market.Symbol{"B.SH", "M.SH", "Z.SH"} {
		if r := s.Rows[i]; r.Symbol != want || r.Rank != i+1 || r.Composite != 50 {
			t.Errorf("row %d: %s rank %d composite %g, want %s rank %d 50", i, r.Symbol, r.Rank, r.Composite, want, i+1)
		}
	}
}
