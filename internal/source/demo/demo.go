package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Label is the word every output made from the demo market must show.
const Label = "DEMO"

// Source is the ingest-run source name of demo batches.
const Source = "demo"

// Size selects how big a market Generate builds.
type Size string

// Sizes: small is the default demo (about 1,500 stocks × 8 years); full is
// for benchmarks (about 5,000 stocks × 10 years).
const (
	SizeSmall Size = "small"
	SizeFull  Size = "full"
)

// DefaultEnd is the last calendar day of the demo market unless
// Options.End overrides it. It is a constant so that builds are
// reproducible.
var DefaultEnd = market.Day(2026, time.November, 20)

// ParseSize returns the size named s ("small" or "full").
func ParseSize(s string) (Size, error) {
	switch Size(s) {
	case SizeSmall, SizeFull:
		return Size(s), nil
	}
	return "", sextant.Errorf(sextant.EINVALID, "unknown demo size %q (want small or full)", s)
}

// Options configure Generate.
type Options struct {
	Seed  int64
	Size  Size
	End   time.Time // last calendar day; zero means DefaultEnd
	Years int       // length of history; 0 means the size's default (8 small, 10 full)
}

// DefaultOptions returns seed 1, SizeSmall, DefaultEnd.
func DefaultOptions() Options {
	return Options{Seed: 1, Size: SizeSmall, End: DefaultEnd}
}

// ChunkInfo describes one chunk handed to the emit callback: what it holds
// ("stocks 200/1500", "indices", …) and how far generation has got in units
// of Total, so that a caller can draw a progress bar.
type ChunkInfo struct {
	Stage string
	Done  int
	Total int
}

// Truth is the ground truth of a generated market: its shape and the
// planted scenarios, for tests, docs and the CLI (which prints DEMO).
type Truth struct {
	Label      string // always "DEMO"
	Seed       int64
	Size       Size
	Start, End time.Time // first and last trading day
	Calendar   market.Calendar
	Taxonomy   string        // "sw2021"
	Benchmark  market.Symbol // 000300.SH
	Sectors    []market.Symbol
	Stocks     int
	ETFs       []market.Symbol
	Rally      ScenarioTruth // Defense & Aerospace rally
	Fading     ScenarioTruth // Computers rally that fades
	StyleShift StyleTruth
	Switches   []SectorSwitch  // stocks that changed sector during the period
	Listed     []market.Symbol // stocks listed after Start
	Delisted   []market.Symbol // stocks delisted before End
	Rows       map[market.Dataset]int
}

// Phase is one planted regime of a sector over the trading days
// [Start, End] (inclusive, Days of them). Drift is the extra daily log
// return added to the sector factor on Start, ramping linearly to
// DriftEnd on End (equal for a steady phase); ETFFlow the extra daily growth of its
// ETFs' shares; Margin the extra daily net financing purchase as a fraction
// of each member's financing balance; MainFlow the extra main-force net
// inflow as a fraction of each member's turnover amount.
type Phase struct {
	Name     string
	Start    time.Time
	End      time.Time
	Days     int
	Drift    float64
	DriftEnd float64
	ETFFlow  float64
	Margin   float64
	MainFlow float64
}

// ScenarioTruth is a planted sector scenario.
type ScenarioTruth struct {
	Sector  string // Shenwan code, e.g. "801740"
	Name    string
	NameEN  string
	Index   market.Symbol // sector index, e.g. 801740.SI
	ETFs    []market.Symbol
	Leaders []market.Symbol // largest members by base market cap
	// LeaderNames are the Leaders' names as in their Instruments, in the
	// same order (the document corpus names them).
	LeaderNames []Company
	Phases      []Phase
}

// Company is a stock's names and ownership as generated.
type Company struct {
	Symbol       market.Symbol
	Name, NameEN string
	Ownership    market.Ownership
}

// StyleTruth is the planted growth → value shift. The style factor adds
// Exposure × drift to each stock's daily log return, where a growth stock
// has positive exposure; BeforeDrift applies over [BeforeStart, Start) and
// AfterDrift over [Start, End].
type StyleTruth struct {
	Growth, Value market.Symbol // 399370.SZ, 399371.SZ
	Large, Small  market.Symbol // 000016.SH, 000852.SH
	BeforeStart   time.Time
	Start         time.Time
	Days          int
	BeforeDrift   float64
	AfterDrift    float64
}

// SectorSwitch records a stock that moved from one sector to another.
type SectorSwitch struct {
	Symbol   market.Symbol
	From, To string // sector codes
	On       time.Time
}

func (o Options) normalize() (Options, error) {
	if o.Size == "" {
		o.Size = SizeSmall
	}
	if _, err := ParseSize(string(o.Size)); err != nil {
		return o, err
	}
	if o.End.IsZero() {
		o.End = DefaultEnd
	}
	o.End = market.DayOf(o.End)
	if o.Years == 0 {
		o.Years = 8
		if o.Size == SizeFull {
			o.Years = 10
		}
	}
	if o.Years < 2 || o.Years > 30 {
		return o, sextant.Errorf(sextant.EINVALID, "demo years %d out of range (2–30)", o.Years)
	}
	return o, nil
}

// stockCount is the number of stocks of a size.
func (o Options) stockCount() int {
	if o.Size == SizeFull {
		return 5000
	}
	return 1500
}

// Generate builds the demo market and hands it to emit in chunks: first the
// reference data (taxonomy, sectors, instruments, memberships), then the
// daily data and fundamentals of stocks a few dozen at a time, then sector,
// benchmark and style indices, then ETFs, then market totals. Every chunk
// is a fresh batch that emit may keep. An emit error stops generation and
// is returned; generation also stops when ctx is done (checked between
// chunks).
func Generate(ctx context.Context, opts Options, emit func(ChunkInfo, *market.Batch) error) (*Truth, error) {
	o, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	g, err := newGenerator(o)
	if err != nil {
		return nil, err
	}
	if err := g.run(ctx, emit); err != nil {
		return nil, err
	}
	return g.truth, nil
}

// emitter counts rows per dataset and wraps emit errors.
type emitter struct {
	ctx   context.Context
	emit  func(ChunkInfo, *market.Batch) error
	rows  map[market.Dataset]int
	total int
	done  int
}

func (e *emitter) send(stage string, step int, b *market.Batch) error {
	if err := e.ctx.Err(); err != nil {
		return err
	}
	e.done += step
	e.rows[market.DatasetInstruments] += len(b.Instruments)
	e.rows[market.DatasetSectors] += len(b.Sectors)
	e.rows[market.DatasetMembers] += len(b.Members)
	e.rows[market.DatasetBars] += len(b.Bars)
	e.rows[market.DatasetShares] += len(b.Shares)
	e.rows[market.DatasetMargin] += len(b.Margin)
	e.rows[market.DatasetFlows] += len(b.Flows)
	e.rows[market.DatasetFundamentals] += len(b.Fundamentals)
	e.rows[market.DatasetValuation] += len(b.Valuations)
	if err := e.emit(ChunkInfo{Stage: stage, Done: e.done, Total: e.total}, b); err != nil {
		return fmt.Errorf("demo %s: %w", stage, err)
	}
	return nil
}
