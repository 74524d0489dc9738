package market

import (
	"fmt"
	"time"
)

// Kind is what an instrument is.
type Kind string

// Instrument kinds.
const (
	KindStock  Kind = "stock"
	KindETF    Kind = "etf"
	KindIndex  Kind = "index"
	KindSector Kind = "sector" // a sector or board index (Shenwan, Eastmoney board, THS board)
	KindFund   Kind = "fund"   // a non-listed or non-ETF fund
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	switch k {
	case KindStock, KindETF, KindIndex, KindSector, KindFund:
		return true
	}
	return false
}

// Ownership groups companies for the Orders + Pipeline + Technology scores.
type Ownership string

// Ownership types; empty means unknown.
const (
	OwnershipState   Ownership = "state"   // central or local state-owned enterprise
	OwnershipPrivate Ownership = "private" // private enterprise
	OwnershipForeign Ownership = "foreign"
	OwnershipOther   Ownership = "other"
)

// Instrument is anything with a price series.
type Instrument struct {
	Symbol    Symbol
	Kind      Kind
	Name      string // name in the listing language (Chinese for A-shares)
	NameEN    string // English name, when known
	Currency  string // ISO 4217 ("CNY", "USD")
	ListDate  time.Time
	DelistAt  time.Time // zero while listed
	Ownership Ownership // stocks only
	// Tracks is the index an ETF or fund tracks; Theme is the ETF's theme or
	// sector in words ("国防军工", "semiconductors"). Both map ETF flows to sectors.
	Tracks Symbol
	Theme  string
	// Demo marks synthetic instruments made by the demo market.
	Demo bool
}

// Validate rejects impossible instruments.
func (in Instrument) Validate() error {
	if in.Symbol == "" || in.Symbol.Venue() == "" {
		return fmt.Errorf("symbol %q is not CODE.VENUE", in.Symbol)
	}
	if !in.Kind.Valid() {
		return fmt.Errorf("%s: unknown kind %q (want stock, etf, index, sector or fund)", in.Symbol, in.Kind)
	}
	if in.Name == "" && in.NameEN == "" {
		return fmt.Errorf("%s: no name", in.Symbol)
	}
	if in.Currency != "" && len(in.Currency) != 3 {
		return fmt.Errorf("%s: currency %q is not an ISO 4217 code", in.Symbol, in.Currency)
	}
	switch in.Ownership {
	case "", OwnershipState, OwnershipPrivate, OwnershipForeign, OwnershipOther:
	default:
		return fmt.Errorf("%s: unknown ownership %q", in.Symbol, in.Ownership)
	}
	if !in.ListDate.IsZero() && !in.DelistAt.IsZero() && in.DelistAt.Before(in.ListDate) {
		return fmt.Errorf("%s: delisted %s before listing %s", in.Symbol, FormatDate(in.DelistAt), FormatDate(in.ListDate))
	}
	return nil
}
