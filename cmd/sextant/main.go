// Command sextant is the Sextant CLI: an AI investment copilot that answers
// market questions with verifiable research reports. All behaviour lives in
// internal/cli; this file only connects it to the process.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // market days are dates in Asia/Shanghai or New York, even where the system has no zoneinfo

	"github.com/sextant-ai/sextant/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
