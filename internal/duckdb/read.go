package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// where accumulates SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// symbols restricts col to the given symbols; nil means all. One symbol is
// an equality, which DuckDB checks against each row group's min/max and so
// skips the groups of other symbols; a list is a semi-join, which scans the
// column.
func (w *where) symbols(col string, syms []market.Symbol) {
	switch {
	case syms == nil:
	case len(syms) == 1:
		w.add(col+" = ?", string(syms[0]))
	default:
		w.add(col+" IN (SELECT unnest(?::VARCHAR[]))", symbolStrings(syms))
	}
}

// dates restricts col to [from, to]; zero bounds are open.
func (w *where) dates(col string, from, to time.Time) {
	if !from.IsZero() {
		w.add(col+" >= ?", market.DayOf(from))
	}
	if !to.IsZero() {
		w.add(col+" <= ?", market.DayOf(to))
	}
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

func symbolStrings(syms []market.Symbol) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = string(s)
	}
	return out
}

// nullFloat reads NULL back as NaN.
type nullFloat float64

func (f *nullFloat) Scan(v any) error {
	var n sql.NullFloat64
	if err := n.Scan(v); err != nil {
		return err
	}
	if !n.Valid {
		*f = nullFloat(math.NaN())
	} else {
		*f = nullFloat(n.Float64)
	}
	return nil
}

// nullDate reads NULL back as the zero time.
type nullDate time.Time

func (d *nullDate) Scan(v any) error {
	var n sql.NullTime
	if err := n.Scan(v); err != nil {
		return err
	}
	*d = nullDate{}
	if n.Valid {
		*d = nullDate(market.DayOf(n.Time))
	}
	return nil
}

// query runs q and calls scan for each row, translating errors for op.
func query(ctx context.Context, db *sql.DB, op, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return storeError(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return storeError(op, err)
		}
	}
	return storeError(op, rows.Err())
}

const instrumentCols = `symbol, kind, name, name_en, currency, list_date, delist_at, ownership, tracks, theme, demo`

func scanInstrument(rows *sql.Rows) (market.Instrument, error) {
	var in market.Instrument
	var list, delist nullDate
	err := rows.Scan(&in.Symbol, &in.Kind, &in.Name, &in.NameEN, &in.Currency, &list, &delist,
		&in.Ownership, &in.Tracks, &in.Theme, &in.Demo)
	in.ListDate, in.DelistAt = time.Time(list), time.Time(delist)
	return in, err
}

// Instrument returns one instrument or an ENOTFOUND error.
func (s *Store) Instrument(ctx context.Context, sym market.Symbol) (market.Instrument, error) {
	ins, err := s.Instruments(ctx, market.InstrumentFilter{Symbols: []market.Symbol{sym}})
	if err != nil {
		return market.Instrument{}, err
	}
	if len(ins) == 0 {
		return market.Instrument{}, &sextant.Error{Code: sextant.ENOTFOUND, Op: "duckdb.Instrument", Message: fmt.Sprintf("instrument %s not found", sym)}
	}
	return ins[0], nil
}

// Instruments returns the matching instruments sorted by symbol.
func (s *Store) Instruments(ctx context.Context, f market.InstrumentFilter) ([]market.Instrument, error) {
	var w where
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		w.add("kind IN (SELECT unnest(?::VARCHAR[]))", kinds)
	}
	if f.Venue != "" {
		w.add("split_part(symbol, '.', -1) = ?", f.Venue)
	}
	if len(f.Symbols) > 0 {
		w.symbols("symbol", f.Symbols)
	}
	var out []market.Instrument
	err := query(ctx, s.db, "duckdb.Instruments", "SELECT "+instrumentCols+" FROM instruments"+w.String()+" ORDER BY symbol", w.args,
		func(rows *sql.Rows) error {
			in, err := scanInstrument(rows)
			out = append(out, in)
			return err
		})
	return out, err
}

// Taxonomies returns every taxonomy sorted by id.
func (s *Store) Taxonomies(ctx context.Context) ([]market.Taxonomy, error) {
	var out []market.Taxonomy
	err := query(ctx, s.db, "duckdb.Taxonomies", "SELECT id, name, levels FROM taxonomies ORDER BY id", nil,
		func(rows *sql.Rows) error {
			var t market.Taxonomy
			err := rows.Scan(&t.ID, &t.Name, &t.Levels)
			out = append(out, t)
			return err
		})
	return out, err
}

// Sectors returns the sectors of a taxonomy at a level (0 = all levels), sorted by code.
func (s *Store) Sectors(ctx context.Context, taxonomy string, level int) ([]market.Sector, error) {
	w := where{}
	w.add("taxonomy = ?", taxonomy)
	if level > 0 {
		w.add("level = ?", level)
	}
	var out []market.Sector
	err := query(ctx, s.db, "duckdb.Sectors",
		"SELECT taxonomy, code, level, name, name_en, parent, index_symbol, aliases FROM sectors"+w.String()+" ORDER BY code", w.args,
		func(rows *sql.Rows) error {
			var sec market.Sector
			var aliases []any
			if err := rows.Scan(&sec.Taxonomy, &sec.Code, &sec.Level, &sec.Name, &sec.NameEN, &sec.Parent, &sec.IndexSymbol, &aliases); err != nil {
				return err
			}
			for _, a := range aliases {
				if str, ok := a.(string); ok {
					sec.Aliases = append(sec.Aliases, str)
				}
			}
			out = append(out, sec)
			return nil
		})
	return out, err
}

// Members returns the memberships of a sector active on asOf (From
// inclusive, To exclusive), sorted by symbol.
func (s *Store) Members(ctx context.Context, taxonomy, sector string, asOf time.Time) ([]market.Membership, error) {
	day := market.DayOf(asOf)
	return s.memberships(ctx, "duckdb.Members",
		" AND from_date <= ? AND (to_date IS NULL OR to_date > ?) ORDER BY symbol, from_date", taxonomy, sector, day, day)
}

// MembershipHistory returns every membership of a sector, sorted by symbol then start.
func (s *Store) MembershipHistory(ctx context.Context, taxonomy, sector string) ([]market.Membership, error) {
	return s.memberships(ctx, "duckdb.MembershipHistory", " ORDER BY symbol, from_date", taxonomy, sector)
}

func (s *Store) memberships(ctx context.Context, op, tail string, args ...any) ([]market.Membership, error) {
	var out []market.Membership
	err := query(ctx, s.db, op, `SELECT taxonomy, sector, symbol, from_date, to_date, weight FROM memberships
		WHERE taxonomy = ? AND sector = ?`+tail, args,
		func(rows *sql.Rows) error {
			var m market.Membership
			var from, to nullDate
			var weight nullFloat
			err := rows.Scan(&m.Taxonomy, &m.Sector, &m.Symbol, &from, &to, &weight)
			m.From, m.To, m.Weight = time.Time(from), time.Time(to), float64(weight)
			out = append(out, m)
			return err
		})
	return out, err
}

// Fundamentals returns the figures of the given symbols and fields (nil =
// all) reported on or before knownAt (zero = no limit), sorted by symbol,
// field, period end, report date. A figure with an unknown report date
// counts as known from its period end.
func (s *Store) Fundamentals(ctx context.Context, symbols []market.Symbol, fields []string, knownAt time.Time) ([]market.Fundamental, error) {
	var w where
	w.symbols("symbol", symbols)
	if fields != nil {
		w.add("field IN (SELECT unnest(?::VARCHAR[]))", fields)
	}
	if !knownAt.IsZero() {
		day := market.DayOf(knownAt)
		w.add("(CASE WHEN report_date = ? THEN period_end ELSE report_date END) <= ?", unknownReport, day)
	}
	var out []market.Fundamental
	err := query(ctx, s.db, "duckdb.Fundamentals", `SELECT symbol, field, period_end, report_date, value, unit FROM fundamentals`+
		w.String()+" ORDER BY symbol, field, period_end, report_date", w.args,
		func(rows *sql.Rows) error {
			var f market.Fundamental
			var period, report nullDate
			var v nullFloat
			if err := rows.Scan(&f.Symbol, &f.Field, &period, &report, &v, &f.Unit); err != nil {
				return err
			}
			f.PeriodEnd, f.ReportDate, f.Value = time.Time(period), time.Time(report), float64(v)
			if f.ReportDate.Equal(unknownReport) {
				f.ReportDate = time.Time{}
			}
			out = append(out, f)
			return nil
		})
	return out, err
}
