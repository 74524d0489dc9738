package flows

import (
	"math/rand/v2"
	"testing"
)

func benchSeries() []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, 2520)
	for i := range xs {
		xs[i] = 1e7 * r.NormFloat64()
	}
	return xs
}

func BenchmarkTrailingZ(b *testing.B) {
	xs := rollingSum(benchSeries(), 20)
	for b.Loop() {
		trailingZ(xs, 252, 126)
	}
}

func BenchmarkRollingSum(b *testing.B) {
	xs := benchSeries()
	for b.Loop() {
		rollingSum(xs, 20)
	}
}
