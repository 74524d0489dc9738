package compose

import (
	"regexp"
	"slices"
	"testing"

	"github.com/sextant-ai/sextant/internal/evidence"
)

var verb = regexp.MustCompile(`%(\[\d+\])?[sqd]`)

// TestTemplatesComplete: both languages have the same templates, each
// taking the same number of arguments, and no template states a figure of
// its own (windows such as "20-day" are not figures; every figure a report
// prints is a fact).
func TestTemplatesComplete(t *testing.T) {
	en, zh := phrasesFor("en"), phrasesFor("zh")
	ke, kz := en.keys(), zh.keys()
	slices.Sort(ke)
	slices.Sort(kz)
	if !slices.Equal(ke, kz) {
		t.Fatalf("template keys differ:\nen %v\nzh %v", ke, kz)
	}
	for _, k := range ke {
		if a, b := len(verb.FindAllString(en.get(k), -1)), len(verb.FindAllString(zh.get(k), -1)); a != b {
			t.Errorf("%s: en takes %d arguments, zh %d", k, a, b)
		}
		for _, p := range []phrases{en, zh} {
			if ns := evidence.Numbers(verb.ReplaceAllString(p.get(k), "")); len(ns) > 0 {
				t.Errorf("%s (%s) states a figure of its own (%q): %q", k, p.lang, ns[0].Text, p.get(k))
			}
		}
	}
}
