package duckdb

import (
	"database/sql/driver"
	"math"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// table describes how one dataset is stored: its table, natural key,
// value columns and how a batch's rows become column values.
type table struct {
	name    string
	dataset market.Dataset
	keys    []string // natural key (a PRIMARY KEY only for the small tables, see migration 0002)
	cols    []string // value columns, compared with IS DISTINCT FROM
	// rows returns the number of rows of this table in b and a function
	// that fills dst (len(keys)+len(cols)) with row i, for the small tables
	// loaded through the Appender.
	rows func(b *market.Batch) (int, func(i int, dst []driver.Value))
	// columns returns the number of rows of this table in b and readers of
	// its columns (keys then cols), for the large tables loaded through the
	// columnar source (load.go); nil for the small tables.
	columns func(b *market.Batch) (int, []column)
}

// count returns the number of rows of this table in b.
func (t table) count(b *market.Batch) int {
	if t.columns != nil {
		n, _ := t.columns(b)
		return n
	}
	n, _ := t.rows(b)
	return n
}

// unknownReport stands for an unknown fundamentals report date, which is
// part of the key and so cannot be NULL.
var unknownReport = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// tables lists the stored datasets in write order (taxonomies before the
// sectors that refer to them).
var tables = []table{
	{
		name: "taxonomies", dataset: market.DatasetSectors,
		keys: []string{"id"}, cols: []string{"name", "levels"},
		rows: func(b *market.Batch) (int, func(int, []driver.Value)) {
			return len(b.Taxonomies), func(i int, d []driver.Value) {
				t := b.Taxonomies[i]
				d[0], d[1], d[2] = t.ID, t.Name, int32(t.Levels)
			}
		},
	},
	{
		name: "instruments", dataset: market.DatasetInstruments,
		keys: []string{"symbol"},
		cols: []string{"kind", "name", "name_en", "currency", "list_date", "delist_at", "ownership", "tracks", "theme", "demo"},
		rows: func(b *market.Batch) (int, func(int, []driver.Value)) {
			return len(b.Instruments), func(i int, d []driver.Value) {
				in := b.Instruments[i]
				d[0], d[1], d[2], d[3], d[4] = string(in.Symbol), string(in.Kind), in.Name, in.NameEN, in.Currency
				d[5], d[6], d[7], d[8], d[9], d[10] = date(in.ListDate), date(in.DelistAt), string(in.Ownership), string(in.Tracks), in.Theme, in.Demo
			}
		},
	},
	{
		name: "sectors", dataset: market.DatasetSectors,
		keys: []string{"taxonomy", "code"},
		cols: []string{"level", "name", "name_en", "parent", "index_symbol", "aliases"},
		rows: func(b *market.Batch) (int, func(int, []driver.Value)) {
			return len(b.Sectors), func(i int, d []driver.Value) {
				s := b.Sectors[i]
				aliases := s.Aliases
				if aliases == nil {
					aliases = []string{}
				}
				d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7] = s.Taxonomy, s.Code, int32(s.Level), s.Name, s.NameEN, s.Parent, string(s.IndexSymbol), aliases
			}
		},
	},
	{
		name: "memberships", dataset: market.DatasetMembers,
		keys: []string{"taxonomy", "sector", "symbol", "from_date"}, cols: []string{"to_date", "weight"},
		rows: func(b *market.Batch) (int, func(int, []driver.Value)) {
			return len(b.Members), func(i int, d []driver.Value) {
				m := b.Members[i]
				d[0], d[1], d[2], d[3], d[4], d[5] = m.Taxonomy, m.Sector, string(m.Symbol), date(m.From), date(m.To), num(m.Weight)
			}
		},
	},
	{
		name: "bars", dataset: market.DatasetBars,
		keys:    []string{"symbol", "date"},
		cols:    []string{"open", "high", "low", "close", "volume", "amount", "turnover", "adj_factor"},
		columns: barColumns,
	},
	{
		name: "fund_shares", dataset: market.DatasetShares,
		keys: []string{"symbol", "date"}, cols: []string{"shares", "nav"},
		columns: shareColumns,
	},
	{
		name: "margin", dataset: market.DatasetMargin,
		keys: []string{"symbol", "date"}, cols: []string{"fin_balance", "fin_buy", "fin_repay", "sec_balance"},
		columns: marginColumns,
	},
	{
		name: "capital_flows", dataset: market.DatasetFlows,
		keys: []string{"symbol", "date"}, cols: []string{"main_net", "super_net", "large_net", "medium_net", "small_net"},
		columns: flowColumns,
	},
	{
		name: "fundamentals", dataset: market.DatasetFundamentals,
		keys: []string{"symbol", "field", "period_end", "report_date"}, cols: []string{"value", "unit"},
		columns: fundamentalColumns,
	},
	{
		name: "valuations", dataset: market.DatasetValuation,
		keys: []string{"symbol", "date"}, cols: []string{"pe_ttm", "pb", "total_mv", "float_mv"},
		columns: valuationColumns,
	},
}

// num stores NaN as NULL.
func num(v float64) driver.Value {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// date stores the zero time as NULL and any other time as its calendar day.
func date(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return market.DayOf(t)
}

// tableFor returns the table of a dataset's observations (the one Status
// describes); sectors also own taxonomies.
func tableFor(d market.Dataset) table {
	for _, t := range tables {
		if t.dataset == d && t.name != "taxonomies" {
			return t
		}
	}
	panic("duckdb: no table for dataset " + string(d))
}
