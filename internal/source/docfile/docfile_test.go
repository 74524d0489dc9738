package docfile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

func readDir(t *testing.T, dir string, o Options) ([]research.Document, []string) {
	t.Helper()
	docs, notes, err := Read(context.Background(), dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return docs, notes
}

func byOrigin(docs []research.Document) map[string]research.Document {
	m := map[string]research.Document{}
	for _, d := range docs {
		m[filepath.Base(d.Origin)] = d
	}
	return m
}

// mtimeDate is the published date a file without one gets.
func mtimeDate(t *testing.T, path string) string {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.ModTime().Local().Format("2006-01-02")
}

func TestReadMixed(t *testing.T) {
	docs, notes := readDir(t, "testdata/mixed", DefaultOptions())
	tests := []struct {
		file, title, date, lang, publisher, url string
		kind                                    research.Kind
		passages                                int
		first                                   string
	}{
		{
			file: "commercial-launch-zh.pdf", title: "商业航天发射进入密集期", date: "2025-03-05", lang: "zh",
			publisher: "示例证券研究所", kind: research.KindResearch, passages: 2,
			first: "今年一季度，国内商业航天发射次数同比明显增加，多家民营火箭企业完成首飞或复飞，可回收火箭的垂直起降试验取得阶段性成果。",
		},
		{
			file: "commercial-space-zh.md", title: "商业航天：从试验走向规模化", date: "2025-03-10", lang: "zh",
			publisher: "示例证券研究所", url: "https://research.example.com/reports/commercial-space-2025",
			kind: research.KindResearch, passages: 2,
			first: "核心观点\n\n今年以来，商业航天产业链进入规模化阶段。可回收火箭技术逐步成熟，单次发射成本有望持续下降，卫星互联网星座的批量组网带动卫星制造订单增长。",
		},
		{
			file: "defense-budget-en.pdf", title: "Defense Budgets and Aerospace Orders: 2025 Outlook", date: "2025-02-20", lang: "en",
			publisher: "Sextant Test Research", kind: research.KindResearch, passages: 3,
			first: "Defense budgets in several large economies rose again this year, and procurement of missiles, drones and satellites grew faster than the budgets themselves. Prime contractors reported record backlogs, with contract liabilities up by a fifth on the year.",
		},
		{
			file: "defense-orders-en.html", title: "Defense Orders Lift Aerospace Suppliers", date: "2025-03-12", lang: "en",
			publisher: "Example Markets Daily", url: "https://markets.example.com/2025/03/defense-orders",
			kind: research.KindResearch, passages: 3,
			first: "By a staff writer\n\nDefense contractors reported record order backlogs for the fourth quarter, and aerospace suppliers said demand for engines, avionics and missile components exceeds their capacity.",
		},
		{
			file: "launch-cadence-en.md", title: "Launch Cadence and the Satellite Supply Chain",
			date: mtimeDate(t, "testdata/mixed/launch-cadence-en.md"), lang: "en", kind: research.KindResearch, passages: 4,
			first: "Commercial launch providers flew more missions in the first quarter than in any quarter before, and reusable boosters now carry most of the payload mass to orbit. See the operator summary for the mission list.",
		},
		{
			file: "satellite-internet-zh.txt", title: "卫星互联网组网提速，产业链订单饱满",
			date: mtimeDate(t, "testdata/mixed/satellite-internet-zh.txt"), lang: "zh", kind: research.KindResearch, passages: 2,
			first: "低轨卫星互联网星座进入密集发射期，多家卫星制造企业的订单排期已延续到明年。业内人士表示，卫星平台与载荷的批量化生产是降低成本的关键。",
		},
	}
	if len(docs) != len(tests) {
		t.Fatalf("read %d documents, want %d", len(docs), len(tests))
	}
	got := byOrigin(docs)
	for i, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			d, ok := got[tc.file]
			if !ok {
				t.Fatalf("no document from %s", tc.file)
			}
			if base := filepath.Base(docs[i].Origin); base != tc.file {
				t.Errorf("document %d is from %s, want %s (sorted by path)", i, base, tc.file)
			}
			checks := []struct{ what, got, want string }{
				{"title", d.Title, tc.title},
				{"date", d.PublishedAt.Format("2006-01-02"), tc.date},
				{"language", d.Language, tc.lang},
				{"detected language", research.DetectLanguage(d.Body), tc.lang},
				{"publisher", d.Publisher, tc.publisher},
				{"url", d.URL, tc.url},
				{"kind", string(d.Kind), string(tc.kind)},
				{"source", d.Source, "docfile"},
				{"origin", d.Origin, filepath.Join("testdata/mixed", tc.file)},
				{"first passage", d.Passages[0].Text, tc.first},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			if len(d.Passages) != tc.passages {
				t.Errorf("%d passages, want %d", len(d.Passages), tc.passages)
			}
			if d.ID != "d"+research.ContentHash(d.Body)[:16] || d.Passages[0].DocID != d.ID {
				t.Errorf("not finished: id %q, passage doc %q", d.ID, d.Passages[0].DocID)
			}
			if strings.Contains(d.Body, tc.title) && !strings.Contains(tc.file, ".md") {
				t.Errorf("body repeats the title")
			}
		})
	}
	wantNotes := []string{
		"testdata/mixed/launch-cadence-en.md: no published date; using the file's modification time",
		"testdata/mixed/satellite-internet-zh.txt: no published date; using the file's modification time",
	}
	if len(notes) != len(wantNotes) {
		t.Errorf("notes = %q", notes)
	}
	for i, w := range wantNotes {
		if i < len(notes) && !strings.HasPrefix(notes[i], w) {
			t.Errorf("note %d = %q, want prefix %q", i, notes[i], w)
		}
	}
}

func TestReadFrontMatterLinks(t *testing.T) {
	docs, _ := readDir(t, "testdata/mixed/commercial-space-zh.md", DefaultOptions())
	d := docs[0]
	if got := joinSymbols(d.Symbols); got != "600118.SH 600879.SH" {
		t.Errorf("symbols = %q", got)
	}
	if len(d.Sectors) != 1 || d.Sectors[0].String() != "sw2021:801740" {
		t.Errorf("sectors = %v", d.Sectors)
	}
	if !strings.Contains(d.Body, "关注发射服务与地面设备环节") || strings.Contains(d.Body, "](") || strings.Contains(d.Body, "**") {
		t.Errorf("markdown not stripped:\n%s", d.Body)
	}

	// A linker adds what the text mentions and keeps the front matter's.
	o := DefaultOptions()
	o.Linker = research.NewLinker(
		[]market.Sector{{Taxonomy: "sw2021", Code: "801741", Level: 2, Parent: "801740", Name: "航天装备", Aliases: []string{"商业航天"}}},
		[]market.Instrument{{Symbol: "600151.SH", Kind: market.KindStock, Name: "航天机电"}, {Symbol: "600118.SH", Kind: market.KindStock, Name: "中国卫星"}},
	)
	docs, _ = readDir(t, "testdata/mixed/commercial-space-zh.md", o)
	d = docs[0]
	if got := joinSymbols(d.Symbols); got != "600118.SH 600879.SH" {
		t.Errorf("linked symbols = %q", got)
	}
	if len(d.Sectors) != 2 || d.Sectors[0].String() != "sw2021:801740" || d.Sectors[1].String() != "sw2021:801741" {
		t.Errorf("linked sectors = %v", d.Sectors)
	}
}

func joinSymbols(ss []market.Symbol) string {
	var parts []string
	for _, s := range ss {
		parts = append(parts, string(s))
	}
	return strings.Join(parts, " ")
}

func TestReadHTMLDropsChrome(t *testing.T) {
	docs, _ := readDir(t, "testdata/mixed/defense-orders-en.html", DefaultOptions())
	body := docs[0].Body
	for _, bad := range []string{"tracking pixel", "injected advertisement", "Sign in", "All rights reserved", "five stocks", "font-family", "Markets Daily"} {
		if strings.Contains(body, bad) {
			t.Errorf("body holds %q:\n%s", bad, body)
		}
	}
	if !strings.Contains(body, "A&D sector’s rally") {
		t.Errorf("entities not decoded:\n%s", body)
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadDedup(t *testing.T) {
	dir := t.TempDir()
	body := "Satellite makers are adding production lines as launch costs fall and constellations grow.\n\nSecond paragraph about ground stations and terminals for the new networks."
	a := write(t, dir, "a.md", "# Satellite lines\n\n"+body+"\n")
	b := write(t, dir, "b.txt", "Satellite lines (copy)\n"+body+"\r\n")
	da, _ := readDir(t, a, DefaultOptions())
	db, _ := readDir(t, b, DefaultOptions())
	if da[0].ID != db[0].ID {
		t.Fatalf("same body, different ids: %s %s", da[0].ID, db[0].ID)
	}
	docs, notes := readDir(t, dir, DefaultOptions())
	if len(docs) != 1 || docs[0].Origin != a {
		t.Fatalf("read %d documents (%v), want only %s", len(docs), docs, a)
	}
	want := b + ": same text as " + a + " (" + da[0].ID + "); skipped"
	if !containsNote(notes, want) {
		t.Errorf("notes = %q, want %q", notes, want)
	}
}

func containsNote(notes []string, want string) bool {
	for _, n := range notes {
		if n == want {
			return true
		}
	}
	return false
}

func TestReadWalk(t *testing.T) {
	dir := t.TempDir()
	text := "\n\nThis body is long enough to be a passage of its own, about defense orders."
	write(t, dir, "z.txt", "Zed"+text)
	write(t, dir, "sub/b.txt", "Bee"+text+" b")
	write(t, dir, "a.TXT", "Ay"+text+" a")
	write(t, dir, ".hidden.txt", "Hidden"+text+" h")
	write(t, dir, ".git/c.txt", "Git"+text+" g")
	write(t, dir, "image.png", "png")
	write(t, dir, "notes.docx", "docx")
	write(t, dir, "more.docx", "docx")
	write(t, dir, "bulk.jsonl", "{}")
	docs, notes := readDir(t, dir, Options{Published: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)})
	var titles []string
	for _, d := range docs {
		titles = append(titles, d.Title)
	}
	if got := strings.Join(titles, ","); got != "Ay,Bee,Zed" {
		t.Errorf("titles = %s, want Ay,Bee,Zed", got)
	}
	want := dir + ": skipped 4 file(s) of unknown format (.docx 2, .jsonl 1, .png 1); JSON Lines files are imported with `sextant import documents`"
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes = %q, want [%q]", notes, want)
	}
	for _, d := range docs {
		if d.PublishedAt.Format("2006-01-02") != "2025-01-02" || d.Kind != research.KindNews {
			t.Errorf("%s: options not applied: %v %s", d.Title, d.PublishedAt, d.Kind)
		}
	}
}

func TestReadOptions(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "note.txt", "A note\n\nSatellite makers are adding production lines as launch costs fall.")
	o := Options{Kind: research.KindPolicy, Publisher: "Desk", Language: "en", Published: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)}
	docs, notes := readDir(t, p, o)
	d := docs[0]
	if d.Kind != research.KindPolicy || d.Publisher != "Desk" || d.Language != "en" || d.PublishedAt.Format("2006-01-02") != "2024-05-06" {
		t.Errorf("defaults not applied: %+v", d)
	}
	if len(notes) != 0 {
		t.Errorf("notes = %q", notes)
	}
	// What the file says wins over the defaults.
	docs, _ = readDir(t, "testdata/mixed/commercial-space-zh.md", o)
	d = docs[0]
	if d.Kind != research.KindResearch || d.Publisher != "示例证券研究所" || d.Language != "zh" || d.PublishedAt.Format("2006-01-02") != "2025-03-10" {
		t.Errorf("file metadata lost: kind %s publisher %s lang %s date %v", d.Kind, d.Publisher, d.Language, d.PublishedAt)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	empty := write(t, dir, "empty.md", "# Only a title\n")
	doc := write(t, dir, "x.docx", "x")
	tests := []struct {
		name, path, code, msg string
	}{
		{"missing", filepath.Join(dir, "nope.md"), sextant.ENOTFOUND, filepath.Join(dir, "nope.md") + ": no such file or directory"},
		{"unknown format", doc, sextant.EINVALID, doc + `: unknown document format ".docx"`},
		{"no text layer", "testdata/scanned.pdf", sextant.EINVALID, "testdata/scanned.pdf: the PDF has no text layer"},
		{"not a pdf", write(t, dir, "fake.pdf", "hello"), sextant.EINVALID, filepath.Join(dir, "fake.pdf") + ": not a readable PDF"},
		{"empty body", empty, sextant.EINVALID, empty + `: document "Only a title": empty body`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, notes, err := Read(context.Background(), tc.path, DefaultOptions())
			if err == nil {
				t.Fatalf("no error; docs %v", docs)
			}
			if docs != nil || notes != nil {
				t.Errorf("returned %d docs and %d notes with the error", len(docs), len(notes))
			}
			if c := sextant.ErrorCode(err); c != tc.code {
				t.Errorf("code %s, want %s (%v)", c, tc.code, err)
			}
			if !strings.HasPrefix(sextant.ErrorMessage(err), tc.msg) {
				t.Errorf("error %q, want prefix %q", sextant.ErrorMessage(err), tc.msg)
			}
		})
	}
}

func TestReadSkipInvalid(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.txt", "Good\n\nSatellite makers are adding production lines as launch costs fall.")
	pdf, err := os.ReadFile("testdata/scanned.pdf")
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "scan.pdf", string(pdf))
	if _, _, err := Read(context.Background(), dir, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "scan.pdf: the PDF has no text layer") {
		t.Fatalf("err = %v, want the scan named", err)
	}
	o := DefaultOptions()
	o.SkipInvalid = true
	docs, notes := readDir(t, dir, o)
	if len(docs) != 1 || docs[0].Title != "Good" {
		t.Errorf("docs = %v", docs)
	}
	want := filepath.Join(dir, "scan.pdf") + ": skipped: " + filepath.Join(dir, "scan.pdf") + ": the PDF has no text layer"
	found := false
	for _, n := range notes {
		found = found || strings.HasPrefix(n, want)
	}
	if !found {
		t.Errorf("notes = %q, want one starting %q", notes, want)
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Read(ctx, "testdata/mixed", DefaultOptions()); err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestReadGB18030(t *testing.T) {
	dir := t.TempDir()
	// "军工订单" title, then a body, in GB18030.
	p := write(t, dir, "gbk.txt", "\xbe\xfc\xb9\xa4\xb6\xa9\xb5\xa5\n\n\xbe\xfc\xb9\xa4\xb6\xa9\xb5\xa5\xd4\xf6\xb3\xa4")
	docs, notes := readDir(t, p, Options{Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if docs[0].Title != "军工订单" || docs[0].Body != "军工订单增长" || docs[0].Language != "zh" {
		t.Errorf("title %q body %q lang %s", docs[0].Title, docs[0].Body, docs[0].Language)
	}
	if len(notes) != 1 || notes[0] != p+": not UTF-8; read as GB18030" {
		t.Errorf("notes = %q", notes)
	}
}

func TestReadHTMLLanguage(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "wrong-lang.html", `<html lang="en"><head><title>军工</title><meta name="date" content="2025-02-03"></head><body><p>国防军工板块今日领涨，航天装备订单饱满，多家公司公告新合同。</p></body></html>`)
	docs, notes := readDir(t, p, DefaultOptions())
	if docs[0].Language != "zh" || docs[0].PublishedAt.Format("2006-01-02") != "2025-02-03" {
		t.Errorf("lang %s date %v", docs[0].Language, docs[0].PublishedAt)
	}
	want := p + `: declared language "en" but the text reads as "zh"; using "zh"`
	if len(notes) != 1 || notes[0] != want {
		t.Errorf("notes = %q, want %q", notes, want)
	}
}
