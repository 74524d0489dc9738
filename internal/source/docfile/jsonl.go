package docfile

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

// JSONLSource is the Source of documents read by ReadJSONL.
const JSONLSource = "jsonl"

// maxJSONLErrors bounds the errors one bad file reports.
const maxJSONLErrors = 20

// maxJSONLLine bounds one line (one document).
const maxJSONLLine = 16 << 20

// jsonlRecord is one line of the bulk document format (docs/data-formats.md).
// Unknown fields are ignored.
type jsonlRecord struct {
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Publisher   string   `json:"publisher"`
	URL         string   `json:"url"`
	PublishedAt string   `json:"published_at"`
	Language    string   `json:"language"`
	Kind        string   `json:"kind"`
	Symbols     []string `json:"symbols"`
	Sectors     []string `json:"sectors"`
}

// ReadJSONL reads a JSON Lines file of documents, one JSON object per
// line. Options supply the publisher, kind and language of lines that
// name none (and link documents when a Linker is set); a line without a
// published_at is an error. Bad lines are reported as FILE:LINE: reason,
// up to 20, and then nothing is returned. A body already read from an
// earlier line is left out with a note.
func ReadJSONL(ctx context.Context, path string, o Options) ([]research.Document, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, sextant.Errorf(sextant.ENOTFOUND, "%s: no such file", path)
		}
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %w", path, err)
	}
	defer f.Close()
	return ParseJSONL(ctx, f, path, o)
}

// ParseJSONL is ReadJSONL over a reader; name is used in messages and as
// the documents' Origin.
func ParseJSONL(ctx context.Context, r io.Reader, name string, o Options) ([]research.Document, []string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxJSONLLine)
	var docs []research.Document
	var notes, errs []string
	nerr := 0
	seen := map[string]int{} // id → line
	line := 0
	for sc.Scan() {
		line++
		if line%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		d, err := jsonlDocument(b, o)
		if err != nil {
			if nerr++; nerr <= maxJSONLErrors {
				errs = append(errs, fmt.Sprintf("%s:%d: %v", name, line, err))
			}
			continue
		}
		d.Origin = name
		if prev, ok := seen[d.ID]; ok {
			notes = append(notes, fmt.Sprintf("%s:%d: same text as line %d (%s); skipped", name, line, prev, d.ID))
			continue
		}
		seen[d.ID] = line
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d MiB", maxJSONLLine>>20)
		}
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s:%d: %v", name, line+1, err)
	}
	switch {
	case nerr == 1:
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s", errs[0])
	case nerr > 1:
		shown := ""
		if nerr > len(errs) {
			shown = fmt.Sprintf(" (first %d shown)", len(errs))
		}
		return nil, nil, sextant.Errorf(sextant.EINVALID, "%s: %d bad lines%s; nothing read:\n%s", name, nerr, shown, strings.Join(errs, "\n"))
	}
	return docs, notes, nil
}

// jsonlDocument checks one line and makes its document.
func jsonlDocument(b []byte, o Options) (research.Document, error) {
	if b[0] != '{' {
		return research.Document{}, fmt.Errorf("not a JSON object")
	}
	var rec jsonlRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return research.Document{}, fmt.Errorf("bad JSON: %v", err)
	}
	d := research.Document{
		Title: strings.Join(strings.Fields(rec.Title), " "), Body: rec.Body,
		Publisher: strings.TrimSpace(rec.Publisher), URL: strings.TrimSpace(rec.URL), Source: JSONLSource,
	}
	switch {
	case d.Title == "":
		return d, fmt.Errorf("no title")
	case strings.TrimSpace(d.Body) == "":
		return d, fmt.Errorf("empty body")
	case rec.PublishedAt == "":
		return d, fmt.Errorf("no published_at")
	}
	t, err := parseJSONLDate(rec.PublishedAt)
	if err != nil {
		return d, err
	}
	d.PublishedAt = t
	if d.URL != "" {
		if err := checkURL(d.URL); err != nil {
			return d, err
		}
	}
	if d.Kind, err = research.ParseKind(rec.Kind); err != nil {
		return d, err
	}
	if rec.Kind == "" && o.Kind != "" {
		d.Kind = o.Kind
	}
	if d.Language = o.Language; rec.Language != "" {
		if d.Language, err = normLang(rec.Language); err != nil {
			return d, err
		}
	}
	if d.Publisher == "" {
		d.Publisher = o.Publisher
	}
	for _, s := range rec.Symbols {
		sym, err := market.ParseSymbol(s, "")
		if err != nil {
			return d, fmt.Errorf("symbols: %s", sextant.ErrorMessage(err))
		}
		d.Symbols = append(d.Symbols, sym)
	}
	for _, s := range rec.Sectors {
		ref, err := research.ParseSectorRef(s)
		if err != nil {
			return d, fmt.Errorf("sectors: %v", err)
		}
		d.Sectors = append(d.Sectors, ref)
	}
	d.Finish()
	o.Linker.Link(&d)
	tidyRefs(&d)
	return d, d.Validate()
}

// parseJSONLDate reads RFC 3339 or YYYY-MM-DD. Like every published date,
// the wall clock is kept and labelled UTC.
func parseJSONLDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("published_at %q: want RFC 3339 (2025-03-01T09:30:00+08:00) or YYYY-MM-DD", s)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
}
