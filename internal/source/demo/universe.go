package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// RNG streams: each part of the market draws from its own PCG stream so
// that changing one part never shifts the draws of another, and each stock
// has its own stream so that it can be generated in any chunk order.
const (
	streamUniverse uint64 = 0x5e7a_0001
	streamFactors  uint64 = 0x5e7a_0002
	streamETF      uint64 = 0x5e7a_1000
	streamStock    uint64 = 0x5e7a_0000_1000_0000
)

func newRNG(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// stock is one synthetic company and the parameters of its paths.
type stock struct {
	idx          int
	sym          market.Symbol
	name, nameEN string
	limit        float64
	sector       int // sector at the start of its history
	switchTo     int // sector after switchDay, or -1
	switchDay    int
	listDay      int // first trading day (0 when listed before the start)
	listDate     time.Time
	delistDay    int // first day without a bar (len(days) when never delisted)
	delistDate   time.Time
	ownership    market.Ownership
	rank         int // by base market cap, 0 = largest
	baseCap      float64
	price0       float64
	shares       float64 // total shares
	floatFrac    float64
	style        float64 // exposure to the growth−value factor
	size         float64 // exposure to the small−large factor
	betaM, betaS float64
	idioVol      float64
	turnover     float64 // typical daily turnover (fraction of float)
	marginRatio  float64 // financing balance target / float cap; 0 = not eligible
	pe0, pb0     float64
	growth       float64 // annual revenue growth
	inBench      bool
	inLarge      bool
	inSmall      bool
	inGrowth     bool
	inValue      bool
}

// sectorOn returns the sector index of the stock on trading day t.
func (s *stock) sectorOn(t int) int {
	if s.switchTo >= 0 && t >= s.switchDay {
		return s.switchTo
	}
	return s.sector
}

var syllables = []struct{ zh, py string }{
	{"岚", "Lan"}, {"澄", "Cheng"}, {"峤", "Qiao"}, {"翎", "Ling"}, {"澜", "Lan"}, {"栖", "Qi"},
	{"璟", "Jing"}, {"曜", "Yao"}, {"嵘", "Rong"}, {"珩", "Heng"}, {"沅", "Yuan"}, {"溯", "Su"},
	{"霁", "Ji"}, {"昶", "Chang"}, {"琅", "Lang"}, {"砚", "Yan"}, {"湛", "Zhan"}, {"黎", "Li"},
	{"朔", "Shuo"}, {"芃", "Peng"}, {"珞", "Luo"}, {"岱", "Dai"}, {"骁", "Xiao"}, {"钤", "Qian"},
	{"汀", "Ting"}, {"弈", "Yi"}, {"璞", "Pu"}, {"筠", "Yun"}, {"樾", "Yue"}, {"沣", "Feng"},
	{"鹭", "Lu"}, {"晗", "Han"},
}

// boardCode draws a listing code for a stock: SH main 600/601/603/605, SZ
// main 000/001/002, ChiNext 300/301, STAR 688 (when star is set). Value
// sectors list only on the main boards.
func boardCode(r *rand.Rand, mainOnly, star bool) (market.Symbol, float64) {
	u := r.Float64()
	if mainOnly {
		u *= 0.75
	} else if !star {
		u *= 0.92
	}
	pick := func(ps ...string) string { return ps[r.IntN(len(ps))] }
	n := r.IntN(1000)
	switch {
	case u < 0.45:
		return market.Symbol(fmt.Sprintf("%s%03d.SH", pick("600", "600", "601", "603", "603", "605"), n)), 0.10
	case u < 0.75:
		return market.Symbol(fmt.Sprintf("%s%03d.SZ", pick("000", "001", "002", "002", "002"), n)), 0.10
	case u < 0.92:
		return market.Symbol(fmt.Sprintf("%s%03d.SZ", pick("300", "300", "301"), n)), 0.20
	default:
		return market.Symbol(fmt.Sprintf("688%03d.SH", n)), 0.20
	}
}

// sectorCounts splits n stocks over the sectors by weight (largest remainder).
func sectorCounts(n int) []int {
	total := 0.0
	for _, s := range swSectors {
		total += s.weight
	}
	counts := make([]int, len(swSectors))
	rem := make([]float64, len(swSectors))
	used := 0
	for i, s := range swSectors {
		x := float64(n) * s.weight / total
		counts[i] = int(x)
		rem[i] = x - float64(counts[i])
		used += counts[i]
	}
	order := make([]int, len(rem))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rem[order[a]] > rem[order[b]] })
	for k := 0; used < n; k++ {
		counts[order[k%len(order)]]++
		used++
	}
	return counts
}

// starOpen is the STAR Market's first trading day; no 688 stock trades before it.
var starOpen = market.Day(2019, time.July, 22)

// buildStocks draws the static attributes of every stock.
func buildStocks(r *rand.Rand, n int, days []time.Time) []*stock {
	D := len(days)
	codes := map[market.Symbol]bool{}
	names := map[string]bool{}
	// STAR codes only when the market has existed for half a year by the end.
	star := days[D-1].After(starOpen.AddDate(0, 6, 0))
	var out []*stock
	for si, cnt := range sectorCounts(n) {
		spec := swSectors[si]
		mainOnly := spec.tilt <= -0.5
		for k := 0; k < cnt; k++ {
			s := &stock{idx: len(out), sector: si, switchTo: -1, delistDay: D}
			for {
				s.sym, s.limit = boardCode(r, mainOnly, star)
				if !codes[s.sym] {
					codes[s.sym] = true
					break
				}
			}
			for {
				a, b := syllables[r.IntN(len(syllables))], syllables[r.IntN(len(syllables))]
				w := r.IntN(len(spec.words))
				s.name = a.zh + b.zh + spec.words[w]
				s.nameEN = a.py + " " + b.py + " " + spec.wordsEN[w]
				if a != b && !names[s.name] {
					names[s.name] = true
					break
				}
			}
			drawStock(r, s, spec, days)
			out = append(out, s)
		}
	}
	assignRanks(out)
	planLifecycle(r, out, days)
	return out
}

// drawStock draws size, valuation and behaviour parameters.
func drawStock(r *rand.Rand, s *stock, spec sectorSpec, days []time.Time) {
	s.ownership = market.OwnershipPrivate
	if r.Float64() < spec.state {
		s.ownership = market.OwnershipState
	}
	bump := map[string]float64{"801780": 1.8, "801960": 1.0, "801790": 0.9, "801950": 0.6, "801160": 0.4}[spec.code]
	if s.limit > 0.1 {
		bump -= 0.3
	}
	s.baseCap = clamp(6e9*math.Exp(bump+1.05*r.NormFloat64()), 1.5e9, 2.5e12)
	s.price0 = clamp(14*math.Exp(0.7*r.NormFloat64()-0.5*bump), 2.5, 400)
	s.price0 = math.Round(s.price0*100) / 100
	s.shares = math.Round(s.baseCap/s.price0/1e4) * 1e4
	s.floatFrac = clamp(0.55+0.3*r.Float64()+0.05*r.NormFloat64(), 0.3, 1)
	s.style = spec.tilt + 0.7*r.NormFloat64()
	s.size = clamp(-0.5*math.Log(s.baseCap/6e9), -1.5, 1.5)
	s.betaM = 0.75 + 0.5*r.Float64()
	s.betaS = 0.7 + 0.6*r.Float64()
	s.idioVol = clamp(0.016-0.0015*math.Log(s.baseCap/6e9)+0.003*r.NormFloat64(), 0.008, 0.028)
	if s.limit > 0.1 {
		s.idioVol *= 1.2
	}
	s.turnover = clamp(0.015*math.Exp(0.5*r.NormFloat64()-0.25*math.Log(s.baseCap/6e9)), 0.002, 0.08)
	s.pe0 = clamp(22*math.Exp(0.45*s.style+0.35*r.NormFloat64()), 4, 150)
	s.pb0 = clamp(2.2*math.Exp(0.4*s.style+0.3*r.NormFloat64()), 0.4, 15)
	s.growth = clamp(0.08+0.06*s.style+0.06*r.NormFloat64(), -0.15, 0.45)
}

// assignRanks ranks stocks by base cap and fills the index baskets: the
// benchmark (largest 300), large (largest 50), small (ranks N/3..N, capped
// at the CSI 1000 range 800–1800) and growth/value (the top and bottom
// thirds by style exposure of the largest min(1000, 2N/3)).
func assignRanks(ss []*stock) {
	n := len(ss)
	byCap := append([]*stock(nil), ss...)
	sort.SliceStable(byCap, func(a, b int) bool { return byCap[a].baseCap > byCap[b].baseCap })
	lo, hi := min(800, n/3), min(1800, n)
	styleUniverse := min(1000, 2*n/3)
	var univ []*stock
	for i, s := range byCap {
		s.rank = i
		s.inBench = i < min(300, n/5)
		s.inLarge = i < 50
		s.inSmall = i >= lo && i < hi
		if i < styleUniverse {
			univ = append(univ, s)
		}
	}
	sort.SliceStable(univ, func(a, b int) bool { return univ[a].style > univ[b].style })
	third := len(univ) / 3
	for i, s := range univ {
		s.inGrowth = i < third
		s.inValue = i >= len(univ)-third
	}
}

// planLifecycle draws listings, delistings, sector switches and margin
// eligibility.
func planLifecycle(r *rand.Rand, ss []*stock, days []time.Time) {
	D := len(days)
	for _, s := range ss {
		if s.rank < len(ss)*6/10 {
			s.marginRatio = 0.015 + 0.04*r.Float64()
		}
		late := r.Float64() < 0.08 && s.rank > 100
		if s.limit > 0.1 && days[0].Before(starOpen) && s.sym.Venue() == market.VenueSH {
			late = true
		}
		if late {
			first := 0
			if s.sym.Venue() == market.VenueSH && s.limit > 0.1 {
				first = sortSearch(days, starOpen)
			}
			s.listDay = min(D-1, first+r.IntN(max(1, D-80-first)))
			s.listDate = days[s.listDay]
		} else {
			s.listDate = days[0].AddDate(-1-r.IntN(15), -r.IntN(12), -r.IntN(28))
		}
		if s.listDay == 0 && s.rank > len(ss)/2 && r.Float64() < 0.012 {
			s.delistDay = D/4 + r.IntN(D/2)
			s.delistDate = days[s.delistDay]
		}
	}
	nSwitch := max(3, len(ss)*15/1000)
	for made, tries := 0, 0; made < nSwitch && tries < 100*nSwitch; tries++ {
		s := ss[r.IntN(len(ss))]
		if s.switchTo >= 0 || s.delistDay < D || s.listDay > D/2 {
			continue
		}
		made++
		s.switchTo = (s.sector + 1 + r.IntN(len(swSectors)-1)) % len(swSectors)
		s.switchDay = max(s.listDay+20, D/5+r.IntN(D*3/5))
	}
}

// sortSearch returns the first index of days on or after d.
func sortSearch(days []time.Time, d time.Time) int {
	return sort.Search(len(days), func(i int) bool { return !days[i].Before(d) })
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
