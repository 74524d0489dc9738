package analysis

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// Catalog is what name resolution reads.
type Catalog interface {
	market.InstrumentReader
	market.SectorReader
}

// SymbolLookup is what symbol resolution reads: instruments, and bars or
// fund shares for symbols that were imported without an instrument row.
type SymbolLookup interface {
	market.InstrumentReader
	market.BarReader
	market.SeriesReader
}

// ResolveSymbol turns user input into a stored symbol: a full CODE.VENUE, a
// spelling market.ParseSymbol understands (sh600519, sz.000001), or a bare
// code or ticker that is unambiguous among stored instruments ("XLK" →
// XLK.US). A symbol counts as stored when it has an instrument row or bars.
// A bare code without an instrument row is tried with its inferred venue (the
// A-share prefix rule; ".US" for alphabetic tickers). An unknown symbol is
// ENOTFOUND; a bare code that matches several venues is EINVALID, listing them.
func ResolveSymbol(ctx context.Context, c SymbolLookup, input string) (market.Symbol, error) {
	in := strings.TrimSpace(input)
	if in == "" {
		return "", sextant.Errorf(sextant.EINVALID, "empty symbol")
	}
	if strings.Contains(in, ".") || len(in) == 8 {
		if s, err := market.ParseSymbol(in, ""); err == nil {
			ok, err := stored(ctx, c, s)
			if err != nil {
				return "", err
			}
			if !ok {
				return "", sextant.Errorf(sextant.ENOTFOUND, "no instrument or bars for %s in the store", s)
			}
			return s, nil
		}
	}
	all, err := c.Instruments(ctx, market.InstrumentFilter{})
	if err != nil {
		return "", err
	}
	var hits []market.Symbol
	for _, ins := range all {
		if strings.EqualFold(ins.Symbol.Code(), in) {
			hits = append(hits, ins.Symbol)
		}
	}
	if len(hits) == 0 {
		for _, s := range guesses(in) {
			ok, err := stored(ctx, c, s)
			if err != nil {
				return "", err
			}
			if ok {
				hits = append(hits, s)
			}
		}
	}
	switch len(hits) {
	case 1:
		return hits[0], nil
	case 0:
		return "", sextant.Errorf(sextant.ENOTFOUND, "no instrument %q in the store", input)
	}
	return "", sextant.Errorf(sextant.EINVALID, "%q is ambiguous: %s; write it with its venue", input, joinSymbols(hits))
}

// guesses are the symbols a bare code most likely means.
func guesses(code string) []market.Symbol {
	var out []market.Symbol
	if s, err := market.ParseSymbol(code, ""); err == nil {
		out = append(out, s)
	}
	if isAlpha(code) {
		out = append(out, market.Symbol(strings.ToUpper(code)+"."+market.VenueUS))
	}
	return out
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return s != ""
}

// stored reports whether s has an instrument row, any bar or any fund
// shares row (an ETF known only from a shares-outstanding file).
func stored(ctx context.Context, c SymbolLookup, s market.Symbol) (bool, error) {
	if _, err := c.Instrument(ctx, s); err == nil {
		return true, nil
	} else if sextant.ErrorCode(err) != sextant.ENOTFOUND {
		return false, err
	}
	days, err := c.TradingDays(ctx, s, time.Time{}, time.Time{})
	if err != nil || len(days) > 0 {
		return len(days) > 0, err
	}
	sh, err := c.FundShares(ctx, []market.Symbol{s}, time.Time{}, time.Time{})
	return len(sh) > 0, err
}

// ResolveSector finds the sector a user means by its code ("801740"), index
// symbol ("801740.SI"), Chinese or English name ("国防军工", "Defense &
// Aerospace") or an alias ("军工", "A&D"), case-insensitively. taxonomy
// ("" = any) narrows the search. Exact codes and names win over aliases; a
// tie across taxonomies prefers the lower level (broader sector), then the
// taxonomy listed first in prefer. ENOTFOUND when nothing matches.
func ResolveSector(ctx context.Context, c market.SectorReader, input, taxonomy string) (market.Sector, error) {
	in := strings.TrimSpace(input)
	if in == "" {
		return market.Sector{}, sextant.Errorf(sextant.EINVALID, "empty sector name")
	}
	sectors, err := allSectors(ctx, c, taxonomy)
	if err != nil {
		return market.Sector{}, err
	}
	type hit struct {
		s     market.Sector
		score int // 2 = code/symbol/name, 1 = alias
	}
	var hits []hit
	for _, s := range sectors {
		if sc := matchSector(s, in); sc > 0 {
			hits = append(hits, hit{s, sc})
		}
	}
	if len(hits) == 0 {
		return market.Sector{}, sextant.Errorf(sextant.ENOTFOUND, "no sector matches %q (try a code like 801740, a name like 国防军工 or Defense & Aerospace)", input)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.s.Level != b.s.Level {
			return a.s.Level < b.s.Level
		}
		if pa, pb := taxonomyRank(a.s.Taxonomy), taxonomyRank(b.s.Taxonomy); pa != pb {
			return pa < pb
		}
		return a.s.Code < b.s.Code
	})
	return hits[0].s, nil
}

// prefer orders taxonomies when the same name exists in several.
var prefer = []string{"sw2021", "csi", "em-industry", "gics", "em-concept"}

func taxonomyRank(t string) int {
	for i, p := range prefer {
		if p == t {
			return i
		}
	}
	return len(prefer)
}

func matchSector(s market.Sector, in string) int {
	eq := func(a string) bool { return a != "" && strings.EqualFold(strings.TrimSpace(a), in) }
	if eq(s.Code) || eq(string(s.IndexSymbol)) || eq(s.IndexSymbol.Code()) || eq(s.Name) || eq(s.NameEN) {
		return 2
	}
	for _, a := range s.Aliases {
		if eq(a) {
			return 1
		}
	}
	return 0
}

func allSectors(ctx context.Context, c market.SectorReader, taxonomy string) ([]market.Sector, error) {
	if taxonomy != "" {
		return c.Sectors(ctx, taxonomy, 0)
	}
	taxes, err := c.Taxonomies(ctx)
	if err != nil {
		return nil, err
	}
	var out []market.Sector
	for _, t := range taxes {
		ss, err := c.Sectors(ctx, t.ID, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, ss...)
	}
	return out, nil
}

func joinSymbols(ss []market.Symbol) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}
