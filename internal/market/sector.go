package market

import (
	"fmt"
	"time"
)

// Taxonomy is a classification scheme: "sw2021" (Shenwan 2021, levels 1–3),
// "csi", "em-industry", "em-concept", "gics", or a user-defined theme set.
type Taxonomy struct {
	ID     string
	Name   string
	Levels int
}

// Sector is one node of a taxonomy. IndexSymbol is the instrument whose
// prices represent it (801740.SI for Shenwan 国防军工).
type Sector struct {
	Taxonomy    string
	Code        string // unique within the taxonomy, e.g. "801740"
	Level       int    // 1 = top level
	Name        string // Chinese (or listing-language) name
	NameEN      string
	Parent      string // parent sector code, empty at level 1
	IndexSymbol Symbol
	Aliases     []string // other names users type ("军工", "A&D")
}

// Validate rejects impossible sectors.
func (s Sector) Validate() error {
	if s.Taxonomy == "" || s.Code == "" {
		return fmt.Errorf("sector needs a taxonomy and a code (got %q/%q)", s.Taxonomy, s.Code)
	}
	if s.Level < 1 {
		return fmt.Errorf("sector %s/%s: level %d < 1", s.Taxonomy, s.Code, s.Level)
	}
	if s.Level > 1 && s.Parent == "" {
		return fmt.Errorf("sector %s/%s: level %d needs a parent", s.Taxonomy, s.Code, s.Level)
	}
	if s.Name == "" && s.NameEN == "" {
		return fmt.Errorf("sector %s/%s: no name", s.Taxonomy, s.Code)
	}
	return nil
}

// Membership says that Symbol belonged to a sector from From (inclusive) to
// To (exclusive); a zero To means "still a member". Memberships make sector
// history point-in-time: a stock counts for a sector only on the dates it
// was in it.
type Membership struct {
	Taxonomy string
	Sector   string // sector code
	Symbol   Symbol
	From     time.Time
	To       time.Time
	Weight   float64 // index weight when known, else 0
}

// Active reports whether the membership covers day d.
func (m Membership) Active(d time.Time) bool {
	return !d.Before(m.From) && (m.To.IsZero() || d.Before(m.To))
}

// Validate rejects impossible memberships.
func (m Membership) Validate() error {
	if m.Taxonomy == "" || m.Sector == "" || m.Symbol == "" {
		return fmt.Errorf("membership needs taxonomy, sector and symbol")
	}
	if m.From.IsZero() {
		return fmt.Errorf("membership %s in %s/%s: no start date", m.Symbol, m.Taxonomy, m.Sector)
	}
	if !m.To.IsZero() && !m.To.After(m.From) {
		return fmt.Errorf("membership %s in %s/%s: end %s not after start %s", m.Symbol, m.Taxonomy, m.Sector, FormatDate(m.To), FormatDate(m.From))
	}
	if m.Weight < 0 {
		return fmt.Errorf("membership %s: negative weight %g", m.Symbol, m.Weight)
	}
	return nil
}
