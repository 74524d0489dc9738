package syncplan

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/ingest"
	"github.com/sextant-ai/sextant/internal/market"
)

// Store is what a plan reads and the runner writes.
type Store interface {
	ingest.Store
	market.InstrumentReader
}

// Plan turns one preset into stages.
type Plan struct {
	Name   string
	Preset config.Preset
	Store  Store
	CN     CN    // the A-share route (cn presets)
	US     US    // the global source (us presets)
	News   *News // the feeds of the preset, when it has any
	// Today is the last day asked for; Start and DailyStart the first days
	// of a first fill of daily series and of per-day disclosures.
	Today, Start, DailyStart time.Time
}

// Stages returns the preset's stages in run order.
func (p *Plan) Stages() ([]ingest.Stage, error) {
	var st []ingest.Stage
	switch p.Preset.Market {
	case config.MarketCN:
		if p.CN == nil {
			return nil, fmt.Errorf("preset %s: no A-share route", p.Name)
		}
		st = p.cnStages()
	case config.MarketUS:
		if p.US == nil {
			return nil, fmt.Errorf("preset %s: no global source", p.Name)
		}
		st = p.usStages()
	default:
		return nil, fmt.Errorf("preset %s: market %q is not cn or us", p.Name, p.Preset.Market)
	}
	if len(p.Preset.Feeds) > 0 {
		if p.News == nil {
			return nil, fmt.Errorf("preset %s: feeds configured but no document store", p.Name)
		}
		st = append(st, p.newsStage())
	}
	return st, nil
}

// stage is a fixed list of tasks.
func stage(name string, plan func(ctx context.Context, r *ingest.Runner) ([]ingest.Task, error)) ingest.Stage {
	return ingest.Stage{Name: name, Tasks: plan}
}

// newInstruments returns those of ins not stored yet, so that a sync never
// overwrites what an import knows better (list dates, ownership).
func (p *Plan) newInstruments(ctx context.Context, ins []market.Instrument) ([]market.Instrument, error) {
	var out []market.Instrument
	for _, in := range ins {
		if _, err := p.Store.Instrument(ctx, in.Symbol); err == nil {
			continue
		} else if !isNotFound(err) {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// instrument returns the stored instrument or def.
func (p *Plan) instrument(ctx context.Context, def market.Instrument) market.Instrument {
	if in, err := p.Store.Instrument(ctx, def.Symbol); err == nil {
		return in
	}
	return def
}

// parsePairs reads "KEY=VALUE" entries.
func parsePairs(list []string) [][2]string {
	out := make([][2]string, 0, len(list))
	for _, e := range list {
		k, v, _ := strings.Cut(e, "=")
		out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	return out
}

func symbolsOf(list []string) []market.Symbol {
	var out []market.Symbol
	for _, s := range list {
		out = append(out, market.Symbol(strings.TrimSpace(s)))
	}
	return out
}
