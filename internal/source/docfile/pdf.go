package docfile

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ledongthuc/pdf"
)

// pdfText is what a PDF file yields.
type pdfText struct {
	title, author string
	created       time.Time
	paras         []string
	pages         int
}

// errNoTextLayer is a PDF whose pages show no text: a scan without OCR.
var errNoTextLayer = errors.New("the PDF has no text layer (a scanned document? run OCR on it first)")

// readPDF extracts the text layer of a PDF in reading order: text runs
// are grouped into lines by baseline, lines into paragraphs by their
// spacing, top to bottom on each page. Lines repeated on most pages
// (running headers and footers) and bare page numbers are dropped.
// Multi-column layouts are read row by row across the columns.
func readPDF(b []byte) (out pdfText, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed PDF: %v", r)
		}
	}()
	if bytes.HasPrefix(b, []byte("%PDF-2.")) {
		// The library reads PDF 2.0 bodies but only accepts 1.x headers.
		b = append([]byte("%PDF-1.7"), b[8:]...)
	}
	r, err := pdf.NewReaderEncrypted(bytes.NewReader(b), int64(len(b)), func() string { return "" })
	if err != nil {
		return pdfText{}, fmt.Errorf("not a readable PDF: %w", err)
	}
	info := r.Trailer().Key("Info")
	out.title = cleanInfo(info.Key("Title").Text())
	out.author = cleanInfo(info.Key("Author").Text())
	out.created, _ = parsePDFDate(info.Key("CreationDate").Text())
	var pages [][]line
	for _, p := range pageList(r.Trailer().Key("Root").Key("Pages")) {
		pages = append(pages, lines(pageRuns(p)))
	}
	out.pages = len(pages)
	repeated := repeatedLines(pages)
	var letters, bad int
	for _, ls := range pages {
		kept := ls[:0:0]
		for _, l := range ls {
			if repeated[l.text] || isPageNumber(l.text) {
				continue
			}
			kept = append(kept, l)
		}
		for _, p := range paragraphs(kept) {
			for _, c := range p {
				switch {
				case c == '\ufffd' || unicode.IsControl(c) || unicode.Is(unicode.Co, c):
					bad++
				case unicode.IsLetter(c) || unicode.IsNumber(c):
					letters++
				}
			}
			out.paras = append(out.paras, p)
		}
	}
	switch {
	case letters == 0 && bad == 0:
		return out, errNoTextLayer
	case bad*10 > letters:
		return out, fmt.Errorf("the PDF's text layer cannot be decoded (%d of %d characters unreadable: fonts without a Unicode map)", bad, bad+letters)
	}
	return out, nil
}

// maxPDFPages bounds the pages read from one PDF.
const maxPDFPages = 5000

// pageList walks the page tree in order. Unlike counting with /Count and
// looking each page up, it costs one visit per node, and depth and size
// limits stop a malformed tree that loops or claims billions of pages.
func pageList(root pdf.Value) []pdf.Page {
	var out []pdf.Page
	nodes := 0
	var visit func(v pdf.Value, depth int)
	visit = func(v pdf.Value, depth int) {
		if nodes++; depth > 32 || nodes > 4*maxPDFPages || len(out) >= maxPDFPages {
			return
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			if v.Kind() == pdf.Dict {
				out = append(out, pdf.Page{V: v})
			}
			return
		}
		for i := 0; i < kids.Len(); i++ {
			visit(kids.Index(i), depth+1)
		}
	}
	visit(root, 0)
	return out
}

// repeatedLines finds running headers and footers: texts that appear on
// more than half of the pages of a document of three or more pages.
func repeatedLines(pages [][]line) map[string]bool {
	out := map[string]bool{}
	if len(pages) < 3 {
		return out
	}
	count := map[string]int{}
	for _, ls := range pages {
		seen := map[string]bool{}
		for _, l := range ls {
			if !seen[l.text] {
				seen[l.text] = true
				count[l.text]++
			}
		}
	}
	for t, n := range count {
		if n*2 > len(pages) {
			out[t] = true
		}
	}
	return out
}

// isPageNumber matches "7", "- 7 -", "Page 7", "第7页", "7 / 12".
func isPageNumber(s string) bool {
	s = strings.Trim(strings.TrimSpace(s), "-–— ")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "Page "), "page ")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "第"), "页")
	if a, b, ok := strings.Cut(s, "/"); ok {
		s = strings.TrimSpace(a) + strings.TrimSpace(b)
	}
	_, err := strconv.Atoi(strings.TrimSpace(s))
	return err == nil && len(s) <= 5
}

func cleanInfo(s string) string {
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " ")
	if strings.ContainsFunc(s, func(r rune) bool { return r == '\ufffd' || unicode.IsControl(r) }) {
		return ""
	}
	return s
}

// parsePDFDate reads a PDF date, "D:YYYYMMDDHHmmSSOHH'mm'", where every
// part after the year is optional. The wall clock is kept and labelled
// UTC, like every published date.
func parsePDFDate(s string) (time.Time, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 || digits%2 != 0 {
		return time.Time{}, fmt.Errorf("PDF date %q", s)
	}
	parts := []int{0, 1, 1, 0, 0, 0}
	for i := 0; i*2+4 <= digits && i < 6; i++ {
		lo, hi := 0, 4
		if i > 0 {
			lo, hi = 2+i*2, 4+i*2
		}
		n, _ := strconv.Atoi(s[lo:hi])
		parts[i] = n
	}
	t := time.Date(parts[0], time.Month(parts[1]), parts[2], parts[3], parts[4], parts[5], 0, time.UTC)
	if t.Year() != parts[0] || int(t.Month()) != parts[1] || t.Day() != parts[2] || parts[0] < 1900 {
		return time.Time{}, fmt.Errorf("PDF date %q out of range", s)
	}
	return t, nil
}
