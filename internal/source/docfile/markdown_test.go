package docfile

import (
	"strings"
	"testing"
)

func TestStripMarkdown(t *testing.T) {
	tests := []struct {
		name, in, body, title string
	}{
		{"title heading leaves the body", "# Title\n\nText.", "Text.", "Title"},
		{"closing hashes", "# Title #\n\nText.", "Text.", "Title"},
		{"later h1 stays", "Intro.\n\n# Title\n\nText.", "Intro.\n\nTitle\n\nText.", "Title"},
		{"h2 is not a title", "## Part\n\nText.", "Part\n\nText.", ""},
		{"setext title", "Title\n=====\n\nText.", "Text.", "Title"},
		{"setext h2", "Part\n----\n\nText.", "Part\n\nText.", ""},
		{"emphasis", "**bold**, __strong__, *em*, _em_ and ~~gone~~", "bold, strong, em, em and gone", ""},
		{"snake_case and arithmetic kept", "a snake_case_name and 2*3*4", "a snake_case_name and 2*3*4", ""},
		{"links and images", "See [the report](https://x.test/r) and ![chart](c.png) or [ref][1].\n\n[1]: https://x.test", "See the report and chart or ref.", ""},
		{"autolink and inline code", "Visit <https://x.test> or run `sextant docs add`.", "Visit https://x.test or run sextant docs add.", ""},
		{"html tags and entities", "A <b>bold</b> &amp; <br/> line", "A bold & line", ""},
		{"soft wraps joined", "one line\ncontinues here", "one line continues here", ""},
		{"chinese wraps joined without space", "第一行\n第二行", "第一行第二行", ""},
		{"lists keep lines", "- one\n- two\n  wrapped\n1. three", "one\ntwo wrapped\nthree", ""},
		{"block quote", "> quoted\n> text", "quoted text", ""},
		{"rule dropped", "above\n\n---\n\nbelow", "above\n\nbelow", ""},
		{"table", "| a | b |\n|---|:-:|\n| 1 | 2 |", "a b\n1 2", ""},
		{"code fence kept", "```go\nx := 1\n  y := 2\n```\n\nafter", "x := 1\n  y := 2\n\nafter", ""},
		{"unclosed fence", "~~~\ncode", "code", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, title := stripMarkdown(strings.Split(tc.in, "\n"))
			if body != tc.body {
				t.Errorf("body = %q, want %q", body, tc.body)
			}
			if title != tc.title {
				t.Errorf("title = %q, want %q", title, tc.title)
			}
		})
	}
}

func TestFrontMatter(t *testing.T) {
	src := strings.Join([]string{
		"---",
		"# a comment",
		`title: "Quoted: title"`,
		"publisher: 'Desk'",
		"date: 2025-03-01T08:00:00+08:00",
		"lang: en-US",
		"kind: Policy",
		"symbols:",
		"  - sh600519",
		"  - XLK.US",
		"sectors: [sw2021:801740, gics:4510]",
		"tags: [ignored]",
		"---",
		"Body text.",
	}, "\n")
	m, body, err := readMarkdown("f.md", src)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ what, got, want string }{
		{"title", m.title, "Quoted: title"},
		{"publisher", m.publisher, "Desk"},
		{"published", m.published.Format("2006-01-02 15:04"), "2025-03-01 08:00"},
		{"lang", m.lang, "en"},
		{"kind", string(m.kind), "policy"},
		{"symbols", joinSymbols(m.symbols), "600519.SH XLK.US"},
		{"body", body, "Body text."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	if len(m.sectors) != 2 || m.sectors[1].String() != "gics:4510" {
		t.Errorf("sectors = %v", m.sectors)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct{ name, fm, want string }{
		{"bad date", "published: soon", `f.md:2: published: unrecognised date "soon"`},
		{"bad kind", "title: x\nkind: rumour", `f.md:3: unknown document kind "rumour"`},
		{"bad symbol", "symbols: [600519.SH, 12345]", `f.md:2: symbols: symbol "12345" has no venue`},
		{"bad list symbol", "symbols:\n  - XLK.ZZ", `f.md:2: symbols: symbol "XLK.ZZ": unknown venue "ZZ"`},
		{"bad sector", "sectors: [801740]", `f.md:2: sectors: sector reference "801740": want taxonomy:code`},
		{"bad url", "url: example.com/x", `f.md:2: url "example.com/x" is not an http(s) URL`},
		{"bad language", "language: chinese", `f.md:2: language "chinese" is not a language tag`},
		{"not key value", "title x", `f.md:2: front matter line "title x": want key: value`},
		{"stray item", "- x", `f.md:2: list item outside a list`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readMarkdown("f.md", "---\n"+tc.fm+"\n---\nbody")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v, want prefix %q", err, tc.want)
			}
		})
	}
	if _, _, err := readMarkdown("f.md", "---\ntitle: x\n"); err == nil || err.Error() != "f.md:1: front matter is not closed by a --- line" {
		t.Errorf("unclosed: err = %v", err)
	}
}
