package evidence

import (
	"fmt"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Unit is how a fact's value is measured. Values are stored in base units
// (fractions for percentages, yuan for money, shares for fund units) and
// scaled only when formatted.
type Unit string

// Units.
const (
	UnitPct    Unit = "pct"    // a fraction shown as a percentage: 0.138 → 13.8%
	UnitPP     Unit = "pp"     // a difference of fractions shown in percentage points: 0.192 → 19.2 pp
	UnitCNY    Unit = "cny"    // yuan, shown in 亿元/万元 or CNY bn/m
	UnitShares Unit = "shares" // fund units, shown in 亿份/万份 or bn/m units
	UnitPoints Unit = "points" // an index level or a rotation coordinate
	UnitScore  Unit = "score"  // a 0–100 score
	UnitZ      Unit = "z"      // a z-score, shown with σ
	UnitCount  Unit = "count"  // a whole number of things
	UnitDeg    Unit = "deg"    // an angle in degrees
	UnitPrice  Unit = "price"  // a price in the instrument's currency
	UnitRatio  Unit = "ratio"  // a plain ratio (beta, PE)
)

// Input is one dataset read to compute a fact.
type Input struct {
	Dataset market.Dataset  `json:"dataset"`
	Symbols []market.Symbol `json:"symbols,omitempty"`
	Members int             `json:"members,omitempty"` // point-in-time members aggregated, when the input is a sector sum
	From    time.Time       `json:"from,omitzero"`
	To      time.Time       `json:"to,omitzero"`
	Field   string          `json:"field,omitempty"` // adj_close, margin net purchase, …
	Runs    []int64         `json:"runs,omitempty"`  // ingest runs that wrote the rows read
}

// Row is one stored observation a fact was computed from, listed by
// `sextant explain` (facts computed from many rows list the decisive ones).
type Row struct {
	Dataset market.Dataset `json:"dataset"`
	Symbol  market.Symbol  `json:"symbol"`
	Date    time.Time      `json:"date"`
	Field   string         `json:"field"`
	Value   float64        `json:"value"`
}

// Fact is one figure with its provenance.
type Fact struct {
	ID       string          `json:"id"`  // F1, F2, … assigned by the ledger
	Key      string          `json:"key"` // stable identity: the same key is the same fact
	Value    float64         `json:"value"`
	Unit     Unit            `json:"unit"`
	Signed   bool            `json:"signed,omitempty"` // show an explicit + on positive values
	Decimals int             `json:"decimals"`         // shown decimals in the unit's display scale
	Label    string          `json:"label"`            // English label: "1M return"
	LabelZH  string          `json:"label_zh"`
	Symbols  []market.Symbol `json:"symbols,omitempty"`
	Window   string          `json:"window,omitempty"` // "21 trading days", "20-day sum"
	From     time.Time       `json:"from,omitzero"`    // first date of the window
	AsOf     time.Time       `json:"as_of"`
	Formula  string          `json:"formula"`          // formula name: return, excess_return, rs_ratio, quoted, …
	Method   string          `json:"method,omitempty"` // the formula in words
	Detail   string          `json:"detail,omitempty"` // intermediate figures
	Inputs   []Input         `json:"inputs,omitempty"`
	Rows     []Row           `json:"rows,omitempty"`
	Citation string          `json:"citation,omitempty"` // for quoted figures: the citation id they come from
	Demo     bool            `json:"demo,omitempty"`
}

// Valid reports whether the fact has a finite value.
func (f Fact) Valid() bool { return !math.IsNaN(f.Value) && !math.IsInf(f.Value, 0) }

// Runs lists the distinct ingest runs of all inputs, in first-seen order.
func (f Fact) Runs() []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, in := range f.Inputs {
		for _, r := range in.Runs {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Ledger holds a report's facts in order of first use.
type Ledger struct {
	facts []Fact
	byKey map[string]int
	byID  map[string]int
}

// NewLedger returns an empty ledger.
func NewLedger() *Ledger { return &Ledger{byKey: map[string]int{}, byID: map[string]int{}} }

// Add records a fact and returns its id. A fact whose key is already in the
// ledger is not added again; the existing id is returned. A fact without a
// finite value is refused: the caller must say the figure is missing
// instead of showing it.
func (l *Ledger) Add(f Fact) (string, error) {
	if f.Key == "" {
		return "", fmt.Errorf("fact %q has no key", f.Label)
	}
	if i, ok := l.byKey[f.Key]; ok {
		return l.facts[i].ID, nil
	}
	if !f.Valid() {
		return "", fmt.Errorf("fact %s (%s) has no finite value", f.Key, f.Label)
	}
	if _, ok := units[f.Unit]; !ok {
		return "", fmt.Errorf("fact %s: unknown unit %q", f.Key, f.Unit)
	}
	f.ID = fmt.Sprintf("F%d", len(l.facts)+1)
	l.byKey[f.Key] = len(l.facts)
	l.byID[f.ID] = len(l.facts)
	l.facts = append(l.facts, f)
	return f.ID, nil
}

// Get returns the fact with an id.
func (l *Ledger) Get(id string) (Fact, bool) {
	i, ok := l.byID[id]
	if !ok {
		return Fact{}, false
	}
	return l.facts[i], true
}

// Facts returns every fact in id order. The slice is the ledger's own.
func (l *Ledger) Facts() []Fact { return l.facts }

// Len is the number of facts.
func (l *Ledger) Len() int { return len(l.facts) }

// LedgerOf rebuilds a ledger from facts read back from a report.
func LedgerOf(facts []Fact) *Ledger {
	l := NewLedger()
	for i, f := range facts {
		l.byKey[f.Key] = i
		l.byID[f.ID] = i
		l.facts = append(l.facts, f)
	}
	return l
}
