package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/csvfile"
)

type importOptions struct {
	Dataset     market.Dataset
	Files       []string
	Symbol      string
	Venue       string
	Unit        string
	DryRun      bool
	SkipInvalid bool
	MaxIssues   int
}

func newImportCmd(app *App) *cobra.Command {
	var o importOptions
	kinds := make([]string, len(market.Datasets))
	for i, d := range market.Datasets {
		kinds[i] = string(d)
	}
	cmd := &cobra.Command{
		Use:   "import KIND FILE...",
		Short: "Import CSV, TXT or Parquet files into the store",
		Long: `Import market data files. KIND is one of: ` + strings.Join(kinds, ", ") + `,
or documents (JSON Lines: one document per line, docs/data-formats.md).

The layout is detected from the header: Sextant's canonical schemas
(docs/data-formats.md), AKShare exports with Chinese headers, tushare,
baostock, yfinance, Stooq (daily CSV and bulk .txt), long files with a
symbol column, wide date × symbol files, and Parquet bars.

Each file is written in one transaction: a file with an invalid row writes
nothing (use --skip-invalid to import the valid rows and write the rejected
ones to FILE.rejects.csv). Re-importing a file changes nothing.`,
		Example: `  sextant import bars 600519.csv --symbol 600519.SH
  sextant import bars data/*.csv --venue THS
  sextant import shares etf_shares_2026-07.csv --dry-run
  sextant import documents news.jsonl`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageError(cmd, fmt.Errorf("need a KIND and at least one FILE"))
			}
			if args[0] == string(market.DatasetDocuments) {
				o.Dataset, o.Files = market.DatasetDocuments, args[1:]
				return nil
			}
			d, err := market.ParseDataset(args[0])
			if err != nil {
				return usageError(cmd, fmt.Errorf("%v, or documents", err))
			}
			o.Dataset, o.Files = d, args[1:]
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.Dataset == market.DatasetDocuments {
				return runImportDocuments(cmd.Context(), app, o)
			}
			return runImport(cmd.Context(), app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Symbol, "symbol", "", "symbol of files that do not name it (CODE.VENUE, e.g. 600519.SH)")
	f.StringVar(&o.Venue, "venue", "", "venue for bare codes in the files (SH, SZ, BJ, SI, CSI, EM, THS, US, HK)")
	f.StringVar(&o.Unit, "unit", "", "money unit when the file does not say (元, 千元, 万元, 亿元)")
	f.BoolVar(&o.DryRun, "dry-run", false, "validate only; write nothing")
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "import valid rows; write rejected rows with reasons to FILE.rejects.csv")
	f.IntVar(&o.MaxIssues, "max-issues", 10, "errors and warnings to print per file")
	return cmd
}

func runImport(ctx context.Context, app *App, o importOptions) error {
	opts := csvfile.Options{Dataset: o.Dataset, Venue: strings.ToUpper(o.Venue), Unit: o.Unit, SkipInvalid: o.SkipInvalid, MaxIssues: o.MaxIssues}
	if o.Symbol != "" {
		s, err := market.ParseSymbol(o.Symbol, o.Venue)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "--symbol: %s", sextant.ErrorMessage(err))
		}
		opts.Symbol = s
	}
	if o.Venue != "" && !market.KnownVenue(opts.Venue) {
		return sextant.Errorf(sextant.EINVALID, "--venue: unknown venue %q", o.Venue)
	}
	var st market.Store
	if !o.DryRun {
		s, err := app.OpenStore(ctx, false)
		if err != nil {
			return err
		}
		defer s.Close()
		st = s
	} else if s, err := app.OpenStore(ctx, true); err == nil {
		defer s.Close()
		st = s
	}
	if st != nil {
		cals, kinds, err := importContext(ctx, st)
		if err != nil {
			return err
		}
		opts.Calendars, opts.Kinds = cals, kinds
	}
	failed := 0
	for _, path := range o.Files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := importFile(ctx, app, st, path, opts, o.DryRun); err != nil {
			if sextant.ErrorCode(err) != sextant.EINVALID && sextant.ErrorCode(err) != sextant.ENOTFOUND {
				return err
			}
			failed++
		}
	}
	if failed > 0 {
		return sextant.Errorf(sextant.EINVALID, "%d of %d files failed; nothing was written from them", failed, len(o.Files))
	}
	return nil
}

// importFile reads, validates and writes one file in one transaction.
func importFile(ctx context.Context, app *App, st market.Store, path string, opts csvfile.Options, dryRun bool) error {
	started := app.Now()
	hash := make(chan string, 1)
	go func() { hash <- fileHash(path) }()
	res, err := csvfile.ReadFile(ctx, path, opts)
	if res != nil {
		printIssues(app.Err, "warning", res.Warnings, res.WarningCount)
	}
	if err != nil {
		<-hash
		if res != nil && len(res.Errors) > 0 {
			printIssues(app.Err, "error", res.Errors, res.ErrorCount)
		} else {
			fmt.Fprintf(app.Err, "error: %s\n", sextant.ErrorMessage(err))
		}
		fmt.Fprintf(app.Err, "%s: nothing written\n", path)
		return err
	}
	if len(res.Rejected) > 0 {
		if err := csvfile.WriteRejects(path, res); err != nil {
			<-hash
			return err
		}
		fmt.Fprintf(app.Err, "%s: %d rows rejected, written with reasons to %s.rejects.csv\n", path, len(res.Rejected), path)
	}
	sum := <-hash
	if dryRun {
		fmt.Fprintf(app.Out, "%s: %s layout, %s rows valid (dry run: nothing written)\n", path, res.Layout, count(res.Batch.Len()))
		return nil
	}
	abs, _ := filepath.Abs(path)
	run := market.IngestRun{Source: "csvfile", Dataset: string(opts.Dataset), Input: abs, InputHash: sum, StartedAt: started, Rows: res.Batch.Len()}
	app.logger.Debug("writing batch", "file", path, "rows", res.Batch.Len())
	wr, err := st.Write(ctx, run, &res.Batch)
	if err != nil {
		return err
	}
	note := ""
	if wr.Inserted == 0 && wr.Updated == 0 {
		note = " (no change)"
	}
	fmt.Fprintf(app.Out, "%s: %s layout, %s rows: %s new, %s changed, %s unchanged%s [run %d]\n",
		path, res.Layout, count(res.Batch.Len()), count(wr.Inserted), count(wr.Updated), count(wr.Unchanged), note, wr.RunID)
	return nil
}

func printIssues(w io.Writer, kind string, issues []csvfile.Issue, total int) {
	for _, is := range issues {
		fmt.Fprintf(w, "%s: %s\n", is.String(), kind)
	}
	if more := total - len(issues); more > 0 {
		fmt.Fprintf(w, "… and %d more %ss (%d in all)\n", more, kind, total)
	}
}

func fileHash(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// calendarBenchmarks name the instrument whose trading days make each
// venue's calendar.
var calendarBenchmarks = map[string]market.Symbol{
	market.VenueSH: "000300.SH", market.VenueSZ: "000300.SH", market.VenueBJ: "000300.SH",
	market.VenueSI: "000300.SH", market.VenueCSI: "000300.SH", market.VenueTHS: "000300.SH",
	market.VenueEM: "000300.SH", market.VenueUS: "SPY.US",
}

// importContext reads what validation needs from the store: trading
// calendars derived from benchmarks and known instrument kinds.
func importContext(ctx context.Context, st market.Store) (map[string]market.Calendar, map[market.Symbol]market.Kind, error) {
	cals := map[string]market.Calendar{}
	byBench := map[market.Symbol]market.Calendar{}
	for venue, bench := range calendarBenchmarks {
		cal, ok := byBench[bench]
		if !ok {
			ds, err := st.TradingDays(ctx, bench, time.Time{}, time.Time{})
			if err != nil {
				return nil, nil, err
			}
			cal = market.NewCalendar(venue, ds)
			byBench[bench] = cal
		}
		if cal.Known() {
			cal.Venue = venue
			cals[venue] = cal
		}
	}
	ins, err := st.Instruments(ctx, market.InstrumentFilter{})
	if err != nil {
		return nil, nil, err
	}
	kinds := make(map[market.Symbol]market.Kind, len(ins))
	for _, in := range ins {
		kinds[in.Symbol] = in.Kind
	}
	return cals, kinds, nil
}
