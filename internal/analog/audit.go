package analog

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// CrossSection is one date's scores and the forward returns that followed,
// aligned by position (Names optional). NaN in either drops the name.
type CrossSection struct {
	Date    time.Time
	Names   []string
	Score   []float64
	Forward []float64
}

// AuditParams are the signal-audit parameters.
type AuditParams struct {
	// Buckets is the number of score buckets for the top-minus-bottom
	// spread (default 10, deciles); with n valid names a date uses
	// Q = min(Buckets, n) buckets, each holding at least one name.
	Buckets int
	// MinPairs is the fewest valid (score, forward) pairs a date needs
	// (default 3); dates with fewer are reported but get NaN IC and spread.
	MinPairs int
}

// DefaultAuditParams returns deciles and at least 3 names per date.
func DefaultAuditParams() AuditParams { return AuditParams{Buckets: 10, MinPairs: 3} }

// DateAudit is one date of the audit.
type DateAudit struct {
	Date   time.Time
	N      int     // valid pairs
	IC     float64 // Spearman rank correlation of score and forward return
	Top    float64 // mean forward return of the top score bucket
	Bottom float64 // mean forward return of the bottom score bucket
	Spread float64 // Top − Bottom
}

// Audit summarises how well a score ranked forward returns.
type Audit struct {
	Params   AuditParams
	From, To time.Time // first and last date
	Dates    []DateAudit
	// N is the number of dates with a known IC; MeanIC, SDIC (sample sd),
	// TStat = MeanIC / (SDIC/√N) and HitRate (share of ICs > 0) are over them.
	N       int
	MeanIC  float64
	SDIC    float64
	TStat   float64
	HitRate float64
	// SpreadN, MeanSpread, SDSpread and SpreadT are the same statistics of
	// the per-date top-minus-bottom spreads.
	SpreadN    int
	MeanSpread float64
	SDSpread   float64
	SpreadT    float64
}

// SignalAudit computes the per-date rank IC and bucket spread and their
// summary statistics. Dates are processed in the order given.
func SignalAudit(xs []CrossSection, p AuditParams) (*Audit, error) {
	d := DefaultAuditParams()
	if p.Buckets <= 0 {
		p.Buckets = d.Buckets
	}
	if p.MinPairs < 2 {
		p.MinPairs = d.MinPairs
	}
	a := &Audit{Params: p}
	var ics, spreads []float64
	for _, x := range xs {
		if len(x.Score) != len(x.Forward) {
			return nil, fmt.Errorf("cross-section %s: %d scores for %d forward returns", x.Date.Format(time.DateOnly), len(x.Score), len(x.Forward))
		}
		da := auditDate(x, p)
		a.Dates = append(a.Dates, da)
		if !math.IsNaN(da.IC) {
			ics = append(ics, da.IC)
		}
		if !math.IsNaN(da.Spread) {
			spreads = append(spreads, da.Spread)
		}
	}
	if len(xs) > 0 {
		a.From, a.To = xs[0].Date, xs[len(xs)-1].Date
	}
	a.N, a.MeanIC, a.SDIC, a.TStat = len(ics), mean(ics), sampleSD(ics), tStat(ics)
	a.HitRate = math.NaN()
	if a.N > 0 {
		pos := 0
		for _, v := range ics {
			if v > 0 {
				pos++
			}
		}
		a.HitRate = float64(pos) / float64(a.N)
	}
	a.SpreadN, a.MeanSpread, a.SDSpread, a.SpreadT = len(spreads), mean(spreads), sampleSD(spreads), tStat(spreads)
	return a, nil
}

func auditDate(x CrossSection, p AuditParams) DateAudit {
	da := DateAudit{Date: x.Date, IC: math.NaN(), Top: math.NaN(), Bottom: math.NaN(), Spread: math.NaN()}
	var s, f []float64
	for i := range x.Score {
		if !math.IsNaN(x.Score[i]) && !math.IsNaN(x.Forward[i]) {
			s = append(s, x.Score[i])
			f = append(f, x.Forward[i])
		}
	}
	da.N = len(s)
	if da.N < p.MinPairs {
		return da
	}
	rs, rf := ranks(s), ranks(f)
	da.IC = pearson(rs, rf)
	da.Top, da.Bottom = bucketMeans(rs, f, p.Buckets)
	da.Spread = da.Top - da.Bottom
	return da
}

// Spearman is the rank correlation of x and y over the pairs where both
// are known: the Pearson correlation of their ranks, ties given the average
// of the ranks they span. NaN with fewer than 2 pairs or a constant side.
func Spearman(x, y []float64) float64 {
	var a, b []float64
	for i := range x {
		if i < len(y) && !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			a, b = append(a, x[i]), append(b, y[i])
		}
	}
	if len(a) < 2 {
		return math.NaN()
	}
	return pearson(ranks(a), ranks(b))
}

// ranks returns ascending ranks 1…n, ties averaged. xs has no NaN.
func ranks(xs []float64) []float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	out := make([]float64, len(xs))
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && xs[idx[hi]] == xs[idx[lo]] {
			hi++
		}
		avg := float64(lo+1+hi) / 2 // mean of ranks lo+1 … hi
		for _, i := range idx[lo:hi] {
			out[i] = avg
		}
		lo = hi
	}
	return out
}

func pearson(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// bucketMeans puts each name in bucket floor((rank − 0.5)·Q/n) of Q =
// min(buckets, n) by its (tie-averaged) score rank, and returns the mean
// forward return of the top and bottom buckets. Every bucket holds at least
// one name when scores are distinct; tied names share a bucket, so an empty
// extreme bucket (e.g. all scores equal) gives NaN.
func bucketMeans(scoreRanks, fwd []float64, buckets int) (top, bottom float64) {
	n := len(fwd)
	q := min(buckets, n)
	var st, sb float64
	var nt, nb int
	for i, r := range scoreRanks {
		b := int(math.Floor((r - 0.5) * float64(q) / float64(n)))
		switch b {
		case q - 1:
			st += fwd[i]
			nt++
		case 0:
			sb += fwd[i]
			nb++
		}
	}
	top, bottom = math.NaN(), math.NaN()
	if nt > 0 {
		top = st / float64(nt)
	}
	if nb > 0 {
		bottom = sb / float64(nb)
	}
	return top, bottom
}

func sampleSD(xs []float64) float64 {
	if len(xs) < 2 {
		return math.NaN()
	}
	m := mean(xs)
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// tStat is mean / (sd/√n), NaN with fewer than 2 values or sd 0.
func tStat(xs []float64) float64 {
	sd := sampleSD(xs)
	if math.IsNaN(sd) || sd == 0 {
		return math.NaN()
	}
	return mean(xs) / (sd / math.Sqrt(float64(len(xs))))
}
