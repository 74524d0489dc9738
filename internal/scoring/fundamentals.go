package scoring

import (
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// FlowBasis says how flow fields (revenue, net profit, capex, R&D) are
// reported.
type FlowBasis string

// Flow bases.
const (
	// SingleQuarter: each figure is the quarter's own value (the demo market,
	// most data vendors' "single quarter" series).
	SingleQuarter FlowBasis = "quarter"
	// YearToDate: each figure is cumulative from the start of the calendar
	// fiscal year (A-share filings); a quarter is the period's figure minus
	// the previous quarter's in the same year, the first quarter (a period
	// ending in January–March) as reported.
	YearToDate FlowBasis = "ytd"
)

// Figure is one fundamental value that entered a metric.
type Figure struct {
	Field      string
	PeriodEnd  time.Time
	ReportDate time.Time // zero when the source gave none (see CompanyOptions.UndatedLagDays)
	Value      float64
}

// book is one company's fundamentals as known on an as-of date: per field
// and period (keyed by year·12 + month − 1, so that quarter arithmetic is
// month arithmetic), the figure with the latest report date on or before
// the as-of date.
type book struct {
	figs  map[string]map[int]Figure
	basis FlowBasis
}

func periodKey(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// periodDate is the last day of the month of key k.
func periodDate(k int) time.Time {
	return market.Day(k/12, time.Month(k%12+1), 1).AddDate(0, 1, -1)
}

// newBook keeps the figures of sym known on asOf. A figure without a
// report date counts as reported lag days after its period end.
func newBook(sym market.Symbol, fs []market.Fundamental, asOf time.Time, lag int, basis FlowBasis) (*book, error) {
	b := &book{figs: map[string]map[int]Figure{}, basis: basis}
	for _, f := range fs {
		if f.Symbol != sym {
			return nil, fmt.Errorf("company scores: %s: a fundamental of %s was given with its figures", sym, f.Symbol)
		}
		known := f.ReportDate
		if known.IsZero() {
			known = f.PeriodEnd.AddDate(0, 0, lag)
		}
		if known.After(asOf) || !finite(f.Value) {
			continue
		}
		byPeriod := b.figs[f.Field]
		if byPeriod == nil {
			byPeriod = map[int]Figure{}
			b.figs[f.Field] = byPeriod
		}
		k := periodKey(f.PeriodEnd)
		old, seen := byPeriod[k]
		if !seen || effective(old, lag).Before(known) {
			byPeriod[k] = Figure{Field: f.Field, PeriodEnd: f.PeriodEnd, ReportDate: f.ReportDate, Value: f.Value}
		}
	}
	return b, nil
}

func effective(f Figure, lag int) time.Time {
	if f.ReportDate.IsZero() {
		return f.PeriodEnd.AddDate(0, 0, lag)
	}
	return f.ReportDate
}

// latest is the latest period with a figure of field.
func (b *book) latest(field string) (int, bool) {
	best, ok := 0, false
	for k := range b.figs[field] {
		if !ok || k > best {
			best, ok = k, true
		}
	}
	return best, ok
}

func (b *book) get(field string, k int) (Figure, bool) {
	f, ok := b.figs[field][k]
	return f, ok
}

func missing(field string, k int) string {
	return fmt.Sprintf("no %s for %s", field, market.FormatDate(periodDate(k)))
}

// quarter is the single-quarter value of a flow field for period k.
func (b *book) quarter(field string, k int) (float64, []Figure, string) {
	f, ok := b.get(field, k)
	if !ok {
		return math.NaN(), nil, missing(field, k)
	}
	if b.basis != YearToDate || k%12 < 3 {
		return f.Value, []Figure{f}, ""
	}
	p, ok := b.get(field, k-3)
	if !ok {
		return math.NaN(), []Figure{f}, missing(field, k-3) + " (year-to-date basis)"
	}
	return f.Value - p.Value, []Figure{f, p}, ""
}

// ttm is the sum of the four quarters ending at period k.
func (b *book) ttm(field string, k int) (float64, []Figure, string) {
	sum, used := 0.0, []Figure(nil)
	for q := range 4 {
		v, u, note := b.quarter(field, k-3*q)
		used = append(used, u...)
		if note != "" {
			return math.NaN(), used, note
		}
		sum += v
	}
	return sum, used, ""
}

// Metric names, the components of the three pillars.
const (
	MetricContractLiabilitiesYoY = "contract_liabilities_yoy"
	MetricRevenueTTMYoY          = "revenue_ttm_yoy"
	MetricBacklogYoY             = "order_backlog_yoy"
	MetricCapexTTMYoY            = "capex_ttm_yoy"
	MetricCIPYoY                 = "construction_in_progress_yoy"
	MetricRDIntensity            = "rd_intensity"
	MetricRDTTMYoY               = "rd_ttm_yoy"
)

// Metric is one component of a company score: its value, its percentile
// within the sector, and what it was computed from. For a growth Value =
// Current / Base − 1, Current and Base being balances (Period and
// BasePeriod, a year apart) or trailing-four-quarter sums ending then; for
// rd_intensity Value = Current / Base = TTM R&D / TTM revenue at Period.
// Note says why Value is NaN.
type Metric struct {
	Name       string
	Pillar     Pillar
	Value      float64
	Percentile float64 // 0–100 within the sector; NaN when Value is
	Period     time.Time
	BasePeriod time.Time
	Current    float64
	Base       float64
	Used       []Figure
	Note       string
}

// balanceYoY is the growth of a balance field's latest figure over the
// same period a year before.
func (b *book) balanceYoY(name string, pillar Pillar, field string) Metric {
	m := Metric{Name: name, Pillar: pillar, Value: math.NaN(), Current: math.NaN(), Base: math.NaN(), Percentile: math.NaN()}
	k, ok := b.latest(field)
	if !ok {
		m.Note = "no " + field + " reported"
		return m
	}
	cur, _ := b.get(field, k)
	m.Period, m.BasePeriod, m.Current, m.Used = cur.PeriodEnd, periodDate(k-12), cur.Value, []Figure{cur}
	prev, ok := b.get(field, k-12)
	if !ok {
		m.Note = missing(field, k-12)
		return m
	}
	m.BasePeriod, m.Base, m.Used = prev.PeriodEnd, prev.Value, append(m.Used, prev)
	m.Value = growth(m.Current, m.Base)
	if math.IsNaN(m.Value) {
		m.Note = "base is not positive"
	}
	return m
}

// ttmYoY is the growth of a flow field's trailing four quarters ending at
// its latest period over the four quarters a year before.
func (b *book) ttmYoY(name string, pillar Pillar, field string) Metric {
	m := Metric{Name: name, Pillar: pillar, Value: math.NaN(), Current: math.NaN(), Base: math.NaN(), Percentile: math.NaN()}
	k, ok := b.latest(field)
	if !ok {
		m.Note = "no " + field + " reported"
		return m
	}
	m.Period, m.BasePeriod = periodDate(k), periodDate(k-12)
	var u1, u2 []Figure
	var n1, n2 string
	m.Current, u1, n1 = b.ttm(field, k)
	m.Base, u2, n2 = b.ttm(field, k-12)
	m.Used = append(u1, u2...)
	m.Value = growth(m.Current, m.Base)
	switch {
	case n1 != "":
		m.Note = n1
	case n2 != "":
		m.Note = n2
	case math.IsNaN(m.Value):
		m.Note = "base is not positive"
	}
	return m
}

// rdIntensity is TTM R&D / TTM revenue at the latest R&D period.
func (b *book) rdIntensity() Metric {
	m := Metric{Name: MetricRDIntensity, Pillar: PillarTechnology, Value: math.NaN(), Current: math.NaN(), Base: math.NaN(), Percentile: math.NaN()}
	k, ok := b.latest(market.FieldRD)
	if !ok {
		m.Note = "no " + market.FieldRD + " reported"
		return m
	}
	m.Period = periodDate(k)
	var u1, u2 []Figure
	var n1, n2 string
	m.Current, u1, n1 = b.ttm(market.FieldRD, k)
	m.Base, u2, n2 = b.ttm(market.FieldRevenue, k)
	m.Used = append(u1, u2...)
	switch {
	case n1 != "":
		m.Note = n1
	case n2 != "":
		m.Note = n2
	case !(m.Base > 0):
		m.Note = "revenue is not positive"
	default:
		m.Value = m.Current / m.Base
	}
	return m
}

// metrics computes every component in display order.
func (b *book) metrics() []Metric {
	return []Metric{
		b.balanceYoY(MetricContractLiabilitiesYoY, PillarOrders, market.FieldContractLiabilities),
		b.ttmYoY(MetricRevenueTTMYoY, PillarOrders, market.FieldRevenue),
		b.balanceYoY(MetricBacklogYoY, PillarOrders, market.FieldBacklog),
		b.ttmYoY(MetricCapexTTMYoY, PillarPipeline, market.FieldCapex),
		b.balanceYoY(MetricCIPYoY, PillarPipeline, market.FieldConstructionInProg),
		b.rdIntensity(),
		b.ttmYoY(MetricRDTTMYoY, PillarTechnology, market.FieldRD),
	}
}
