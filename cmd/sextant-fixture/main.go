// Command sextant-fixture serves a fake market in the wire formats of every
// source `sextant sync` reads (Eastmoney, Shenwan, SSE, SZSE, Yahoo,
// Stooq), so a sync can be tried and tested without the network:
//
//	sextant-fixture --addr 127.0.0.1:8765 --config-out fixture.toml
//	cp fixture.toml "$SEXTANT_HOME/config.toml"; sextant sync --preset cn-sectors
//
// The market is the DEMO market (with synthetic Shenwan level 2 and
// Eastmoney boards) and, with --us DIR, real US daily bars from CSV files
// (date,open,high,low,close,volume per TICKER.csv). --through serves data
// only up to a day, to play a later sync that finds one new day.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/source/demo"
	"github.com/sextant-ai/sextant/internal/source/fixture"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sextant-fixture:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	years := flag.Int("years", 3, "years of demo history")
	us := flag.String("us", "", "directory of US daily CSV files to serve as TICKER.US")
	through := flag.String("through", "", "serve data up to this day (YYYY-MM-DD; default: all)")
	configOut := flag.String("config-out", "", "write a config.toml pointing every source here to FILE")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	m, _, err := fixture.FromDemo(ctx, demo.Options{Seed: 1, Size: demo.SizeSmall, End: demo.DefaultEnd, Years: *years})
	if err != nil {
		return err
	}
	if *us != "" {
		if err := m.LoadUSDaily(*us); err != nil {
			return err
		}
	}
	last := time.Now()
	if *through != "" {
		if last, err = market.ParseDate(*through); err != nil {
			return fmt.Errorf("--through: %v", err)
		}
	}
	srv := fixture.NewServer(m, last)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	if *configOut != "" {
		var b strings.Builder
		for _, s := range fixture.Sources {
			fmt.Fprintf(&b, "[sources.%s]\nbase_url = %q\nrate = 1000\n\n", s, base+"/"+s)
		}
		if err := os.WriteFile(*configOut, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	fmt.Println(base)
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}
