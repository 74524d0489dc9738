package analog

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkBaseRates is one base-rate query over 150 sectors × 10 years of
// weeks with four state dimensions, horizons 4 and 12, 2,000 resamples.
func BenchmarkBaseRates(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	const nw = 520
	quads := []string{"Leading", "Weakening", "Lagging", "Improving"}
	hist := make([]History, 150)
	for k := range hist {
		h := History{Sector: fmt.Sprint(k), Weeks: weeks(nw), States: make([]State, nw), Forward: map[int][]float64{4: make([]float64, nw), 12: make([]float64, nw)}}
		for i := range nw {
			h.States[i] = State{"quadrant": quads[r.IntN(4)], "momentum": fmt.Sprint(1 + r.IntN(10)), "flow": []string{"-", "0", "+"}[r.IntN(3)], "crowding": fmt.Sprint(1 + r.IntN(10))}
			h.Forward[4][i], h.Forward[12][i] = 0.05*r.NormFloat64(), 0.1*r.NormFloat64()
		}
		hist[k] = h
	}
	p := DefaultParams()
	p.Dims = []string{"quadrant", "momentum", "flow"}
	b.ResetTimer()
	for b.Loop() {
		if _, err := BaseRates(hist, "7", weeks(nw)[nw-1], p); err != nil {
			b.Fatal(err)
		}
	}
}
