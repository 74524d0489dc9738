package cli

import (
	"context"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/market"
)

// App is the state shared by every command: the environment, the loaded
// configuration and the logger. Commands get their store through OpenStore.
type App struct {
	Env
	cfg    config.Config
	logger *slog.Logger
}

// globalFlags are the persistent flags that feed config.Load.
type globalFlags struct {
	home, store, logLevel string
}

func (g *globalFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.home, "home", "", "data directory (env SEXTANT_HOME, default ~/.local/share/sextant)")
	fs.StringVar(&g.store, "store", "", "store file (env SEXTANT_STORE, default HOME/sextant.duckdb)")
	fs.StringVar(&g.logLevel, "log-level", "", "debug, info, warn or error (env SEXTANT_LOG_LEVEL, default warn)")
}

// load reads the configuration with the flags that were set on cmd.
func (a *App) load(cmd *cobra.Command, g *globalFlags) error {
	set := map[string]string{}
	fs := cmd.Flags()
	if fs.Changed("home") {
		set[config.KeyHome] = g.home
	}
	if fs.Changed("store") {
		set[config.KeyStore] = g.store
	}
	if fs.Changed("log-level") {
		set[config.KeyLogLevel] = g.logLevel
	}
	cfg, err := config.Load(set, a.Getenv)
	if err != nil {
		return err
	}
	a.cfg = cfg
	a.logger = slog.New(slog.NewTextHandler(a.Err, &slog.HandlerOptions{Level: parseLevel(cfg.LogLevel)}))
	return nil
}

func parseLevel(s string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return slog.LevelWarn
	}
	return l
}

// OpenStore opens the configured store. A read-only open of a missing store
// is ENOTFOUND with a hint to run `sextant demo` or `sextant import`.
func (a *App) OpenStore(ctx context.Context, readOnly bool) (market.Store, error) {
	if readOnly {
		return a.openReadStore(ctx)
	}
	return a.openStoreAt(ctx, a.cfg.StorePath(), false)
}

// openReadStore opens the configured store read-only; a missing store is
// ENOTFOUND with a hint to run `sextant demo` or `sextant import`.
func (a *App) openReadStore(ctx context.Context) (*duckdb.Store, error) {
	path := a.cfg.StorePath()
	if _, err := os.Stat(path); err != nil {
		return nil, sextant.Errorf(sextant.ENOTFOUND, "no store at %s: run `sextant demo` for the demo market or `sextant import KIND FILE` to load data", path)
	}
	return a.openStoreAt(ctx, path, true)
}

func (a *App) openStoreAt(ctx context.Context, path string, readOnly bool) (*duckdb.Store, error) {
	opts := duckdb.DefaultOptions()
	opts.ReadOnly = readOnly
	opts.Threads = a.cfg.DuckDB.Threads
	opts.MemoryLimit = a.cfg.DuckDB.MemoryLimit
	a.logger.Debug("open store", slog.String("path", path), slog.Bool("read_only", readOnly))
	return duckdb.Open(ctx, path, opts)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalWidth is w's width in cells when it is a terminal, else 100.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			return cols
		}
	}
	return 100
}
