package ingest

import (
	"context"
	"sort"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Member is one constituent in a snapshot of a sector.
type Member struct {
	Symbol market.Symbol
	Since  time.Time // inclusion date when the source publishes it, else zero
	Weight float64   // index weight when published, else 0
}

// Reconcile returns the membership rows that bring the stored memberships
// of one sector (all dates) in line with a snapshot of its constituents
// taken on day:
//
//   - a constituent with an open stored membership keeps it (its weight is
//     updated when the snapshot publishes a different one);
//   - a new constituent opens a membership from its published inclusion
//     date, else from firstFrom when the sector has no stored memberships
//     at all (its first snapshot is taken to hold over the synced history),
//     else from day; never before the end of its previous membership;
//   - an open membership whose symbol is not in the snapshot is closed on
//     day (To = day, exclusive).
//
// The rows are sorted by symbol; writing them is idempotent.
func Reconcile(stored []market.Membership, snapshot []Member, taxonomy, sector string, day, firstFrom time.Time) []market.Membership {
	day = market.DayOf(day)
	open := map[market.Symbol]market.Membership{}
	lastEnd := map[market.Symbol]time.Time{}
	for _, m := range stored {
		if m.To.IsZero() || m.To.After(day) {
			open[m.Symbol] = m
		} else if m.To.After(lastEnd[m.Symbol]) {
			lastEnd[m.Symbol] = m.To
		}
	}
	var out []market.Membership
	seen := map[market.Symbol]bool{}
	for _, s := range snapshot {
		if seen[s.Symbol] {
			continue
		}
		seen[s.Symbol] = true
		if m, ok := open[s.Symbol]; ok {
			if s.Weight > 0 && s.Weight != m.Weight {
				m.Weight = s.Weight
				out = append(out, m)
			}
			continue
		}
		from := day
		switch {
		case !s.Since.IsZero() && !market.DayOf(s.Since).After(day):
			from = market.DayOf(s.Since)
		case len(stored) == 0 && !firstFrom.IsZero() && firstFrom.Before(day):
			from = market.DayOf(firstFrom)
		}
		if end := lastEnd[s.Symbol]; from.Before(end) {
			from = end
		}
		out = append(out, market.Membership{Taxonomy: taxonomy, Sector: sector, Symbol: s.Symbol, From: from, Weight: s.Weight})
	}
	for sym, m := range open {
		if seen[sym] || !day.After(m.From) {
			continue
		}
		m.To = day
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Symbol != out[j].Symbol {
			return out[i].Symbol < out[j].Symbol
		}
		return out[i].From.Before(out[j].From)
	})
	return out
}

// NewDays returns the trading days (the days calendar has bars) after the
// last day any of markers has rows in dataset, through Today: the days a
// per-day disclosure task still has to fetch. Disclosures are final once
// published, so stored days are not fetched again; with nothing stored the
// days start at from (the preset's start for disclosures); Since overrides
// both.
func (r *Runner) NewDays(ctx context.Context, dataset market.Dataset, markers []market.Symbol, calendar market.Symbol, from time.Time) ([]time.Time, error) {
	if !r.Since.IsZero() {
		from = r.Since
	} else if len(markers) > 0 {
		last, err := r.Store.LastDates(ctx, dataset, markers)
		if err != nil {
			return nil, err
		}
		var latest time.Time
		for _, d := range last {
			if d.After(latest) {
				latest = d
			}
		}
		if !latest.IsZero() {
			from = latest.AddDate(0, 0, 1)
		}
	}
	if !r.Today.IsZero() && from.After(r.Today) {
		return nil, nil
	}
	return r.Store.TradingDays(ctx, calendar, from, r.Today)
}
