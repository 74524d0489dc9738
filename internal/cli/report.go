package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/compose"
	"github.com/sextant-ai/sextant/internal/report"
	"github.com/sextant-ai/sextant/internal/research"
)

type reportOptions struct {
	Taxonomy, Benchmark, AsOf, Lang, Format, Out, Question string
}

// reportFormats are the formats of `sextant report`, in help order.
var reportFormats = []string{"term", "md", "json"}

func newReportCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Research reports: every figure a traceable fact, every claim a cited document",
	}
	cmd.AddCommand(newReportSectorCmd(app))
	return cmd
}

func newReportSectorCmd(app *App) *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "sector NAME|SYMBOL",
		Short: "The research report on one sector: drivers, flows, sustainability with base rate, opportunities, risks",
		Long: `A sell-side-style sector note computed from the store: related instruments,
key findings, market position (performance, relative rotation), drivers
(technology, policy, orders & fundamentals, capital flows), sustainability
with its historical base rate, opportunities (ETF tiers, Orders + Pipeline +
Technology scores), style rotation, risks, a rule-based conclusion,
numbered references and the method with its verifier summary.

Every figure is a fact of the report's ledger (--format json lists them;
` + "`sextant explain FACT --report FILE.json`" + ` shows how one was computed). A
section whose data is missing says so and why.`,
		Example: `  sextant report sector 国防军工
  sextant report sector defense --lang zh --format md --out defense.md
  sextant report sector 801740 --asof 2026-10-30 --format json --out r.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(cmd, fmt.Errorf("need one sector (code, index symbol, name or alias), got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReportSector(cmd.Context(), app, args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Taxonomy, "taxonomy", "", "taxonomy to resolve the sector in (sw2021, csi, a user theme…)")
	f.StringVar(&o.Benchmark, "benchmark", "", "benchmark symbol (default: 000300.SH, else SPY.US)")
	f.StringVar(&o.AsOf, "asof", "", "as-of trading day YYYY-MM-DD (default: the latest)")
	f.StringVar(&o.Lang, "lang", "en", "report language: en or zh")
	f.StringVar(&o.Format, "format", "term", "output: "+formatList(reportFormats))
	f.StringVar(&o.Out, "out", "", "write to FILE instead of standard output")
	f.StringVar(&o.Question, "title", "", "title of the report (default: a question about the sector)")
	return cmd
}

func runReportSector(ctx context.Context, app *App, sector string, o reportOptions) error {
	render, err := reportRenderer(app, o)
	if err != nil {
		return err
	}
	asOf, err := parseAsOf(o.AsOf)
	if err != nil {
		return err
	}
	st, err := app.openStoreAt(ctx, app.cfg.StorePath(), true)
	if err != nil {
		if _, statErr := os.Stat(app.cfg.StorePath()); statErr != nil {
			return sextant.Errorf(sextant.ENOTFOUND, "no store at %s: run `sextant demo` for the demo market or `sextant import KIND FILE` to load data", app.cfg.StorePath())
		}
		return err
	}
	defer st.Close()
	src := compose.Sources{Data: st, Status: st}
	if d, ok := any(st).(research.DocumentReader); ok {
		src.Docs = d
	}
	if r, ok := any(st).(compose.RunFinder); ok {
		src.Runs = r
	}
	rep, err := compose.Sector(ctx, src, compose.SectorRequest{
		Sector: sector, Taxonomy: o.Taxonomy, Benchmark: o.Benchmark, AsOf: asOf, Lang: o.Lang,
		Question: o.Question, Generator: "sextant " + sextant.Version, Now: time.Now,
	})
	if err != nil {
		return err
	}
	return writeOutput(app, o.Out, o.Format, func(w io.Writer) error { return render(w, rep) })
}

// reportRenderer checks --format and --lang before any work.
func reportRenderer(app *App, o reportOptions) (func(io.Writer, *report.Report) error, error) {
	if o.Lang != "en" && o.Lang != "zh" {
		return nil, sextant.Errorf(sextant.EINVALID, "--lang %q: want en or zh", o.Lang)
	}
	switch o.Format {
	case "term":
		color := o.Out == "" && isTerminal(app.Out) && os.Getenv("NO_COLOR") == ""
		width := terminalWidth(app.Out)
		return func(w io.Writer, r *report.Report) error {
			_, err := w.Write(report.Terminal(r, report.TermOptions{Width: width, Color: color}))
			return err
		}, nil
	case "md":
		return func(w io.Writer, r *report.Report) error { _, err := w.Write(report.Markdown(r)); return err }, nil
	case "json":
		return func(w io.Writer, r *report.Report) error {
			b, err := report.JSON(r)
			if err != nil {
				return sextant.Errorf(sextant.EINTERNAL, "report JSON: %v", err)
			}
			_, err = w.Write(b)
			return err
		}, nil
	}
	return nil, sextant.Errorf(sextant.EINVALID, "--format %q: want %s", o.Format, formatList(reportFormats))
}
