package demo

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// collected is what the tests keep of a generated market: the reference
// chunk, every non-stock bar and share row, the rows of stocks that were
// ever in the two scenario sectors, per-stock volatilities, a digest of
// every emitted batch and the first invalid rows.
type collected struct {
	truth     *Truth
	ref       *market.Batch
	chunks    []ChunkInfo
	digest    [32]byte
	bars      map[market.Symbol][]market.Bar // indices, ETFs and scenario-sector stocks
	shares    map[market.Symbol][]market.FundShares
	margin    map[market.Symbol][]market.Margin
	flows     map[market.Symbol][]market.CapitalFlow
	vals      map[market.Symbol][]market.Valuation
	funds     map[market.Symbol][]market.Fundamental
	vols      []float64 // daily log-return standard deviation per stock
	invalid   []string
	warnings  []string
	stockRows int
}

var (
	marketsMu sync.Mutex
	markets   = map[Options]*collected{}
)

// cachedMarket generates the market of o once per test binary.
func cachedMarket(t testing.TB, o Options) *collected {
	t.Helper()
	marketsMu.Lock()
	defer marketsMu.Unlock()
	if c, ok := markets[o]; ok {
		return c
	}
	c := collect(t, o)
	markets[o] = c
	return c
}

// defaultMarket is the market of DefaultOptions.
func defaultMarket(t testing.TB) *collected { return cachedMarket(t, DefaultOptions()) }

func collect(t testing.TB, o Options) *collected {
	t.Helper()
	c := &collected{
		bars: map[market.Symbol][]market.Bar{}, shares: map[market.Symbol][]market.FundShares{},
		margin: map[market.Symbol][]market.Margin{}, flows: map[market.Symbol][]market.CapitalFlow{},
		vals: map[market.Symbol][]market.Valuation{}, funds: map[market.Symbol][]market.Fundamental{},
	}
	h := sha256.New()
	keep := map[market.Symbol]bool{}
	kinds := map[market.Symbol]market.Kind{}
	var cals map[string]market.Calendar
	tr, err := Generate(context.Background(), o, func(info ChunkInfo, b *market.Batch) error {
		c.chunks = append(c.chunks, info)
		hashBatch(h, info, b)
		if c.ref == nil {
			c.ref = b
			for _, m := range b.Members {
				if m.Sector == DefenseCode || m.Sector == ComputersCode {
					keep[m.Symbol] = true
				}
			}
			for _, in := range b.Instruments {
				kinds[in.Symbol] = in.Kind
				if in.Kind != market.KindStock {
					keep[in.Symbol] = true
				}
			}
		}
		if cals == nil && len(b.Bars) > 0 {
			cal := market.NewCalendar("SH", TradingDays(o.End.AddDate(-o.Years, 0, 1), o.End))
			cals = map[string]market.Calendar{"SH": cal, "SZ": cal}
		}
		c.validate(b)
		for _, w := range market.CheckBars(b.Bars, cals, kinds) {
			if len(c.warnings) < 10 {
				c.warnings = append(c.warnings, w.Message)
			}
		}
		c.keep(b, keep, kinds)
		return nil
	})
	if err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	c.truth = tr
	h.Sum(c.digest[:0])
	return c
}

// keep stores the rows the tests look at and measures stock volatility.
func (c *collected) keep(b *market.Batch, keep map[market.Symbol]bool, kinds map[market.Symbol]market.Kind) {
	for i, x := range b.Bars {
		if keep[x.Symbol] {
			c.bars[x.Symbol] = append(c.bars[x.Symbol], x)
		}
		if kinds[x.Symbol] == market.KindStock && (i == 0 || b.Bars[i-1].Symbol != x.Symbol) {
			c.stockRows++
			j := i
			for j < len(b.Bars) && b.Bars[j].Symbol == x.Symbol {
				j++
			}
			if j-i > 60 {
				c.vols = append(c.vols, logReturnSD(b.Bars[i:j]))
			}
		}
	}
	for _, x := range b.Shares {
		c.shares[x.Symbol] = append(c.shares[x.Symbol], x)
	}
	for _, x := range b.Margin {
		if keep[x.Symbol] || x.Symbol == market.MarketTotal("CN") {
			c.margin[x.Symbol] = append(c.margin[x.Symbol], x)
		}
	}
	for _, x := range b.Flows {
		if keep[x.Symbol] {
			c.flows[x.Symbol] = append(c.flows[x.Symbol], x)
		}
	}
	for _, x := range b.Valuations {
		if keep[x.Symbol] {
			c.vals[x.Symbol] = append(c.vals[x.Symbol], x)
		}
	}
	for _, x := range b.Fundamentals {
		if keep[x.Symbol] {
			c.funds[x.Symbol] = append(c.funds[x.Symbol], x)
		}
	}
}

func (c *collected) validate(b *market.Batch) {
	fail := func(what string, err error) {
		if err != nil && len(c.invalid) < 10 {
			c.invalid = append(c.invalid, what+": "+err.Error())
		}
	}
	for _, x := range b.Instruments {
		fail("instrument "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Sectors {
		fail("sector "+x.Code, x.Validate())
	}
	for _, x := range b.Members {
		fail("member "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Bars {
		fail("bar "+string(x.Symbol)+" "+market.FormatDate(x.Date), x.Validate())
	}
	for _, x := range b.Shares {
		fail("shares "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Margin {
		fail("margin "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Flows {
		fail("flow "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Fundamentals {
		fail("fundamental "+string(x.Symbol), x.Validate())
	}
	for _, x := range b.Valuations {
		fail("valuation "+string(x.Symbol), x.Validate())
	}
}

func logReturnSD(bars []market.Bar) float64 {
	var s, s2 float64
	n := 0
	for i := 1; i < len(bars); i++ {
		r := math.Log(bars[i].Close / bars[i-1].Close)
		s += r
		s2 += r * r
		n++
	}
	m := s / float64(n)
	return math.Sqrt((s2 - float64(n)*m*m) / float64(n-1))
}

// hashBatch feeds a canonical binary encoding of the chunk into h.
func hashBatch(h hash.Hash, info ChunkInfo, b *market.Batch) {
	var buf [8]byte
	str := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	num := func(v float64) { binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v)); h.Write(buf[:]) }
	day := func(d time.Time) { num(float64(d.Unix())) }
	str(info.Stage)
	num(float64(info.Done))
	num(float64(info.Total))
	for _, x := range b.Taxonomies {
		str(x.ID + x.Name)
	}
	for _, x := range b.Sectors {
		str(x.Code + x.Name + x.NameEN + string(x.IndexSymbol))
		for _, a := range x.Aliases {
			str(a)
		}
	}
	for _, x := range b.Instruments {
		str(string(x.Symbol) + string(x.Kind) + x.Name + x.NameEN + string(x.Ownership) + string(x.Tracks) + x.Theme)
		day(x.ListDate)
		day(x.DelistAt)
	}
	for _, x := range b.Members {
		str(x.Sector + string(x.Symbol))
		day(x.From)
		day(x.To)
	}
	for _, x := range b.Bars {
		str(string(x.Symbol))
		day(x.Date)
		for _, v := range [...]float64{x.Open, x.High, x.Low, x.Close, x.Volume, x.Amount, x.Turnover, x.AdjFactor} {
			num(v)
		}
	}
	for _, x := range b.Shares {
		str(string(x.Symbol))
		day(x.Date)
		num(x.Shares)
		num(x.NAV)
	}
	for _, x := range b.Margin {
		str(string(x.Symbol))
		day(x.Date)
		for _, v := range [...]float64{x.FinBalance, x.FinBuy, x.FinRepay, x.SecBalance} {
			num(v)
		}
	}
	for _, x := range b.Flows {
		str(string(x.Symbol))
		day(x.Date)
		for _, v := range [...]float64{x.MainNet, x.SuperNet, x.LargeNet, x.MediumNet, x.SmallNet} {
			num(v)
		}
	}
	for _, x := range b.Fundamentals {
		str(string(x.Symbol) + x.Field + x.Unit)
		day(x.PeriodEnd)
		day(x.ReportDate)
		num(x.Value)
	}
	for _, x := range b.Valuations {
		str(string(x.Symbol))
		day(x.Date)
		for _, v := range [...]float64{x.PETTM, x.PB, x.TotalMV, x.FloatMV} {
			num(v)
		}
	}
}

// closes returns a symbol's closes by date.
func (c *collected) closes(s market.Symbol) map[time.Time]float64 {
	out := map[time.Time]float64{}
	for _, b := range c.bars[s] {
		out[b.Date] = b.Close
	}
	return out
}

// ret is the simple return of s from trading day index i to j (of the
// truth's calendar), NaN when a close is missing.
func (c *collected) ret(s market.Symbol, i, j int) float64 {
	cl := c.closes(s)
	days := c.truth.Calendar.Days
	a, okA := cl[days[i]]
	b, okB := cl[days[j]]
	if !okA || !okB {
		return math.NaN()
	}
	return b/a - 1
}

// members returns the memberships of a sector.
func (c *collected) members(sector string) []market.Membership {
	var ms []market.Membership
	for _, m := range c.ref.Members {
		if m.Sector == sector {
			ms = append(ms, m)
		}
	}
	return ms
}

// rankOf returns the 1-based descending rank of v in vs.
func rankOf(v float64, vs []float64) int {
	s := append([]float64(nil), vs...)
	sort.Sort(sort.Reverse(sort.Float64Slice(s)))
	for i, x := range s {
		if x == v {
			return i + 1
		}
	}
	return 0
}
