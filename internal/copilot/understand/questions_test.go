package understand

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
	"go.yaml.in/yaml/v3"
)

// questionFile is testdata/questions.yaml or testdata/heldout.yaml.
type questionFile struct {
	AsOf      string         `yaml:"asof"`
	Questions []questionCase `yaml:"questions"`
}

// questionCase is one question and what it should be understood as.
type questionCase struct {
	Q         string        `yaml:"q"`
	Lang      string        `yaml:"lang"`
	Intents   []string      `yaml:"intents"`   // primary first; the set must match
	Entities  []string      `yaml:"entities"`  // sector codes or symbols, any order
	Ambiguous []string      `yaml:"ambiguous"` // candidate codes of ambiguous mentions
	Time      *expectedTime `yaml:"time"`      // nil: no time range
	FollowUp  *questionCase `yaml:"followup"`  // the next turn, with this one as context
}

type expectedTime struct {
	From string `yaml:"from"`
	To   string `yaml:"to"`
}

// fields are the fields scored per question.
var fields = []string{"lang", "intents", "primary", "entities", "time"}

// score holds per-field and overall hits.
type score struct {
	n, all int
	field  map[string]int
	fails  []string
}

func loadQuestions(t *testing.T, path string) questionFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f questionFile
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f
}

// runQuestions scores every question (and follow-up) of a file.
func runQuestions(t *testing.T, path string) score {
	t.Helper()
	f := loadQuestions(t, path)
	cat := demoCatalog(t)
	if got := market.FormatDate(cat.AsOf); got != f.AsOf {
		t.Fatalf("%s: asof %s, catalog as of %s", path, f.AsOf, got)
	}
	sc := score{field: map[string]int{}}
	for _, c := range f.Questions {
		u := Understand(c.Q, cat)
		sc.add(c, u)
		if c.FollowUp != nil {
			v := Understand(c.FollowUp.Q, cat).WithContext(u)
			sc.add(*c.FollowUp, v)
		}
	}
	return sc
}

func (sc *score) add(c questionCase, u Understanding) {
	sc.n++
	var got []string
	for _, e := range u.Entities {
		got = append(got, entityCode(e))
	}
	var amb []string
	for _, a := range u.Ambiguities {
		for _, e := range a.Candidates {
			amb = append(amb, entityCode(e))
		}
	}
	intents := make([]string, len(u.Intents))
	for i, in := range u.Intents {
		intents[i] = string(in)
	}
	ok := map[string]bool{
		"lang":     u.Lang == c.Lang,
		"intents":  len(intents) > 0 && len(c.Intents) > 0 && intents[0] == c.Intents[0] && sameSet(intents, c.Intents),
		"primary":  len(intents) > 0 && len(c.Intents) > 0 && intents[0] == c.Intents[0],
		"entities": sameSet(got, c.Entities) && sameSet(amb, c.Ambiguous),
		"time":     timeMatches(u.Time, c.Time),
	}
	all := true
	var bad []string
	for _, f := range fields {
		if ok[f] {
			sc.field[f]++
		} else {
			all = false
			bad = append(bad, f)
		}
	}
	if all {
		sc.all++
		return
	}
	gotTime := "none"
	if u.Time != nil {
		gotTime = market.FormatDate(u.Time.From) + ".." + market.FormatDate(u.Time.To)
	}
	sc.fails = append(sc.fails, fmt.Sprintf("%q: wrong %s\n\tgot lang=%s intents=%v entities=%v ambiguous=%v time=%s\n\twant lang=%s intents=%v entities=%v ambiguous=%v time=%v",
		c.Q, strings.Join(bad, ","), u.Lang, intents, got, amb, gotTime, c.Lang, c.Intents, c.Entities, c.Ambiguous, describeTime(c.Time)))
}

func entityCode(e Entity) string {
	if e.Sector != nil {
		return e.Sector.Code
	}
	return string(e.Symbol)
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	sort.Strings(x)
	sort.Strings(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func timeMatches(got *TimeRange, want *expectedTime) bool {
	if got == nil || want == nil {
		return got == nil && want == nil
	}
	return market.FormatDate(got.From) == want.From && market.FormatDate(got.To) == want.To
}

func describeTime(w *expectedTime) string {
	if w == nil {
		return "none"
	}
	return w.From + ".." + w.To
}

func (sc score) report(t *testing.T, name string) float64 {
	t.Helper()
	for _, f := range sc.fails {
		t.Log(f)
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(sc.n) }
	var parts []string
	for _, f := range fields {
		parts = append(parts, fmt.Sprintf("%s %.1f%%", f, pct(sc.field[f])))
	}
	overall := pct(sc.all)
	t.Logf("%s: %d questions; %s; overall (every field right) %.1f%%", name, sc.n, strings.Join(parts, ", "), overall)
	return overall
}

// TestQuestions scores the tuned question set: every field of at least
// 95% of the questions must be right.
func TestQuestions(t *testing.T) {
	const path = "testdata/questions.yaml"
	f := loadQuestions(t, path)
	zh, en := 0, 0
	var count func(c questionCase)
	count = func(c questionCase) {
		if c.Lang == "zh" {
			zh++
		} else {
			en++
		}
		if c.FollowUp != nil {
			count(*c.FollowUp)
		}
	}
	for _, c := range f.Questions {
		count(c)
	}
	if zh+en < 80 || zh < (zh+en)*2/5 || en < (zh+en)*2/5 {
		t.Errorf("%s: %d questions (%d zh, %d en); want at least 80, about half in each language", path, zh+en, zh, en)
	}
	if overall := runQuestions(t, path).report(t, "tuned set"); overall < 95 {
		t.Errorf("tuned set: overall accuracy %.1f%% < 95%%", overall)
	}
}

// TestHeldOut scores phrasings written before the rules and never used
// to tune them (testdata/heldout.yaml): at least 90%.
func TestHeldOut(t *testing.T) {
	if overall := runQuestions(t, "testdata/heldout.yaml").report(t, "held-out set"); overall < 90 {
		t.Errorf("held-out set: overall accuracy %.1f%% < 90%%", overall)
	}
}
