package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analog"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/scoring"
)

// SustainRequest asks whether a sector's move is sustainable.
type SustainRequest struct {
	Sector    string // code, index symbol, name or alias
	Taxonomy  string // narrows Sector; "" = any
	Benchmark string // "" = the first stored of DefaultBenchmarks
	AsOf      time.Time
	// Catalysts, when the caller has searched the documents, is the count
	// of recent catalysts it found; nil leaves the dimension missing.
	Catalysts *Catalysts
	// Flows, when set, supplies the caller's RunFlows answer on the same
	// sector, benchmark and day (default parameters), which the flow
	// readings then use instead of running RunFlows again. It is called
	// once, when the readings need it (after the reads), so the caller can
	// compute the flows concurrently; its error is returned. An answer for
	// another sector or day, or nil, is ignored.
	Flows func() (*FlowsReport, error)
}

// Catalysts is the catalysts reading: distinct recent catalyst events
// (technology milestones, policy notices, orders) cited from documents.
type Catalysts struct {
	Count  int
	From   time.Time // first day searched
	Window string    // e.g. "90 calendar days"
	Docs   []string  // ids of the documents counted
	Detail string    // how events were counted
}

// ReadingSource is the provenance of one reading of the score: the value,
// what it was computed from and why it is missing when it is.
type ReadingSource struct {
	Reading string          // scoring component name: excess_63d, rs_ratio, above_ma20 …
	Value   float64         // the reading (NaN = missing)
	Symbols []market.Symbol // instruments read directly (sector index, benchmark, ETFs)
	Members int             // point-in-time members that contributed, for member aggregates
	Window  string          // the window in words ("63 trading days", "20-day sum vs the trailing 252 days")
	From    time.Time       // first day of data the reading depends on (zero if not applicable)
	Date    time.Time       // the day the value is read on
	Detail  string          // the intermediate figures in words
	Note    string          // why the value is missing, when it is
}

// SustainBaseRate is the historical base rate of the sector's current
// state: past sector-weeks of the peer sectors in the same state and the
// forward excess returns that followed.
type SustainBaseRate struct {
	Week       time.Time    // the sector's week whose state was taken
	State      analog.State // the sector's full current state ("" = unknown label)
	Dims       []string     // the dimensions actually matched
	Dropped    []string     // dimensions dropped to reach MinN episodes, in drop order
	Relaxation string       // why dimensions were dropped, "" when none were
	FlowSource string       // the flow_sign dataset: margin_net_purchase, main_net_flow or etf_net_creation
	Sectors    int          // peer sector histories searched
	From, To   time.Time    // first and last week of the histories
	Result     *analog.Result
}

// SustainAudit is the signal audit of the composite score: its rank IC
// against forward excess returns across the peer sectors.
type SustainAudit struct {
	Dims     []scoring.Dimension // dimensions computed historically
	Excluded []string            // dimensions left out, each with the reason
	Every    int                 // weeks between audit dates
	Horizon  int                 // forward horizon in weeks
	Peers    int
	*analog.Audit
}

// SustainReport is the answer to a SustainRequest.
type SustainReport struct {
	AsOf      time.Time
	Sector    market.Sector
	Benchmark market.Symbol
	Peers     []market.Sector // sectors of the same taxonomy and level (the sector included)
	Readings  scoring.Readings
	Sources   []ReadingSource // one per reading, in scoring component order
	Score     *scoring.Sustainability
	BaseRate  *SustainBaseRate // nil when the sector has no known state
	Audit     *SustainAudit    // nil when there is too little history
	Demo      bool
	Notes     []string

	catalysts *Catalysts
}

// sameFlows reports whether fr answers the flow readings of rep: the flows
// of the same sector against the same benchmark as of the same day.
func (rep *SustainReport) sameFlows(fr *FlowsReport) bool {
	return fr != nil && fr.Sector != nil && fr.Sector.Taxonomy == rep.Sector.Taxonomy && fr.Sector.Code == rep.Sector.Code &&
		fr.Benchmark == rep.Benchmark && fr.AsOf.Equal(rep.AsOf)
}

// Source returns the provenance of a reading by component name.
func (r *SustainReport) Source(reading string) (ReadingSource, bool) {
	for _, s := range r.Sources {
		if s.Reading == reading {
			return s, true
		}
	}
	return ReadingSource{}, false
}

func (r *SustainReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// RunSustain assesses a sector's sustainability as of a trading day: the
// readings of every dimension with their sources, the composite score, the
// base rate of its current state among the peer sectors, and the signal
// audit of the score. Formulas: docs/methodology.md ("Sustainability score",
// "Base rates and signal audit", "sextant sustain output").
func RunSustain(ctx context.Context, d Data, req SustainRequest) (*SustainReport, error) {
	sec, err := ResolveSector(ctx, d, req.Sector, req.Taxonomy)
	if err != nil {
		return nil, err
	}
	bench, asOf, err := BenchmarkAsOf(ctx, d, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	if sec.IndexSymbol == "" {
		return nil, sextant.Errorf(sextant.EINVALID, "sector %s/%s has no index symbol: nothing to score", sec.Taxonomy, sec.Code)
	}
	peers, err := d.Sectors(ctx, sec.Taxonomy, sec.Level)
	if err != nil {
		return nil, err
	}
	rep := &SustainReport{AsOf: asOf, Sector: sec, Benchmark: bench, catalysts: req.Catalysts}
	for _, p := range peers {
		if p.IndexSymbol != "" {
			rep.Peers = append(rep.Peers, p)
		}
	}
	sd, err := loadSustain(ctx, d, rep)
	if err != nil {
		return nil, err
	}
	defer sd.stop()
	if err := rep.readings(ctx, d, sd, req.Flows); err != nil {
		return nil, err
	}
	if err := sd.finish(ctx, d, rep); err != nil {
		return nil, err
	}
	rep.Score, err = scoring.Sustain(rep.Readings, scoring.DefaultSustainOptions())
	if err != nil {
		return nil, sextant.Errorf(sextant.EINTERNAL, "sustainability score: %v", err)
	}
	hist := sd.histories(rep)
	rep.baseRate(hist, sd)
	if err := rep.audit(hist, sd); err != nil {
		return nil, err
	}
	rep.Demo = sd.demo
	return rep, nil
}
