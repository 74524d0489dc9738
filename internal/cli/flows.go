package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/flows"
	"github.com/sextant-ai/sextant/internal/market"
)

type flowsOptions struct {
	Sector, Taxonomy, ETF, Benchmark, AsOf, Format, Out string
}

func newFlowsCmd(app *App) *cobra.Command {
	var o flowsOptions
	cmd := &cobra.Command{
		Use:   "flows (--sector NAME|SYM | --etf SYM)",
		Short: "Capital flows of a sector or an ETF: ETF creations, margin net purchases, main-force flows",
		Long: `Capital flows as of a trading day: themed-ETF net creations (Δshares × NAV,
the close when NAV is missing) and interval returns, margin-financing net
purchases and main-force net flows summed over the sector's point-in-time
members, each with 5- and 20-day sums and z-scores against the trailing
year. Formulas: docs/methodology.md.`,
		Example: `  sextant flows --sector 军工
  sextant flows --sector "Defense & Aerospace" --format json
  sextant flows --etf 512660`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFlows(cmd.Context(), app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Sector, "sector", "", "sector code, index symbol, name or alias (中文 or English)")
	f.StringVar(&o.Taxonomy, "taxonomy", "", "taxonomy to search for --sector (default: any)")
	f.StringVar(&o.ETF, "etf", "", "one ETF symbol")
	f.StringVar(&o.Benchmark, "benchmark", "", "benchmark for ETF returns (default: 000300.SH, else SPY.US)")
	f.StringVar(&o.AsOf, "asof", "", "as-of date YYYY-MM-DD (default: latest)")
	f.StringVar(&o.Format, "format", "table", "table or json")
	f.StringVar(&o.Out, "out", "", "write to FILE instead of standard output")
	return cmd
}

func runFlows(ctx context.Context, app *App, o flowsOptions) error {
	if (o.Sector == "") == (o.ETF == "") {
		return sextant.Errorf(sextant.EINVALID, "give --sector NAME|SYM or --etf SYM (one of them)")
	}
	asOf, err := parseAsOf(o.AsOf)
	if err != nil {
		return err
	}
	req := analysis.FlowsRequest{Sector: o.Sector, Taxonomy: o.Taxonomy, ETF: o.ETF, Benchmark: o.Benchmark, AsOf: asOf}
	return runAnalysis(ctx, app, o.Format, o.Out, []string{"table", "json"},
		renderers[*analysis.FlowsReport]{"table": flowsTable, "json": flowsJSON},
		func(ctx context.Context, st market.Store) (*analysis.FlowsReport, error) {
			return analysis.RunFlows(ctx, st, req)
		})
}

// parseAsOf reads an optional --asof date.
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := market.ParseDate(s)
	if err != nil {
		return time.Time{}, sextant.Errorf(sextant.EINVALID, "--asof: %s", sextant.ErrorMessage(err))
	}
	return d, nil
}

// The wire shape of `sextant flows --format json`. Money is in the currency
// unit (yuan for A-shares); z-scores are against the trailing year.
type flowsJSONDoc struct {
	AsOf      string            `json:"asof"`
	From      string            `json:"from"`
	Sector    *sectorJSON       `json:"sector,omitempty"`
	ETF       string            `json:"etf,omitempty"`
	Benchmark string            `json:"benchmark"`
	Demo      bool              `json:"demo"`
	Measures  []flowMeasureJSON `json:"measures"`
	ETFs      []etfFlowJSON     `json:"etfs"`
	Notes     []string          `json:"notes"`
}

type sectorJSON struct {
	Taxonomy string `json:"taxonomy"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	NameEN   string `json:"name_en"`
	Symbol   string `json:"symbol"`
}

type flowMeasureJSON struct {
	Measure string         `json:"measure"`
	Label   string         `json:"label"`
	Members int            `json:"members"`
	Date    string         `json:"date"`
	Value   jnum           `json:"value"`
	Windows map[string]wjs `json:"windows"`
}

type wjs struct {
	Sum jnum `json:"sum"`
	Z   jnum `json:"z"`
}

type etfFlowJSON struct {
	Symbol         string          `json:"symbol"`
	Name           string          `json:"name"`
	Tracks         string          `json:"tracks,omitempty"`
	MappedBy       string          `json:"mapped_by,omitempty"`
	NetCreation5D  jnum            `json:"net_creation_5d"`
	NetCreation20D jnum            `json:"net_creation_20d"`
	ShareChange20D jnum            `json:"share_change_20d"`
	ShareChangePct jnum            `json:"share_change_pct_20d"`
	Z20            jnum            `json:"z_20d"`
	Returns        map[string]jnum `json:"returns"`
	Excess         map[string]jnum `json:"excess"`
}

func windowsJSON(ws []flows.WindowValue) map[string]wjs {
	out := map[string]wjs{}
	for _, w := range ws {
		out[fmt.Sprintf("%dd", w.Days)] = wjs{jnum(w.Sum), jnum(w.Z)}
	}
	return out
}

func z20(ws []flows.WindowValue) float64 {
	for _, w := range ws {
		if w.Days == 20 {
			return w.Z
		}
	}
	return math.NaN()
}

func flowsJSON(w io.Writer, r *analysis.FlowsReport) error {
	doc := flowsJSONDoc{AsOf: market.FormatDate(r.AsOf), From: market.FormatDate(r.From), ETF: string(r.ETF), Benchmark: string(r.Benchmark),
		Demo: r.Demo, Measures: []flowMeasureJSON{}, ETFs: []etfFlowJSON{}, Notes: r.Notes}
	if doc.Notes == nil {
		doc.Notes = []string{}
	}
	if s := r.Sector; s != nil {
		doc.Sector = &sectorJSON{s.Taxonomy, s.Code, s.Name, s.NameEN, string(s.IndexSymbol)}
	}
	for _, m := range r.Measures {
		doc.Measures = append(doc.Measures, flowMeasureJSON{Measure: m.Measure, Label: m.Label, Members: m.Members,
			Date: market.FormatDate(m.Snap.Date), Value: jnum(m.Snap.Value), Windows: windowsJSON(m.Snap.Windows)})
	}
	for _, e := range r.ETFs {
		doc.ETFs = append(doc.ETFs, etfFlowJSON{Symbol: string(e.Symbol), Name: e.Name, Tracks: string(e.Tracks), MappedBy: e.By,
			NetCreation5D: jnum(e.Last5.NetCreation), NetCreation20D: jnum(e.Last20.NetCreation),
			ShareChange20D: jnum(e.Last20.ShareChange), ShareChangePct: jnum(e.Last20.ShareChangePct), Z20: jnum(z20(e.Snap.Windows)),
			Returns: jnums(e.Returns), Excess: jnums(e.Excess)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func flowsTable(w io.Writer, r *analysis.FlowsReport) error {
	title := "Capital flows"
	if r.Demo {
		title = "DEMO · " + title
	}
	subject := string(r.ETF)
	if s := r.Sector; s != nil {
		subject = fmt.Sprintf("%s %s (%s, %s/%s)", s.Name, s.NameEN, s.IndexSymbol, s.Taxonomy, s.Code)
	}
	fmt.Fprintf(w, "%s — %s, as of %s (z-scores vs the trailing year; money in yuan: 亿 = 1e8, 万 = 1e4)\n", title, subject, market.FormatDate(r.AsOf))
	t := &table{header: []string{"measure", "members", "latest", "5-day sum", "z(5d)", "20-day sum", "z(20d)"}, right: []bool{false, true, true, true, true, true, true}}
	for _, m := range r.Measures {
		s5, z5, s20, zz := windowCells(m.Snap.Windows)
		latest := money(m.Snap.Value)
		if m.Measure == "financing_balance" { // a level, not a flow
			latest = strings.TrimPrefix(latest, "+")
		}
		t.add(m.Label, count(m.Members), latest, s5, z5, s20, zz)
	}
	if len(r.Measures) > 0 {
		if err := t.render(w); err != nil {
			return err
		}
	}
	if len(r.ETFs) > 0 {
		fmt.Fprintf(w, "\nETFs (returns vs %s)\n", r.Benchmark)
		e := &table{header: []string{"ETF", "name", "creation 5d", "creation 20d", "shares 20d", "z(20d)", "1W", "1M", "3M", "excess 1M"},
			right: []bool{false, false, true, true, true, true, true, true, true, true}}
		for _, x := range r.ETFs {
			e.add(string(x.Symbol), truncate(x.Name, 12), money(x.Last5.NetCreation), money(x.Last20.NetCreation), pct(x.Last20.ShareChangePct),
				num(z20(x.Snap.Windows), 2), pct(x.Returns["1w"]), pct(x.Returns["1m"]), pct(x.Returns["3m"]), pct(x.Excess["1m"]))
		}
		if err := e.render(w); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if r.Demo {
		fmt.Fprintln(w, "DEMO data: a synthetic market generated by `sextant demo`; not real prices.")
	}
	return nil
}

func windowCells(ws []flows.WindowValue) (s5, z5, s20, z20 string) {
	s5, z5, s20, z20 = "—", "—", "—", "—"
	for _, x := range ws {
		switch x.Days {
		case 5:
			s5, z5 = money(x.Sum), num(x.Z, 2)
		case 20:
			s20, z20 = money(x.Sum), num(x.Z, 2)
		}
	}
	return
}

// money formats an amount in yuan with the A-share units 亿 (1e8) and 万 (1e4).
func money(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "—"
	case a >= 1e8:
		return fmt.Sprintf("%+.2f亿", v/1e8)
	case a >= 1e4:
		return fmt.Sprintf("%+.0f万", v/1e4)
	}
	return fmt.Sprintf("%+.0f", v)
}
