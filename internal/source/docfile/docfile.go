package docfile

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/research"
)

// Source is the Source of every document Read returns.
const Source = "docfile"

// Options supply what files do not say, and limits.
type Options struct {
	Kind      research.Kind // kind of a document whose file names none
	Publisher string        // publisher of a document whose file names none
	Language  string        // language of a document whose file declares none; "" = detected
	// Published dates a document whose file gives no date; when zero, the
	// file's modification time is used (and a note says so).
	Published time.Time
	// Linker links documents to the symbols and sectors they mention;
	// nil links nothing beyond what files list.
	Linker *research.Linker
	// SkipInvalid turns an unreadable file of a directory into a note
	// instead of an error.
	SkipInvalid bool
	// MaxBytes is the largest file read; 0 means 64 MiB.
	MaxBytes int64
}

// DefaultOptions: local files are research notes by default.
func DefaultOptions() Options {
	return Options{Kind: research.KindResearch, MaxBytes: 64 << 20}
}

// Extensions are the file extensions Read understands.
var Extensions = []string{".md", ".markdown", ".html", ".htm", ".txt", ".pdf"}

// Read reads the document in a file, or every document under a directory.
// It returns finished, validated documents sorted by path (a body already
// read from another file is left out, with a note) and notes for the
// user. On error nothing is returned.
func Read(ctx context.Context, path string, o Options) ([]research.Document, []string, error) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultOptions().MaxBytes
	}
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, sextant.Errorf(sextant.ENOTFOUND, "%s: no such file or directory", path)
		}
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %w", path, err)
	}
	var files, notes []string
	if info.IsDir() {
		files, notes, err = walk(path)
		if err != nil {
			return nil, nil, err
		}
	} else {
		if !known(path) {
			return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: unknown document format %q (want one of %s)", path, filepath.Ext(path), strings.Join(Extensions, ", "))
		}
		files = []string{path}
	}
	var docs []research.Document
	seen := map[string]string{} // id → origin
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		d, fileNotes, err := readOne(f, o)
		if err != nil {
			if info.IsDir() && o.SkipInvalid {
				notes = append(notes, fmt.Sprintf("%s: skipped: %s", f, sextant.ErrorMessage(err)))
				continue
			}
			return nil, nil, err
		}
		notes = append(notes, fileNotes...)
		if prev, ok := seen[d.ID]; ok {
			notes = append(notes, fmt.Sprintf("%s: same text as %s (%s); skipped", f, prev, d.ID))
			continue
		}
		seen[d.ID] = f
		docs = append(docs, d)
	}
	return docs, notes, nil
}

func known(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions {
		if e == ext {
			return true
		}
	}
	return false
}

// walk lists the readable files under dir in lexical order, skipping
// hidden files and directories, and notes the files of unknown formats.
func walk(dir string) ([]string, []string, error) {
	var files []string
	skipped := map[string]int{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "%s: %w", p, err)
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if !known(p) {
			ext := strings.ToLower(filepath.Ext(p))
			if ext == "" {
				ext = "(none)"
			}
			skipped[ext]++
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	if len(skipped) > 0 {
		exts := make([]string, 0, len(skipped))
		n := 0
		for e, c := range skipped {
			exts = append(exts, fmt.Sprintf("%s %d", e, c))
			n += c
		}
		sort.Strings(exts)
		hint := ""
		if skipped[".jsonl"] > 0 {
			hint = "; JSON Lines files are imported with `sextant import documents`"
		}
		notes = append(notes, fmt.Sprintf("%s: skipped %d file(s) of unknown format (%s)%s", dir, n, strings.Join(exts, ", "), hint))
	}
	return files, notes, nil
}

// readOne reads one file into a finished, validated document.
func readOne(path string, o Options) (research.Document, []string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return research.Document{}, nil, sextant.Errorf(sextant.EINVALID, "%s: %w", path, err)
	}
	if info.Size() > o.MaxBytes {
		return research.Document{}, nil, sextant.Errorf(sextant.EINVALID, "%s: %d bytes is more than the %d-byte limit", path, info.Size(), o.MaxBytes)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return research.Document{}, nil, sextant.Errorf(sextant.EINVALID, "%s: %w", path, err)
	}
	var notes []string
	m, body, err := parse(path, b, &notes)
	if err != nil {
		return research.Document{}, nil, sextant.Errorf(sextant.EINVALID, "%w", err)
	}
	d, err := build(path, m, body, info.ModTime(), o, &notes)
	if err != nil {
		return research.Document{}, nil, err
	}
	return d, notes, nil
}

// parse dispatches on the extension. Errors name the file.
func parse(path string, b []byte, notes *[]string) (meta, string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return readMarkdown(path, text(path, b, notes))
	case ".html", ".htm":
		return readHTML(path, b, notes)
	case ".txt":
		m, body := readText(text(path, b, notes))
		return m, body, nil
	case ".pdf":
		return readPDFFile(path, b)
	}
	return meta{}, "", fmt.Errorf("%s: unknown document format", path)
}

// text decodes a text file: UTF-8 (a BOM is dropped), else GB18030, the
// superset of the GBK and GB2312 that older Chinese files are written in.
func text(path string, b []byte, notes *[]string) string {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b)
	}
	if u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b); err == nil && utf8.Valid(u) {
		*notes = append(*notes, fmt.Sprintf("%s: not UTF-8; read as GB18030", path))
		return string(u)
	}
	return strings.ToValidUTF8(string(b), "\ufffd")
}

// build applies the options' defaults, finishes, links and validates.
func build(path string, m meta, body string, mtime time.Time, o Options, notes *[]string) (research.Document, error) {
	d := research.Document{
		Title: m.title, Publisher: m.publisher, URL: m.url, PublishedAt: m.published,
		Language: m.lang, Kind: m.kind, Symbols: m.symbols, Sectors: m.sectors,
		Body: body, Source: Source, Origin: path,
	}
	if d.Title == "" {
		d.Title = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		*notes = append(*notes, fmt.Sprintf("%s: no title; using the file name", path))
	}
	if d.Publisher == "" {
		d.Publisher = o.Publisher
	}
	if d.Kind == "" {
		d.Kind = o.Kind
	}
	if d.Language == "" {
		d.Language = o.Language
	}
	if d.PublishedAt.IsZero() {
		d.PublishedAt = o.Published
	}
	if d.PublishedAt.IsZero() {
		t := mtime.Local()
		d.PublishedAt = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		*notes = append(*notes, fmt.Sprintf("%s: no published date; using the file's modification time %s", path, d.PublishedAt.Format("2006-01-02 15:04")))
	}
	d.Finish()
	o.Linker.Link(&d)
	tidyRefs(&d)
	if err := d.Validate(); err != nil {
		return research.Document{}, sextant.Errorf(sextant.EINVALID, "%s: %v", path, err)
	}
	return d, nil
}

// tidyRefs sorts and deduplicates the symbols and sectors a file listed.
func tidyRefs(d *research.Document) {
	slices.Sort(d.Symbols)
	d.Symbols = slices.Compact(d.Symbols)
	slices.SortFunc(d.Sectors, func(a, b research.SectorRef) int {
		return cmp.Or(strings.Compare(a.Taxonomy, b.Taxonomy), strings.Compare(a.Code, b.Code))
	})
	d.Sectors = slices.Compact(d.Sectors)
}
