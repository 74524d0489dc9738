package evidence

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// fixtureReport is the part of a report's JSON form (internal/report)
// the verifier needs; report imports evidence, so the test decodes it
// itself.
type fixtureReport struct {
	Lang        string   `json:"lang"`
	Assumptions []string `json:"assumptions"`
	Sections    []struct {
		Missing string `json:"missing"`
		Blocks  []struct {
			Kind  string   `json:"kind"`
			Text  string   `json:"text"`
			Items []string `json:"items"`
			Table *struct {
				Caption string `json:"caption"`
				Columns []struct {
					Title string `json:"title"`
				} `json:"columns"`
				Rows   [][]string `json:"rows"`
				Source string     `json:"source"`
			} `json:"table"`
			Chart *struct {
				Caption string `json:"caption"`
			} `json:"chart"`
		} `json:"blocks"`
	} `json:"sections"`
	Facts      []Fact `json:"facts"`
	References []struct {
		N        int    `json:"n"`
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Citation *struct {
			Title string `json:"title"`
			Quote string `json:"quote"`
		} `json:"citation"`
		Data *struct {
			Label string `json:"label"`
		} `json:"data"`
	} `json:"references"`
}

var markup = regexp.MustCompile(`\{\{(F\d+)\}\}|\[\[([CD]\d+)\]\]`)

// blocks renders the report's prose as Markdown blocks of plain text, as
// report.Plain would: facts formatted, references as [n].
func (r *fixtureReport) blocks(t *testing.T) []string {
	l := LedgerOf(r.Facts)
	ns := map[string]int{}
	for _, ref := range r.References {
		ns[ref.ID] = ref.N
	}
	plain := func(s string) string {
		return markup.ReplaceAllStringFunc(s, func(m string) string {
			sub := markup.FindStringSubmatch(m)
			if sub[1] != "" {
				f, ok := l.Get(sub[1])
				if !ok {
					t.Fatalf("fixture names unknown fact %s", sub[1])
				}
				return Format(f, r.Lang)
			}
			return fmt.Sprintf("[%d]", ns[sub[2]])
		})
	}
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, plain(s))
		}
	}
	for _, a := range r.Assumptions {
		add("- " + a)
	}
	for _, s := range r.Sections {
		add(s.Missing)
		for _, b := range s.Blocks {
			add(b.Text)
			if len(b.Items) > 0 {
				add("- " + strings.Join(b.Items, "\n- "))
			}
			if tb := b.Table; tb != nil {
				add(tb.Caption)
				var md strings.Builder
				var cols []string
				for _, c := range tb.Columns {
					cols = append(cols, c.Title)
				}
				md.WriteString("| " + strings.Join(cols, " | ") + " |\n|" + strings.Repeat(" --- |", len(cols)) + "\n")
				for _, row := range tb.Rows {
					md.WriteString("| " + strings.Join(row, " | ") + " |\n")
				}
				add(md.String())
				add(tb.Source)
			}
			if b.Chart != nil {
				add(b.Chart.Caption)
			}
		}
	}
	return out
}

func (r *fixtureReport) sources() []Source {
	var out []Source
	for _, ref := range r.References {
		s := Source{ID: ref.ID, N: ref.N, Kind: ref.Kind}
		switch {
		case ref.Citation != nil:
			s.Text = ref.Citation.Title + "\n" + ref.Citation.Quote
		case ref.Data != nil:
			s.Text = ref.Data.Label
		}
		out = append(out, s)
	}
	return out
}

func readFixture(t *testing.T, lang string) *fixtureReport {
	t.Helper()
	b, err := os.ReadFile("../compose/testdata/defense_" + lang + ".json")
	if err != nil {
		t.Skipf("no demo report fixture: %v", err)
	}
	var r fixtureReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestVerifyDemoReports runs the verifier over the template prose of the
// demo reports in both languages: every sentence must pass (no false
// positive on real prose), block by block and as one document.
func TestVerifyDemoReports(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			r := readFixture(t, lang)
			l, srcs := LedgerOf(r.Facts), r.sources()
			blocks := r.blocks(t)
			var figures, markers, checked int
			for _, b := range blocks {
				v := Verify(b, l, srcs, VerifyOptions{Mode: ModeRemove, Lang: r.Lang})
				for _, p := range v.Problems {
					t.Errorf("false positive: %s", p)
				}
				if v.Text != b {
					t.Errorf("text changed:\n%s\n→\n%s", b, v.Text)
				}
				if v.Traced != v.Figures {
					t.Errorf("%d of %d figures traced in %q", v.Traced, v.Figures, b)
				}
				figures += v.Figures
				markers += v.Markers
				checked += v.Checked
			}
			doc := strings.Join(blocks, "\n\n")
			v := Verify(doc, l, srcs, VerifyOptions{Mode: ModeFlag, Lang: r.Lang})
			if v.Flagged != 0 || v.Removed != 0 || v.Text != doc || v.Figures != figures || v.Markers != markers {
				t.Errorf("whole document: flagged %d removed %d figures %d (blocks %d) markers %d (blocks %d), text changed %v",
					v.Flagged, v.Removed, v.Figures, figures, v.Markers, markers, v.Text != doc)
			}
			if figures < 200 || markers < 25 || checked < 80 {
				t.Errorf("checked only %d figures, %d markers, %d sentences", figures, markers, checked)
			}
			t.Logf("%s: %d blocks, %d sentences checked (%d unchecked), %d figures, %d markers", lang, len(blocks), v.Checked, v.Unchecked, figures, markers)
		})
	}
}

// TestSupportSeparates checks DefaultMinSupport on the demo documents:
// paraphrases of a passage reach it, sentences citing a passage about
// something else do not.
func TestSupportSeparates(t *testing.T) {
	text := map[string]map[int]string{}
	for _, lang := range []string{"en", "zh"} {
		text[lang] = map[int]string{}
		for _, s := range readFixture(t, lang).sources() {
			text[lang][s.N] = s.Text
		}
	}
	cases := []struct {
		lang     string
		n        int
		sentence string
		supports bool
	}{
		{"en", 3, "Qi Zhan Precision's board approved a roughly CNY 0.98 billion investment to expand aero-engine parts capacity", true},
		{"en", 6, "A new high-thrust aero-engine finished altitude-chamber tests, which should lift demand for superalloys and castings", true},
		{"en", 7, "Reusable rockets are cutting launch costs and making launches more frequent", true},
		{"en", 8, "New measures open launch sites and speed up licence approvals for commercial space", true},
		{"en", 23, "Trading in the sector looks crowded and leverage is concentrated", true},
		{"en", 25, "Valuations have run ahead of earnings", true},
		{"en", 26, "Analysts warn that ETF creations could quickly turn into redemptions if sentiment weakens", true},
		{"en", 11, "Defense spending keeps growing, which makes procurement more predictable", true},
		{"en", 14, "The sector bounced on heavy volume after the pullback", true},
		{"zh", 3, "栖湛精机拟投资约9.8亿元扩建航空发动机零部件产能", true},
		{"zh", 6, "新型大推力发动机完成高空台试验，将带动高温合金和精密铸锻件需求", true},
		{"zh", 7, "可复用火箭有望降低发射成本、提高发射频次", true},
		{"zh", 24, "板块交易拥挤，融资余额持续增加", true},
		{"zh", 26, "若ETF转为净赎回，回调可能演变为趋势性调整", true},
		{"zh", 11, "国防预算稳定增长，装备采购确定性提高", true},
		{"en", 25, "Reusable rockets are cutting launch costs and making launches more frequent", false},
		{"en", 7, "Valuations have run ahead of earnings", false},
		{"en", 3, "Trading in the sector looks crowded and leverage is concentrated", false},
		{"en", 26, "Qi Zhan Precision's board approved a roughly CNY 0.98 billion investment to expand aero-engine parts capacity", false},
		{"en", 6, "The sector bounced on heavy volume after the pullback", false},
		{"en", 9, "Defense ETFs keep drawing net creations", false},
		{"zh", 3, "板块交易拥挤，融资余额持续增加", false},
		{"zh", 24, "可复用火箭有望降低发射成本、提高发射频次", false},
		{"zh", 7, "国防预算稳定增长，装备采购确定性提高", false},
		{"zh", 11, "栖湛精机拟投资约9.8亿元扩建航空发动机零部件产能", false},
		{"zh", 26, "新型大推力发动机完成高空台试验，将带动高温合金和精密铸锻件需求", false},
	}
	for _, c := range cases {
		if s := Support(c.sentence, text[c.lang][c.n]); (s >= DefaultMinSupport) != c.supports {
			t.Errorf("%s [%d] %q: support %.2f, want supported %v", c.lang, c.n, c.sentence, s, c.supports)
		}
	}
}
