package analysis

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// DefaultTopCompanies is how many companies CompaniesReport.Top keeps when
// the request does not say.
const DefaultTopCompanies = 10

// companyFields are the fundamental fields the company scores read.
var companyFields = []string{
	market.FieldContractLiabilities, market.FieldRevenue, market.FieldBacklog,
	market.FieldCapex, market.FieldConstructionInProg, market.FieldRD,
}

// CompaniesRequest asks for the Orders + Pipeline + Technology scores of a
// sector's companies.
type CompaniesRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // sets the as-of trading day; "" = the first stored of DefaultBenchmarks
	AsOf      time.Time
	Top       int // rows kept in Top; 0 → DefaultTopCompanies
	// Options are the scoring parameters; zero → scoring.DefaultCompanyOptions.
	// Options.AsOf is always the as-of trading day.
	Options scoring.CompanyOptions
}

// CompaniesReport is the answer to a CompaniesRequest. Every score keeps
// the metrics it came from, and every metric the figures (field, period
// end, report date, value) it was computed from (scoring.Metric).
type CompaniesReport struct {
	AsOf    time.Time
	Sector  market.Sector
	Members []market.Symbol // the sector's members on AsOf
	Fields  []string        // the fundamental fields read, reported on or before AsOf
	Scores  *scoring.CompanyScores
	Top     []scoring.CompanyRow     // the best Top rows by composite (rows with a composite only)
	Groups  []scoring.OwnershipGroup // companies by ownership with median pillar scores (= Scores.Groups)
	Demo    bool
	Notes   []string // what was missing and why
}

func (r *CompaniesReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// RunCompanies scores the sector's point-in-time members as of a trading
// day from the fundamentals known by then, with the names and ownership
// types of the instrument rows, through scoring.ScoreCompanies. A sector
// without members on that day gives empty scores and a note.
func RunCompanies(ctx context.Context, d Data, req CompaniesRequest) (*CompaniesReport, error) {
	if req.Top < 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "top %d companies is negative", req.Top)
	}
	if req.Top == 0 {
		req.Top = DefaultTopCompanies
	}
	s, err := resolveScope(ctx, d, req.Sector, req.Taxonomy, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	o := req.Options
	if o == (scoring.CompanyOptions{}) {
		o = scoring.DefaultCompanyOptions(s.AsOf)
	}
	o.AsOf = s.AsOf
	if err := o.Validate(); err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	rep := &CompaniesReport{AsOf: s.AsOf, Sector: s.Sector, Fields: slices.Clone(companyFields), Demo: s.demo(ctx, d)}
	ms, err := d.Members(ctx, s.Sector.Taxonomy, s.Sector.Code, s.AsOf)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		rep.Members = append(rep.Members, m.Symbol)
	}
	rep.Members = unique(rep.Members)
	if len(rep.Members) == 0 {
		rep.note("%s (%s) has no members on %s: no company scores", s.Sector.Code, s.Sector.Name, market.FormatDate(s.AsOf))
		if rep.Scores, err = scoring.ScoreCompanies(nil, o); err != nil {
			return nil, sextant.Errorf(sextant.EINTERNAL, "company scores: %v", err)
		}
		return rep, nil
	}
	companies, err := rep.companies(ctx, d)
	if err != nil {
		return nil, err
	}
	if rep.Scores, err = scoring.ScoreCompanies(companies, o); err != nil {
		return nil, sextant.Errorf(sextant.EINTERNAL, "company scores: %v", err)
	}
	for _, r := range rep.Scores.Rows {
		if r.Rank > 0 && len(rep.Top) < req.Top {
			rep.Top = append(rep.Top, r)
		}
	}
	rep.Groups = rep.Scores.Groups
	if n := len(rep.Scores.Rows) - ranked(rep.Scores.Rows); n > 0 {
		rep.note("%d of %d members have no composite score (no metric could be computed from the fundamentals known on %s)", n, len(rep.Scores.Rows), market.FormatDate(s.AsOf))
	}
	return rep, nil
}

// companies reads the members' instruments and fundamentals.
func (rep *CompaniesReport) companies(ctx context.Context, d Data) ([]scoring.Company, error) {
	ins, err := d.Instruments(ctx, market.InstrumentFilter{Symbols: rep.Members})
	if err != nil {
		return nil, err
	}
	bySym := map[market.Symbol]market.Instrument{}
	for _, in := range ins {
		bySym[in.Symbol] = in
		rep.Demo = rep.Demo || in.Demo
	}
	fs, err := d.Fundamentals(ctx, rep.Members, companyFields, rep.AsOf)
	if err != nil {
		return nil, err
	}
	figs := map[market.Symbol][]market.Fundamental{}
	for _, f := range fs {
		figs[f.Symbol] = append(figs[f.Symbol], f)
	}
	var noRow, noFigs, noOwner []string
	out := make([]scoring.Company, len(rep.Members))
	for i, sym := range rep.Members {
		in, ok := bySym[sym]
		switch {
		case !ok:
			noRow = append(noRow, string(sym))
		case in.Ownership == "":
			noOwner = append(noOwner, string(sym))
		}
		if len(figs[sym]) == 0 {
			noFigs = append(noFigs, string(sym))
		}
		out[i] = scoring.Company{Symbol: sym, Name: in.Name, Ownership: in.Ownership, Fundamentals: figs[sym]}
	}
	if len(noRow) > 0 {
		rep.note("no instrument row (name, ownership) for %s", strings.Join(noRow, ", "))
	}
	if len(noOwner) > 0 {
		rep.note("ownership type unknown for %s: grouped as unknown", strings.Join(noOwner, ", "))
	}
	if len(noFigs) > 0 {
		rep.note("no fundamentals reported on or before %s for %s", market.FormatDate(rep.AsOf), strings.Join(noFigs, ", "))
	}
	return out, nil
}

func ranked(rows []scoring.CompanyRow) int {
	n := 0
	for _, r := range rows {
		if r.Rank > 0 {
			n++
		}
	}
	return n
}
