package chart

import (
	"math"
	"strconv"
	"time"
)

// scale maps values in [lo, hi] to pixels from bottom (lo) to top (hi);
// ticks fall on multiples of step.
type scale struct {
	lo, hi, step float64
	top, bottom  float64
}

func (s scale) py(v float64) float64 {
	return s.bottom - (v-s.lo)/(s.hi-s.lo)*(s.bottom-s.top)
}

// ticks returns the tick values from lo to hi.
func (s scale) ticks() []float64 {
	n := int(math.Round((s.hi - s.lo) / s.step))
	out := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		v := s.lo + float64(i)*s.step
		if math.Abs(v) < s.step*1e-9 {
			v = 0
		}
		out = append(out, v)
	}
	return out
}

// niceStep is the smallest of 1, 2, 2.5 or 5 times a power of ten that is
// at least raw.
func niceStep(raw float64) float64 {
	if raw <= 0 || !finite(raw) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// zeroScale is an axis that holds lo..hi and zero, padded by 5% of the
// span and rounded out to whole ticks of a nice step, about target
// intervals in all. An empty or flat range spans ±empty.
func zeroScale(lo, hi float64, target int, empty float64) (neg, pos int, step float64) {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if !(hi > lo) {
		lo, hi = -empty, empty
	}
	pad := (hi - lo) * 0.05
	if lo < 0 {
		lo -= pad
	}
	if hi > 0 {
		hi += pad
	}
	step = niceStep((hi - lo) / float64(target))
	neg = int(math.Ceil(-lo/step - 1e-9))
	pos = int(math.Ceil(hi/step - 1e-9))
	return neg, pos, step
}

// dateTick is a labelled position on a date axis.
type dateTick struct {
	index int
	label string
}

// dateTicks picks at most max ticks on the trading days dates (in order):
// the first day of each period, for the shortest period among weeks, two
// weeks, months, quarters, half-years, years and decades that gives two or more
// ticks and no more than maxTicks; too short a range ticks every few days.
func dateTicks(dates []time.Time, maxTicks int, lang Lang) []dateTick {
	if len(dates) == 0 || maxTicks < 1 {
		return nil
	}
	periods := []struct {
		key     func(t time.Time) int
		monthly bool
	}{
		{func(t time.Time) int { y, w := t.ISOWeek(); return y*53 + w }, false},
		{func(t time.Time) int { y, w := t.ISOWeek(); return (y*53 + w) / 2 }, false},
		{monthKey(1), true}, {monthKey(2), true}, {monthKey(3), true}, {monthKey(6), true},
		{monthKey(12), true}, {monthKey(24), true}, {monthKey(60), true}, {monthKey(120), true},
	}
	for _, p := range periods {
		var idx []int
		for i := 1; i < len(dates); i++ {
			if p.key(dates[i]) != p.key(dates[i-1]) {
				idx = append(idx, i)
			}
		}
		if len(idx) < 2 {
			break // longer periods give fewer ticks still
		}
		if len(idx) <= maxTicks {
			return labelTicks(dates, idx, p.monthly, lang)
		}
	}
	// Too few period starts: every k-th day from the first.
	k := max((len(dates)+maxTicks-1)/maxTicks, 1)
	var idx []int
	for i := 0; i < len(dates); i += k {
		idx = append(idx, i)
	}
	return labelTicks(dates, idx, false, lang)
}

// monthKey numbers months in blocks of k calendar months.
func monthKey(k int) func(t time.Time) int {
	return func(t time.Time) int { return (t.Year()*12 + int(t.Month()) - 1) / k }
}

// labelTicks labels ticks: months as "Mar" / "3月", with the year on the
// first tick and where it changes ("Mar 2025" / "2025年3月"); days as
// "Mar 3" / "3月3日".
func labelTicks(dates []time.Time, idx []int, monthly bool, lang Lang) []dateTick {
	out := make([]dateTick, 0, len(idx))
	prevYear := 0
	for _, i := range idx {
		d := dates[i]
		var s string
		switch {
		case monthly && lang == Chinese && d.Year() != prevYear:
			s = strconv.Itoa(d.Year()) + "年" + strconv.Itoa(int(d.Month())) + "月"
		case monthly && lang == Chinese:
			s = strconv.Itoa(int(d.Month())) + "月"
		case monthly && d.Year() != prevYear:
			s = d.Format("Jan 2006")
		case monthly:
			s = d.Format("Jan")
		case lang == Chinese:
			s = strconv.Itoa(int(d.Month())) + "月" + strconv.Itoa(d.Day()) + "日"
		default:
			s = d.Format("Jan 2")
		}
		prevYear = d.Year()
		out = append(out, dateTick{i, s})
	}
	return out
}
