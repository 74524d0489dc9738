package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/analysis"
	"github.com/sextant-ai/sextant/internal/duckdb"
	"github.com/sextant-ai/sextant/internal/fulltext"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/docfile"
	"github.com/sextant-ai/sextant/internal/source/rss"
)

func newDocsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "docs",
		Short: "Documents that reports cite: add files, search passages, rebuild the index",
		Long: `Documents (news, research notes, policy notices, filings, announcements) are
stored in the store, split into passages and indexed for full-text search
(Chinese and English). Reports cite their passages. The search index lives
beside the store and is rebuilt from it whenever it is missing, damaged or
behind.`,
	}
	cmd.AddCommand(newDocsAddCmd(app), newDocsSearchCmd(app), newDocsReindexCmd(app))
	return cmd
}

type docsAddOptions struct {
	Kind, Publisher, Lang, Published string
	SkipInvalid                      bool
}

func newDocsAddCmd(app *App) *cobra.Command {
	var o docsAddOptions
	cmd := &cobra.Command{
		Use:   "add PATH...",
		Short: "Add Markdown, HTML, text and PDF files (or folders of them) and RSS/Atom feed files",
		Long: `Read documents from files or folders — Markdown (.md, optional front matter:
title, publisher, url, published, language, kind, symbols, sectors), HTML
(readable text; scripts, navigation and footers dropped), plain text (first
line is the title), PDF (text layer) and RSS or Atom feed files (.xml,
.rss, .atom: one news document per item) — link them to the sectors and
instruments they mention, store them (a body already stored is left as it
is) and index their passages.`,
		Example: `  sextant docs add notes/
  sextant docs add policy.pdf --kind policy --publisher "State Council"`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(cmd, fmt.Errorf("need at least one PATH"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runDocsAdd(cmd.Context(), app, args, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.Kind, "kind", string(research.KindResearch), "kind of documents whose files name none: news, research, policy, filing, announcement")
	f.StringVar(&o.Publisher, "publisher", "", "publisher of documents whose files name none")
	f.StringVar(&o.Lang, "lang", "", "language of documents whose files declare none (default: detected)")
	f.StringVar(&o.Published, "published", "", "date of documents whose files give none (default: the file's modification time)")
	f.BoolVar(&o.SkipInvalid, "skip-invalid", false, "skip unreadable files of a folder with a note instead of failing")
	return cmd
}

func runDocsAdd(ctx context.Context, app *App, paths []string, o docsAddOptions) error {
	opts := docfile.DefaultOptions()
	kind, err := research.ParseKind(o.Kind)
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "--kind: %v", err)
	}
	opts.Kind, opts.Publisher, opts.Language, opts.SkipInvalid = kind, o.Publisher, o.Lang, o.SkipInvalid
	if o.Published != "" {
		if opts.Published, err = market.ParseDate(o.Published); err != nil {
			return sextant.Errorf(sextant.EINVALID, "--published: %s", sextant.ErrorMessage(err))
		}
	}
	st, err := app.openStoreAt(ctx, app.cfg.StorePath(), false)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Linker, err = linker(ctx, st); err != nil {
		return err
	}
	var docs []research.Document
	for _, p := range paths {
		ds, notes, err := readDocuments(ctx, p, opts)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Fprintln(app.Err, "note:", n)
		}
		docs = append(docs, ds...)
	}
	return putDocuments(ctx, app, st, docs, docfile.Source, strings.Join(paths, " "))
}

// feedExtensions are the files `docs add` reads as RSS or Atom feeds.
var feedExtensions = []string{".xml", ".rss", ".atom"}

// readDocuments reads a feed file through the rss source and anything else
// (a document file or a folder) through docfile.
func readDocuments(ctx context.Context, path string, o docfile.Options) ([]research.Document, []string, error) {
	if !slices.Contains(feedExtensions, strings.ToLower(filepath.Ext(path))) {
		return docfile.Read(ctx, path, o)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	defer f.Close()
	ro := rss.DefaultOptions()
	ro.Publisher, ro.Language, ro.Linker = o.Publisher, o.Language, o.Linker
	return rss.Parse(f, path, ro)
}

// linker links documents to every stored sector and instrument.
func linker(ctx context.Context, st *duckdb.Store) (*research.Linker, error) {
	sectors, err := st.Sectors(ctx, "", 0)
	if err != nil {
		return nil, err
	}
	ins, err := st.Instruments(ctx, market.InstrumentFilter{})
	if err != nil {
		return nil, err
	}
	return research.NewLinker(sectors, ins), nil
}

// putDocuments stores documents, then indexes them, and says what changed.
func putDocuments(ctx context.Context, app *App, st *duckdb.Store, docs []research.Document, source, input string) error {
	if len(docs) == 0 {
		return sextant.Errorf(sextant.EINVALID, "no documents found in %s", input)
	}
	x, _, err := fulltext.OpenReconciled(ctx, app.cfg.IndexPath(), fulltext.DefaultOptions(), st)
	if err != nil {
		return err
	}
	defer x.Close()
	run := market.IngestRun{Source: source, Dataset: string(market.DatasetDocuments), Input: input, StartedAt: app.Now(), Rows: len(docs)}
	res, err := fulltext.Put(ctx, st, x, run, docs)
	if err != nil {
		return err
	}
	passages := 0
	for _, d := range docs {
		passages += len(d.Passages)
	}
	fmt.Fprintf(app.Out, "documents: %d added, %d already stored (%d passages read, run #%d)\n", res.Inserted, res.Unchanged, passages, res.RunID)
	for _, d := range docs {
		fmt.Fprintf(app.Out, "  %s  %s  %s  %-12s %s  [%s]\n", d.ID, market.FormatDate(d.PublishedAt), d.Language, d.Kind, d.Title, linksWords(d))
	}
	return nil
}

func linksWords(d research.Document) string {
	var parts []string
	for _, s := range d.Sectors {
		parts = append(parts, s.String())
	}
	for _, s := range d.Symbols {
		parts = append(parts, string(s))
	}
	if len(parts) > 8 {
		parts = append(parts[:8], "…")
	}
	if len(parts) == 0 {
		return "no links"
	}
	return strings.Join(parts, " ")
}

type docsSearchOptions struct {
	Sector, Taxonomy, Symbol, Since, Until, Kind, Lang string
	Limit                                              int
	JSON                                               bool
}

func newDocsSearchCmd(app *App) *cobra.Command {
	var o docsSearchOptions
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Full-text search of document passages (BM25, Chinese and English)",
		Example: `  sextant docs search 商业航天 --sector 国防军工
  sextant docs search "satellite launch" --since 2026-09-01 --lang en`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(cmd, fmt.Errorf("need a QUERY"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDocsSearch(cmd.Context(), app, strings.Join(args, " "), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Sector, "sector", "", "only documents linked to this sector (code, symbol, name or alias)")
	f.StringVar(&o.Taxonomy, "taxonomy", "", "taxonomy to resolve --sector in")
	f.StringVar(&o.Symbol, "symbol", "", "only documents linked to this instrument")
	f.StringVar(&o.Since, "since", "", "published on or after YYYY-MM-DD")
	f.StringVar(&o.Until, "until", "", "published on or before YYYY-MM-DD")
	f.StringVar(&o.Kind, "kind", "", "news, research, policy, filing or announcement")
	f.StringVar(&o.Lang, "lang", "", "zh or en")
	f.IntVar(&o.Limit, "limit", 10, "passages to show")
	f.BoolVar(&o.JSON, "json", false, "print hits as JSON")
	return cmd
}

func runDocsSearch(ctx context.Context, app *App, text string, o docsSearchOptions) error {
	st, err := app.openReadStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := searchQuery(ctx, st, text, o)
	if err != nil {
		return err
	}
	x, opened, err := fulltext.OpenReconciled(ctx, app.cfg.IndexPath(), fulltext.DefaultOptions(), st)
	if err != nil {
		return err
	}
	defer x.Close()
	if opened.Rebuilt || opened.Added > 0 || opened.Removed > 0 {
		fmt.Fprintf(app.Err, "index reconciled with the store: %d indexed, %d removed\n", opened.Added, opened.Removed)
	}
	hits, err := x.Search(ctx, q)
	if err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(app.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(hits)
	}
	return printHits(app.Out, hits)
}

// searchQuery turns the flags into a query.
func searchQuery(ctx context.Context, st *duckdb.Store, text string, o docsSearchOptions) (research.Query, error) {
	q := research.Query{Text: text, Limit: o.Limit}
	var err error
	if o.Sector != "" {
		sec, err := analysis.ResolveSector(ctx, st, o.Sector, o.Taxonomy)
		if err != nil {
			return q, err
		}
		q.Sectors = []research.SectorRef{{Taxonomy: sec.Taxonomy, Code: sec.Code}}
	}
	if o.Symbol != "" {
		s, err := analysis.ResolveSymbol(ctx, st, o.Symbol)
		if err != nil {
			return q, err
		}
		q.Symbols = []market.Symbol{s}
	}
	if q.From, err = optionalDate("--since", o.Since); err != nil {
		return q, err
	}
	if q.To, err = optionalDate("--until", o.Until); err != nil {
		return q, err
	}
	if o.Kind != "" {
		k, err := research.ParseKind(o.Kind)
		if err != nil {
			return q, sextant.Errorf(sextant.EINVALID, "--kind: %v", err)
		}
		q.Kinds = []research.Kind{k}
	}
	if o.Lang != "" {
		q.Languages = []string{o.Lang}
	}
	return q, nil
}

func optionalDate(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := market.ParseDate(s)
	if err != nil {
		return time.Time{}, sextant.Errorf(sextant.EINVALID, "%s: %s", flag, sextant.ErrorMessage(err))
	}
	return d, nil
}

func printHits(w io.Writer, hits []research.Hit) error {
	if len(hits) == 0 {
		fmt.Fprintln(w, "no passages found")
		return nil
	}
	for i, h := range hits {
		fmt.Fprintf(w, "%d. %s  %s  %s  %s — %s  (score %.2f, %s)\n", i+1, market.FormatDate(h.PublishedAt), h.Language, h.Kind, h.Title, h.Publisher, h.Score, h.PassageID())
		fmt.Fprintf(w, "   %s\n", strings.Join(strings.Fields(h.Highlight), " "))
	}
	return nil
}

func newDocsReindexCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the full-text index from the documents in the store",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			st, err := app.openReadStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			x, err := fulltext.Recreate(app.cfg.IndexPath(), fulltext.DefaultOptions())
			if err != nil {
				return err
			}
			defer x.Close()
			n, err := x.Rebuild(ctx, st)
			if err != nil {
				return err
			}
			fmt.Fprintf(app.Out, "index rebuilt: %d documents\n", n)
			return nil
		},
	}
}

// runImportDocuments imports JSON Lines files of documents: every file is
// read and validated first (FILE:LINE errors), then all are written in one
// run, so a bad line writes nothing.
func runImportDocuments(ctx context.Context, app *App, o importOptions) error {
	opts := docfile.DefaultOptions()
	opts.Kind = research.KindNews
	var docs []research.Document
	for _, f := range o.Files {
		ds, notes, err := docfile.ReadJSONL(ctx, f, opts)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Fprintln(app.Err, "note:", n)
		}
		docs = append(docs, ds...)
	}
	if o.DryRun {
		fmt.Fprintf(app.Out, "documents: %d valid (dry run: nothing written)\n", len(docs))
		return nil
	}
	st, err := app.openStoreAt(ctx, app.cfg.StorePath(), false)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts.Linker, err = linker(ctx, st); err != nil {
		return err
	}
	for i := range docs {
		opts.Linker.Link(&docs[i])
	}
	return putDocuments(ctx, app, st, docs, docfile.JSONLSource, strings.Join(o.Files, " "))
}
