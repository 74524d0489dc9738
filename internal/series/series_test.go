package series

import (
	"math"
	"reflect"
	"testing"
)

var nan = math.NaN()

func TestReturnBetween(t *testing.T) {
	xs := []float64{100, nan, 110, 121, nan}
	tests := []struct {
		start, end int
		want       float64
	}{
		{0, 2, 0.10},
		{0, 3, 0.21},
		{1, 3, 0.21}, // start falls back to the last valid price (100)
		{2, 4, 0.10}, // end carries 121 forward
		{-1, 3, nan}, // window before the data
		{3, 2, nan},  // reversed
	}
	for _, tt := range tests {
		got := ReturnBetween(xs, tt.start, tt.end)
		if math.IsNaN(tt.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("ReturnBetween(%d,%d) = %v, want %v", tt.start, tt.end, got, tt.want)
		}
	}
	if got := ReturnBetween([]float64{nan, nan, 5}, 0, 2); !math.IsNaN(got) {
		t.Errorf("no start price: got %v, want NaN", got)
	}
}

func TestRank(t *testing.T) {
	got := Rank([]float64{0.1, nan, 0.3, 0.1, -0.2})
	want := []int{2, 0, 1, 2, 4}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Rank = %v, want %v", got, want)
	}
}
