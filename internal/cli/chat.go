package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/copilot"
	"github.com/sextant-ai/sextant/internal/copilot/understand"
	"github.com/sextant-ai/sextant/internal/report"
)

func newChatCmd(app *App) *cobra.Command {
	var o askOptions
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Interactive questions with follow-ups (\"and what about satellites?\")",
		Long: `A conversation: each line is a question; follow-ups keep the previous
question's intent and time range ("and what about satellites?", "那半导体呢？",
"compare it with computers"). When a name is ambiguous Sextant asks back.
Ctrl-C cancels the answer being written, not the session; Ctrl-D or "exit"
ends it. Answers are verified reports, printed for the terminal (or in
--format md).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runChat(cmd.Context(), app, o) },
	}
	addAskFlags(cmd, &o)
	cmd.Flags().StringVar(&o.Format, "format", "term", "answer format: term or md")
	return cmd
}

// chatTurn is what the conversation remembers of a turn.
type chatTurn struct {
	question string
	u        *understand.Understanding
}

func runChat(ctx context.Context, app *App, o askOptions) error {
	if o.Format != "term" && o.Format != "md" {
		return sextant.Errorf(sextant.EINVALID, "--format %q: chat writes term or md", o.Format)
	}
	render, err := askRenderer(app, o)
	if err != nil {
		return err
	}
	cp, done, err := copilotFor(ctx, app, o)
	if err != nil {
		return err
	}
	defer done()
	in := bufio.NewScanner(app.In)
	in.Buffer(make([]byte, 64<<10), 1<<20)
	var last chatTurn
	pending := "" // a question waiting for the answer to a clarification
	for {
		fmt.Fprint(app.Out, "\n› ")
		if !in.Scan() {
			fmt.Fprintln(app.Out)
			return in.Err()
		}
		line := strings.TrimSpace(in.Text())
		switch line {
		case "":
			continue
		case "exit", "quit", "/exit", "退出":
			return nil
		}
		if pending != "" {
			line, pending = pending+" "+line, ""
		}
		if q := clarification(cp, line, last.u); q != "" {
			fmt.Fprintln(app.Out, q)
			pending = line
			continue
		}
		turn, err := chatAnswer(ctx, app, cp, o, line, last.u, render)
		switch {
		case errors.Is(err, context.Canceled) && ctx.Err() == nil:
			fmt.Fprintln(app.Err, "(answer cancelled)")
			continue
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			fmt.Fprintf(app.Err, "sextant: %s\n", sextant.ErrorMessage(err))
			continue
		}
		last = turn
	}
}

// clarification is the question to ask back when a name is ambiguous.
func clarification(cp *copilot.Copilot, line string, prev *understand.Understanding) string {
	u := cp.Understand(line, prev)
	if len(u.Ambiguities) == 0 {
		return ""
	}
	a := u.Ambiguities[0]
	var names []string
	for _, c := range a.Candidates {
		names = append(names, c.Name)
	}
	if u.Lang == "zh" {
		return fmt.Sprintf("“%s”指的是哪一个：%s？", a.Text, strings.Join(names, "、"))
	}
	return fmt.Sprintf("Which do you mean by %q: %s?", a.Text, strings.Join(names, " or "))
}

// chatAnswer answers one line; Ctrl-C cancels it without ending the chat.
func chatAnswer(ctx context.Context, app *App, cp *copilot.Copilot, o askOptions, line string, prev *understand.Understanding,
	render func(context.Context, io.Writer, *report.Report) error) (chatTurn, error) {
	actx, cancel := signal.NotifyContext(ctx, os.Interrupt)
	defer cancel()
	ans, err := cp.Ask(actx, copilot.Request{Question: line, Lang: o.Lang, Previous: prev}, progressSink(app.Err, o.Quiet))
	if err != nil {
		if actx.Err() != nil && ctx.Err() == nil {
			return chatTurn{}, context.Canceled
		}
		return chatTurn{}, err
	}
	if err := render(actx, app.Out, ans.Report); err != nil {
		return chatTurn{}, err
	}
	return chatTurn{question: line, u: &ans.Understanding}, nil
}
