// Package cli is Sextant's command tree (spf13/cobra) and the only place,
// with cmd/sextant, that wires adapters to engines. Each command is an
// options struct plus a run function; all output goes through the injected
// streams so that tests run the real [Main] in-process.
//
// Errors are translated once, here: [ExitCode] maps an application error
// code to the process exit status and [Main] prints the user-safe message.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
)

// Exit statuses. Scripts may rely on them.
const (
	ExitOK           = 0
	ExitInternal     = 1 // a bug or unexpected failure
	ExitInvalid      = 2 // bad flags, arguments or input files
	ExitNotFound     = 3 // a symbol, sector or file does not exist
	ExitConflict     = 4 // the store is held by another process, or a state conflict
	ExitUnavailable  = 5 // a dependency cannot be reached
	ExitUnauthorized = 6
	ExitCanceled     = 130 // interrupted (Ctrl-C)
)

// ExitCode maps an error to the process exit status.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, context.Canceled) {
		return ExitCanceled
	}
	switch sextant.ErrorCode(err) {
	case sextant.EINVALID:
		return ExitInvalid
	case sextant.ENOTFOUND:
		return ExitNotFound
	case sextant.ECONFLICT:
		return ExitConflict
	case sextant.EUNAVAILABLE:
		return ExitUnavailable
	case sextant.EUNAUTHORIZED:
		return ExitUnauthorized
	}
	return ExitInternal
}

// Streams are a command's standard streams.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Env is what a command may read from the process: environment, clock and
// streams. Tests replace all of it.
type Env struct {
	Streams
	Getenv func(string) string
	Now    func() time.Time
}

// Main runs the CLI with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := Env{Streams: Streams{In: stdin, Out: stdout, Err: stderr}, Getenv: os.Getenv, Now: time.Now}
	return Run(ctx, env, args)
}

// Run is Main with an explicit environment.
func Run(ctx context.Context, env Env, args []string) int {
	app := &App{Env: env}
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if strings.HasPrefix(err.Error(), "unknown command") {
		err = usageError(root, err)
	}
	code := ExitCode(err)
	msg := sextant.ErrorMessage(err)
	if code == ExitInternal {
		msg = err.Error()
	}
	if code == ExitCanceled {
		msg = "interrupted"
	}
	fmt.Fprintf(env.Err, "sextant: %s\n", strings.TrimSpace(msg))
	if app.logger != nil {
		app.logger.Debug("command failed", slog.String("error", err.Error()))
	}
	return code
}

// usageError marks cobra's own argument and flag errors as invalid input.
func usageError(cmd *cobra.Command, err error) error {
	return sextant.Errorf(sextant.EINVALID, "%v\nRun '%s --help' for usage.", err, cmd.CommandPath())
}
