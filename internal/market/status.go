package market

import "time"

// Freshness labels how current a dataset is.
type Freshness string

// Freshness labels.
const (
	Fresh   Freshness = "fresh"   // the newest observation is recent enough for its cadence
	Stale   Freshness = "stale"   // it lags more than its cadence allows
	Missing Freshness = "missing" // no rows
	Static  Freshness = "static"  // reference data without observation dates (instruments, sectors)
)

// MaxLag is how old a dataset's newest observation may be, in calendar days,
// before it counts as stale: daily market data may lag a long weekend or a
// holiday week (10 days: the A-share National Day and Spring Festival
// closures are 7–9 days); fundamentals are quarterly with reports up to four
// months after the period (200 days).
func MaxLag(d Dataset) int {
	switch d {
	case DatasetInstruments, DatasetSectors, DatasetMembers:
		return 0
	case DatasetFundamentals:
		return 200
	}
	return 10
}

// Freshness returns the status's freshness as of now.
func (s DatasetStatus) Freshness(now time.Time) Freshness {
	if s.Rows == 0 {
		return Missing
	}
	lag := MaxLag(s.Dataset)
	if lag == 0 || s.Last.IsZero() {
		return Static
	}
	if s.AgeDays(now) > lag {
		return Stale
	}
	return Fresh
}

// AgeDays is the number of calendar days from the newest observation to now
// (0 for static or empty datasets).
func (s DatasetStatus) AgeDays(now time.Time) int {
	if s.Last.IsZero() {
		return 0
	}
	return int(DayOf(now).Sub(s.Last).Hours() / 24)
}
