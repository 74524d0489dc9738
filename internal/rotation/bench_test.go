package rotation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// scanData is a synthetic market of the product's full-scan size: 5,000
// stocks in 150 sectors over 10 years of trading days, with sector indices,
// a benchmark, amounts and point-in-time memberships.
type scanData struct {
	stocks, stockAmt *market.Matrix
	sectors          *market.Matrix // benchmark first, then 150 sector indices
	sectorAmt        [][]float64
	marketAmt        []float64
	members          [][]market.Membership // per sector
}

func newScanData(nStocks, nSectors, nDays int) *scanData {
	r := rand.New(rand.NewPCG(7, 11))
	var dates []time.Time
	for d := market.Day(2016, 1, 4); len(dates) < nDays; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, d)
		}
	}
	syms := make([]market.Symbol, nStocks)
	for j := range syms {
		syms[j] = market.Symbol(fmt.Sprintf("%06d.SZ", j))
	}
	secSyms := []market.Symbol{"000300.SH"}
	for k := 0; k < nSectors; k++ {
		secSyms = append(secSyms, market.Symbol(fmt.Sprintf("%06d.SI", 801000+k)))
	}
	s := &scanData{stocks: market.NewMatrix(dates, syms), stockAmt: market.NewMatrix(dates, syms),
		sectors: market.NewMatrix(dates, secSyms), members: make([][]market.Membership, nSectors),
		sectorAmt: make([][]float64, nSectors), marketAmt: make([]float64, nDays)}
	for j := range syms {
		sec := j % nSectors
		p := 10.0
		for i := range dates {
			p *= math.Exp(0.02 * r.NormFloat64())
			if r.IntN(200) != 0 { // about 0.5% suspended days
				s.stocks.Values[j][i] = p
				s.stockAmt.Values[j][i] = p * 1e6
			}
		}
		from := dates[0]
		if j%10 == 0 {
			from = dates[r.IntN(nDays/2)]
		}
		s.members[sec] = append(s.members[sec], market.Membership{Taxonomy: "t", Sector: string(secSyms[sec+1]), Symbol: syms[j], From: from})
	}
	for k := range secSyms {
		p := 1000.0
		for i := range dates {
			p *= math.Exp(0.012 * r.NormFloat64())
			s.sectors.Values[k][i] = p
		}
	}
	for k := 0; k < nSectors; k++ {
		s.sectorAmt[k] = MemberSum(s.stockAmt, s.members[k])
	}
	s.marketAmt = MemberSum(s.stockAmt, nil)
	return s
}

var scan *scanData

func fullScanData(b *testing.B) *scanData {
	b.Helper()
	if scan == nil {
		scan = newScanData(5000, 150, 2520)
	}
	return scan
}

// fullScan runs performance, relative rotation, breadth and crowding for
// every sector as of the last day (flows belong to internal/flows).
func fullScan(b *testing.B, s *scanData) {
	asOf := s.sectors.Dates[len(s.sectors.Dates)-1]
	bench := s.sectors.Values[0]
	if _, err := Board(s.sectors, nil, "000300.SH", asOf, DefaultRotationParams(), DefaultWindows); err != nil {
		b.Fatal(err)
	}
	if _, err := Performance(s.stocks, s.stocks.Symbols[0], asOf, DefaultWindows); err != nil {
		b.Fatal(err)
	}
	if _, err := BreadthEach(s.stocks, s.members, bench, asOf, DefaultBreadthParams()); err != nil {
		b.Fatal(err)
	}
	for k := range s.members {
		if _, err := CrowdingAt(s.sectors.Dates, s.sectorAmt[k], s.marketAmt, asOf, DefaultCrowdingParams()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFullScan is the product's full scan (5,000 stocks, 150 sectors,
// 10 years of daily data in memory) minus flows; the goal for the whole
// scan is < 300 ms on 2 cores.
func BenchmarkFullScan(b *testing.B) {
	s := fullScanData(b)
	b.ResetTimer()
	for b.Loop() {
		fullScan(b, s)
	}
}

func BenchmarkScanParts(b *testing.B) {
	s := fullScanData(b)
	asOf := s.sectors.Dates[len(s.sectors.Dates)-1]
	bench := s.sectors.Values[0]
	b.Run("performance-150-sectors", func(b *testing.B) {
		for b.Loop() {
			_, _ = Performance(s.sectors, "000300.SH", asOf, DefaultWindows)
		}
	})
	b.Run("performance-5000-stocks", func(b *testing.B) {
		for b.Loop() {
			_, _ = Performance(s.stocks, s.stocks.Symbols[0], asOf, DefaultWindows)
		}
	})
	b.Run("rotation-weekly-150", func(b *testing.B) {
		for b.Loop() {
			_, _ = Rotation(s.sectors, "000300.SH", asOf, DefaultRotationParams())
		}
	})
	b.Run("rotation-daily-150", func(b *testing.B) {
		for b.Loop() {
			_, _ = Rotation(s.sectors, "000300.SH", asOf, RotationParams{Freq: Daily, Window: 14, Tail: 8})
		}
	})
	b.Run("breadth-asof-150", func(b *testing.B) {
		for b.Loop() {
			for k := range s.members {
				_, _ = BreadthAt(s.stocks, s.members[k], bench, asOf, DefaultBreadthParams())
			}
		}
	})
	b.Run("breadth-each-150", func(b *testing.B) {
		for b.Loop() {
			_, _ = BreadthEach(s.stocks, s.members, bench, asOf, DefaultBreadthParams())
		}
	})
	b.Run("breadth-series-1y-150", func(b *testing.B) {
		from := asOf.AddDate(-1, 0, 0)
		for b.Loop() {
			for k := range s.members {
				_, _ = Breadth(s.stocks, s.members[k], bench, from, asOf, DefaultBreadthParams())
			}
		}
	})
	b.Run("crowding-150", func(b *testing.B) {
		for b.Loop() {
			for k := range s.members {
				_, _ = CrowdingAt(s.sectors.Dates, s.sectorAmt[k], s.marketAmt, asOf, DefaultCrowdingParams())
			}
		}
	})
	b.Run("membersum-amount-150", func(b *testing.B) {
		for b.Loop() {
			for k := range s.members {
				_ = MemberSum(s.stockAmt, s.members[k])
			}
		}
	})
}
