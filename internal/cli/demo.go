package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/demostore"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
)

type demoOptions struct {
	Seed int64
	Size string
	End  string
}

func newDemoCmd(app *App) *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build the synthetic DEMO market in the store and print a sector leaderboard",
		Long: `Build a deterministic synthetic A-share-like market (DEMO data: Shenwan
level-1 sectors, ~1,500 stocks, themed ETFs with shares, margin, flows,
fundamentals and valuations over 8 years) with planted scenarios, store it,
and print the sector leaderboard. See docs/demo.md.

The demo replaces an existing demo store; it refuses to touch a store that
holds imported data (use --home DIR for a separate demo).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd.Context(), app, o)
		},
	}
	d := demo.DefaultOptions()
	cmd.Flags().Int64Var(&o.Seed, "seed", d.Seed, "random seed: the same seed builds the same market")
	cmd.Flags().StringVar(&o.Size, "size", string(d.Size), "small (~1,500 stocks × 8 years) or full (~5,000 stocks × 10 years, for benchmarks)")
	cmd.Flags().StringVar(&o.End, "end", market.FormatDate(d.End), "last trading day of the demo market (YYYY-MM-DD)")
	return cmd
}

func runDemo(ctx context.Context, app *App, o demoOptions) error {
	opts := demo.DefaultOptions()
	opts.Seed = o.Seed
	size, err := demo.ParseSize(o.Size)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "--size: %v", err)
	}
	opts.Size = size
	if opts.End, err = market.ParseDate(o.End); err != nil {
		return sextant.Errorf(sextant.EINVALID, "--end: %s", sextant.ErrorMessage(err))
	}
	path := app.cfg.StorePath()
	if err := refuseNonDemoStore(ctx, app, path); err != nil {
		return err
	}
	truth, err := buildDemoStore(ctx, app, path, opts)
	if err != nil {
		return err
	}
	st, err := app.OpenStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(app.Out, "DEMO market built in %s (seed %d, size %s, %s … %s)\n\n", path, opts.Seed, opts.Size,
		market.FormatDate(truth.Calendar.Days[0]), market.FormatDate(truth.End))
	if err := printLeaderboard(ctx, app, st, leaderboardSpec{Taxonomy: "sw2021", Level: 1, Benchmark: truth.Benchmark, AsOf: truth.End, Demo: true}); err != nil {
		return err
	}
	fmt.Fprintf(app.Out, `
Next:
  sextant report sector 国防军工          the research report: drivers, flows, sustainability, risks
  sextant rotation --taxonomy sw2021:1    relative rotation and performance of every sector
  sextant flows --sector 军工             ETF creations, margin and main-force flows of a sector
  sextant sustain "Defense & Aerospace"   will the rally last: score, base rate, signal audit
  sextant docs search 商业航天            search the documents reports cite
  sextant data status                     what is stored, how fresh
  sextant import bars FILE --symbol SYM   add your own data (docs/data-formats.md)
`)
	return nil
}

// refuseNonDemoStore fails when path holds data that did not come from the
// demo, so that `sextant demo` never destroys imported data.
func refuseNonDemoStore(ctx context.Context, app *App, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	st, err := app.openStoreAt(ctx, path, true)
	if err != nil {
		return err
	}
	defer st.Close()
	runs, err := st.IngestRuns(ctx, 0)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if r.Source != "demo" {
			return sextant.Errorf(sextant.ECONFLICT, "%s holds imported data (run %d from %s); the demo will not replace it — use --home DIR for a separate demo store", path, r.ID, r.Source)
		}
	}
	return nil
}

// buildDemoStore generates the demo market into PATH.building and renames it
// over PATH when complete, so an interrupted build leaves the old store.
func buildDemoStore(ctx context.Context, app *App, path string, opts demo.Options) (*demo.Truth, error) {
	bar := newProgress(app, "building DEMO market")
	so := duckdb.DefaultOptions()
	so.Threads = app.cfg.DuckDB.Threads
	so.MemoryLimit = app.cfg.DuckDB.MemoryLimit
	truth, err := demostore.Build(ctx, path, demostore.Options{Demo: opts, Store: so, Now: app.Now,
		Progress: func(ci demo.ChunkInfo) { bar.update(ci.Done, ci.Total, ci.Stage) }})
	bar.finish()
	return truth, err
}

// progress draws a bar on a terminal and stays silent otherwise.
type progress struct {
	bar   *progressbar.ProgressBar
	start time.Time
}

func newProgress(app *App, desc string) *progress {
	p := &progress{start: app.Now()}
	if isTerminal(app.Err) {
		p.bar = progressbar.NewOptions(100, progressbar.OptionSetWriter(app.Err), progressbar.OptionSetDescription(desc),
			progressbar.OptionShowCount(), progressbar.OptionClearOnFinish(), progressbar.OptionSetWidth(30))
	}
	return p
}

func (p *progress) update(done, total int, stage string) {
	if p.bar == nil || total <= 0 {
		return
	}
	p.bar.ChangeMax(total)
	p.bar.Describe(stage)
	_ = p.bar.Set(done)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
