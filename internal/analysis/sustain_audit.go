package analysis

import (
	"math"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analog"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/scoring"
	"github.com/sextant-ai/sextant/internal/series"
)

// Audit cadence: the score is recomputed every AuditEvery weeks and
// compared with the forward AuditHorizon-week excess return.
const (
	AuditEvery   = 4
	AuditHorizon = 4
)

// auditDims are the dimensions the audit recomputes historically, and
// auditExcluded those it leaves out, with the reason.
var (
	auditDims = []scoring.Dimension{scoring.DimTrend, scoring.DimMomentum, scoring.DimBreadth, scoring.DimFlows,
		scoring.DimLeverage, scoring.DimCrowding, scoring.DimValuation}
	auditExcluded = []string{
		"flows: main-force net flow (every stock's daily flows over the whole history is a multi-second read); flows uses the themed-ETF creations z-score alone, and is missing for sectors without ETFs",
		"valuation: the sector index's own PE TTM replaces the members' PE (every stock's valuations over the whole history is a multi-second read)",
		"catalysts: documents are not scored yet",
	}
)

// peerPanel is one peer's daily inputs to the historical readings.
type peerPanel struct {
	close, ma60 []float64
	breadth     map[int]rotation.BreadthPoint // on the audit's rows of sd.dates (nil without members)
	etfZ        []float64                     // nil without ETFs
	marginZ     []float64                     // nil without margin data
	share       []float64                     // turnover share
	pe          []float64                     // index PE TTM, non-positive as NaN; nil without data
}

func (sd *sustainData) peerPanels(rep *SustainReport) ([]peerPanel, error) {
	out := make([]peerPanel, len(rep.Peers))
	crowd := rotation.DefaultCrowdingParams()
	<-sd.breadthDone
	if sd.breadthErr != nil {
		return nil, sd.breadthErr
	}
	for k, p := range rep.Peers {
		col, _ := sd.idx.Column(p.IndexSymbol)
		pp := peerPanel{close: col, ma60: series.RollingMean(col, 60), breadth: sd.breadth[k]}
		if w := window20(sectorSeries(sd.etf, p)); w != nil {
			pp.etfZ = w.Z
		}
		if w := window20(sectorSeries(sd.margin, p)); w != nil {
			pp.marginZ = w.Z
		}
		if sector, total, _ := sd.crowdingInputs(p, rep.Benchmark); sector != nil {
			pp.share = rotation.TurnoverShare(sector, total, crowd.Window)
		}
		if pe, ok := sd.indexPE[p.IndexSymbol]; ok {
			pp.pe = make([]float64, len(pe))
			for i, v := range pe {
				pp.pe[i] = nan
				if v > 0 {
					pp.pe[i] = v
				}
			}
		}
		out[k] = pp
	}
	return out, nil
}

// readingsAt are a peer's historical readings on row r, week i.
func (sd *sustainData) readingsAt(pp *peerPanel, row *rotation.RotationRow, r, i int) scoring.Readings {
	x := scoring.UnknownReadings()
	crowd, val := rotation.DefaultCrowdingParams(), rotation.DefaultValuationParams()
	if r >= 63 {
		x.Excess63 = series.ReturnBetween(pp.close, r-63, r) - series.ReturnBetween(sd.bench, r-63, r)
	}
	if pp.ma60[r] > 0 && pp.close[r] > 0 {
		x.PriceVsMA60 = pp.close[r]/pp.ma60[r] - 1
	}
	if row != nil {
		h := row.History[i]
		x.RSRatio, x.RSMomentum, x.Quadrant = h.RSRatio, h.RSMomentum, string(h.Quadrant)
	}
	if b, ok := pp.breadth[r]; ok {
		x.AboveMA20, x.AboveMA60 = b.AboveShortMA, b.AboveLongMA
	}
	if pp.etfZ != nil {
		x.ETFFlowZ = pp.etfZ[r]
	}
	if pp.marginZ != nil {
		x.MarginZ = pp.marginZ[r]
	}
	if pp.share != nil {
		x.TurnoverPct = series.PercentileInWindow(pp.share, r, crowd.Lookback, crowd.MinHistory)
	}
	if pp.pe != nil {
		x.PEPct = series.PercentileInWindow(pp.pe, r, val.Lookback, val.MinHistory)
	}
	for _, v := range []*float64{&x.Excess63, &x.PriceVsMA60, &x.ETFFlowZ, &x.MarginZ} {
		if math.IsInf(*v, 0) {
			*v = nan
		}
	}
	return x
}

// auditWeeks are the weeks of w the audit may score, latest first: every
// AuditEvery weeks back from the last one with a forward AuditHorizon-week
// return (the audit stops early when too few peers can be scored).
func auditWeeks(w weekly) []int {
	var out []int
	for i := len(w.rows) - 1 - AuditHorizon; i >= 0; i -= AuditEvery {
		out = append(out, i)
	}
	return out
}

// auditRows are the rows of sd.dates of the audit's weeks (auditWeeks):
// the only rows on which the audit reads the peers' breadth.
func (sd *sustainData) auditRows(asOf time.Time) []int {
	w := sd.weekly(asOf)
	weeks := auditWeeks(w)
	rows := make([]int, len(weeks))
	for j, i := range weeks {
		rows[j] = w.rows[i]
	}
	return rows
}

// audit recomputes the score of every peer every AuditEvery weeks, pairs
// it with the forward AuditHorizon-week excess return and runs the signal
// audit. Dates with fewer than three scored peers are skipped.
func (rep *SustainReport) audit(hist []analog.History, sd *sustainData) error {
	panels, err := sd.peerPanels(rep)
	if err != nil {
		return err
	}
	w := sd.weekly(rep.AsOf)
	rows := make([]*rotation.RotationRow, len(rep.Peers))
	for k, p := range rep.Peers {
		rows[k] = sd.rotationRow(p.IndexSymbol)
	}
	opts := scoring.DefaultSustainOptions()
	var xs []analog.CrossSection
	for _, i := range auditWeeks(w) {
		x := analog.CrossSection{Date: w.weeks[i]}
		valid := 0
		for k, p := range rep.Peers {
			s, err := scoring.Sustain(sd.readingsAt(&panels[k], rows[k], w.rows[i], i), opts)
			if err != nil {
				return sextant.Errorf(sextant.EINTERNAL, "audit score of %s on %s: %v", p.Code, w.weeks[i].Format("2006-01-02"), err)
			}
			f := hist[k].Forward[AuditHorizon][i]
			x.Names, x.Score, x.Forward = append(x.Names, p.Code), append(x.Score, s.Score), append(x.Forward, f)
			if !math.IsNaN(s.Score) && !math.IsNaN(f) {
				valid++
			}
		}
		if valid < analog.DefaultAuditParams().MinPairs {
			break // earlier weeks have even less history
		}
		xs = append(xs, x)
	}
	if len(xs) == 0 {
		rep.note("no signal audit: too little history to score the peers")
		return nil
	}
	for a, b := 0, len(xs)-1; a < b; a, b = a+1, b-1 {
		xs[a], xs[b] = xs[b], xs[a]
	}
	a, err := analog.SignalAudit(xs, analog.DefaultAuditParams())
	if err != nil {
		return sextant.Errorf(sextant.EINTERNAL, "signal audit: %v", err)
	}
	rep.Audit = &SustainAudit{Dims: auditDims, Excluded: auditExcluded, Every: AuditEvery, Horizon: AuditHorizon, Peers: len(rep.Peers), Audit: a}
	return nil
}

// Verdict says in words how well the score has ranked the peers: "useful"
// when the mean IC is positive with t ≥ 2, "weak" when it is positive
// without significance, "none" otherwise (no dates, a mean IC ≤ 0).
func (a *SustainAudit) Verdict() string {
	switch {
	case a == nil || a.Audit == nil || a.N == 0 || math.IsNaN(a.MeanIC) || a.MeanIC <= 0:
		return "none"
	case a.TStat >= 2:
		return "useful"
	}
	return "weak"
}
