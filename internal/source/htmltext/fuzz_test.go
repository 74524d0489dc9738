package htmltext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(page), "")
	f.Add([]byte("<p>a<br>b</p><pre>x\ny</pre><table><tr><td>1<td>2</table>"), "")
	f.Add([]byte("<meta charset=gbk><p>\xbe\xfc</p>"), "")
	f.Add([]byte("<p>\xbe\xfc</p>"), "text/html; charset=shift_jis")
	f.Add([]byte("<svg><p>x</p></svg><math><mi>y</mi></math>"), "")
	f.Fuzz(func(t *testing.T, b []byte, contentType string) {
		p, err := Parse(b, contentType)
		if err != nil {
			return
		}
		for name, s := range map[string]string{"text": p.Text, "title": p.Title} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not UTF-8: %q", name, s)
			}
			if s != strings.TrimSpace(s) {
				t.Fatalf("%s has outer space: %q", name, s)
			}
		}
		if strings.Contains(p.Text, "\n\n\n") {
			t.Fatalf("text has runs of blank lines: %q", p.Text)
		}
		if p.Published.IsZero() != (p.PublishedRaw == "") {
			if _, err := ParseDate(p.PublishedRaw); err == nil {
				t.Fatalf("published %v but raw %q parses", p.Published, p.PublishedRaw)
			}
		}
	})
}

func FuzzText(f *testing.F) {
	f.Add("<p>First &amp; one.</p><p>Second</p>")
	f.Add("Line one\n\nLine two &lt;")
	f.Add("<pre>a\n\n\nb</pre>")
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !utf8.ValidString(got) && utf8.ValidString(s) {
			t.Fatalf("Text(%q) is not UTF-8: %q", s, got)
		}
		if strings.Contains(got, "\n\n\n") || got != strings.TrimSpace(got) {
			t.Fatalf("Text(%q) = %q: bad spacing", s, got)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	f.Add("2025-03-01T07:30:00+08:00")
	f.Add("Sat, 01 Mar 2025 07:30:00 GMT")
	f.Add("2025年3月1日")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && d.Location().String() != "UTC" {
			t.Fatalf("ParseDate(%q) = %v, not UTC", s, d)
		}
	})
}
