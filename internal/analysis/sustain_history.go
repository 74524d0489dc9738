package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/analog"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/rotation"
	"github.com/sextant-ai/sextant/internal/series"
)

// The base-rate state dimensions, in relaxation order: when too few
// episodes match, dimensions are dropped from the end.
const (
	DimQuadrant = "quadrant"
	DimMomentum = "momentum_decile"
	DimFlow     = "flow_sign"
	DimCrowding = "crowding_decile"
)

// StateDims are the base-rate dimensions in relaxation order.
var StateDims = []string{DimQuadrant, DimMomentum, DimFlow, DimCrowding}

// weekly holds the weekly sampling rows shared by base rates and the audit.
type weekly struct {
	rows  []int       // rows of sd.dates that end each week
	weeks []time.Time // their dates
	bench []float64   // benchmark weekly closes
}

func (sd *sustainData) weekly(asOf time.Time) weekly {
	rows := series.WeekEnds(sd.dates, asOf)
	return weekly{rows: rows, weeks: series.Pick(sd.dates, rows), bench: series.Resample(sd.bench, rows)}
}

// flowSource picks the flow-sign dataset: members' margin net purchases,
// else members' main-force flows, else themed-ETF creations.
func (sd *sustainData) flowSource() (string, *flows.SectorFlows) {
	switch {
	case sd.margin != nil:
		return "margin_net_purchase", sd.margin
	case sd.main != nil:
		return "main_net_flow", sd.main
	case sd.etf != nil:
		return "etf_net_creation", sd.etf
	}
	return "", nil
}

// histories builds every peer's weekly states and forward 4- and 12-week
// excess returns over the benchmark.
func (sd *sustainData) histories(rep *SustainReport) []analog.History {
	w := sd.weekly(rep.AsOf)
	_, flowSet := sd.flowSource()
	crowd := rotation.DefaultCrowdingParams()
	hist := make([]analog.History, len(rep.Peers))
	mom := make([][]float64, len(w.rows)) // [week][peer] RS-Momentum
	for i := range mom {
		mom[i] = make([]float64, len(rep.Peers))
	}
	for k, p := range rep.Peers {
		col, _ := sd.idx.Column(p.IndexSymbol)
		closes := series.Resample(col, w.rows)
		h := analog.History{Sector: p.Code, Weeks: w.weeks, States: make([]analog.State, len(w.rows)), Forward: map[int][]float64{}}
		for _, hz := range analog.DefaultParams().Horizons {
			h.Forward[hz] = analog.ForwardExcess(closes, w.bench, hz)
		}
		row := sd.rotationRow(p.IndexSymbol)
		flow := window20(sectorSeries(flowSet, p))
		share := rotation.TurnoverShare(sd.sectorAmount(p.Code), sd.marketAmount(), crowd.Window)
		for i, r := range w.rows {
			mom[i][k] = nan
			if row == nil || row.History[i].Quadrant == rotation.None {
				continue
			}
			mom[i][k] = row.History[i].RSMomentum
			st := analog.State{DimQuadrant: string(row.History[i].Quadrant), DimFlow: "", DimCrowding: ""}
			if flow != nil {
				st[DimFlow] = signLabel(flow.Sum[r])
			}
			st[DimCrowding] = decile(series.PercentileInWindow(share, r, crowd.Lookback, crowd.MinHistory))
			h.States[i] = st
		}
		hist[k] = h
	}
	for i := range w.rows {
		for k, pct := range series.Percentile(mom[i]) {
			if st := hist[k].States[i]; st != nil {
				st[DimMomentum] = decile(pct)
			}
		}
	}
	return hist
}

// decile maps a percentile in (0, 1] to "1" … "10" (⌈10·p⌉); "" for NaN.
func decile(p float64) string {
	if math.IsNaN(p) {
		return ""
	}
	return strconv.Itoa(min(10, max(1, int(math.Ceil(10*p-1e-9)))))
}

func signLabel(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case v > 0:
		return "+"
	case v < 0:
		return "-"
	}
	return "0"
}

// baseRate queries the base rate of the sector's current state, dropping
// dimensions from the end (crowding, flow, momentum) while the 4-week
// horizon has fewer than MinN episodes or the state is unknown on them.
func (rep *SustainReport) baseRate(hist []analog.History, sd *sustainData) {
	var h *analog.History
	for k := range hist {
		if hist[k].Sector == rep.Sector.Code {
			h = &hist[k]
		}
	}
	if h == nil || len(h.Weeks) == 0 || h.States[len(h.Weeks)-1] == nil {
		rep.note("no base rate: the sector has no rotation quadrant in its last week (too little weekly history)")
		return
	}
	last := len(h.Weeks) - 1
	src, _ := sd.flowSource()
	br := &SustainBaseRate{Week: h.Weeks[last], State: h.States[last], FlowSource: src, Sectors: len(hist), From: h.Weeks[0], To: h.Weeks[last]}
	p := analog.DefaultParams()
	var reasons []string
	for k := len(StateDims); k >= 1; k-- {
		p.Dims = StateDims[:k]
		res, err := analog.BaseRates(hist, rep.Sector.Code, rep.AsOf, p)
		if err != nil {
			reasons = append(reasons, fmt.Sprintf("%s is unknown this week", StateDims[k-1]))
			continue
		}
		br.Result, br.Dims, br.Dropped = res, StateDims[:k], StateDims[k:]
		n := res.Outcomes[0].N
		if n >= p.MinN || k == 1 {
			break
		}
		reasons = append(reasons, fmt.Sprintf("%d episodes < %d with %s", n, p.MinN, strings.Join(StateDims[:k], " × ")))
	}
	if br.Result == nil {
		rep.note("no base rate: the sector's state is unknown")
		return
	}
	if len(br.Dropped) > 0 {
		br.Relaxation = "dropped " + strings.Join(br.Dropped, ", ") + ": " + strings.Join(reasons, "; ")
	}
	rep.BaseRate = br
}
