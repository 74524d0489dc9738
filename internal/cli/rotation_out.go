package cli

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report/chart"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// jnum is a float that encodes NaN and ±Inf as JSON null.
type jnum float64

func (f jnum) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

func jnums(m map[string]float64) map[string]jnum {
	out := make(map[string]jnum, len(m))
	for k, v := range m {
		out[k] = jnum(v)
	}
	return out
}

// The wire shape of `sextant rotation --format json` (a stable contract).
type rotationJSONDoc struct {
	AsOf      string            `json:"asof"`
	Benchmark string            `json:"benchmark"`
	Freq      string            `json:"freq"`
	Window    int               `json:"window"`
	Tail      int               `json:"tail"`
	Demo      bool              `json:"demo"`
	BenchRet  map[string]jnum   `json:"benchmark_returns"`
	Rows      []rotationJSONRow `json:"rows"`
}

type rotationJSONRow struct {
	Symbol     string          `json:"symbol"`
	Name       string          `json:"name"`
	NameEN     string          `json:"name_en,omitempty"`
	RSRatio    jnum            `json:"rs_ratio"`
	RSMomentum jnum            `json:"rs_momentum"`
	Quadrant   *string         `json:"quadrant"`
	HeadingDeg jnum            `json:"heading_deg"`
	Distance   jnum            `json:"distance"`
	TailLength jnum            `json:"tail_length"`
	Tail       []tailJSON      `json:"tail"`
	Returns    map[string]jnum `json:"returns"`
	Excess     map[string]jnum `json:"excess"`
	Rank1M     *int            `json:"rank_1m"`
}

type tailJSON struct {
	Date       string `json:"date"`
	RSRatio    jnum   `json:"rs_ratio"`
	RSMomentum jnum   `json:"rs_momentum"`
}

func rotationJSON(w io.Writer, r *analysis.Rotation) error {
	doc := rotationJSONDoc{AsOf: market.FormatDate(r.AsOf), Benchmark: string(r.Benchmark), Freq: string(r.Params.Freq),
		Window: r.Params.Window, Tail: r.Params.Tail, Demo: r.Demo, BenchRet: jnums(r.BenchRet), Rows: []rotationJSONRow{}}
	for _, row := range sortedRows(r) {
		jr := rotationJSONRow{Symbol: string(row.Symbol), Name: row.Name, NameEN: r.NamesEN[row.Symbol],
			RSRatio: jnum(row.RSRatio), RSMomentum: jnum(row.RSMomentum), HeadingDeg: jnum(row.HeadingDeg),
			Distance: jnum(row.Distance), TailLength: jnum(row.TailLength), Tail: []tailJSON{},
			Returns: jnums(row.Returns), Excess: jnums(row.Excess)}
		if row.Quadrant != rotation.None {
			q := string(row.Quadrant)
			jr.Quadrant = &q
		}
		if row.Rank1M > 0 {
			rk := row.Rank1M
			jr.Rank1M = &rk
		}
		for _, p := range row.Tail {
			jr.Tail = append(jr.Tail, tailJSON{market.FormatDate(p.Date), jnum(p.RSRatio), jnum(p.RSMomentum)})
		}
		doc.Rows = append(doc.Rows, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

var csvWindows = []string{"1w", "1m", "3m", "6m", "1y", "ytd"}

func rotationCSV(w io.Writer, r *analysis.Rotation) error {
	cw := csv.NewWriter(w)
	header := []string{"asof", "benchmark", "symbol", "name", "rs_ratio", "rs_momentum", "quadrant", "heading_deg", "distance", "tail_length", "rank_1m"}
	for _, k := range csvWindows {
		header = append(header, "return_"+k)
	}
	for _, k := range csvWindows {
		header = append(header, "excess_"+k)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	f := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, row := range sortedRows(r) {
		rank := ""
		if row.Rank1M > 0 {
			rank = strconv.Itoa(row.Rank1M)
		}
		rec := []string{market.FormatDate(r.AsOf), string(r.Benchmark), string(row.Symbol), row.Name, f(row.RSRatio), f(row.RSMomentum),
			string(row.Quadrant), f(row.HeadingDeg), f(row.Distance), f(row.TailLength), rank}
		for _, k := range csvWindows {
			rec = append(rec, f(row.Returns[k]))
		}
		for _, k := range csvWindows {
			rec = append(rec, f(row.Excess[k]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// rotationSeries converts the board's tails for the chart.
func rotationSeries(r *analysis.Rotation) []chart.RotationSeries {
	var out []chart.RotationSeries
	for _, row := range sortedRows(r) {
		label := string(row.Symbol)
		if row.Name != "" {
			label += " " + row.Name
		}
		s := chart.RotationSeries{Label: label}
		for _, p := range row.Tail {
			s.Tail = append(s.Tail, chart.RotationPoint{Date: p.Date, X: p.RSRatio, Y: p.RSMomentum})
		}
		out = append(out, s)
	}
	return out
}

func rotationChartOptions(r *analysis.Rotation) chart.RotationOptions {
	o := chart.RotationOptions{Title: rotationTitle(r), Subtitle: "x: RS-Ratio · y: RS-Momentum · tails oldest → newest"}
	if r.Demo {
		o.Footer = "DEMO data: synthetic market generated by `sextant demo`; not real prices."
	}
	return o
}
