package rotation

import (
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// BoardRow is one row of `sextant rotation`: its fields map one to one to
// the JSON contract {"symbol","name","rs_ratio","rs_momentum","quadrant",
// "heading_deg","distance","tail_length","tail":[{"date","rs_ratio",
// "rs_momentum"}],"returns":{…},"excess":{…},"rank_1m"}. Returns and
// excess are fractions keyed by window name ("1w" … "ytd"). NaN means "no
// value" (the CLI writes it as null).
type BoardRow struct {
	Symbol     market.Symbol
	Name       string
	RSRatio    float64
	RSMomentum float64
	Quadrant   Quadrant
	HeadingDeg float64
	Distance   float64
	TailLength float64
	Tail       []RotationPoint
	Returns    map[string]float64
	Excess     map[string]float64
	Rank1M     int // rank by 1m return among the rows, 1 = best, 0 = no 1m return
}

// BoardTable is the whole `sextant rotation` answer with its provenance.
type BoardTable struct {
	AsOf      time.Time
	Benchmark market.Symbol
	Params    RotationParams
	Windows   []Window
	BenchRet  map[string]float64
	Rows      []BoardRow
	Rotation  *RotationTable // full histories and transitions, for charts and analogs
	Perf      *PerfTable     // ranks for every window
}

// Board computes relative rotation and the performance table for every
// column of m except the benchmark and joins them by symbol. names maps
// symbols to display names (missing names are empty). The performance as
// of date is the last trading day ≤ asOf, the same day that ends the last
// rotation sample.
func Board(m *market.Matrix, names map[market.Symbol]string, benchmark market.Symbol, asOf time.Time, p RotationParams, windows []Window) (*BoardTable, error) {
	rot, err := Rotation(m, benchmark, asOf, p)
	if err != nil {
		return nil, err
	}
	perf, err := Performance(m, benchmark, asOf, windows)
	if err != nil {
		return nil, err
	}
	b := &BoardTable{AsOf: rot.AsOf, Benchmark: benchmark, Params: p, Windows: windows, BenchRet: perf.BenchRet, Rotation: rot, Perf: perf}
	for i, r := range rot.Rows {
		pr := perf.Rows[i] // both skip the benchmark and keep column order
		b.Rows = append(b.Rows, BoardRow{
			Symbol: r.Symbol, Name: names[r.Symbol],
			RSRatio: r.RSRatio, RSMomentum: r.RSMomentum, Quadrant: r.Quadrant,
			HeadingDeg: r.HeadingDeg, Distance: r.Distance, TailLength: r.TailLength, Tail: r.Tail,
			Returns: pr.Returns, Excess: pr.Excess, Rank1M: pr.Rank["1m"],
		})
	}
	return b, nil
}
