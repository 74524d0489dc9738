package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

var _ research.DocumentStore = (*Store)(nil)

// documentCols are the stored columns of a document, in the order
// scanDocument and the staging Appender use.
const documentCols = `id, hash, title, publisher, url, published_at, language, kind, symbols, sectors, body, source, origin, demo`

// PutDocuments stores documents in one transaction recorded as an ingest
// run of dataset "documents" (run.Dataset is set to it; zero StartedAt,
// FinishedAt and Rows are filled in). Documents are keyed by content hash:
// one whose hash is stored, or repeated earlier in docs, is counted as
// unchanged and its stored metadata is kept. Every document must be
// finished (research.Document.Finish) and valid; otherwise nothing is
// written and the error is EINVALID naming the document.
func (s *Store) PutDocuments(ctx context.Context, run market.IngestRun, docs []research.Document) (research.PutResult, error) {
	const op = "duckdb.PutDocuments"
	if s.opts.ReadOnly {
		return research.PutResult{}, &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the store is open read-only"}
	}
	if err := checkDocuments(docs); err != nil {
		return research.PutResult{}, &sextant.Error{Code: sextant.EINVALID, Op: op, Message: err.Error()}
	}
	var res research.PutResult
	err := s.inTx(ctx, op, func(conn *sql.Conn) error {
		var err error
		res, err = putDocumentsTx(ctx, conn, run, docs)
		return err
	})
	if err != nil {
		return research.PutResult{}, err
	}
	return res, nil
}

// checkDocuments rejects documents that are invalid, unfinished, whose id
// or hash does not match their body, or whose passages point outside it.
func checkDocuments(docs []research.Document) error {
	for i, d := range docs {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("document %d: %w", i+1, err)
		}
		if h := research.ContentHash(d.Body); h != d.Hash || d.ID != "d"+h[:16] {
			return fmt.Errorf("document %d (%q): id %s and hash do not match its body; call Finish after editing it", i+1, d.Title, d.ID)
		}
		seen := map[int]bool{}
		for _, p := range d.Passages {
			if p.Start < 0 || p.End < p.Start || p.End > len(d.Body) || seen[p.Seq] {
				return fmt.Errorf("document %d (%q): passage %d has offsets [%d, %d) outside the body or a repeated number", i+1, d.Title, p.Seq, p.Start, p.End)
			}
			seen[p.Seq] = true
		}
	}
	return nil
}

// putDocumentsTx does the work of PutDocuments inside the transaction.
func putDocumentsTx(ctx context.Context, conn *sql.Conn, run market.IngestRun, docs []research.Document) (research.PutResult, error) {
	run.Dataset = string(market.DatasetDocuments)
	if run.StartedAt.IsZero() {
		run.StartedAt = time.Now().UTC()
	}
	if run.Rows == 0 {
		run.Rows = len(docs)
	}
	if err := conn.QueryRowContext(ctx, "SELECT nextval('ingest_run_seq')").Scan(&run.ID); err != nil {
		return research.PutResult{}, err
	}
	res := research.PutResult{RunID: run.ID, IDs: make([]string, len(docs))}
	hashes := make([]string, len(docs))
	for i, d := range docs {
		res.IDs[i], hashes[i] = d.ID, d.Hash
	}
	stored := map[string]bool{}
	err := queryConn(ctx, conn, `SELECT hash FROM documents WHERE hash IN (SELECT unnest(?::VARCHAR[]))`, []any{hashes},
		func(rows *sql.Rows) error {
			var h string
			err := rows.Scan(&h)
			stored[h] = true
			return err
		})
	if err != nil {
		return research.PutResult{}, err
	}
	var fresh []research.Document
	for _, d := range docs {
		if !stored[d.Hash] {
			stored[d.Hash] = true // a later copy in docs is unchanged
			fresh = append(fresh, d)
		}
	}
	if err := insertDocuments(ctx, conn, fresh, run.ID); err != nil {
		return research.PutResult{}, err
	}
	res.Inserted, res.Unchanged = len(fresh), len(docs)-len(fresh)
	run.Inserted, run.Unchanged = res.Inserted, res.Unchanged
	if run.FinishedAt.IsZero() {
		run.FinishedAt = time.Now().UTC()
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO ingest_runs (id, source, dataset, input, input_hash, started_at, finished_at,
		rows_offered, inserted, updated, unchanged, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		run.ID, run.Source, run.Dataset, run.Input, run.InputHash, run.StartedAt.UTC(), run.FinishedAt.UTC(),
		run.Rows, run.Inserted, 0, run.Unchanged, run.Note)
	return res, err
}

// insertDocuments stages docs and their passages through the Appender in
// temp tables and inserts them in document order.
func insertDocuments(ctx context.Context, conn *sql.Conn, docs []research.Document, runID int64) error {
	if len(docs) == 0 {
		return nil
	}
	if _, err := conn.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE stage_documents AS
		SELECT `+documentCols+`, 0::BIGINT AS ord FROM documents LIMIT 0;
		CREATE OR REPLACE TEMP TABLE stage_passages AS
		SELECT doc_id, seq, text, start, "end", 0::BIGINT AS ord FROM passages LIMIT 0`); err != nil {
		return err
	}
	err := appendRows(ctx, conn, "stage_documents", 14, len(docs), func(i int, r []driver.Value) {
		d := docs[i]
		syms := symbolStrings(d.Symbols)
		secs := make([]string, len(d.Sectors))
		for j, s := range d.Sectors {
			secs[j] = s.String()
		}
		r[0], r[1], r[2], r[3], r[4], r[5], r[6] = d.ID, d.Hash, d.Title, d.Publisher, d.URL, d.PublishedAt.UTC(), d.Language
		r[7], r[8], r[9], r[10], r[11], r[12], r[13] = string(d.Kind), syms, secs, d.Body, d.Source, d.Origin, d.Demo
	})
	if err != nil {
		return err
	}
	var ps []research.Passage
	for _, d := range docs {
		ps = append(ps, d.Passages...)
	}
	err = appendRows(ctx, conn, "stage_passages", 5, len(ps), func(i int, r []driver.Value) {
		p := ps[i]
		r[0], r[1], r[2], r[3], r[4] = p.DocID, int32(p.Seq), p.Text, int32(p.Start), int32(p.End)
	})
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO documents (`+documentCols+`, run_id)
		SELECT `+documentCols+`, ? FROM stage_documents ORDER BY ord`, runID); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `INSERT INTO passages SELECT doc_id, seq, text, start, "end" FROM stage_passages ORDER BY ord;
		DROP TABLE stage_documents; DROP TABLE stage_passages`)
	return err
}

// DeleteDocuments removes documents and their passages in one
// transaction; unknown ids are ignored.
func (s *Store) DeleteDocuments(ctx context.Context, ids []string) error {
	const op = "duckdb.DeleteDocuments"
	if s.opts.ReadOnly {
		return &sextant.Error{Code: sextant.ECONFLICT, Op: op, Message: "the store is open read-only"}
	}
	if len(ids) == 0 {
		return nil
	}
	return s.inTx(ctx, op, func(conn *sql.Conn) error {
		_, err := conn.ExecContext(ctx, `DELETE FROM passages WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))`, ids)
		if err == nil {
			_, err = conn.ExecContext(ctx, `DELETE FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))`, ids)
		}
		return err
	})
}

// Document returns one document with its passages, or ENOTFOUND.
func (s *Store) Document(ctx context.Context, id string) (research.Document, error) {
	var w where
	w.add("id = ?", id)
	docs, err := s.documents(ctx, "duckdb.Document", w, 0)
	if err != nil {
		return research.Document{}, err
	}
	if len(docs) == 0 {
		return research.Document{}, &sextant.Error{Code: sextant.ENOTFOUND, Op: "duckdb.Document", Message: fmt.Sprintf("document %s not found", id)}
	}
	return docs[0], nil
}

// Documents returns the documents matching f, newest first (then by id),
// with their passages. From is an instant, To is taken to the end of its
// day; sectors and symbols match when a document links any of them; a
// language matches a document's tag or its primary subtag ("zh" matches
// "zh-CN"), case-insensitively.
func (s *Store) Documents(ctx context.Context, f research.Filter) ([]research.Document, error) {
	return s.documents(ctx, "duckdb.Documents", documentWhere(f), f.Limit)
}

// documentWhere translates a filter into conditions on documents.
func documentWhere(f research.Filter) where {
	var w where
	if !f.From.IsZero() {
		w.add("published_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		w.add("published_at < ?", market.DayOf(f.To).AddDate(0, 0, 1))
	}
	if len(f.Sectors) > 0 {
		secs := make([]string, len(f.Sectors))
		for i, s := range f.Sectors {
			secs[i] = s.String()
		}
		w.add("list_has_any(sectors, ?::VARCHAR[])", secs)
	}
	if len(f.Symbols) > 0 {
		w.add("list_has_any(symbols, ?::VARCHAR[])", symbolStrings(f.Symbols))
	}
	if len(f.Kinds) > 0 {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		w.add("kind IN (SELECT unnest(?::VARCHAR[]))", kinds)
	}
	if len(f.Languages) > 0 {
		langs := make([]string, len(f.Languages))
		for i, l := range f.Languages {
			langs[i] = strings.ToLower(l)
		}
		w.add("list_has_any(?::VARCHAR[], [lower(language), lower(split_part(language, '-', 1))])", langs)
	}
	return w
}

// documents reads the documents matching w (newest first, at most limit;
// 0 = all) with their passages in one statement, so that both come from
// the same snapshot.
func (s *Store) documents(ctx context.Context, op string, w where, limit int) ([]research.Document, error) {
	sel := "SELECT " + documentCols + " FROM documents" + w.String() + " ORDER BY published_at DESC, id"
	if limit > 0 {
		sel += fmt.Sprintf(" LIMIT %d", limit)
	}
	q := `WITH d AS (` + sel + `),
		p AS (SELECT doc_id, list(seq ORDER BY seq) AS seqs, list(text ORDER BY seq) AS texts,
			list(start ORDER BY seq) AS starts, list("end" ORDER BY seq) AS ends
			FROM passages WHERE doc_id IN (SELECT id FROM d) GROUP BY doc_id)
		SELECT d.*, coalesce(p.seqs, []::INTEGER[]), coalesce(p.texts, []::VARCHAR[]),
			coalesce(p.starts, []::INTEGER[]), coalesce(p.ends, []::INTEGER[])
		FROM d LEFT JOIN p ON p.doc_id = d.id ORDER BY d.published_at DESC, d.id`
	var out []research.Document
	err := query(ctx, s.db, op, q, w.args, func(rows *sql.Rows) error {
		d, err := scanDocument(rows)
		out = append(out, d)
		return err
	})
	return out, err
}

// scanDocument reads one row of documents (documentCols then the passage lists).
func scanDocument(rows *sql.Rows) (research.Document, error) {
	var d research.Document
	var syms, secs, seqs, texts, starts, ends []any
	if err := rows.Scan(&d.ID, &d.Hash, &d.Title, &d.Publisher, &d.URL, &d.PublishedAt, &d.Language, &d.Kind,
		&syms, &secs, &d.Body, &d.Source, &d.Origin, &d.Demo, &seqs, &texts, &starts, &ends); err != nil {
		return d, err
	}
	d.PublishedAt = d.PublishedAt.UTC()
	for _, s := range syms {
		d.Symbols = append(d.Symbols, market.Symbol(s.(string)))
	}
	for _, s := range secs {
		ref, err := research.ParseSectorRef(s.(string))
		if err != nil {
			return d, err
		}
		d.Sectors = append(d.Sectors, ref)
	}
	for i := range seqs {
		d.Passages = append(d.Passages, research.Passage{DocID: d.ID, Seq: int(seqs[i].(int32)), Text: texts[i].(string),
			Start: int(starts[i].(int32)), End: int(ends[i].(int32))})
	}
	return d, nil
}

// DocumentIDs returns every stored document id, sorted.
func (s *Store) DocumentIDs(ctx context.Context) ([]string, error) {
	var out []string
	err := query(ctx, s.db, "duckdb.DocumentIDs", "SELECT id FROM documents ORDER BY id", nil, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}
