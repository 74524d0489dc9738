package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/copilot"
	"github.com/sextant-ai/sextant/internal/report"
)

type askOptions struct {
	reportOptions
	LLM, Model, BaseURL string
	Quiet               bool
}

// askFormats are the formats of `sextant ask` and `sextant chat`.
var askFormats = []string{"term", "md", "json", "html"}

func newAskCmd(app *App) *cobra.Command {
	var o askOptions
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Ask a question; get a verified research report (offline templates, or any OpenAI-compatible LLM)",
		Long: `Ask about sectors, stocks, ETFs, flows, style or the market, in English or
Chinese. Sextant finds the sectors and instruments you mean, the intent and
the time range, plans the analyses, runs them, and writes the report: from
bilingual templates (--llm none, the default, fully offline) or with an LLM
(--llm openai: any OpenAI-compatible endpoint, docs/llm.md). Before anything
is shown, every figure must be a fact of the report's ledger and every [n]
must cite a source that supports the sentence; unsupported sentences are
removed and counted in the method section.

Progress (the plan, each tool call) goes to standard error; the report to
standard output or --out.`,
		Example: `  sextant ask "Why is the aerospace & defense sector leading the rally, and is the sector rotation sustainable?"
  sextant ask "军工板块领涨的驱动因素是什么？板块轮动能否持续？" --format md
  sextant ask "compare defense and computers over the past month" --llm openai`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 || strings.TrimSpace(strings.Join(args, " ")) == "" {
				return usageError(cmd, fmt.Errorf("need a QUESTION"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAsk(cmd.Context(), app, strings.Join(args, " "), o)
		},
	}
	addAskFlags(cmd, &o)
	f := cmd.Flags()
	f.StringVar(&o.Format, "format", "term", "output: "+formatList(askFormats))
	f.StringVar(&o.Out, "out", "", "write the report to FILE instead of standard output")
	return cmd
}

// addAskFlags are the flags ask and chat share.
func addAskFlags(cmd *cobra.Command, o *askOptions) {
	f := cmd.Flags()
	f.StringVar(&o.AsOf, "asof", "", "answer as of this trading day YYYY-MM-DD (default: what the question says, else the latest)")
	f.StringVar(&o.Lang, "lang", "", "answer language en or zh (default: the question's)")
	f.StringVar(&o.LLM, "llm", "", "none (templates, offline) or openai (any OpenAI-compatible endpoint; default from config llm.provider)")
	f.StringVar(&o.Model, "model", "", "LLM model (default from config llm.model)")
	f.StringVar(&o.BaseURL, "base-url", "", "LLM endpoint base URL (default from config llm.base_url)")
	f.BoolVar(&o.Quiet, "quiet", false, "do not print progress to standard error")
}

// copilotFor opens the store and the index and makes a copilot over them.
// The returned close function releases them.
func copilotFor(ctx context.Context, app *App, o askOptions) (*copilot.Copilot, func(), error) {
	client, model, err := app.llmClient(o.LLM, o.Model, o.BaseURL)
	if err != nil {
		return nil, nil, err
	}
	src, done, err := app.openSources(ctx)
	if err != nil {
		return nil, nil, err
	}
	cat, err := copilot.LoadCatalog(ctx, src.Data)
	if err != nil {
		done()
		return nil, nil, err
	}
	cp := copilot.New(src, cat, copilot.Options{LLM: client, Model: model, Generator: "sextant " + sextant.Version, Now: app.Now})
	return cp, done, nil
}

func runAsk(ctx context.Context, app *App, question string, o askOptions) error {
	render, err := askRenderer(app, o)
	if err != nil {
		return err
	}
	asOf, err := parseAsOf(o.AsOf)
	if err != nil {
		return err
	}
	cp, done, err := copilotFor(ctx, app, o)
	if err != nil {
		return err
	}
	defer done()
	ans, err := cp.Ask(ctx, copilot.Request{Question: question, Lang: o.Lang, AsOf: asOf}, progressSink(app.Err, o.Quiet))
	if err != nil {
		return err
	}
	return writeOutput(app, o.Out, o.Format, func(w io.Writer) error { return render(ctx, w, ans.Report) })
}

// askRenderer checks --lang and --format before any work.
func askRenderer(app *App, o askOptions) (func(context.Context, io.Writer, *report.Report) error, error) {
	if o.Lang != "" && o.Lang != "en" && o.Lang != "zh" {
		return nil, sextant.Errorf(sextant.EINVALID, "--lang %q: want en or zh", o.Lang)
	}
	if o.Format == "pdf" {
		return nil, sextant.Errorf(sextant.EINVALID, "--format pdf: use `sextant report sector … --format pdf`, or --format html and print it")
	}
	ro := o.reportOptions
	ro.Lang = "en" // checked above; the report carries its own language
	return reportRenderer(app, ro)
}

// progressSink prints the plan and tool calls to w, one line each.
func progressSink(w io.Writer, quiet bool) copilot.Sink {
	if quiet {
		return nil
	}
	chars := 0
	return func(e copilot.Event) error {
		switch e.Kind {
		case copilot.EventUnderstood:
			u := e.Understanding
			var ents []string
			for _, en := range u.Entities {
				ents = append(ents, en.Name)
			}
			fmt.Fprintf(w, "· understood (%s): intents %v, entities [%s]\n", u.Lang, u.Intents, strings.Join(ents, ", "))
		case copilot.EventPlan:
			fmt.Fprintf(w, "· plan: %s report%s, %d tool calls\n", e.Plan.Report, focusWords(e.Plan.Focus), len(e.Plan.Steps))
		case copilot.EventToolEnd:
			t := e.Tool
			status := "ok"
			switch {
			case t.Refused:
				status = "refused"
			case t.Error != "":
				status = "error: " + t.Error
			}
			fmt.Fprintf(w, "· %s %s (%s) %s\n", t.By, t.Name, t.Duration.Round(time.Millisecond), status)
		case copilot.EventText:
			chars += len([]rune(e.Text))
		case copilot.EventVerify:
			if chars > 0 {
				fmt.Fprintf(w, "· model wrote %d characters\n", chars)
			}
			if v := e.Verify; v != nil {
				fmt.Fprintf(w, "· verified: %d figures traced of %d, %d sentences removed, %d flagged\n", v.Traced, v.Figures, v.Removed, v.Flagged)
			}
		}
		return nil
	}
}

func focusWords(f string) string {
	if f == "" {
		return ""
	}
	return " (focus: " + f + ")"
}
