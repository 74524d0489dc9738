package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/report/chart"
	"github.com/sextant-ai/sextant/internal/rotation"
)

type rotationOptions struct {
	Taxonomy  string
	Symbols   string
	Benchmark string
	Freq      string
	Window    int
	Tail      int
	AsOf      string
	Format    string
	Out       string
}

func newRotationCmd(app *App) *cobra.Command {
	var o rotationOptions
	cmd := &cobra.Command{
		Use:   "rotation (--taxonomy NAME[:LEVEL] | --symbols A,B,…) [--benchmark SYM]",
		Short: "Relative rotation and performance of sectors or instruments against a benchmark",
		Long: `Relative rotation (RS-Ratio, RS-Momentum, quadrant, heading, tails) and the
performance table (1W/1M/3M/6M/1Y/YTD returns, excess over the benchmark,
rank) of the sectors of a taxonomy level or of a list of symbols, as of a
trading day. Formulas: docs/methodology.md.

Returns in JSON and CSV are fractions (0.05 = 5%).`,
		Example: `  sextant rotation --taxonomy sw2021:1 --benchmark 000300.SH
  sextant rotation --symbols XLK,XLE,XLF,XLV --benchmark SPY --format json
  sextant rotation --taxonomy sw2021 --format svg --out rotation.svg`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRotation(cmd.Context(), app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Taxonomy, "taxonomy", "", "taxonomy and level, e.g. sw2021:1")
	f.StringVar(&o.Symbols, "symbols", "", "comma-separated symbols (venue optional when unambiguous)")
	f.StringVar(&o.Benchmark, "benchmark", "", "benchmark symbol (default: 000300.SH, else SPY.US, if stored)")
	f.StringVar(&o.Freq, "freq", "weekly", "sampling: weekly or daily")
	f.IntVar(&o.Window, "window", 14, "N of the rolling mean and deviation, in samples")
	f.IntVar(&o.Tail, "tail", 8, "points per tail")
	f.StringVar(&o.AsOf, "asof", "", "as-of date YYYY-MM-DD (default: the benchmark's latest day)")
	f.StringVar(&o.Format, "format", "table", "table, json, csv, svg or png")
	f.StringVar(&o.Out, "out", "", "write to FILE instead of standard output")
	return cmd
}

func runRotation(ctx context.Context, app *App, o rotationOptions) error {
	req, err := o.request()
	if err != nil {
		return err
	}
	return runAnalysis(ctx, app, o.Format, o.Out, []string{"table", "json", "csv", "svg", "png"}, rotationRenderers,
		func(ctx context.Context, st market.Store) (*analysis.Rotation, error) {
			return analysis.RunRotation(ctx, st, req)
		})
}

func (o rotationOptions) request() (analysis.RotationRequest, error) {
	req := analysis.RotationRequest{Benchmark: o.Benchmark, Params: rotation.RotationParams{Freq: rotation.Freq(o.Freq), Window: o.Window, Tail: o.Tail}}
	switch {
	case o.Taxonomy != "" && o.Symbols != "":
		return req, sextant.Errorf(sextant.EINVALID, "give --taxonomy or --symbols, not both")
	case o.Taxonomy != "":
		tax, level, err := analysis.ParseTaxonomy(o.Taxonomy)
		if err != nil {
			return req, sextant.Errorf(sextant.EINVALID, "--taxonomy: %s", sextant.ErrorMessage(err))
		}
		req.Taxonomy, req.Level = tax, level
	case o.Symbols != "":
		for _, s := range strings.Split(o.Symbols, ",") {
			if s = strings.TrimSpace(s); s != "" {
				req.Symbols = append(req.Symbols, s)
			}
		}
	default:
		return req, sextant.Errorf(sextant.EINVALID, "give --taxonomy NAME[:LEVEL] or --symbols A,B,…")
	}
	if o.Freq != "weekly" && o.Freq != "daily" {
		return req, sextant.Errorf(sextant.EINVALID, "--freq %q: want weekly or daily", o.Freq)
	}
	if o.Window < 2 {
		return req, sextant.Errorf(sextant.EINVALID, "--window %d: want at least 2", o.Window)
	}
	if o.Tail < 1 {
		return req, sextant.Errorf(sextant.EINVALID, "--tail %d: want at least 1", o.Tail)
	}
	var err error
	req.AsOf, err = parseAsOf(o.AsOf)
	return req, err
}

var rotationRenderers = renderers[*analysis.Rotation]{
	"table": rotationTable,
	"json":  rotationJSON,
	"csv":   rotationCSV,
	"svg": func(w io.Writer, r *analysis.Rotation) error {
		return chart.RotationSVG(w, rotationSeries(r), rotationChartOptions(r))
	},
	"png": func(w io.Writer, r *analysis.Rotation) error {
		return chart.RotationPNG(w, rotationSeries(r), rotationChartOptions(r))
	},
}

// writeOutput sends a rendering to --out (written whole, then renamed, so a
// failure leaves no partial file) or to standard output. Binary formats are
// not written to a terminal.
func writeOutput(app *App, out, format string, render func(io.Writer) error) error {
	if out == "" {
		if format == "png" && isTerminal(app.Out) {
			return sextant.Errorf(sextant.EINVALID, "--format png writes binary data: pass --out FILE")
		}
		return render(app.Out)
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "--out: %v", err)
	}
	if err := render(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return sextant.Errorf(sextant.EINTERNAL, "write %s: %v", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return sextant.Errorf(sextant.EINTERNAL, "write %s: %v", out, err)
	}
	fmt.Fprintf(app.Err, "wrote %s\n", out)
	return nil
}

// sortedRows orders the board by 1-month rank (unranked last), then symbol.
func sortedRows(r *analysis.Rotation) []rotation.BoardRow {
	rows := append([]rotation.BoardRow(nil), r.Rows...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].Rank1M, rows[j].Rank1M
		if (a == 0) != (b == 0) {
			return a != 0
		}
		if a != b {
			return a < b
		}
		return rows[i].Symbol < rows[j].Symbol
	})
	return rows
}

func rotationTitle(r *analysis.Rotation) string {
	demo := ""
	if r.Demo {
		demo = "DEMO · "
	}
	return fmt.Sprintf("%sRelative rotation vs %s as of %s (%s, N=%d, tail %d)", demo, r.Benchmark,
		market.FormatDate(r.AsOf), r.Params.Freq, r.Params.Window, r.Params.Tail)
}

func rotationTable(w io.Writer, r *analysis.Rotation) error {
	fmt.Fprintln(w, rotationTitle(r))
	t := &table{
		header: []string{"rank", "symbol", "name", "quadrant", "RS-Ratio", "RS-Mom", "heading", "1W", "1M", "3M", "YTD", "excess 1M", "excess 3M"},
		right:  []bool{true, false, false, false, true, true, true, true, true, true, true, true, true},
	}
	for _, row := range sortedRows(r) {
		rank := "—"
		if row.Rank1M > 0 {
			rank = strconv.Itoa(row.Rank1M)
		}
		t.add(rank, string(row.Symbol), truncate(row.Name, 14), dash(string(row.Quadrant)), num(row.RSRatio, 2), num(row.RSMomentum, 2),
			deg(row.HeadingDeg), pct(row.Returns["1w"]), pct(row.Returns["1m"]), pct(row.Returns["3m"]), pct(row.Returns["ytd"]),
			pct(row.Excess["1m"]), pct(row.Excess["3m"]))
	}
	if err := t.render(w); err != nil {
		return err
	}
	if r.Demo {
		fmt.Fprintln(w, "DEMO data: a synthetic market generated by `sextant demo`; not real prices.")
	}
	return nil
}

func num(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func deg(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.0f°", v)
}
