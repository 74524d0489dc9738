package flows

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// ETFFlow is one ETF's daily share changes and net creations.
type ETFFlow struct {
	Symbol market.Symbol
	Dates  []time.Time
	Shares []float64 // units outstanding as given
	// ShareChange[i] = Shares[i] − Shares[i−1]; NaN on the first row or
	// when either is unknown.
	ShareChange []float64
	// ShareChangePct[i] = ShareChange[i] / Shares[i−1] (a fraction); NaN
	// when Shares[i−1] is not positive.
	ShareChangePct []float64
	// Creation is ShareChange × NAV (the close when NAV is NaN) per day,
	// with Method[i] = MethodNAV or MethodClose saying which price was used.
	Creation Series
}

// ETFFlows is the result of [ETFCreations].
type ETFFlows struct {
	Meta Meta
	ETFs []ETFFlow
}

// ETF returns the flow of symbol s, or nil.
func (f *ETFFlows) ETF(s market.Symbol) *ETFFlow {
	for i := range f.ETFs {
		if f.ETFs[i].Symbol == s {
			return &f.ETFs[i]
		}
	}
	return nil
}

// ETFCreations computes each ETF's daily share change, share change % and
// net creation value: creation[i] = (Shares[i] − Shares[i−1]) × NAV[i],
// with Close[i] in place of a NaN (or non-positive) NAV[i]; NaN when the
// share change or both prices are unknown. Rows are the panel's trading
// days, so a gap in the shares makes the two adjacent changes NaN rather
// than folding two days into one.
func ETFCreations(p *ETFPanel, params Params) (*ETFFlows, error) {
	if err := checkShape("etf panel", p.Dates, p.Symbols, map[string][][]float64{"shares": p.Shares, "nav": p.NAV, "close": p.Close}); err != nil {
		return nil, err
	}
	if p.Shares == nil {
		return nil, fmt.Errorf("etf panel: no shares")
	}
	params = params.withDefaults()
	out := &ETFFlows{Meta: meta("etf_net_creation", p.Dates, p.Symbols, params)}
	n := len(p.Dates)
	for j, sym := range p.Symbols {
		f := ETFFlow{Symbol: sym, Dates: p.Dates, Shares: p.Shares[j],
			ShareChange: nanSlice(n), ShareChangePct: nanSlice(n)}
		cr := Series{Name: string(sym), Dates: p.Dates, Values: nanSlice(n), Method: make([]Method, n)}
		var counts [len(methodNames)]int
		for i := 1; i < n; i++ {
			prev, cur := p.Shares[j][i-1], p.Shares[j][i]
			d := cur - prev
			f.ShareChange[i] = d
			if prev > 0 {
				f.ShareChangePct[i] = d / prev
			}
			if math.IsNaN(d) {
				continue
			}
			price, m := at(p.NAV, j, i), MethodNAV
			if math.IsNaN(price) || price <= 0 {
				price, m = at(p.Close, j, i), MethodClose
			}
			if math.IsNaN(price) || price <= 0 {
				continue
			}
			cr.Values[i], cr.Method[i] = d*price, m
			counts[m]++
		}
		cr.Methods = methodMap(counts)
		cr.withWindows(params)
		f.Creation = cr
		out.ETFs = append(out.ETFs, f)
	}
	return out, nil
}

// Interval summarises an ETF's flows over a date range.
type Interval struct {
	From, To time.Time // the first and last trading day inside the range
	// ShareChange = Shares(To) − Shares(day before From); NaN when either
	// is unknown or the range starts on the panel's first row.
	ShareChange    float64
	ShareChangePct float64 // ShareChange / Shares(day before From)
	// NetCreation is the sum of daily creations From … To; NaN when any
	// day is unknown (MissingDays says how many).
	NetCreation float64
	Days        int // trading days in the range
	MissingDays int
	NAVDays     int // days valued at NAV
	CloseDays   int // days valued at the close
}

// Interval summarises the flow over the trading days in [from, to]. It
// returns false when the range holds no trading day.
func (f *ETFFlow) Interval(from, to time.Time) (Interval, bool) {
	lo := sort.Search(len(f.Dates), func(i int) bool { return !f.Dates[i].Before(from) })
	hi := sort.Search(len(f.Dates), func(i int) bool { return f.Dates[i].After(to) }) - 1
	if lo > hi {
		return Interval{}, false
	}
	iv := Interval{From: f.Dates[lo], To: f.Dates[hi], Days: hi - lo + 1, ShareChange: math.NaN(), ShareChangePct: math.NaN()}
	if lo > 0 {
		base := f.Shares[lo-1]
		iv.ShareChange = f.Shares[hi] - base
		if base > 0 {
			iv.ShareChangePct = iv.ShareChange / base
		}
	}
	for i := lo; i <= hi; i++ {
		switch f.Creation.Method[i] {
		case MethodNAV:
			iv.NAVDays++
		case MethodClose:
			iv.CloseDays++
		default:
			iv.MissingDays++
		}
		iv.NetCreation += f.Creation.Values[i]
	}
	if iv.MissingDays > 0 {
		iv.NetCreation = math.NaN()
	}
	return iv, true
}

// SectorKey names a sector across taxonomies.
type SectorKey struct {
	Taxonomy string
	Code     string
}

// String writes the key as "taxonomy/code".
func (k SectorKey) String() string { return k.Taxonomy + "/" + k.Code }

// Assignment maps an ETF to a sector and says why.
type Assignment struct {
	Sector SectorKey
	By     string // "tracks" (Instrument.Tracks = Sector.IndexSymbol), "theme" (name match) or the caller's word
}

// MapETFs assigns ETFs (and other funds) to sectors: an instrument maps to
// the first sector whose IndexSymbol equals its Tracks; failing that, to the
// first sector whose Name, NameEN or one of its Aliases equals its Theme
// (case-insensitive, surrounding spaces ignored). "First" is in the order of
// sectors, so pass one taxonomy (and level) to keep the mapping unambiguous.
// Stocks, indices and instruments that match nothing are left out.
func MapETFs(instruments []market.Instrument, sectors []market.Sector) map[market.Symbol]Assignment {
	out := map[market.Symbol]Assignment{}
	for _, in := range instruments {
		if in.Kind != market.KindETF && in.Kind != market.KindFund {
			continue
		}
		if a, ok := matchTracks(in, sectors); ok {
			out[in.Symbol] = a
		} else if a, ok := matchTheme(in, sectors); ok {
			out[in.Symbol] = a
		}
	}
	return out
}

func matchTracks(in market.Instrument, sectors []market.Sector) (Assignment, bool) {
	if in.Tracks == "" {
		return Assignment{}, false
	}
	for _, s := range sectors {
		if s.IndexSymbol == in.Tracks {
			return Assignment{Sector: SectorKey{s.Taxonomy, s.Code}, By: "tracks"}, true
		}
	}
	return Assignment{}, false
}

func matchTheme(in market.Instrument, sectors []market.Sector) (Assignment, bool) {
	theme := strings.TrimSpace(in.Theme)
	if theme == "" {
		return Assignment{}, false
	}
	eq := func(name string) bool { return strings.EqualFold(strings.TrimSpace(name), theme) }
	for _, s := range sectors {
		hit := eq(s.Name) || eq(s.NameEN)
		for _, a := range s.Aliases {
			hit = hit || eq(a)
		}
		if hit {
			return Assignment{Sector: SectorKey{s.Taxonomy, s.Code}, By: "theme"}, true
		}
	}
	return Assignment{}, false
}

// SectorFlow is one sector's aggregate flow.
type SectorFlow struct {
	Sector  SectorKey
	Members []market.Symbol // instruments that contributed on at least one day, sorted
	Series  Series
}

// SectorFlows is a set of sector aggregates of one measure.
type SectorFlows struct {
	Meta    Meta
	Sectors []SectorFlow // sorted by taxonomy, code
	// Unmatched are members with no data column in the panel (left out).
	Unmatched []market.Symbol
}

// Sector returns the aggregate of key k, or nil.
func (f *SectorFlows) Sector(k SectorKey) *SectorFlow {
	for i := range f.Sectors {
		if f.Sectors[i].Sector == k {
			return &f.Sectors[i]
		}
	}
	return nil
}

// SectorCreations sums ETF net creations per sector and day over the ETFs
// assigned to it whose creation that day is known; Contributors counts them
// and the value is NaN when none is known. ETFs without an assignment are
// left out. An ETF's NAV/close split is carried into Methods.
func SectorCreations(f *ETFFlows, assign map[market.Symbol]Assignment) *SectorFlows {
	params := f.Meta.Params
	groups := map[SectorKey][]int{}
	for j, e := range f.ETFs {
		if a, ok := assign[e.Symbol]; ok {
			groups[a.Sector] = append(groups[a.Sector], j)
		}
	}
	out := &SectorFlows{Meta: f.Meta}
	out.Meta.Symbols = nil
	n := len(f.Meta.dates)
	for _, key := range sortedKeys(groups) {
		agg := newAggregate(key, f.Meta.dates)
		var members []market.Symbol
		for _, j := range groups[key] {
			e := &f.ETFs[j]
			used := false
			for i := 0; i < n; i++ {
				if v := e.Creation.Values[i]; !math.IsNaN(v) {
					agg.add(i, v, e.Creation.Method[i])
					used = true
				}
			}
			if used {
				members = append(members, e.Symbol)
			}
		}
		out.Sectors = append(out.Sectors, agg.finish(members, params))
		out.Meta.Symbols = append(out.Meta.Symbols, members...)
	}
	sortSymbols(out.Meta.Symbols)
	return out
}

func meta(measure string, dates []time.Time, syms []market.Symbol, p Params) Meta {
	m := Meta{Measure: measure, Unit: "currency", Symbols: syms, Params: p, dates: dates}
	if len(dates) > 0 {
		m.From, m.To = dates[0], dates[len(dates)-1]
	}
	return m
}

func sortedKeys[V any](m map[SectorKey]V) []SectorKey {
	keys := make([]SectorKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].Taxonomy != keys[b].Taxonomy {
			return keys[a].Taxonomy < keys[b].Taxonomy
		}
		return keys[a].Code < keys[b].Code
	})
	return keys
}

func sortSymbols(s []market.Symbol) {
	sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
}
