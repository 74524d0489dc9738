package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant/internal/market"
)

func newDataCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "Inspect the stored data",
		Args:  noArgs,
	}
	cmd.AddCommand(newDataStatusCmd(app))
	return cmd
}

type dataStatusOptions struct {
	JSON bool
}

func newDataStatusCmd(app *App) *cobra.Command {
	var o dataStatusOptions
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Rows, symbols, date range, last ingest and freshness of every dataset",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDataStatus(cmd, app, o)
		},
	}
	cmd.Flags().BoolVar(&o.JSON, "json", false, "print JSON")
	return cmd
}

// statusJSON is the wire shape of `sextant data status --json`.
type statusJSON struct {
	Store    string        `json:"store"`
	Now      string        `json:"now"`
	Demo     bool          `json:"demo"`
	Datasets []datasetJSON `json:"datasets"`
	Sources  []sourceJSON  `json:"sources"`
}

// sourceJSON is how fresh one source keeps one dataset.
type sourceJSON struct {
	Source     string `json:"source"`
	Dataset    string `json:"dataset"`
	Runs       int    `json:"runs"`
	LastOK     string `json:"last_ok,omitempty"`
	LastFailed string `json:"last_failed,omitempty"`
	Failing    bool   `json:"failing"`
	Error      string `json:"error,omitempty"`
}

type datasetJSON struct {
	Dataset    string   `json:"dataset"`
	Rows       int64    `json:"rows"`
	Symbols    int64    `json:"symbols"`
	First      string   `json:"first,omitempty"`
	Last       string   `json:"last,omitempty"`
	LastIngest string   `json:"last_ingest,omitempty"`
	LastRunID  int64    `json:"last_run_id,omitempty"`
	Freshness  string   `json:"freshness"`
	AgeDays    int      `json:"age_days"`
	Sources    []string `json:"sources"`
	Demo       bool     `json:"demo"`
}

func runDataStatus(cmd *cobra.Command, app *App, o dataStatusOptions) error {
	ctx := cmd.Context()
	st, err := app.OpenStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.Status(ctx)
	if err != nil {
		return err
	}
	now := app.Now()
	out := statusJSON{Store: app.cfg.StorePath(), Now: now.UTC().Format("2006-01-02T15:04:05Z")}
	for _, s := range rows {
		d := datasetJSON{
			Dataset: string(s.Dataset), Rows: s.Rows, Symbols: s.Symbols,
			First: market.FormatDate(s.First), Last: market.FormatDate(s.Last),
			LastRunID: s.LastRunID, Freshness: string(s.Freshness(now)), AgeDays: s.AgeDays(now),
			Sources: s.Sources, Demo: s.Demo,
		}
		if d.Sources == nil {
			d.Sources = []string{}
		}
		if !s.LastIngest.IsZero() {
			d.LastIngest = s.LastIngest.UTC().Format("2006-01-02T15:04:05Z")
		}
		out.Demo = out.Demo || s.Demo
		out.Datasets = append(out.Datasets, d)
	}
	runs, err := st.SourceRuns(ctx)
	if err != nil {
		return err
	}
	out.Sources = []sourceJSON{}
	for _, r := range runs {
		out.Sources = append(out.Sources, sourceJSON{Source: r.Source, Dataset: r.Dataset, Runs: r.Runs,
			LastOK: stamp(r.LastOK), LastFailed: stamp(r.LastFailed), Failing: r.Failing(), Error: r.Error})
	}
	if o.JSON {
		enc := json.NewEncoder(app.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return printStatus(app, out)
}

func printStatus(app *App, s statusJSON) error {
	title := "Store " + s.Store
	if s.Demo {
		title += "  [DEMO data: synthetic market, not real prices]"
	}
	fmt.Fprintln(app.Out, title)
	t := &table{
		header: []string{"dataset", "rows", "symbols", "first", "last", "freshness", "last ingest", "sources"},
		right:  []bool{false, true, true},
	}
	for _, d := range s.Datasets {
		fresh := d.Freshness
		if d.Freshness == string(market.Stale) {
			fresh = fmt.Sprintf("stale (%dd)", d.AgeDays)
		}
		t.add(d.Dataset, count(d.Rows), count(d.Symbols), dash(d.First), dash(d.Last), fresh, dash(d.LastIngest), dash(strings.Join(d.Sources, ",")))
	}
	if err := t.render(app.Out); err != nil {
		return err
	}
	if len(s.Sources) == 0 {
		return nil
	}
	fmt.Fprintln(app.Out, "\nSources (per dataset: last successful run, last failure)")
	st := &table{header: []string{"source", "dataset", "runs", "last ok", "last failed", "state"}, right: []bool{false, false, true}}
	for _, r := range s.Sources {
		state := "ok"
		if r.Failing {
			state = "FAILING: " + r.Error
		} else if r.LastFailed != "" {
			state = "recovered"
		}
		st.add(r.Source, r.Dataset, count(int64(r.Runs)), dash(r.LastOK), dash(r.LastFailed), state)
	}
	return st.render(app.Out)
}

// stamp formats a run time, "" when zero.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// noArgs rejects positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError(cmd, fmt.Errorf("unexpected argument %q", args[0]))
	}
	return nil
}
