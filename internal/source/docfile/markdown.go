package docfile

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
	"github.com/sextant-ai/sextant/internal/research"
	"github.com/sextant-ai/sextant/internal/source/htmltext"
)

// meta is what a file says about itself. Empty fields were not said.
type meta struct {
	title, publisher, url, lang string
	kind                        research.Kind
	published                   time.Time
	dateFrom                    string // where published came from: "front matter", "metadata", …
	symbols                     []market.Symbol
	sectors                     []research.SectorRef
}

// readMarkdown parses a Markdown file: optional front matter, then the
// body with Markdown syntax stripped. The title is the front matter's,
// else the first "# " heading, which then leaves the body.
func readMarkdown(name, src string) (meta, string, error) {
	var m meta
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	first := 0
	if len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		end, err := frontMatter(name, lines, &m)
		if err != nil {
			return meta{}, "", err
		}
		first = end + 1
	}
	body, heading := stripMarkdown(lines[first:])
	if m.title == "" {
		m.title = heading
	}
	return m, body, nil
}

// frontMatter reads "key: value" lines from lines[1] up to the closing
// "---" and returns the index of that line. Values may be quoted; lists
// are "[a, b]" or "- item" lines under an empty "key:". Unknown keys are
// ignored.
func frontMatter(name string, lines []string, m *meta) (int, error) {
	type entry struct {
		line int
		vals []string
	}
	entries := map[string]*entry{}
	var last *entry
	for i := 1; i < len(lines); i++ {
		raw := lines[i]
		l := strings.TrimSpace(raw)
		switch {
		case l == "---" || l == "...":
			if err := applyFrontMatter(name, m, func(k string) (int, []string) {
				if e, ok := entries[k]; ok {
					return e.line, e.vals
				}
				return 0, nil
			}); err != nil {
				return 0, err
			}
			return i, nil
		case l == "" || strings.HasPrefix(l, "#"):
			continue
		case strings.HasPrefix(l, "- ") || l == "-":
			if last == nil {
				return 0, fmt.Errorf("%s:%d: list item outside a list", name, i+1)
			}
			last.vals = append(last.vals, unquote(strings.TrimSpace(strings.TrimPrefix(l, "-"))))
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.ContainsAny(strings.TrimSpace(k), " \t") || raw[0] == ' ' || raw[0] == '\t' {
			return 0, fmt.Errorf("%s:%d: front matter line %q: want key: value", name, i+1, l)
		}
		e := &entry{line: i + 1}
		if v = strings.TrimSpace(v); strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
			for _, item := range strings.Split(v[1:len(v)-1], ",") {
				if item = unquote(strings.TrimSpace(item)); item != "" {
					e.vals = append(e.vals, item)
				}
			}
		} else if v != "" {
			e.vals = []string{unquote(v)}
		}
		entries[strings.ToLower(strings.TrimSpace(k))] = e
		last = e
	}
	return 0, fmt.Errorf("%s:1: front matter is not closed by a --- line", name)
}

// applyFrontMatter checks and stores the known keys.
func applyFrontMatter(name string, m *meta, get func(string) (int, []string)) error {
	one := func(keys ...string) (int, string) {
		for _, k := range keys {
			if line, v := get(k); len(v) > 0 {
				return line, strings.Join(v, ", ")
			}
		}
		return 0, ""
	}
	_, m.title = one("title")
	_, m.publisher = one("publisher")
	if line, v := one("url"); v != "" {
		if err := checkURL(v); err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		m.url = v
	}
	if line, v := one("published", "date"); v != "" {
		t, err := htmltext.ParseDate(v)
		if err != nil {
			return fmt.Errorf("%s:%d: published: %v", name, line, err)
		}
		m.published, m.dateFrom = t, "front matter"
	}
	if line, v := one("language", "lang"); v != "" {
		lang, err := normLang(v)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		m.lang = lang
	}
	if line, v := one("kind"); v != "" {
		k, err := research.ParseKind(v)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		m.kind = k
	}
	line, syms := get("symbols")
	for _, s := range syms {
		sym, err := market.ParseSymbol(s, "")
		if err != nil {
			return fmt.Errorf("%s:%d: symbols: %v", name, line, err)
		}
		m.symbols = append(m.symbols, sym)
	}
	line, secs := get("sectors")
	for _, s := range secs {
		ref, err := research.ParseSectorRef(s)
		if err != nil {
			return fmt.Errorf("%s:%d: sectors: %v", name, line, err)
		}
		m.sectors = append(m.sectors, ref)
	}
	return nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q is not an http(s) URL", s)
	}
	return nil
}

// normLang reduces a language tag to its primary subtag ("zh-CN" → "zh").
func normLang(s string) (string, error) {
	p, _, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"), "-")
	p = strings.ToLower(p)
	if len(p) < 2 || len(p) > 3 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz") != "" {
		return "", fmt.Errorf("language %q is not a language tag (zh, en, …)", s)
	}
	return p, nil
}

var (
	mdImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdAutolink  = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdTag       = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	mdStrong    = regexp.MustCompile(`\*\*(\S(?:.*?\S)?)\*\*`)
	mdStrongU   = regexp.MustCompile(`__(\S(?:.*?\S)?)__`)
	mdEmph      = regexp.MustCompile(`(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*`)
	mdEmphU     = regexp.MustCompile(`(^|[^\w])_(\S(?:[^_]*?\S)?)_($|[^\w])`)
	mdStrike    = regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`)
	mdCode      = regexp.MustCompile("`([^`]+)`")
	mdRefDef    = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*\S+`)
	mdListItem  = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,9}[.)])\s+`)
	mdRule      = regexp.MustCompile(`^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$`)
	mdHeading   = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$`)
	mdSetext    = regexp.MustCompile(`^\s{0,3}(=+|-+)\s*$`)
	mdTableRule = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$`)
)

// stripMarkdown turns Markdown lines into plain paragraphs: headings,
// emphasis, links, images, inline code, block quotes, list markers, rules,
// table pipes and inline HTML tags become their text; fenced code is kept
// as it is. Lines of a paragraph are joined (with nothing between CJK
// characters); list items, table rows and code keep their lines. It
// returns the body and the text of the first level-1 heading, which is
// left out of the body when it comes before any other text.
func stripMarkdown(lines []string) (body, title string) {
	var w mdWriter
	fence := ""
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		trimmed := strings.TrimSpace(l)
		switch {
		case fence != "":
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
				w.flush()
			} else {
				w.para = append(w.para, l)
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			w.flush()
			fence = trimmed[:3]
		case trimmed == "", mdRule.MatchString(l):
			w.flush()
		case mdRefDef.MatchString(l), mdTableRule.MatchString(l) && strings.Contains(l, "-") && strings.Contains(l, "|"):
			// link definitions and table alignment rows carry no text
		default:
			for strings.HasPrefix(trimmed, ">") {
				trimmed = strings.TrimSpace(strings.TrimPrefix(trimmed, ">"))
			}
			if h := mdHeading.FindStringSubmatch(trimmed); h != nil {
				w.heading(inline(h[2]), len(h[1]))
				continue
			}
			if !w.soft && len(w.para) == 0 && i+1 < len(lines) && mdSetext.MatchString(lines[i+1]) {
				i++
				level := 2
				if strings.Contains(lines[i], "=") {
					level = 1
				}
				w.heading(inline(trimmed), level)
				continue
			}
			w.text(trimmed)
		}
	}
	w.flush()
	return strings.TrimSpace(strings.Join(w.out, "\n")), w.title
}

// mdWriter collects the paragraphs of stripMarkdown.
type mdWriter struct {
	out   []string // output lines; "" separates paragraphs
	para  []string // lines of the current paragraph
	soft  bool     // the last line may be continued by the next
	title string
}

func (w *mdWriter) flush() {
	if len(w.para) > 0 {
		w.out = append(w.out, strings.Join(w.para, "\n"), "")
		w.para = nil
	}
	w.soft = false
}

// heading writes a heading as a paragraph of its own; the first level-1
// heading is the title, and is left out when nothing came before it.
func (w *mdWriter) heading(text string, level int) {
	w.flush()
	if w.title == "" && level == 1 {
		w.title = text
		if len(w.out) == 0 {
			return
		}
	}
	w.para = append(w.para, text)
	w.flush()
}

// text writes a line of a paragraph, list item or table row.
func (w *mdWriter) text(line string) {
	item := mdListItem.MatchString(line)
	row := strings.HasPrefix(line, "|") && strings.HasSuffix(line, "|")
	switch {
	case item:
		line = mdListItem.ReplaceAllString(line, "")
	case row:
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		line = strings.Join(cells, " ")
	}
	line = inline(line)
	if w.soft && !item && !row && len(w.para) > 0 {
		w.para[len(w.para)-1] = joinLine(w.para[len(w.para)-1], line)
	} else {
		w.para = append(w.para, line)
	}
	w.soft = !row
}

// inline strips inline Markdown from one line.
func inline(s string) string {
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	s = mdStrong.ReplaceAllString(s, "$1")
	s = mdStrongU.ReplaceAllString(s, "$1")
	s = mdEmph.ReplaceAllString(s, "$1$2")
	s = mdEmphU.ReplaceAllString(s, "$1$2$3")
	s = mdStrike.ReplaceAllString(s, "$1")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}
