package duckdb

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// InputRuns returns the ingest runs that last wrote the rows of dataset d
// for symbols (nil = all) observed in [from, to] (zero bounds are open),
// sorted by id: the distinct run_id of the matching rows joined to
// ingest_runs. See market.ProvenanceReader for which date each dataset is
// observed on.
func (s *Store) InputRuns(ctx context.Context, d market.Dataset, symbols []market.Symbol, from, to time.Time) ([]market.IngestRun, error) {
	const op = "duckdb.InputRuns"
	var w where
	var table string
	switch {
	case d == market.DatasetDocuments:
		table = "documents"
		if symbols != nil {
			w.add("list_has_any(symbols, ?::VARCHAR[])", symbolStrings(symbols))
		}
		if !from.IsZero() {
			w.add("published_at >= ?", market.DayOf(from))
		}
		if !to.IsZero() {
			w.add("published_at < ?", market.DayOf(to).AddDate(0, 0, 1))
		}
	case d == market.DatasetMembers:
		table = "memberships"
		w.symbols("symbol", symbols)
		if !to.IsZero() {
			w.add("from_date <= ?", market.DayOf(to))
		}
		if !from.IsZero() {
			w.add("(to_date IS NULL OR to_date > ?)", market.DayOf(from))
		}
	case slices.Contains(market.Datasets, d):
		t, cols := tableFor(d), statusCols[d]
		table = t.name
		w.symbols(cols[0], symbols)
		if cols[1] != "" {
			w.dates(cols[1], from, to)
		}
	default:
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "unknown dataset " + string(d)}
	}
	return s.runs(ctx, op, `SELECT `+runCols+` FROM ingest_runs
		WHERE id IN (SELECT DISTINCT run_id FROM `+table+w.String()+`) ORDER BY id`, w.args)
}

// LastDates returns each symbol's last observation date in a dated dataset.
func (s *Store) LastDates(ctx context.Context, d market.Dataset, symbols []market.Symbol) (map[market.Symbol]time.Time, error) {
	const op = "duckdb.LastDates"
	cols, ok := statusCols[d]
	if !ok || cols[1] == "" || d == market.DatasetFundamentals {
		return nil, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: "no observation dates in dataset " + string(d)}
	}
	if symbols != nil && len(symbols) == 0 {
		return map[market.Symbol]time.Time{}, nil
	}
	var w where
	w.symbols(cols[0], symbols)
	out := map[market.Symbol]time.Time{}
	q := `SELECT ` + cols[0] + `, max(` + cols[1] + `) FROM ` + tableFor(d).name + w.String() + ` GROUP BY 1`
	err := query(ctx, s.db, op, q, w.args, func(rows *sql.Rows) error {
		var sym string
		var last time.Time
		err := rows.Scan(&sym, &last)
		out[market.Symbol(sym)] = market.DayOf(last)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

var _ market.ProvenanceBatchReader = (*Store)(nil)

// InputRunsBatch answers many InputRuns questions: those on a dated
// per-symbol dataset with a symbol list are answered with one join per
// dataset (question index × symbol × window against the table), the rest
// one by one.
func (s *Store) InputRunsBatch(ctx context.Context, qs []market.ProvenanceQuery) ([][]market.IngestRun, error) {
	const op = "duckdb.InputRunsBatch"
	out := make([][]market.IngestRun, len(qs))
	byDataset := map[market.Dataset][]int{}
	for i, q := range qs {
		cols, ok := statusCols[q.Dataset]
		if !ok || cols[1] == "" || q.Symbols == nil || q.Dataset == market.DatasetMembers {
			runs, err := s.InputRuns(ctx, q.Dataset, q.Symbols, q.From, q.To)
			if err != nil {
				return nil, err
			}
			out[i] = runs
			continue
		}
		byDataset[q.Dataset] = append(byDataset[q.Dataset], i)
	}
	ids := map[int][]int64{} // question → run ids
	var all []int64
	for d, idx := range byDataset {
		var qi []int64
		var syms, lo, hi []string
		for _, i := range idx {
			from, to := "0001-01-01", "9999-12-31"
			if !qs[i].From.IsZero() {
				from = market.FormatDate(qs[i].From)
			}
			if !qs[i].To.IsZero() {
				to = market.FormatDate(qs[i].To)
			}
			for _, sym := range qs[i].Symbols {
				qi, syms, lo, hi = append(qi, int64(i)), append(syms, string(sym)), append(lo, from), append(hi, to)
			}
		}
		if len(qi) == 0 {
			continue
		}
		cols := statusCols[d]
		q := `SELECT DISTINCT q.i, t.run_id FROM (SELECT unnest(?::BIGINT[]) AS i, unnest(?::VARCHAR[]) AS s,
			unnest(?::VARCHAR[])::DATE AS lo, unnest(?::VARCHAR[])::DATE AS hi) AS q
			JOIN ` + tableFor(d).name + ` AS t ON t.` + cols[0] + ` = q.s AND t.` + cols[1] + ` BETWEEN q.lo AND q.hi`
		err := query(ctx, s.db, op, q, []any{qi, syms, lo, hi}, func(rows *sql.Rows) error {
			var i, id int64
			if err := rows.Scan(&i, &id); err != nil {
				return err
			}
			ids[int(i)] = append(ids[int(i)], id)
			all = append(all, id)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(all) == 0 {
		return out, nil
	}
	runs, err := s.runs(ctx, op, `SELECT `+runCols+` FROM ingest_runs WHERE id IN (SELECT unnest(?::BIGINT[])) ORDER BY id`, []any{all})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]market.IngestRun, len(runs))
	for _, r := range runs {
		byID[r.ID] = r
	}
	for i, list := range ids {
		slices.Sort(list)
		for _, id := range slices.Compact(list) {
			out[i] = append(out[i], byID[id])
		}
	}
	return out, nil
}
