package analysis

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/rotation"
)

// RotationRequest selects what to rotate: the sectors of a taxonomy level,
// or explicit symbols, against a benchmark.
type RotationRequest struct {
	Taxonomy  string   // e.g. "sw2021"
	Level     int      // taxonomy level; 0 → 1
	Symbols   []string // as typed; used when Taxonomy is empty
	Benchmark string   // as typed; "" → the first stored of DefaultBenchmarks
	Params    rotation.RotationParams
	AsOf      time.Time // zero → the benchmark's latest trading day
}

// ParseTaxonomy splits "sw2021:1" into its taxonomy and level (default 1).
func ParseTaxonomy(s string) (string, int, error) {
	name, lvl, ok := strings.Cut(s, ":")
	if name == "" {
		return "", 0, sextant.Errorf(sextant.EINVALID, "empty taxonomy")
	}
	if !ok {
		return name, 1, nil
	}
	n, err := strconv.Atoi(lvl)
	if err != nil || n < 1 {
		return "", 0, sextant.Errorf(sextant.EINVALID, "taxonomy level %q is not a positive number", lvl)
	}
	return name, n, nil
}

// Rotation is the sector board: relative rotation and performance of every
// requested instrument against the benchmark, as of a trading day.
type Rotation struct {
	*rotation.BoardTable
	NamesEN map[market.Symbol]string
	Demo    bool // any instrument is DEMO data
}

// RunRotation resolves the request, reads the adjusted closes it needs in
// one matrix read and runs rotation.Board.
func RunRotation(ctx context.Context, d Data, req RotationRequest) (*Rotation, error) {
	if req.Params == (rotation.RotationParams{}) {
		req.Params = rotation.DefaultRotationParams()
	}
	bench, asOf, err := BenchmarkAsOf(ctx, d, req.Benchmark, req.AsOf)
	if err != nil {
		return nil, err
	}
	syms, names, namesEN, demo, err := rotationUniverse(ctx, d, req)
	if err != nil {
		return nil, err
	}
	syms = slices.DeleteFunc(syms, func(s market.Symbol) bool { return s == bench })
	if len(syms) == 0 {
		return nil, sextant.Errorf(sextant.EINVALID, "nothing to rotate against %s but itself", bench)
	}
	m, err := d.BarMatrix(ctx, append([]market.Symbol{bench}, syms...), lookback(asOf, req.Params), asOf, market.FieldAdjClose)
	if err != nil {
		return nil, err
	}
	board, err := rotation.Board(m, names, bench, asOf, req.Params, rotation.DefaultWindows)
	if err != nil {
		return nil, sextant.Errorf(sextant.EINVALID, "rotation: %v", err)
	}
	if ins, err := d.Instrument(ctx, bench); err == nil && ins.Demo {
		demo = true
	}
	return &Rotation{BoardTable: board, NamesEN: namesEN, Demo: demo}, nil
}

// lookback is the first date to read: enough for the 1-year and YTD returns
// and for 2·N + tail rotation samples, with room for holidays.
func lookback(asOf time.Time, p rotation.RotationParams) time.Time {
	days := 400
	samples := 2*p.Window + p.Tail + 4
	if p.Freq == rotation.Daily {
		days = max(days, samples*3/2+30)
	} else {
		days = max(days, samples*7+30)
	}
	return asOf.AddDate(0, 0, -days)
}

func rotationUniverse(ctx context.Context, d Data, req RotationRequest) (syms []market.Symbol, names, namesEN map[market.Symbol]string, demo bool, err error) {
	names, namesEN = map[market.Symbol]string{}, map[market.Symbol]string{}
	if req.Taxonomy != "" {
		level := max(req.Level, 1)
		sectors, err := d.Sectors(ctx, req.Taxonomy, level)
		if err != nil {
			return nil, nil, nil, false, err
		}
		if len(sectors) == 0 {
			return nil, nil, nil, false, sextant.Errorf(sextant.ENOTFOUND, "no sectors in taxonomy %s level %d", req.Taxonomy, level)
		}
		for _, s := range sectors {
			if s.IndexSymbol == "" {
				continue
			}
			syms = append(syms, s.IndexSymbol)
			names[s.IndexSymbol], namesEN[s.IndexSymbol] = s.Name, s.NameEN
		}
	} else {
		if len(req.Symbols) == 0 {
			return nil, nil, nil, false, sextant.Errorf(sextant.EINVALID, "nothing to rotate: give a taxonomy or symbols")
		}
		for _, in := range req.Symbols {
			s, err := ResolveSymbol(ctx, d, in)
			if err != nil {
				return nil, nil, nil, false, err
			}
			syms = append(syms, s)
		}
	}
	for _, s := range syms {
		ins, err := d.Instrument(ctx, s)
		if err != nil {
			continue // a sector index may have bars without an instrument row
		}
		demo = demo || ins.Demo
		if names[s] == "" {
			names[s] = ins.Name
		}
		if namesEN[s] == "" {
			namesEN[s] = ins.NameEN
		}
	}
	if len(syms) == 0 {
		return nil, nil, nil, false, sextant.Errorf(sextant.ENOTFOUND, "no instruments to rotate")
	}
	return syms, names, namesEN, demo, nil
}
