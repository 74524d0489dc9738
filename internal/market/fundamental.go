package market

import (
	"fmt"
	"math"
	"time"
)

// Fundamental is one reported figure in long format: a company's value of
// Field for the period ending PeriodEnd, published on ReportDate (what makes
// it point-in-time: a figure is known only from its report date).
type Fundamental struct {
	Symbol     Symbol
	PeriodEnd  time.Time
	ReportDate time.Time
	Field      string
	Value      float64
	Unit       string
}

// Fundamental fields Sextant understands. Other fields are stored as given
// but must still use a known unit.
const (
	FieldRevenue             = "revenue"
	FieldNetProfit           = "net_profit"
	FieldContractLiabilities = "contract_liabilities"
	FieldCapex               = "capex"
	FieldConstructionInProg  = "construction_in_progress"
	FieldRD                  = "rd_expense"
	FieldInventory           = "inventory"
	FieldBacklog             = "order_backlog"
	FieldTotalAssets         = "total_assets"
	FieldEquity              = "equity"
)

// KnownFields lists the fundamental fields the engines use, in display order.
var KnownFields = []string{
	FieldRevenue, FieldNetProfit, FieldContractLiabilities, FieldCapex,
	FieldConstructionInProg, FieldRD, FieldInventory, FieldBacklog,
	FieldTotalAssets, FieldEquity,
}

// Units accepted for fundamentals. Money is stored in the currency unit;
// importers convert 万元/亿元/千元 before validation using UnitScale.
var knownUnits = map[string]bool{
	"CNY": true, "USD": true, "HKD": true, "EUR": true, "ratio": true, "count": true, "shares": true,
}

// UnitScale maps a unit as written in files to a canonical unit and the factor
// that converts a value into it: "亿元" → ("CNY", 1e8). ok is false for an
// unknown unit.
func UnitScale(unit string) (canonical string, factor float64, ok bool) {
	switch unit {
	case "CNY", "元", "yuan", "RMB":
		return "CNY", 1, true
	case "千元":
		return "CNY", 1e3, true
	case "万元":
		return "CNY", 1e4, true
	case "百万元":
		return "CNY", 1e6, true
	case "亿元":
		return "CNY", 1e8, true
	case "USD", "$":
		return "USD", 1, true
	case "HKD":
		return "HKD", 1, true
	case "EUR":
		return "EUR", 1, true
	case "ratio", "%":
		if unit == "%" {
			return "ratio", 0.01, true
		}
		return "ratio", 1, true
	case "count":
		return "count", 1, true
	case "shares", "股":
		return "shares", 1, true
	case "万股":
		return "shares", 1e4, true
	}
	return "", 0, false
}

// Validate rejects unknown units, a report date before the period end and
// non-finite values.
func (f Fundamental) Validate() error {
	if f.Symbol == "" || f.Field == "" {
		return fmt.Errorf("fundamental needs a symbol and a field")
	}
	if f.PeriodEnd.IsZero() {
		return fmt.Errorf("%s %s: no period end", f.Symbol, f.Field)
	}
	if !f.ReportDate.IsZero() && f.ReportDate.Before(f.PeriodEnd) {
		return fmt.Errorf("%s %s: report date %s before period end %s", f.Symbol, f.Field, FormatDate(f.ReportDate), FormatDate(f.PeriodEnd))
	}
	if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
		return fmt.Errorf("%s %s: value is not a number", f.Symbol, f.Field)
	}
	if !knownUnits[f.Unit] {
		return fmt.Errorf("%s %s: unknown unit %q (want CNY, USD, HKD, EUR, ratio, count or shares)", f.Symbol, f.Field, f.Unit)
	}
	return nil
}
