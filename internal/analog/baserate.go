package analog

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// State is a sector-week's categorical state: dimension name → label, e.g.
// {"quadrant": "Leading", "momentum": "7", "flow": "+", "crowding": "3"}.
// An empty label means unknown; an unknown dimension never matches.
type State map[string]string

// Key is the canonical form of the state restricted to dims
// ("crowding=3|flow=+|quadrant=Leading", dims sorted); nil dims means all of
// the state's dimensions. It returns false when a dimension is unknown.
func (s State) Key(dims []string) (string, bool) {
	if dims == nil {
		for d := range s {
			dims = append(dims, d)
		}
	}
	ds := append([]string(nil), dims...)
	sort.Strings(ds)
	var b strings.Builder
	for i, d := range ds {
		l := s[d]
		if l == "" {
			return "", false
		}
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(d)
		b.WriteByte('=')
		b.WriteString(l)
	}
	return b.String(), len(ds) > 0
}

// History is one sector's weekly states and forward excess returns. Weeks
// are the week-end dates, ascending; States[i] is the state in week i
// (nil = unknown); Forward[h][i] is the excess return from week i to week
// i+h (see [ForwardExcess]), NaN when unknown. Any regular period works
// (the French-industry check uses months); horizons count periods.
type History struct {
	Sector  string
	Weeks   []time.Time
	States  []State
	Forward map[int][]float64
}

// ForwardExcess is the forward excess return over h periods from aligned
// period closes: out[i] = (sector[i+h]/sector[i] − 1) − (bench[i+h]/bench[i]
// − 1). It is NaN for the last h periods and wherever a price is missing or
// not positive. Row i uses prices up to row i+h only.
func ForwardExcess(sector, bench []float64, h int) []float64 {
	out := make([]float64, len(sector))
	for i := range out {
		out[i] = math.NaN()
		if h <= 0 || i+h >= len(sector) || i+h >= len(bench) {
			continue
		}
		s0, s1, b0, b1 := sector[i], sector[i+h], bench[i], bench[i+h]
		if !(s0 > 0 && s1 > 0 && b0 > 0 && b1 > 0) { // also false for NaN
			continue
		}
		out[i] = (s1/s0 - 1) - (b1/b0 - 1)
	}
	return out
}

// Params are the base-rate parameters.
type Params struct {
	Horizons   []int    // forward horizons in periods (default 4 and 12 weeks)
	Dims       []string // dimensions to match; nil = every dimension of the queried state
	SameSector bool     // match only the queried sector's own history (default: all sectors)
	Resamples  int      // bootstrap resamples (default 2,000)
	Level      float64  // bootstrap interval coverage (default 0.90)
	Seed       uint64   // bootstrap seed
	MinN       int      // below this many episodes the outcome is flagged SmallSample (default 10)
}

// DefaultParams returns horizons 4 and 12, all sectors, 2,000 resamples, a
// 90% interval, seed 1 and a small-sample threshold of 10.
func DefaultParams() Params {
	return Params{Horizons: []int{4, 12}, Resamples: 2000, Level: 0.90, Seed: 1, MinN: 10}
}

func (p Params) withDefaults() Params {
	d := DefaultParams()
	if len(p.Horizons) == 0 {
		p.Horizons = d.Horizons
	}
	if p.Resamples <= 0 {
		p.Resamples = d.Resamples
	}
	if p.Level <= 0 || p.Level >= 1 {
		p.Level = d.Level
	}
	if p.MinN <= 0 {
		p.MinN = d.MinN
	}
	return p
}

// Episode is one counted past occurrence of the state.
type Episode struct {
	Sector string
	Week   time.Time // the week the state was observed (the episode's start)
	End    time.Time // the week its forward window ends (≤ as-of)
	Return float64   // forward excess return over the horizon
}

// Outcome summarises the forward excess returns of the episodes at one horizon.
type Outcome struct {
	Horizon int
	// Matches counts matched weeks with a known forward return ending on or
	// before the as-of date, before the non-overlap rule.
	Matches     int
	N           int // non-overlapping episodes
	Mean        float64
	Median      float64
	HitRate     float64 // share of episodes with a return > 0
	Lo, Hi      float64 // bootstrap percentile interval of the mean at Params.Level
	SmallSample bool    // N < Params.MinN: read the figures as anecdotes
	Episodes    []Episode
}

// Result is the base rate of one state as of a date.
type Result struct {
	Sector   string    // the queried sector ("" when a state was queried directly)
	AsOf     time.Time // the as-of date
	Week     time.Time // the sector's week whose state was taken (BaseRates only)
	State    State     // the state matched, restricted to the matched dimensions
	Key      string
	Params   Params
	Outcomes []Outcome // one per horizon, in Params.Horizons order
}

// BaseRates looks up sector's state in its last week on or before asOf and
// returns the base rate of that state (see [Rates]).
func BaseRates(hist []History, sector string, asOf time.Time, p Params) (*Result, error) {
	h := find(hist, sector)
	if h == nil {
		return nil, fmt.Errorf("no history for sector %q", sector)
	}
	i := sort.Search(len(h.Weeks), func(i int) bool { return h.Weeks[i].After(asOf) }) - 1
	if i < 0 || i >= len(h.States) || h.States[i] == nil {
		return nil, fmt.Errorf("sector %q has no state on or before %s", sector, asOf.Format(time.DateOnly))
	}
	r, err := Rates(hist, sector, h.States[i], asOf, p)
	if err != nil {
		return nil, err
	}
	r.Week = h.Weeks[i]
	return r, nil
}

// Rates is the base rate of state as of asOf. A past sector-week counts when
// its state has the same labels on the matched dimensions, its forward
// return at the horizon is known, and its forward window ends on or before
// asOf (Weeks[i+h] ≤ asOf: no look-ahead). Within one sector, episodes do
// not overlap: weeks are scanned in order, a counted match starts an
// episode, and the next match counts only h or more weeks later. With
// Params.SameSector only sector's own history is searched.
func Rates(hist []History, sector string, state State, asOf time.Time, p Params) (*Result, error) {
	p = p.withDefaults()
	dims := p.Dims
	if dims == nil {
		for d := range state {
			dims = append(dims, d)
		}
		sort.Strings(dims)
	}
	key, ok := state.Key(dims)
	if !ok {
		return nil, fmt.Errorf("state %v is unknown on a matched dimension of %v", state, dims)
	}
	if p.SameSector && find(hist, sector) == nil {
		return nil, fmt.Errorf("no history for sector %q", sector)
	}
	res := &Result{Sector: sector, AsOf: asOf, State: State{}, Key: key, Params: p}
	for _, d := range dims {
		res.State[d] = state[d]
	}
	match := make([][]bool, len(hist)) // match[k][i]: sector k's week i is in the state
	for k := range hist {
		if p.SameSector && hist[k].Sector != sector {
			continue
		}
		match[k] = make([]bool, len(hist[k].States))
		for i, st := range hist[k].States {
			match[k][i] = sameLabels(st, res.State)
		}
	}
	for _, h := range p.Horizons {
		var out Outcome
		for k := range hist {
			if match[k] != nil {
				episodes(&hist[k], match[k], h, asOf, &out)
			}
		}
		rng := rand.New(rand.NewPCG(p.Seed, uint64(h)))
		summarise(&out, h, p, rng)
		res.Outcomes = append(res.Outcomes, out)
	}
	return res, nil
}

// sameLabels reports whether st has want's (known) label on every dimension of want.
func sameLabels(st, want State) bool {
	for d, l := range want {
		if st[d] != l {
			return false
		}
	}
	return true
}

// episodes appends one sector's counted episodes at horizon h to out.
func episodes(hs *History, match []bool, h int, asOf time.Time, out *Outcome) {
	fwd := hs.Forward[h]
	last := -1 // the week of the last counted episode
	for i := 0; i < len(match) && i < len(fwd) && i+h < len(hs.Weeks); i++ {
		if !match[i] || hs.Weeks[i+h].After(asOf) || math.IsNaN(fwd[i]) {
			continue
		}
		out.Matches++
		if last >= 0 && i-last < h {
			continue
		}
		last = i
		out.Episodes = append(out.Episodes, Episode{Sector: hs.Sector, Week: hs.Weeks[i], End: hs.Weeks[i+h], Return: fwd[i]})
	}
}

// summarise fills N, mean, median, hit rate and the bootstrap interval.
func summarise(o *Outcome, h int, p Params, rng *rand.Rand) {
	o.Horizon, o.N = h, len(o.Episodes)
	o.SmallSample = o.N < p.MinN
	o.Mean, o.Median, o.HitRate, o.Lo, o.Hi = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
	if o.N == 0 {
		return
	}
	xs := make([]float64, o.N)
	hits := 0
	for i, e := range o.Episodes {
		xs[i] = e.Return
		if e.Return > 0 {
			hits++
		}
	}
	o.Mean = mean(xs)
	o.HitRate = float64(hits) / float64(o.N)
	sorted := append([]float64(nil), xs...)
	sort.Float64s(sorted)
	o.Median = quantile(sorted, 0.5)
	o.Lo, o.Hi = bootstrapMean(xs, p.Resamples, p.Level, rng)
}

// bootstrapMean resamples xs with replacement B times and returns the
// (1−level)/2 and (1+level)/2 quantiles of the resampled means.
func bootstrapMean(xs []float64, b int, level float64, rng *rand.Rand) (lo, hi float64) {
	n := len(xs)
	means := make([]float64, b)
	for r := range means {
		var s float64
		for range n {
			s += xs[rng.IntN(n)]
		}
		means[r] = s / float64(n)
	}
	sort.Float64s(means)
	return quantile(means, (1-level)/2), quantile(means, (1+level)/2)
}

// quantile is the linearly interpolated quantile of sorted values
// (Hyndman–Fan type 7, the default of R and NumPy).
func quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := q * float64(n-1)
	i := int(math.Floor(h))
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func find(hist []History, sector string) *History {
	for i := range hist {
		if hist[i].Sector == sector {
			return &hist[i]
		}
	}
	return nil
}
