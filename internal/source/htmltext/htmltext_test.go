package htmltext

import (
	"strings"
	"testing"
	"time"
)

const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>商业航天迎来发射高峰 - 示例财经</title>
<meta property="og:title" content="商业航天迎来发射高峰">
<meta property="og:site_name" content="示例财经">
<link rel="canonical" href="https://news.example.com/a/1">
<meta property="article:published_time" content="2025-03-01T07:30:00+08:00">
<meta name="description" content="卫星互联网组网提速。">
<meta name="author" content="张三">
<style>p { color: red }</style>
<script>var x = "<p>not text</p>";</script>
</head>
<body>
<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>
<header><h1>站点名称</h1></header>
<article>
  <h1>商业航天迎来发射高峰</h1>
  <p>今年以来，商业航天发射次数
     明显增加，火箭可回收技术取得突破。</p>
  <p>Rocket&nbsp;makers   &amp; satellite <b>operators</b> raised
     capacity.<br>Orders &lt;doubled&gt;.</p>
  <script>alert("x")</script>
  <div hidden>隐藏内容</div>
  <div style="display: none">也隐藏</div>
  <ul><li>卫星制造</li><li>发射服务</li></ul>
  <table><tr><th>指标</th><th>数值</th></tr><tr><td>发射次数</td><td>12</td></tr></table>
  <pre>line one
  line   two</pre>
  <form><input name="q"><button>搜索</button></form>
</article>
<aside>相关推荐</aside>
<footer>版权所有</footer>
</body>
</html>`

func TestParsePage(t *testing.T) {
	p, err := Parse([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	wantText := strings.Join([]string{
		"商业航天迎来发射高峰",
		"今年以来，商业航天发射次数明显增加，火箭可回收技术取得突破。",
		"Rocket makers & satellite operators raised capacity.",
		"Orders <doubled>.",
		"卫星制造",
		"发射服务",
		"指标 数值",
		"发射次数 12",
		"line one\nline two",
	}, "\n\n")
	if p.Text != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", p.Text, wantText)
	}
	checks := []struct{ name, got, want string }{
		{"title", p.Title, "商业航天迎来发射高峰"},
		{"head title", p.HeadTitle, "商业航天迎来发射高峰 - 示例财经"},
		{"site", p.SiteName, "示例财经"},
		{"author", p.Author, "张三"},
		{"url", p.URL, "https://news.example.com/a/1"},
		{"description", p.Description, "卫星互联网组网提速。"},
		{"lang", p.Lang, "zh-CN"},
		{"published raw", p.PublishedRaw, "2025-03-01T07:30:00+08:00"},
		{"published", p.Published.Format(time.RFC3339), "2025-03-01T07:30:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	for _, bad := range []string{"not text", "alert", "隐藏", "首页", "版权", "相关推荐", "搜索", "站点名称", "color"} {
		if strings.Contains(p.Text, bad) {
			t.Errorf("text holds %q", bad)
		}
	}
}

func TestParseFallbacks(t *testing.T) {
	tests := []struct {
		name, html                string
		title, lang, text, pubRaw string
		published                 string
	}{
		{
			name:  "title from <title>, text from body, no date",
			html:  `<html><head><title> Plain  page </title></head><body><p>One.</p><div>Two <span>three</span></div></body></html>`,
			title: "Plain page", text: "One.\n\nTwo three",
		},
		{
			name:  "title from h1, lang from meta, date meta",
			html:  `<html><head><meta http-equiv="content-language" content="en"><meta name="pubdate" content="2024-12-31"></head><body><h1>Head <i>line</i></h1><p>Body</p></body></html>`,
			title: "Head line", lang: "en", text: "Head line\n\nBody", pubRaw: "2024-12-31", published: "2024-12-31",
		},
		{
			name: "main preferred over body",
			html: `<body><div>menu</div><main><p>Main text</p></main></body>`,
			text: "Main text",
		},
		{
			name: "several articles: the whole body",
			html: `<body><article><p>A</p></article><article><p>B</p></article></body>`,
			text: "A\n\nB",
		},
		{
			name: "unparsable date kept raw",
			html: `<meta name="date" content="yesterday"><p>x</p>`,
			text: "x", pubRaw: "yesterday",
		},
		{
			name: "malformed markup",
			html: `<p>open <b>bold <i>both</p><p>next &copy; 2025 &#x4e2d;&#25991;`,
			text: "open bold both\n\nnext © 2025 中文",
		},
		{
			name: "br breaks paragraphs, entities decoded",
			html: `第一段<br/><br/>第二段&ensp;继续`,
			text: "第一段\n\n第二段 继续",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.html), "")
			if err != nil {
				t.Fatal(err)
			}
			pub := ""
			if !p.Published.IsZero() {
				pub = p.Published.Format("2006-01-02")
			}
			for _, c := range []struct{ what, got, want string }{
				{"title", p.Title, tc.title}, {"lang", p.Lang, tc.lang}, {"text", p.Text, tc.text},
				{"published raw", p.PublishedRaw, tc.pubRaw}, {"published", pub, tc.published},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
		})
	}
}

func TestParseCharset(t *testing.T) {
	// "军工" in GBK, declared by a meta charset.
	gbk := []byte("<html><head><meta charset=\"gbk\"><title>t</title></head><body><p>\xbe\xfc\xb9\xa4</p></body></html>")
	p, err := Parse(gbk, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "军工" {
		t.Errorf("gbk text = %q, want 军工", p.Text)
	}
	// Declared by the content type.
	p, err = Parse([]byte("<p>\xbe\xfc\xb9\xa4</p>"), "text/html; charset=GB2312")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "军工" {
		t.Errorf("content-type gbk text = %q, want 军工", p.Text)
	}
	// UTF-8 with a BOM and no declaration, Chinese only after 1 KB.
	b := []byte("\xef\xbb\xbf<html><head><style>" + strings.Repeat("/* pad */", 200) + "</style></head><body><p>航天</p></body></html>")
	p, err = Parse(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != "航天" {
		t.Errorf("late utf-8 text = %q, want 航天", p.Text)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"markup", "<p>First &amp; one.</p><p>Second</p>", "First & one.\n\nSecond"},
		{"plain text keeps paragraphs", "Line one\ncontinues.\n\nNext &lt;para&gt;", "Line one continues.\n\nNext <para>"},
		{"script dropped", "<div>a<script>b()</script>c</div>", "ac"},
		{"chinese line wrap joined", "<p>卫星\n互联网</p>", "卫星互联网"},
		{"space before full-width punctuation dropped", "<p>订单饱满&nbsp;，产能 。</p>", "订单饱满，产能。"},
		{"space between han kept", "<p>国防军工 板块</p>", "国防军工 板块"},
		{"latin line wrap is a space", "<p>satellite\ninternet</p>", "satellite internet"},
		{"zero width dropped", "<p>a\u200bb</p>", "ab"},
		{"empty", "", ""},
		{"only markup", "<img src=x><script>x</script>", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-03-01", "2025-03-01T00:00:00Z"},
		{"2025-03-01T07:30:00+08:00", "2025-03-01T07:30:00Z"},
		{"2025-03-01T07:30:00.123Z", "2025-03-01T07:30:00.123Z"},
		{"2025-03-01T07:30:00+0800", "2025-03-01T07:30:00Z"},
		{"2025-03-01 07:30:00", "2025-03-01T07:30:00Z"},
		{"2025/03/01", "2025-03-01T00:00:00Z"},
		{"20250301", "2025-03-01T00:00:00Z"},
		{"Sat, 01 Mar 2025 07:30:00 +0800", "2025-03-01T07:30:00Z"},
		{"Sat, 01 Mar 2025 07:30:00 GMT", "2025-03-01T07:30:00Z"},
		{"Sat, 1 Mar 2025 07:30:00 GMT", "2025-03-01T07:30:00Z"},
		{"Mon, 01 Mar 2025 07:30:00 GMT", "2025-03-01T07:30:00Z"}, // wrong weekday
		{"01 Mar 2025 07:30:00 CST", "2025-03-01T07:30:00Z"},
		{"Sat, 01 Mar 2025 07:30 EDT", "2025-03-01T07:30:00Z"},
		{"March 1, 2025", "2025-03-01T00:00:00Z"},
		{"2025年3月1日", "2025-03-01T00:00:00Z"},
		{"  2025-03-01 \n", "2025-03-01T00:00:00Z"},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2025-13-01", "Sat, 01 Mar"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
}
