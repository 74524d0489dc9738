package cli

import (
	"encoding/json"
	"io"
	"time"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/market"
)

// The wire shape of `sextant sustain --format json` (a stable contract,
// documented in the command's help and docs/methodology.md).
type sustainJSONDoc struct {
	AsOf       string              `json:"asof"`
	Benchmark  string              `json:"benchmark"`
	Demo       bool                `json:"demo"`
	Sector     sectorJSON          `json:"sector"`
	Peers      int                 `json:"peers"`
	Score      jnum                `json:"score"`
	Label      string              `json:"label"`
	Coverage   jnum                `json:"coverage"`
	Dimensions []dimensionJSON     `json:"dimensions"`
	BaseRate   *sustainBaseRateDoc `json:"base_rate"`
	Audit      *sustainAuditDoc    `json:"audit"`
	Notes      []string            `json:"notes"`
}

type dimensionJSON struct {
	Dimension string        `json:"dimension"`
	Score     jnum          `json:"score"`
	Weight    jnum          `json:"weight"`
	Share     jnum          `json:"share"`
	Signal    string        `json:"signal"`
	Missing   bool          `json:"missing"`
	Note      string        `json:"note,omitempty"`
	Readings  []readingJSON `json:"readings"`
}

type readingJSON struct {
	Name    string   `json:"name"`
	Value   jnum     `json:"value"`
	Score   jnum     `json:"score"`
	Symbols []string `json:"symbols"`
	Members int      `json:"members"`
	Window  string   `json:"window"`
	From    string   `json:"from,omitempty"`
	Date    string   `json:"date,omitempty"`
	Detail  string   `json:"detail,omitempty"`
	Note    string   `json:"note,omitempty"`
}

type sustainBaseRateDoc struct {
	Week       string            `json:"week"`
	State      map[string]string `json:"state"`
	Dims       []string          `json:"dims"`
	Dropped    []string          `json:"dropped"`
	Relaxation string            `json:"relaxation"`
	FlowSource string            `json:"flow_source"`
	Sectors    int               `json:"sectors"`
	From       string            `json:"from"`
	To         string            `json:"to"`
	MinN       int               `json:"min_n"`
	Horizons   []horizonJSON     `json:"horizons"`
}

type horizonJSON struct {
	Weeks       int  `json:"weeks"`
	Matches     int  `json:"matches"`
	N           int  `json:"n"`
	Mean        jnum `json:"mean"`
	Median      jnum `json:"median"`
	HitRate     jnum `json:"hit_rate"`
	Lo          jnum `json:"lo"`
	Hi          jnum `json:"hi"`
	Level       jnum `json:"level"`
	SmallSample bool `json:"small_sample"`
}

type sustainAuditDoc struct {
	Dimensions   []string `json:"dimensions"`
	Excluded     []string `json:"excluded"`
	EveryWeeks   int      `json:"every_weeks"`
	HorizonWeeks int      `json:"horizon_weeks"`
	Peers        int      `json:"peers"`
	From         string   `json:"from"`
	To           string   `json:"to"`
	Dates        int      `json:"dates"`
	MeanIC       jnum     `json:"mean_ic"`
	SDIC         jnum     `json:"sd_ic"`
	TStat        jnum     `json:"t_stat"`
	HitRate      jnum     `json:"hit_rate"`
	SpreadDates  int      `json:"spread_dates"`
	MeanSpread   jnum     `json:"mean_spread"`
	SpreadT      jnum     `json:"spread_t"`
	Verdict      string   `json:"verdict"`
}

func dateOrEmpty(d time.Time) string {
	if d.IsZero() {
		return ""
	}
	return market.FormatDate(d)
}

func sustainJSON(w io.Writer, r *analysis.SustainReport) error {
	s := r.Sector
	doc := sustainJSONDoc{AsOf: market.FormatDate(r.AsOf), Benchmark: string(r.Benchmark), Demo: r.Demo,
		Sector: sectorJSON{s.Taxonomy, s.Code, s.Name, s.NameEN, string(s.IndexSymbol)}, Peers: len(r.Peers),
		Score: jnum(r.Score.Score), Label: string(r.Score.Label), Coverage: jnum(r.Score.Coverage),
		Dimensions: []dimensionJSON{}, Notes: r.Notes}
	if doc.Notes == nil {
		doc.Notes = []string{}
	}
	for _, d := range r.Score.Dimensions {
		dj := dimensionJSON{Dimension: string(d.Dimension), Score: jnum(d.Score), Weight: jnum(d.Weight), Share: jnum(d.Share),
			Signal: string(d.Signal), Missing: d.Missing, Note: d.Note, Readings: []readingJSON{}}
		for _, c := range d.Components {
			src, _ := r.Source(c.Name)
			rj := readingJSON{Name: c.Name, Value: jnum(c.Reading), Score: jnum(c.Score), Symbols: []string{}, Members: src.Members,
				Window: src.Window, From: dateOrEmpty(src.From), Date: dateOrEmpty(src.Date), Detail: src.Detail, Note: src.Note}
			for _, sym := range src.Symbols {
				rj.Symbols = append(rj.Symbols, string(sym))
			}
			dj.Readings = append(dj.Readings, rj)
		}
		doc.Dimensions = append(doc.Dimensions, dj)
	}
	if br := r.BaseRate; br != nil {
		doc.BaseRate = &sustainBaseRateDoc{Week: market.FormatDate(br.Week), State: map[string]string(br.State), Dims: br.Dims,
			Dropped: append([]string{}, br.Dropped...), Relaxation: br.Relaxation, FlowSource: br.FlowSource, Sectors: br.Sectors,
			From: market.FormatDate(br.From), To: market.FormatDate(br.To), MinN: br.Result.Params.MinN, Horizons: []horizonJSON{}}
		for _, o := range br.Result.Outcomes {
			doc.BaseRate.Horizons = append(doc.BaseRate.Horizons, horizonJSON{Weeks: o.Horizon, Matches: o.Matches, N: o.N,
				Mean: jnum(o.Mean), Median: jnum(o.Median), HitRate: jnum(o.HitRate), Lo: jnum(o.Lo), Hi: jnum(o.Hi),
				Level: jnum(br.Result.Params.Level), SmallSample: o.SmallSample})
		}
	}
	if a := r.Audit; a != nil {
		dims := make([]string, len(a.Dims))
		for i, d := range a.Dims {
			dims[i] = string(d)
		}
		doc.Audit = &sustainAuditDoc{Dimensions: dims, Excluded: a.Excluded, EveryWeeks: a.Every, HorizonWeeks: a.Horizon, Peers: a.Peers,
			From: market.FormatDate(a.From), To: market.FormatDate(a.To), Dates: a.N, MeanIC: jnum(a.MeanIC), SDIC: jnum(a.SDIC),
			TStat: jnum(a.TStat), HitRate: jnum(a.HitRate), SpreadDates: a.SpreadN, MeanSpread: jnum(a.MeanSpread), SpreadT: jnum(a.SpreadT),
			Verdict: a.Verdict()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
