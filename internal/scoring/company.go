package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/series"
)

// Pillar is one of the three company-score pillars.
type Pillar string

// The pillars and their components (metric names):
//   - orders: contract_liabilities_yoy, revenue_ttm_yoy, order_backlog_yoy;
//   - pipeline: capex_ttm_yoy, construction_in_progress_yoy;
//   - technology: rd_intensity, rd_ttm_yoy.
const (
	PillarOrders     Pillar = "orders"
	PillarPipeline   Pillar = "pipeline"
	PillarTechnology Pillar = "technology"
)

// Company is one member of the sector with all of its fundamentals (any
// order, any fields; figures reported after the as-of date are ignored).
type Company struct {
	Symbol       market.Symbol
	Name         string
	Ownership    market.Ownership
	Fundamentals []market.Fundamental
}

// CompanyOptions are the parameters of ScoreCompanies.
type CompanyOptions struct {
	AsOf  time.Time // only figures reported on or before it are used
	Flows FlowBasis // how revenue, capex and R&D are reported
	// UndatedLagDays: a figure without a report date counts as reported
	// this many days after its period end.
	UndatedLagDays int
	// Pillar weights of the composite (re-weighted over the pillars a
	// company has data for).
	Orders, Pipeline, Technology float64
}

// DefaultCompanyOptions: as of asOf, single-quarter flows, undated figures
// known 120 days after the period end (the latest statutory A-share
// deadline, annual reports by 30 April), equal pillar weights.
func DefaultCompanyOptions(asOf time.Time) CompanyOptions {
	return CompanyOptions{AsOf: asOf, Flows: SingleQuarter, UndatedLagDays: 120, Orders: 1, Pipeline: 1, Technology: 1}
}

// Pillars are the three pillar scores and their composite, each 0–100;
// NaN when no component has data.
type Pillars struct {
	Orders, Pipeline, Technology, Composite float64
}

// CompanyRow is one company's score with every metric it came from.
// Rank is by composite, 1 = best, 0 when the composite is NaN.
type CompanyRow struct {
	Symbol    market.Symbol
	Name      string
	Ownership market.Ownership
	Metrics   []Metric
	Pillars
	Rank int
}

// Metric returns the metric called name.
func (r *CompanyRow) Metric(name string) (Metric, bool) {
	for _, m := range r.Metrics {
		if m.Name == name {
			return m, true
		}
	}
	return Metric{}, false
}

// OwnershipGroup is the companies of one ownership type (empty = unknown)
// and their median pillar scores.
type OwnershipGroup struct {
	Ownership market.Ownership
	Symbols   []market.Symbol // in rank order
	Median    Pillars
}

// CompanyScores are a sector's company scores: rows by rank (NaN composites
// last, ties by symbol), the sector medians and the ownership groups
// (state, private, foreign, other, unknown, then any other value by name;
// empty groups left out).
type CompanyScores struct {
	Rows    []CompanyRow
	Median  Pillars
	Groups  []OwnershipGroup
	Options CompanyOptions
}

// Row returns the row of sym.
func (s *CompanyScores) Row(sym market.Symbol) (CompanyRow, bool) {
	for _, r := range s.Rows {
		if r.Symbol == sym {
			return r, true
		}
	}
	return CompanyRow{}, false
}

// Validate rejects a zero as-of date, an unknown flow basis, a negative lag
// and negative or all-zero pillar weights.
func (o CompanyOptions) Validate() error {
	if o.AsOf.IsZero() {
		return fmt.Errorf("company scores: no as-of date")
	}
	if o.Flows != SingleQuarter && o.Flows != YearToDate {
		return fmt.Errorf("company scores: flow basis %q (want %q or %q)", o.Flows, SingleQuarter, YearToDate)
	}
	if o.UndatedLagDays < 0 {
		return fmt.Errorf("company scores: undated lag %d days is negative", o.UndatedLagDays)
	}
	w := []float64{o.Orders, o.Pipeline, o.Technology}
	for _, x := range w {
		if !finite(x) || x < 0 {
			return fmt.Errorf("company scores: pillar weight %g, want ≥ 0", x)
		}
	}
	if o.Orders+o.Pipeline+o.Technology <= 0 {
		return fmt.Errorf("company scores: all pillar weights are zero")
	}
	return nil
}

// ScoreCompanies scores a sector's companies. Each metric's percentile is
// taken among the companies with a value for it (ties share the average
// rank); a pillar is the mean of its metrics' percentiles that are known;
// the composite is the weighted mean of the known pillars.
func ScoreCompanies(cs []Company, o CompanyOptions) (*CompanyScores, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	out := &CompanyScores{Options: o}
	seen := map[market.Symbol]bool{}
	for _, c := range cs {
		if seen[c.Symbol] {
			return nil, fmt.Errorf("company scores: %s given twice", c.Symbol)
		}
		seen[c.Symbol] = true
		b, err := newBook(c.Symbol, c.Fundamentals, o.AsOf, o.UndatedLagDays, o.Flows)
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, CompanyRow{Symbol: c.Symbol, Name: c.Name, Ownership: c.Ownership, Metrics: b.metrics()})
	}
	if len(out.Rows) == 0 {
		out.Median = nanPillars()
		return out, nil
	}
	for j := range out.Rows[0].Metrics {
		vals := make([]float64, len(out.Rows))
		for i := range out.Rows {
			vals[i] = out.Rows[i].Metrics[j].Value
		}
		for i, p := range percentiles(vals) {
			out.Rows[i].Metrics[j].Percentile = p
		}
	}
	weights := []float64{o.Orders, o.Pipeline, o.Technology}
	for i := range out.Rows {
		r := &out.Rows[i]
		r.Orders, r.Pipeline, r.Technology = r.pillar(PillarOrders), r.pillar(PillarPipeline), r.pillar(PillarTechnology)
		r.Composite, _ = weightedMean([]float64{r.Orders, r.Pipeline, r.Technology}, weights)
	}
	slices.SortFunc(out.Rows, func(a, b CompanyRow) int {
		if c := series.CompareDesc(a.Composite, b.Composite); c != 0 {
			return c
		}
		return cmp.Compare(a.Symbol, b.Symbol)
	})
	for i := range out.Rows {
		if finite(out.Rows[i].Composite) {
			out.Rows[i].Rank = i + 1
		}
	}
	out.Median = medians(out.Rows)
	out.Groups = groups(out.Rows)
	return out, nil
}

func (r *CompanyRow) pillar(p Pillar) float64 {
	var ps []float64
	for _, m := range r.Metrics {
		if m.Pillar == p {
			ps = append(ps, m.Percentile)
		}
	}
	v, _ := meanOf(ps)
	return v
}

func nanPillars() Pillars {
	n := math.NaN()
	return Pillars{n, n, n, n}
}

func medians(rows []CompanyRow) Pillars {
	var o, p, t, c []float64
	for _, r := range rows {
		o, p, t, c = append(o, r.Orders), append(p, r.Pipeline), append(t, r.Technology), append(c, r.Composite)
	}
	return Pillars{median(o), median(p), median(t), median(c)}
}

// groups splits rank-ordered rows by ownership.
func groups(rows []CompanyRow) []OwnershipGroup {
	var out []OwnershipGroup
	order := []market.Ownership{market.OwnershipState, market.OwnershipPrivate, market.OwnershipForeign, market.OwnershipOther, ""}
	var extra []market.Ownership // values outside the domain's list, by name
	for _, r := range rows {
		if !slices.Contains(order, r.Ownership) && !slices.Contains(extra, r.Ownership) {
			extra = append(extra, r.Ownership)
		}
	}
	slices.Sort(extra)
	for _, own := range append(order, extra...) {
		var members []CompanyRow
		g := OwnershipGroup{Ownership: own}
		for _, r := range rows {
			if r.Ownership == own {
				members = append(members, r)
				g.Symbols = append(g.Symbols, r.Symbol)
			}
		}
		if len(members) > 0 {
			g.Median = medians(members)
			out = append(out, g)
		}
	}
	return out
}
