package docfile

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode"
)

func TestReadPDFReadingOrder(t *testing.T) {
	// The generator draws the third paragraph before the second; reading
	// by position puts them back.
	b, err := os.ReadFile("testdata/mixed/defense-budget-en.pdf")
	if err != nil {
		t.Fatal(err)
	}
	out, err := readPDF(b)
	if err != nil {
		t.Fatal(err)
	}
	starts := []string{"Defense Budgets and Aerospace Orders", "Defense budgets in several", "Aerospace suppliers face", "For investors the sector"}
	if len(out.paras) != len(starts) {
		t.Fatalf("%d paragraphs, want %d: %q", len(out.paras), len(starts), out.paras)
	}
	for i, s := range starts {
		if !strings.HasPrefix(out.paras[i], s) {
			t.Errorf("paragraph %d = %q, want it to start %q", i, out.paras[i], s)
		}
	}
	if out.title != "Defense Budgets and Aerospace Orders: 2025 Outlook" || out.author != "Sextant Test Research" || out.created.Format("2006-01-02 15:04") != "2025-02-20 09:00" || out.pages != 1 {
		t.Errorf("info: %q %q %v %d", out.title, out.author, out.created, out.pages)
	}
}

// TestReadPDFAgainstPdftotext checks the extracted text against poppler's
// pdftotext, an independent reader, when it is installed.
func TestReadPDFAgainstPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	for _, f := range []string{"testdata/mixed/defense-budget-en.pdf", "testdata/mixed/commercial-launch-zh.pdf"} {
		t.Run(f, func(t *testing.T) {
			want, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out, err := readPDF(b)
			if err != nil {
				t.Fatal(err)
			}
			// Compare without white space and line-end hyphens: the two
			// readers wrap and space lines differently.
			squash := func(s string) string {
				return strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) {
						return -1
					}
					return r
				}, s)
			}
			if got, w := squash(strings.Join(out.paras, "\n")), squash(string(want)); got != w {
				t.Errorf("text differs from pdftotext:\n got %s\nwant %s", got, w)
			}
		})
	}
}

func TestToUnicode(t *testing.T) {
	cmap := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0041> <d835dc00> endbfchar
4 beginbfrange <0000> <0fff> <0000> <5000> <5fff> <5000> <1000> <1002> [<0061> <0062> <00660069>] <2000> <2001> <4E2D> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`
	m := &toUnicode{chars: map[uint32]string{}}
	for _, sec := range cmapSections(cmap, "codespacerange") {
		toks := cmapTokens(sec)
		m.spaces[1] = append(m.spaces[1], [2]uint32{codeOf(toks[0]), codeOf(toks[1])})
	}
	for _, sec := range cmapSections(cmap, "bfchar") {
		toks := cmapTokens(sec)
		for i := 0; i+1 < len(toks); i += 2 {
			m.chars[codeOf(toks[i])] = utf16Text(toks[i+1])
		}
	}
	for _, sec := range cmapSections(cmap, "bfrange") {
		m.ranges = append(m.ranges, cmapRanges(sec)...)
	}
	tests := []struct {
		code uint32
		want string
	}{
		{0x0003, " "},
		{0x0041, "𝐀"},  // a surrogate pair
		{0x5546, "商"},  // a wide identity range: the high byte counts too
		{0x1001, "b"},  // an array range
		{0x1002, "fi"}, // two units
		{0x2001, "丮"},  // U+4E2D + 1
	}
	for _, tc := range tests {
		if got := m.lookup(tc.code, 2); got != tc.want {
			t.Errorf("lookup(%04x) = %q, want %q", tc.code, got, tc.want)
		}
	}
	if got := m.codeLen("\x55\x46", 1); got != 2 {
		t.Errorf("codeLen = %d, want 2", got)
	}
}

func TestParsePDFDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"D:20250305080000", "2025-03-05 08:00:00"},
		{"D:20250305080000+08'00'", "2025-03-05 08:00:00"},
		{"D:2025", "2025-01-01 00:00:00"},
		{"D:202503", "2025-03-01 00:00:00"},
		{"20250305", "2025-03-05 00:00:00"},
	}
	for _, tc := range tests {
		got, err := parsePDFDate(tc.in)
		if err != nil || got.Format("2006-01-02 15:04:05") != tc.want {
			t.Errorf("parsePDFDate(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "D:20", "D:20251345", "yesterday"} {
		if _, err := parsePDFDate(bad); err == nil {
			t.Errorf("parsePDFDate(%q) succeeded", bad)
		}
	}
}

func TestPDFLayout(t *testing.T) {
	// Two lines of one paragraph, a gap, a third line; runs out of order.
	runs := []run{
		{x: 100, y: 692, end: 150, size: 10, text: "third"},
		{x: 160, y: 716, end: 200, size: 10, text: "world"},
		{x: 100, y: 716.5, end: 150, size: 10, text: "hello"},
		{x: 100, y: 704, end: 150, size: 10, text: "again-"},
		{x: 100, y: 740, end: 150, size: 10, text: "跨行"},
		{x: 100, y: 728, end: 150, size: 10, text: "中文"},
		{x: 100, y: 662, end: 150, size: 10, text: "last"},
	}
	ls := lines(runs)
	var texts []string
	for _, l := range ls {
		texts = append(texts, l.text)
	}
	if got := strings.Join(texts, "|"); got != "跨行|中文|hello world|again-|third|last" {
		t.Errorf("lines = %s", got)
	}
	paras := paragraphs(ls)
	if got := strings.Join(paras, "|"); got != "跨行中文 hello world again-third|last" {
		t.Errorf("paragraphs = %s", got)
	}
	for _, s := range []string{"7", "- 7 -", "Page 7", "第7页", "7 / 12"} {
		if !isPageNumber(s) {
			t.Errorf("isPageNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"2025 outlook", "Figure 7", "123456"} {
		if isPageNumber(s) {
			t.Errorf("isPageNumber(%q) = true", s)
		}
	}
}
