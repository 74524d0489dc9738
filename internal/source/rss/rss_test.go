package rss

import (
	"os"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
)

func parseFile(t *testing.T, path string, o Options) ([]research.Document, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, notes, err := Parse(f, path, o)
	if err != nil {
		t.Fatal(err)
	}
	return docs, notes
}

type want struct {
	title, url, date, lang, publisher string
	passages                          int
	first                             string
}

func check(t *testing.T, docs []research.Document, wants []want, origin string) {
	t.Helper()
	if len(docs) != len(wants) {
		t.Fatalf("%d documents, want %d", len(docs), len(wants))
	}
	for i, w := range wants {
		d := docs[i]
		for _, c := range []struct{ what, got, want string }{
			{"title", d.Title, w.title},
			{"url", d.URL, w.url},
			{"date", d.PublishedAt.Format("2006-01-02 15:04"), w.date},
			{"language", d.Language, w.lang},
			{"detected", research.DetectLanguage(d.Title + d.Body), w.lang},
			{"publisher", d.Publisher, w.publisher},
			{"first passage", d.Passages[0].Text, w.first},
			{"kind", string(d.Kind), "news"},
			{"source", d.Source + " " + d.Origin, "rss " + origin},
		} {
			if c.got != c.want {
				t.Errorf("item %d %s = %q, want %q", i+1, c.what, c.got, c.want)
			}
		}
		if len(d.Passages) != w.passages {
			t.Errorf("item %d: %d passages, want %d", i+1, len(d.Passages), w.passages)
		}
		if err := d.Validate(); err != nil {
			t.Errorf("item %d: %v", i+1, err)
		}
	}
}

func TestParseRSS2(t *testing.T) {
	docs, notes := parseFile(t, "testdata/rss2.xml", DefaultOptions())
	const pub = "示例财经 · 军工与航天"
	check(t, docs, []want{
		{
			title: "商业航天发射次数创新高", url: "https://news.example.com/space/1001", date: "2025-03-08 09:30", lang: "zh", publisher: pub, passages: 1,
			first: "今年一季度，国内商业航天发射次数创历史新高，多家民营火箭公司完成入轨发射。\n\n业内人士预计，随着可回收火箭技术成熟，单次发射成本将继续下降。",
		},
		{
			title: "Defense primes report record backlogs", url: "https://news.example.com/en/defense-backlogs", date: "2025-03-07 14:00", lang: "en", publisher: pub, passages: 2,
			first: "Defense contractors reported record order backlogs, and aerospace suppliers are adding capacity.",
		},
		{
			title: "卫星互联网组网加速", url: "https://news.example.com/space/1002", date: "2025-03-10 18:00", lang: "zh", publisher: pub, passages: 1,
			first: "低轨卫星互联网星座进入密集发射期，卫星制造企业订单饱满，产能成为约束。",
		},
	}, "testdata/rss2.xml")
	wantNotes := []string{
		`testdata/rss2.xml: item 4 ("仅有标题的快讯"): no text; skipped`,
		"testdata/rss2.xml: 1 item(s) without a date dated by the feed (2025-03-10)",
		`testdata/rss2.xml: 1 item(s) declared "zh-cn" but read as another language; detected instead`,
	}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
	for _, d := range docs {
		if strings.Contains(d.Body, "trackPageView") || strings.Contains(d.Title, "图片") {
			t.Errorf("%q: script or media:title leaked: %q", d.Title, d.Body)
		}
	}
}

func TestParseAtom(t *testing.T) {
	docs, notes := parseFile(t, "testdata/atom.xml", DefaultOptions())
	const pub = "Example Space Wire"
	check(t, docs, []want{
		{
			title: "Reusable boosters cut launch costs again", url: "https://wire.example.org/2025/03/reusable", date: "2025-03-09 08:00", lang: "en", publisher: pub, passages: 2,
			first: "Reusable boosters cut the cost per kilogram to orbit again this quarter, operators said.",
		},
		{
			title: "国防军工板块领涨", url: "https://wire.example.org/zh/2025/03/defense", date: "2025-03-10 15:30", lang: "zh", publisher: pub, passages: 1,
			first: "国防军工板块今日领涨，航天装备方向涨幅居前。\n\n分析人士认为，订单饱满是行情的主要支撑。",
		},
		{
			title: "Ground terminals: the next growth leg", url: "https://wire.example.org/2025/03/terminals", date: "2025-03-08 10:00", lang: "en", publisher: pub, passages: 1,
			first: "Ground terminal makers expect orders to follow constellation deployments & launches.",
		},
		{
			title: "Undated note on spectrum coordination", url: "https://wire.example.org/2025/03/spectrum", date: "2025-03-11 12:00", lang: "en", publisher: "Partner Wire", passages: 1,
			first: "International spectrum coordination remains a risk for low-orbit constellations.",
		},
	}, "testdata/atom.xml")
	if len(notes) != 1 || notes[0] != "testdata/atom.xml: 1 item(s) without a date dated by the feed (2025-03-11)" {
		t.Errorf("notes = %q", notes)
	}
	if strings.Contains(docs[0].Body, "ads()") {
		t.Errorf("script kept: %q", docs[0].Body)
	}
}

func TestParseSkipsAndOptions(t *testing.T) {
	const feed = `<rss version="2.0"><channel><title></title>
<item><title>No date anywhere</title><description>Body text that is long enough to matter here.</description></item>
<item><title>Bad date</title><pubDate>someday</pubDate><description>Another body that is long enough to matter.</description></item>
<item><title>Dated</title><pubDate>2025-03-01</pubDate><author>desk@example.com (Desk)</author><description>军工订单饱满，航天装备交付加快。</description></item>
<item><title>Dated copy</title><pubDate>2025-03-02</pubDate><description>军工订单饱满，航天装备交付加快。</description></item>
</channel></rss>`
	o := Options{Kind: research.KindPolicy, Publisher: "Fallback", Language: "zh", Linker: research.NewLinker(
		[]market.Sector{{Taxonomy: "sw2021", Code: "801740", Level: 1, Name: "国防军工", Aliases: []string{"军工"}}}, nil)}
	docs, notes, err := Parse(strings.NewReader(feed), "f.xml", o)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	d := docs[0]
	if d.Title != "Dated" || d.Kind != research.KindPolicy || d.Publisher != "desk@example.com (Desk)" || d.Language != "zh" || len(d.Sectors) != 1 {
		t.Errorf("document: title %q kind %s publisher %q lang %s sectors %v", d.Title, d.Kind, d.Publisher, d.Language, d.Sectors)
	}
	wantNotes := []string{
		`f.xml: item 1 ("No date anywhere"): no date; skipped`,
		`f.xml: item 2 ("Bad date"): date "someday" not understood`,
		`f.xml: item 2 ("Bad date"): no date; skipped`,
		`f.xml: item 4 ("Dated copy"): same text as item 3; skipped`,
	}
	if strings.Join(notes, "\n") != strings.Join(wantNotes, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
}

func TestParseRDFAndCharset(t *testing.T) {
	// RSS 1.0 in GB2312: "军工" is BE FC B9 A4.
	feed := "<?xml version=\"1.0\" encoding=\"gb2312\"?>\n" +
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<channel rdf:about="https://rdf.example.com/"><title>RDF</title><link>https://rdf.example.com/</link><dc:date>2025-02-01</dc:date></channel>` +
		"<item rdf:about=\"https://rdf.example.com/1\"><title>\xbe\xfc\xb9\xa4</title><link>https://rdf.example.com/1</link><description>\xbe\xfc\xb9\xa4\xbe\xfc\xb9\xa4</description></item>" +
		`</rdf:RDF>`
	docs, _, err := Parse(strings.NewReader(feed), "rdf.xml", DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].Title != "军工" || docs[0].Body != "军工军工" || docs[0].PublishedAt.Format("2006-01-02") != "2025-02-01" || docs[0].URL != "https://rdf.example.com/1" {
		t.Errorf("docs = %+v", docs)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not xml", "hello", "f.xml: no XML element"},
		{"not a feed", "<html><body/></html>", "f.xml: not an RSS or Atom feed (root element <html>)"},
		{"rss without channel", `<rss version="2.0"></rss>`, "f.xml: RSS without a <channel>"},
		{"broken xml", "<rss>\n<channel>\n<title>x</ti tle>", "f.xml: line 3: bad XML"},
		{"atom in the wrong namespace", `<feed><entry/></feed>`, "f.xml: not an RSS or Atom feed (root element <feed>)"},
		{"too deep", strings.Repeat("<a>", 100), "f.xml: line 1: elements nested more than 64 deep"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, notes, err := Parse(strings.NewReader(tc.in), "f.xml", DefaultOptions())
			if err == nil || docs != nil || notes != nil {
				t.Fatalf("err = %v, docs %v", err, docs)
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.HasPrefix(sextant.ErrorMessage(err), tc.want) {
				t.Errorf("err = %q, want prefix %q", sextant.ErrorMessage(err), tc.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct{ base, link, want string }{
		{"https://a.example/x/", "/y", "https://a.example/y"},
		{"https://a.example/x/", "z", "https://a.example/x/z"},
		{"", "/y", ""},
		{"https://a.example/", "javascript:alert(1)", ""},
		{"https://a.example/", "https://b.example/q?a=1", "https://b.example/q?a=1"},
		{"https://a.example/", "", ""},
	}
	for _, tc := range tests {
		if got := resolve(tc.base, tc.link); got != tc.want {
			t.Errorf("resolve(%q, %q) = %q, want %q", tc.base, tc.link, got, tc.want)
		}
	}
}
