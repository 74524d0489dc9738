package research

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Kind is what a document is.
type Kind string

// Document kinds.
const (
	KindNews         Kind = "news"
	KindResearch     Kind = "research"
	KindPolicy       Kind = "policy"
	KindFiling       Kind = "filing"
	KindAnnouncement Kind = "announcement"
)

// Kinds lists every kind.
var Kinds = []Kind{KindNews, KindResearch, KindPolicy, KindFiling, KindAnnouncement}

// ParseKind returns the kind named s ("" = news).
func ParseKind(s string) (Kind, error) {
	if s == "" {
		return KindNews, nil
	}
	for _, k := range Kinds {
		if string(k) == strings.ToLower(strings.TrimSpace(s)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown document kind %q (want one of %v)", s, Kinds)
}

// Languages a document can be in. Other BCP 47 tags are stored as given;
// search analyses "zh*" with the CJK analyzer and everything else as
// English.
const (
	LangZH = "zh"
	LangEN = "en"
)

// SectorRef names a sector of a taxonomy.
type SectorRef struct {
	Taxonomy string
	Code     string
}

// String is "taxonomy:code", the form stored and searched.
func (r SectorRef) String() string { return r.Taxonomy + ":" + r.Code }

// ParseSectorRef parses "taxonomy:code".
func ParseSectorRef(s string) (SectorRef, error) {
	tax, code, ok := strings.Cut(s, ":")
	if !ok || tax == "" || code == "" {
		return SectorRef{}, fmt.Errorf("sector reference %q: want taxonomy:code", s)
	}
	return SectorRef{Taxonomy: tax, Code: code}, nil
}

// Document is one stored text with its metadata. ID is derived from the
// content hash, so the same body ingested twice is one document.
type Document struct {
	ID          string // "d" + the first 16 hex digits of Hash
	Hash        string // sha256 of the normalised body, hex
	Title       string
	Publisher   string
	URL         string
	PublishedAt time.Time // day precision or finer, UTC
	Language    string    // "zh", "en", …
	Kind        Kind
	Symbols     []market.Symbol // instruments it is about, sorted
	Sectors     []SectorRef     // sectors it is about, sorted
	Body        string
	Source      string // "docfile", "jsonl", "rss", "demo", …
	Origin      string // file path or feed URL it was read from
	Demo        bool   // written by the demo market
	Passages    []Passage
}

// Passage is a contiguous piece of a document's body: a paragraph, or a
// window of sentences of a long one. Start and End are byte offsets into
// the body.
type Passage struct {
	DocID      string
	Seq        int // 0-based position in the document
	Text       string
	Start, End int
}

// PassageID names a passage: "docid#seq".
func (p Passage) PassageID() string { return fmt.Sprintf("%s#%d", p.DocID, p.Seq) }

// ParsePassageID splits "docid#seq".
func ParsePassageID(s string) (docID string, seq int, err error) {
	id, n, ok := strings.Cut(s, "#")
	if !ok || id == "" {
		return "", 0, fmt.Errorf("passage id %q: want docid#seq", s)
	}
	if _, err := fmt.Sscanf(n, "%d", &seq); err != nil || seq < 0 {
		return "", 0, fmt.Errorf("passage id %q: bad sequence number", s)
	}
	return id, seq, nil
}

// NormalizeBody is the canonical form of a body that the content hash is
// taken over: line endings unified, trailing spaces trimmed, runs of blank
// lines collapsed, no leading or trailing blank lines.
func NormalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := true
	for _, l := range lines {
		l = strings.TrimRight(l, " \t\u3000\u00a0")
		if l == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// ContentHash returns the hex sha256 of the normalised body.
func ContentHash(body string) string {
	h := sha256.Sum256([]byte(NormalizeBody(body)))
	return hex.EncodeToString(h[:])
}

// Finish normalises the body, sets Hash and ID, and splits the body into
// passages with [Split] when none are set. Sources call it once a document
// is complete.
func (d *Document) Finish() {
	d.Body = NormalizeBody(d.Body)
	d.Hash = ContentHash(d.Body)
	d.ID = "d" + d.Hash[:16]
	if d.Kind == "" {
		d.Kind = KindNews
	}
	if d.Language == "" {
		d.Language = DetectLanguage(d.Title + "\n" + d.Body)
	}
	if len(d.Passages) == 0 {
		d.Passages = Split(d.Body, DefaultSplitOptions())
	}
	for i := range d.Passages {
		d.Passages[i].DocID = d.ID
		d.Passages[i].Seq = i
	}
}

// Validate rejects documents that cannot be stored or cited.
func (d *Document) Validate() error {
	switch {
	case strings.TrimSpace(d.Body) == "":
		return fmt.Errorf("document %q: empty body", d.Title)
	case strings.TrimSpace(d.Title) == "":
		return fmt.Errorf("document %s: no title", d.ID)
	case d.ID == "" || d.Hash == "":
		return fmt.Errorf("document %q: not finished (no id)", d.Title)
	case d.PublishedAt.IsZero():
		return fmt.Errorf("document %q: no published date", d.Title)
	}
	if _, err := ParseKind(string(d.Kind)); err != nil {
		return fmt.Errorf("document %q: %w", d.Title, err)
	}
	for _, p := range d.Passages {
		if p.DocID != d.ID {
			return fmt.Errorf("document %q: passage %d belongs to %q", d.Title, p.Seq, p.DocID)
		}
	}
	return nil
}

// Citation is a passage used as evidence in a report: the reference number
// is assigned by the report in order of first use.
type Citation struct {
	ID          string    `json:"id"` // "C1", "C2", … within one report
	DocID       string    `json:"doc_id"`
	Seq         int       `json:"seq"` // passage sequence number
	Quote       string    `json:"quote"`
	Title       string    `json:"title"`
	Publisher   string    `json:"publisher,omitempty"`
	URL         string    `json:"url,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	Kind        Kind      `json:"kind"`
	Language    string    `json:"language"`
	Demo        bool      `json:"demo,omitempty"`
}

// Cite makes a citation of a passage of a document.
func Cite(id string, d Document, p Passage) Citation {
	return Citation{
		ID: id, DocID: d.ID, Seq: p.Seq, Quote: p.Text,
		Title: d.Title, Publisher: d.Publisher, URL: d.URL, PublishedAt: d.PublishedAt,
		Kind: d.Kind, Language: d.Language, Demo: d.Demo,
	}
}
