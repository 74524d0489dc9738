package rss

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sextant-ai/sextant"
)

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/rss2.xml", "testdata/atom.xml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`<rss><channel><item><title>t</title><pubDate>2025-01-01</pubDate><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><updated>2025-01-01T00:00:00Z</updated><content type="xhtml"><div><p>a<b>b</b>c</p></div></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, notes, err := Parse(bytes.NewReader(b), "f.xml", DefaultOptions())
		if err != nil {
			if docs != nil || notes != nil {
				t.Fatal("documents returned with an error")
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || !strings.HasPrefix(sextant.ErrorMessage(err), "f.xml: ") {
				t.Fatalf("error %q does not name the feed", err)
			}
			return
		}
		for _, d := range docs {
			if err := d.Validate(); err != nil {
				t.Fatalf("invalid document: %v", err)
			}
			if !utf8.ValidString(d.Title) || !utf8.ValidString(d.Body) {
				t.Fatalf("not UTF-8: %q %q", d.Title, d.Body)
			}
			if d.URL != "" && !strings.HasPrefix(d.URL, "http") {
				t.Fatalf("url %q", d.URL)
			}
		}
	})
}
