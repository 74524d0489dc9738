package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/chromium"
	"github.com/sextant-ai/sextant/internal/compose"
	"github.com/sextant-ai/sextant/internal/fulltext"
	"github.com/sextant-ai/sextant/internal/report"
)

type reportOptions struct {
	Taxonomy, Benchmark, AsOf, Lang, Format, Out, Question, Chromium string
}

// reportFormats are the formats of `sextant report`, in help order.
var reportFormats = []string{"term", "md", "json", "html", "pdf"}

// pdfTimeout bounds printing a report to PDF: starting the browser,
// loading the page and printing take about a second.
const pdfTimeout = 2 * time.Minute

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
section whose data is missing says so and why.

--format html writes one self-contained page (inline styles and SVG charts,
nothing fetched) where hovering a figure shows how it was computed and every
reference number links to its reference. --format pdf prints that page to an
A4 PDF with a headless Chromium (found on PATH, or --chromium PATH).`,
		Example: `  sextant report sector 国防军工
  sextant report sector defense --lang zh --format md --out defense.md
  sextant report sector 801740 --asof 2026-10-30 --format json --out r.json
  sextant report sector 国防军工 --format html --out defense.html
  sextant report sector 国防军工 --lang zh --format pdf --out defense.pdf`,
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
	f.StringVar(&o.Chromium, "chromium", "", "Chromium or Chrome executable for --format pdf (default: chromium, chromium-browser or google-chrome on PATH)")
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
	src, done, err := app.openSources(ctx)
	if err != nil {
		return err
	}
	defer done()
	rep, err := compose.Sector(ctx, src, compose.SectorRequest{
		Sector: sector, Taxonomy: o.Taxonomy, Benchmark: o.Benchmark, AsOf: asOf, Lang: o.Lang,
		Question: o.Question, Generator: "sextant " + sextant.Version, Now: app.Now,
	})
	if err != nil {
		return err
	}
	return writeOutput(app, o.Out, o.Format, func(w io.Writer) error { return render(ctx, w, rep) })
}

// reportRenderer checks --format, --lang and, for PDF, the output and the
// browser before any work.
func reportRenderer(app *App, o reportOptions) (func(context.Context, io.Writer, *report.Report) error, error) {
	if o.Lang != "en" && o.Lang != "zh" {
		return nil, sextant.Errorf(sextant.EINVALID, "--lang %q: want en or zh", o.Lang)
	}
	if o.Chromium != "" && o.Format != "pdf" {
		return nil, sextant.Errorf(sextant.EINVALID, "--chromium is for --format pdf")
	}
	switch o.Format {
	case "term":
		color := o.Out == "" && isTerminal(app.Out) && os.Getenv("NO_COLOR") == ""
		width := terminalWidth(app.Out)
		return func(_ context.Context, w io.Writer, r *report.Report) error {
			_, err := w.Write(report.Terminal(r, report.TermOptions{Width: width, Color: color}))
			return err
		}, nil
	case "md":
		return func(_ context.Context, w io.Writer, r *report.Report) error {
			_, err := w.Write(report.Markdown(r))
			return err
		}, nil
	case "json":
		return func(_ context.Context, w io.Writer, r *report.Report) error {
			b, err := report.JSON(r)
			if err != nil {
				return sextant.Errorf(sextant.EINTERNAL, "report JSON: %v", err)
			}
			_, err = w.Write(b)
			return err
		}, nil
	case "html":
		return func(_ context.Context, w io.Writer, r *report.Report) error {
			b, err := report.HTML(r, report.HTMLOptions{})
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}, nil
	case "pdf":
		return pdfRenderer(app, o)
	}
	return nil, sextant.Errorf(sextant.EINVALID, "--format %q: want %s", o.Format, formatList(reportFormats))
}

// pdfRenderer prints the HTML report to an A4 PDF through a headless
// Chromium. It refuses to write PDF to a terminal and says how to get a
// browser when none is found.
func pdfRenderer(app *App, o reportOptions) (func(context.Context, io.Writer, *report.Report) error, error) {
	if o.Out == "" && isTerminal(app.Out) {
		return nil, sextant.Errorf(sextant.EINVALID, "--format pdf writes binary data: pass --out FILE")
	}
	browser, err := chromium.Lookup(o.Chromium)
	if err != nil {
		return nil, sextant.Errorf(sextant.EUNAVAILABLE,
			"--format pdf needs a headless Chromium: %s; or write --format html and print it from a browser", sextant.ErrorMessage(err))
	}
	return func(ctx context.Context, w io.Writer, r *report.Report) error {
		page, err := report.HTML(r, report.HTMLOptions{})
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
		defer cancel()
		pdf, err := chromium.PDF(ctx, page, chromium.PDFOptions{
			Options: chromium.Options{Path: browser}, Paper: chromium.A4, FooterHTML: pdfFooter,
		})
		if err != nil {
			return err
		}
		_, err = w.Write(pdf)
		return err
	}, nil
}

// pdfFooter numbers the printed pages: "3 / 12".
const pdfFooter = `<div style="width:100%;font-size:8px;color:#5b6575;text-align:center;font-family:sans-serif">` +
	`<span class="pageNumber"></span> / <span class="totalPages"></span></div>`

// openSources opens the store read-only and, when it exists, the
// full-text index beside it: what reports and the copilot read. The index
// helps only when no document is linked to a sector; the store stays the
// truth (hits it lacks are dropped). done closes both.
func (a *App) openSources(ctx context.Context) (compose.Sources, func(), error) {
	st, err := a.openReadStore(ctx)
	if err != nil {
		return compose.Sources{}, nil, err
	}
	src := compose.Sources{Data: st, Status: st, Docs: st, Runs: st}
	done := func() { st.Close() }
	if _, err := os.Stat(a.cfg.IndexPath()); err == nil {
		if x, err := fulltext.Open(a.cfg.IndexPath(), fulltext.Options{ReadOnly: true}); err == nil {
			src.Index = x
			done = func() { x.Close(); st.Close() }
		} else {
			a.logger.Warn("full-text index not used", "err", sextant.ErrorMessage(err))
		}
	}
	return src, done, nil
}
