package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/fulltext"
	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/syncplan"
)

type syncOptions struct {
	Preset   string
	Since    string
	DryRun   bool
	Record   string
	Replay   string
	BaseURLs []string
	Route    string
	Workers  int
	Sectors  []string
}

func newSyncCmd(app *App) *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync [--preset NAME]",
		Short: "Fetch market data from network sources into the store, incrementally",
		Long: `Fetch what a preset names from the network sources and store it. The first
sync fills the preset's history; every later one fetches only what is
missing (re-reading a week to pick up revisions) and per-day disclosures
only for new trading days. A sync stopped by Ctrl-C, a crash or a failing
source loses nothing already written: run it again to complete the rest.

Presets (config.toml [sync.presets.NAME], docs/data-sources.md):
  cn-sectors  Shenwan level 1 and 2 indices and constituents, CSI 300 and
              CSI All Share, sector and themed ETFs with units outstanding,
              margin and main-force flows of 国防军工's members, Eastmoney
              industry boards with fund flows
  us-sectors  the eleven Select Sector SPDRs and SPY (Yahoo)

Every request goes through the source's rate limit, retries with backoff on
timeouts, 429 and 5xx, and a circuit breaker that stops asking a source
that bans (403, connection resets). Each task is written in one
transaction and recorded as an ingest run (see sextant data status).`,
		Example: `  sextant sync --preset cn-sectors
  sextant sync --preset us-sectors --since 2024-01-01
  sextant sync --dry-run
  sextant sync --record /tmp/raw --base-url eastmoney=http://127.0.0.1:9000/eastmoney`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runSync(ctx, app, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Preset, "preset", "cn-sectors", "preset to sync (config [sync.presets.NAME])")
	f.StringVar(&o.Since, "since", "", "fetch from this date (YYYY-MM-DD) whatever is stored")
	f.BoolVar(&o.DryRun, "dry-run", false, "print what would be fetched; fetch and write nothing")
	f.StringVar(&o.Record, "record", "", "save every raw response under DIR/SOURCE (content-addressed, with index.jsonl)")
	f.StringVar(&o.Replay, "replay", "", "answer every request from a recording made with --record DIR (no network)")
	f.StringArrayVar(&o.BaseURLs, "base-url", nil, "SOURCE=URL: use URL instead of the source's public endpoint (repeatable)")
	f.StringVar(&o.Route, "route", "", "A-share route: direct or aktools (default: config sync.route)")
	f.IntVar(&o.Workers, "workers", 4, "tasks in flight (each source keeps its own rate limit)")
	f.StringArrayVar(&o.Sectors, "sector", nil, "also sync the members of this Shenwan sector (code or name, e.g. 801750 or 计算机; repeatable; cn presets)")
	return cmd
}

// syncWhen is a sync's calendar: the market's today, the first days of a
// first fill, and --since.
type syncWhen struct {
	today, start, dailyStart, since time.Time
}

// syncCalendar resolves the preset's starts and --since against today in
// the market's time zone.
func syncCalendar(app *App, o syncOptions, preset config.Preset) (syncWhen, error) {
	var w syncWhen
	var err error
	w.today = market.DayOf(app.Now().In(zoneOf(preset.Market)))
	if w.start, err = config.ResolveStart(preset.Start, w.today); err != nil {
		return w, sextant.Errorf(sextant.EINVALID, "preset %s: start: %v", o.Preset, err)
	}
	if w.dailyStart, err = config.ResolveStart(dailyStartOf(preset), w.today); err != nil {
		return w, sextant.Errorf(sextant.EINVALID, "preset %s: daily_start: %v", o.Preset, err)
	}
	if o.Since != "" {
		if w.since, err = market.ParseDate(o.Since); err != nil {
			return w, sextant.Errorf(sextant.EINVALID, "--since: %v", err)
		}
	}
	return w, nil
}

// syncClients checks the source flags and builds the clients.
func syncClients(app *App, o syncOptions) (syncplan.Clients, string, error) {
	settings, err := syncSettings(app.cfg, o.BaseURLs)
	if err != nil {
		return syncplan.Clients{}, "", err
	}
	route := app.cfg.Sync.Route
	if o.Route != "" {
		route = o.Route
	}
	if route != config.RouteDirect && route != config.RouteAKTools {
		return syncplan.Clients{}, "", sextant.Errorf(sextant.EINVALID, "--route: %q is not direct or aktools", route)
	}
	if o.Record != "" && o.Replay != "" {
		return syncplan.Clients{}, "", sextant.Errorf(sextant.EINVALID, "--record and --replay: use one at a time")
	}
	return syncplan.Clients{Settings: settings, RecordDir: o.Record, ReplayDir: o.Replay}, route, nil
}

// connect gives the plan its sources: the global one of a us preset, or
// the A-share route of a cn preset.
func connect(plan *syncplan.Plan, clients syncplan.Clients, route string) error {
	var err error
	switch {
	case plan.Preset.Market == config.MarketUS:
		if plan.US, err = clients.US(plan.Preset.Source); err != nil {
			return sextant.Errorf(sextant.EINVALID, "preset %s: %v", plan.Name, err)
		}
	case route == config.RouteAKTools:
		plan.CN, err = clients.AKTools()
	default:
		plan.CN, err = clients.Direct()
	}
	return err
}

func runSync(ctx context.Context, app *App, o syncOptions) error {
	preset, ok := app.cfg.Sync.Presets[o.Preset]
	if !ok {
		return sextant.Errorf(sextant.EINVALID, "--preset: no preset %q (configured: %s)", o.Preset, strings.Join(app.cfg.PresetNames(), ", "))
	}
	when, err := syncCalendar(app, o, preset)
	if err != nil {
		return err
	}
	clients, route, err := syncClients(app, o)
	if err != nil {
		return err
	}
	st, err := app.openStoreAt(ctx, app.cfg.StorePath(), false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := refuseDemoStore(ctx, st); err != nil {
		return err
	}
	if preset, err = withSectors(ctx, st, preset, o.Sectors); err != nil {
		return err
	}
	plan := &syncplan.Plan{Name: o.Preset, Preset: preset, Store: st, Today: when.today, Start: when.start, DailyStart: when.dailyStart}
	if err := connect(plan, clients, route); err != nil {
		return err
	}
	if len(preset.Feeds) > 0 {
		if plan.News, err = syncNews(ctx, app, clients, preset.Feeds, st); err != nil {
			return err
		}
		defer plan.News.Close()
	}
	stages, err := plan.Stages()
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	rep := newSyncReporter(app, o.DryRun)
	r := &ingest.Runner{Store: st, Today: when.today, Start: when.start, Since: when.since, Overlap: overlapOf(app.cfg.Sync.OverlapDays),
		DryRun: o.DryRun, Note: "sync " + o.Preset, Workers: o.Workers, Events: rep.event, Now: app.Now}
	sum, err := r.Run(ctx, stages)
	rep.finish()
	return rep.summary(o.Preset, sum, err)
}

// withSectors adds --sector values to a cn preset's chosen sectors: a
// Shenwan code as given, a name (Chinese or English) resolved against the
// stored classification.
func withSectors(ctx context.Context, st market.SectorReader, p config.Preset, names []string) (config.Preset, error) {
	if len(names) == 0 {
		return p, nil
	}
	if p.Market != config.MarketCN {
		return p, sextant.Errorf(sextant.EINVALID, "--sector: only cn presets have Shenwan sectors")
	}
	secs, err := st.Sectors(ctx, syncplan.TaxonomySW, 0)
	if err != nil {
		return p, err
	}
	p.Sectors = append([]string(nil), p.Sectors...)
	for _, n := range names {
		code, ok := "", false
		for _, s := range secs {
			if strings.EqualFold(n, s.Code) || n == s.Name || strings.EqualFold(n, s.NameEN) || slices.Contains(s.Aliases, n) {
				code, ok = s.Code, true
				break
			}
		}
		if !ok && len(n) == 6 && strings.Trim(n, "0123456789") == "" {
			code, ok = n, true // a code not stored yet: the classification stage will bring it
		}
		if !ok {
			return p, sextant.Errorf(sextant.EINVALID, "--sector %q: no Shenwan sector with that code or name is stored (give its six-digit code, e.g. 801750)", n)
		}
		if !slices.Contains(p.Sectors, code) {
			p.Sectors = append(p.Sectors, code)
		}
	}
	return p, nil
}

// syncNews wires the feeds stage: the fetcher, the feed validators kept
// beside the store, and the document store with its full-text index.
func syncNews(ctx context.Context, app *App, clients syncplan.Clients, feeds []string, st *duckdb.Store) (*syncplan.News, error) {
	fetcher, err := clients.Feeds(feeds)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "feeds: %v", err)
	}
	state, err := syncplan.LoadFeedStates(app.cfg.StorePath() + ".feeds.json")
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	x, _, err := fulltext.OpenReconciled(ctx, app.cfg.IndexPath(), fulltext.DefaultOptions(), st)
	if err != nil {
		return nil, err
	}
	put := func(ctx context.Context, docs []research.Document, source, input string) (research.PutResult, error) {
		run := market.IngestRun{Source: source, Dataset: string(market.DatasetDocuments), Input: input, StartedAt: app.Now(), Rows: len(docs), Note: "sync"}
		return fulltext.Put(ctx, st, x, run, docs)
	}
	return &syncplan.News{Fetcher: fetcher, Store: put, State: state, Closer: x}, nil
}

// syncSettings applies --base-url SOURCE=URL over the configured sources.
func syncSettings(cfg config.Config, overrides []string) (map[string]config.Source, error) {
	out := map[string]config.Source{}
	for k, v := range cfg.SourceSettings {
		out[k] = v
	}
	for _, kv := range overrides {
		name, u, ok := strings.Cut(kv, "=")
		if !ok || !slices.Contains(config.SourceNames, name) {
			return nil, sextant.Errorf(sextant.EINVALID, "--base-url %q: want SOURCE=URL with SOURCE one of %s", kv, strings.Join(config.SourceNames, ", "))
		}
		s := out[name]
		s.BaseURL = u
		out[name] = s
	}
	probe := config.Default("x")
	probe.SourceSettings = out
	if err := probe.Validate(); err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "--base-url: %s", sextant.ErrorMessage(err))
	}
	return out, nil
}

// refuseDemoStore keeps real data out of the demo market's store.
func refuseDemoStore(ctx context.Context, st market.Store) error {
	status, err := st.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range status {
		if s.Demo {
			return sextant.Errorf(sextant.ECONFLICT, "the store holds the DEMO market; sync real data into another store (--home DIR or --store FILE)")
		}
	}
	return nil
}

func dailyStartOf(p config.Preset) string {
	if p.DailyStart != "" {
		return p.DailyStart
	}
	return p.Start
}

func zoneOf(mkt string) *time.Location {
	name := "Asia/Shanghai"
	if mkt == config.MarketUS {
		name = "America/New_York"
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

func overlapOf(days int) int {
	if days == 0 {
		return -1 // configured 0: no overlap (the runner's 0 means its default)
	}
	return days
}

// syncReporter draws a progress bar per stage on a terminal, and prints a
// line per stage, per failure and per planned task (dry run) otherwise.
type syncReporter struct {
	app                 *App
	w                   io.Writer
	dry                 bool
	bar                 *progress
	stage               string
	total, done, failed int
	skipped, inserted   int
}

func newSyncReporter(app *App, dry bool) *syncReporter {
	return &syncReporter{app: app, w: app.Err, dry: dry}
}

func (s *syncReporter) event(e ingest.Event) {
	switch e.Kind {
	case ingest.StageStarted:
		s.endStage()
		s.stage, s.total, s.done, s.failed, s.skipped, s.inserted = e.Stage, e.Total, 0, 0, 0, 0
		if !s.dry {
			s.bar = newProgress(s.app, e.Stage)
		}
		return
	case ingest.TaskPlanned:
		fmt.Fprintf(s.app.Out, "%-22s %-40s %s\n", e.Stage, e.Task, describeWindow(e.Window))
	case ingest.TaskDone:
		s.inserted += e.Result.Inserted
	case ingest.TaskFailed:
		s.failed++
		if e.Source == "" {
			fmt.Fprintf(s.w, "  failed: %s: %s\n", e.Task, sextant.ErrorMessage(e.Err))
		} else {
			fmt.Fprintf(s.w, "  failed: %s (%s): %s\n", e.Task, e.Source, sextant.ErrorMessage(e.Err))
		}
	case ingest.TaskSkipped:
		s.skipped++
	}
	s.done++
	if s.bar != nil {
		s.bar.update(s.done, s.total, s.stage)
	}
}

func (s *syncReporter) endStage() {
	if s.stage == "" {
		return
	}
	if s.bar != nil {
		s.bar.finish()
	}
	if !s.dry {
		line := fmt.Sprintf("%s: %d tasks, %d new rows", s.stage, s.total, s.inserted)
		if s.failed > 0 || s.skipped > 0 {
			line += fmt.Sprintf(", %d failed, %d skipped", s.failed, s.skipped)
		}
		fmt.Fprintln(s.w, line)
	}
	s.stage = ""
}

func (s *syncReporter) finish() { s.endStage() }

// summary prints the totals and turns failures into the command's error.
func (s *syncReporter) summary(preset string, sum *ingest.Summary, err error) error {
	if sum == nil {
		sum = &ingest.Summary{}
	}
	done, failed, skipped := sum.Counts()
	ins, upd, unch := sum.Inserted()
	if s.dry {
		fmt.Fprintf(s.app.Out, "dry run of %s: %d tasks planned; nothing fetched or written (stages that plan from fetched lists show what is stored so far)\n", preset, len(sum.Tasks))
		return err
	}
	fmt.Fprintf(s.app.Out, "synced %s: %d tasks written (%d new rows, %d updated, %d unchanged)", preset, done, ins, upd, unch)
	if failed+skipped > 0 {
		fmt.Fprintf(s.app.Out, "; %d failed, %d skipped", failed, skipped)
	}
	fmt.Fprintln(s.app.Out)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(s.w, "interrupted after %d tasks were written; run sync again to resume\n", done)
	}
	if err != nil {
		return err
	}
	if failed+skipped > 0 {
		var why []string
		for _, f := range sum.Failed() {
			if f.Skipped && len(why) > 0 {
				continue
			}
			why = append(why, f.Task+": "+sextant.ErrorMessage(f.Err))
			if len(why) == 3 {
				break
			}
		}
		return sextant.Errorf(sextant.EUNAVAILABLE, "%d of %d tasks failed or were skipped (first: %s); run sync again to retry them", failed+skipped, len(sum.Tasks), strings.Join(why, "; "))
	}
	return nil
}

func describeWindow(w ingest.Window) string {
	switch {
	case w.From.IsZero() && w.To.IsZero():
		return "snapshot"
	case w.From.IsZero():
		return "snapshot as of " + market.FormatDate(w.To)
	case w.First:
		return market.FormatDate(w.From) + " .. " + market.FormatDate(w.To) + " (first fill)"
	}
	return market.FormatDate(w.From) + " .. " + market.FormatDate(w.To)
}
