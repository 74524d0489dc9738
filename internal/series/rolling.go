package series

import "math"

// RollingMean is the simple moving average over the last n rows including
// the current one: out[i] = mean(x[i−n+1 … i]). It is NaN for i < n−1 and
// whenever any value of the window is NaN (strict window). O(len(xs)).
func RollingMean(xs []float64, n int) []float64 {
	mean, _ := rolling(xs, n, false)
	return mean
}

// RollingStd is the sample standard deviation (divisor n−1) over the last n
// rows including the current one, with the same strict-window NaN rule as
// RollingMean. n must be at least 2. O(len(xs)).
func RollingStd(xs []float64, n int) []float64 {
	_, sd := rolling(xs, n, true)
	return sd
}

// RollingMeanStd returns RollingMean and RollingStd in one pass.
func RollingMeanStd(xs []float64, n int) (mean, sd []float64) { return rolling(xs, n, true) }

// rolling runs Welford's online update, adding the entering value and
// removing the leaving one, so each row costs O(1). Values are shifted by
// the first value of the current NaN-free run, which keeps the update
// accurate for series far from zero (prices, RS around 100). A NaN resets
// the state: the next result comes n valid rows after it.
func rolling(xs []float64, n int, wantSD bool) (mean, sd []float64) {
	mean = make([]float64, len(xs))
	if wantSD {
		sd = make([]float64, len(xs))
	}
	var (
		k     int     // values in the window so far, at most n
		shift float64 // first value of the current run
		mu    float64 // mean of the shifted window
		m2    float64 // sum of squared deviations
		run   int     // length of the current NaN-free run
		same  int     // trailing values equal to the current one
	)
	for i, x := range xs {
		if math.IsNaN(x) || n <= 0 {
			k, mu, m2, run = 0, 0, 0, 0
			mean[i] = math.NaN()
			if wantSD {
				sd[i] = math.NaN()
			}
			continue
		}
		if run == 0 {
			shift = x
		}
		run++
		if run > 1 && xs[i-1] == x {
			same++
		} else {
			same = 1
		}
		switch {
		case k == n && n == 1:
			k, mu, m2 = 0, 0, 0
		case k == n: // remove the value leaving the window
			old := xs[i-n] - shift
			d := old - mu
			mu -= d / float64(n-1)
			m2 -= d * (old - mu)
			k--
		}
		k++
		d := x - shift - mu
		mu += d / float64(k)
		m2 += d * (x - shift - mu)
		if k == n && run%(64*n) == 0 { // bound drift: recompute the window exactly
			shift = x
			mu, m2 = exact(xs[i-n+1:i+1], shift)
		}
		if k < n {
			mean[i] = math.NaN()
			if wantSD {
				sd[i] = math.NaN()
			}
			continue
		}
		mean[i] = shift + mu
		if same >= n { // a constant window: exact, whatever the rounding of the update
			mean[i] = x
		}
		if wantSD {
			switch {
			case n < 2:
				sd[i] = math.NaN()
			case same >= n || m2 <= 0:
				sd[i] = 0
			default:
				sd[i] = math.Sqrt(m2 / float64(n-1))
			}
		}
	}
	return mean, sd
}

// exact is the two-pass mean of w − shift and the sum of squared
// deviations of w.
func exact(w []float64, shift float64) (mu, m2 float64) {
	for _, v := range w {
		mu += v - shift
	}
	mu /= float64(len(w))
	for _, v := range w {
		d := v - shift - mu
		m2 += d * d
	}
	return mu, m2
}

// ZScore is the rolling z-score of each value against its own trailing
// window: z[i] = (x[i] − mean) / sd over x[i−n+1 … i] (current row
// included, sample sd). NaN where the window is incomplete or sd is 0.
func ZScore(xs []float64, n int) []float64 {
	mean, sd := rolling(xs, n, true)
	out := make([]float64, len(xs))
	for i := range xs {
		out[i] = zOf(xs[i], mean[i], sd[i])
	}
	return out
}

// ZScoreLast is the z-score of the last value of xs against the last n
// values (itself included): the last element of ZScore(xs, n), computed in
// O(n).
func ZScoreLast(xs []float64, n int) float64 {
	if n < 2 || len(xs) < n {
		return math.NaN()
	}
	w := xs[len(xs)-n:]
	for _, v := range w {
		if math.IsNaN(v) {
			return math.NaN()
		}
	}
	mu, m2 := exact(w, 0)
	return zOf(w[n-1], mu, math.Sqrt(m2/float64(n-1)))
}

func zOf(x, mu, sd float64) float64 {
	if math.IsNaN(sd) || sd == 0 || math.IsNaN(x) {
		return math.NaN()
	}
	return (x - mu) / sd
}

// EMA is the exponential moving average with α = 2/(n+1), seeded with the
// simple mean of the first n valid values (NaN before that). A NaN input
// gives a NaN output on that row and leaves the average unchanged, so the
// next valid value continues from it.
func EMA(xs []float64, n int) []float64 {
	out := make([]float64, len(xs))
	alpha := 2 / float64(n+1)
	var (
		seen int
		sum  float64
		ema  float64
	)
	for i, x := range xs {
		switch {
		case math.IsNaN(x) || n <= 0:
			out[i] = math.NaN()
			continue
		case seen < n:
			seen++
			sum += x
			if seen < n {
				out[i] = math.NaN()
				continue
			}
			ema = sum / float64(n)
		default:
			ema += alpha * (x - ema)
		}
		out[i] = ema
	}
	return out
}

// RollingMax is the maximum over the last n rows including the current
// one, NaN when the window is incomplete or holds a NaN. O(len(xs)) with a
// monotonic deque.
func RollingMax(xs []float64, n int) []float64 {
	out := make([]float64, len(xs))
	dq := make([]int, 0, n+1) // indices with decreasing values
	run := 0
	for i, x := range xs {
		if math.IsNaN(x) {
			dq, run = dq[:0], 0
			out[i] = math.NaN()
			continue
		}
		run++
		for len(dq) > 0 && xs[dq[len(dq)-1]] <= x {
			dq = dq[:len(dq)-1]
		}
		dq = append(dq, i)
		if dq[0] <= i-n {
			dq = dq[1:]
		}
		if run < n || n <= 0 {
			out[i] = math.NaN()
			continue
		}
		out[i] = xs[dq[0]]
	}
	return out
}

// RollingSum is the sum over the last n rows including the current one,
// strict: NaN when any value in the window is NaN or the window is
// incomplete. It is n × RollingMean, O(len(xs)).
func RollingSum(xs []float64, n int) []float64 {
	mean := RollingMean(xs, n)
	for i := range mean {
		mean[i] *= float64(n)
	}
	return mean
}
