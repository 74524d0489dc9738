package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/evidence"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report"
)

type explainOptions struct {
	Report string
	JSON   bool
}

func newExplainCmd(app *App) *cobra.Command {
	var o explainOptions
	cmd := &cobra.Command{
		Use:   "explain FACT --report FILE.json",
		Short: "How a figure of a report was computed: formula, inputs, window, data rows used",
		Long: `Every figure of a Sextant report is a fact of its ledger (F1, F2, …).
explain prints one fact's provenance from a report saved with
` + "`sextant report … --format json --out FILE.json`" + `: its value and unit, the
window and dates, the formula and what it means, the intermediate figures,
the datasets, symbols and ingest runs it read, the stored rows that decide
it, the citation it is quoted from (for figures stated by documents) and
where the report uses it.`,
		Example: `  sextant report sector 国防军工 --format json --out defense.json
  sextant explain F1 --report defense.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(cmd, fmt.Errorf("need one FACT id (F1, F2, …), got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExplain(cmd.Context(), app, args[0], o)
		},
	}
	cmd.Flags().StringVar(&o.Report, "report", "", "report JSON file written by `sextant report … --format json` (required)")
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print the fact as JSON")
	return cmd
}

func runExplain(_ context.Context, app *App, id string, o explainOptions) error {
	if o.Report == "" {
		return sextant.Errorf(sextant.EINVALID, "--report FILE.json is required")
	}
	b, err := os.ReadFile(o.Report)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "--report: %v", err)
	}
	r, err := report.ReadJSON(b)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "%s: %v", o.Report, err)
	}
	id = strings.ToUpper(strings.TrimSpace(id))
	f, ok := r.Fact(id)
	if !ok {
		return sextant.Errorf(sextant.ENOTFOUND, "%s has no fact %s (it has F1 … F%d)", o.Report, id, len(r.Facts))
	}
	if o.JSON {
		enc := json.NewEncoder(app.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(f)
	}
	return writeExplain(app.Out, r, f)
}

// writeExplain prints a fact's provenance as aligned lines.
func writeExplain(w io.Writer, r *report.Report, f evidence.Fact) error {
	label := f.Label
	if r.Lang == "zh" && f.LabelZH != "" {
		label = f.LabelZH
	}
	demo := ""
	if f.Demo {
		demo = "   (DEMO data)"
	}
	fmt.Fprintf(w, "%s  %s = %s%s\n", f.ID, label, evidence.Format(f, r.Lang), demo)
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-10s %s\n", k, v)
		}
	}
	line("value", strconv.FormatFloat(f.Value, 'g', 12, 64)+" ("+string(f.Unit)+")")
	window := f.Window
	if !f.From.IsZero() {
		window = strings.TrimSpace(window + ", " + market.FormatDate(f.From) + " → " + market.FormatDate(f.AsOf))
	} else if !f.AsOf.IsZero() {
		window = strings.TrimSpace(window + ", as of " + market.FormatDate(f.AsOf))
	}
	line("window", strings.TrimPrefix(window, ", "))
	line("symbols", joinSyms(f.Symbols))
	line("formula", strings.TrimSuffix(f.Formula+": "+f.Method, ": "))
	line("detail", f.Detail)
	for i, in := range f.Inputs {
		k := ""
		if i == 0 {
			k = "inputs"
		}
		fmt.Fprintf(w, "  %-10s %s\n", k, inputWords(in))
	}
	for i, row := range f.Rows {
		k := ""
		if i == 0 {
			k = "rows used"
		}
		fmt.Fprintf(w, "  %-10s %s %s %s %s = %s\n", k, row.Dataset, row.Symbol, market.FormatDate(row.Date), row.Field,
			strconv.FormatFloat(row.Value, 'f', -1, 64))
	}
	if f.Citation != "" {
		if ref, ok := r.Reference(f.Citation); ok && ref.Citation != nil {
			c := ref.Citation
			line("quoted", fmt.Sprintf("[%d] %s — %s, %s %s", ref.N, c.Title, c.Publisher, market.FormatDate(c.PublishedAt), c.URL))
		}
	}
	line("used in", strings.Join(usedIn(r, f.ID), "; "))
	return nil
}

func inputWords(in evidence.Input) string {
	parts := []string{string(in.Dataset)}
	if s := joinSyms(in.Symbols); s != "" {
		parts = append(parts, s)
	}
	if in.Members > 0 {
		parts = append(parts, fmt.Sprintf("%d members", in.Members))
	}
	if !in.From.IsZero() || !in.To.IsZero() {
		parts = append(parts, market.FormatDate(in.From)+" → "+market.FormatDate(in.To))
	}
	if in.Field != "" {
		parts = append(parts, in.Field)
	}
	if len(in.Runs) > 0 {
		runs := make([]string, len(in.Runs))
		for i, r := range in.Runs {
			runs[i] = "#" + strconv.FormatInt(r, 10)
		}
		parts = append(parts, "ingest runs "+strings.Join(runs, ", "))
	}
	return strings.Join(parts, " · ")
}

func joinSyms(ss []market.Symbol) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	if len(out) > 12 {
		return strings.Join(out[:12], ", ") + fmt.Sprintf(" … (%d)", len(out))
	}
	return strings.Join(out, ", ")
}

// usedIn lists the sections whose text shows the fact.
func usedIn(r *report.Report, id string) []string {
	mark := report.FactMark(id)
	var out []string
	for _, s := range r.Sections {
		b, _ := json.Marshal(s)
		if strings.Contains(string(b), mark) || chartUses(s, id) {
			out = append(out, s.Title)
		}
	}
	return out
}

func chartUses(s report.Section, id string) bool {
	for _, bl := range s.Blocks {
		if bl.Chart == nil {
			continue
		}
		for _, se := range bl.Chart.Series {
			for _, f := range se.Facts {
				if f == id {
					return true
				}
			}
		}
	}
	return false
}
