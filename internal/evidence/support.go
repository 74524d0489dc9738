package evidence

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexical support of a claim by a passage, and the cues that make a
// sentence unsupported whatever it cites: instructions echoed from a
// document and quantitative forward-looking claims.

// Support is the share of the claim's content terms that the passage
// contains, in [0, 1]. Terms are English content words (lower-cased, stop
// words dropped, lightly stemmed; a word also matches a passage word with
// the same first six letters: expansion ~ expand does not, production ~
// produce does) and Chinese character bigrams (runs of Han characters
// split at function characters such as 的 了 和). Digits, codes and words
// containing digits are not terms, so figures, dates and reference
// markers never count. A claim with no content terms has support 1: there
// is nothing in it to support.
func Support(claim, passage string) float64 {
	s, _ := support(terms(claim), newTermSet(terms(passage)), nil)
	return s
}

// termSet is a passage's terms with the six-letter prefixes of its
// English words.
type termSet struct {
	terms    map[string]bool
	prefixes map[string]bool
}

func newTermSet(ts []string) termSet {
	s := termSet{terms: map[string]bool{}, prefixes: map[string]bool{}}
	for _, t := range ts {
		s.terms[t] = true
		if p, ok := prefix(t); ok {
			s.prefixes[p] = true
		}
	}
	return s
}

func (s termSet) has(t string) bool {
	if s.terms[t] {
		return true
	}
	p, ok := prefix(t)
	return ok && s.prefixes[p]
}

// prefix is the six-letter prefix of an English stem of at least six
// letters.
func prefix(t string) (string, bool) {
	if len(t) < 6 || t[0] >= utf8.RuneSelf {
		return "", false
	}
	return t[:6], true
}

// support is the share of the claim terms (less those ignored) found in
// the passage, and the number of terms counted. When every term is
// ignored, all of them count.
func support(claim []string, passage termSet, ignore map[string]bool) (float64, int) {
	counted := claim
	if len(ignore) > 0 {
		counted = nil
		for _, t := range claim {
			if !ignore[t] {
				counted = append(counted, t)
			}
		}
		if len(counted) == 0 {
			counted = claim
		}
	}
	if len(counted) == 0 {
		return 1, 0
	}
	hit := 0
	for _, t := range counted {
		if passage.has(t) {
			hit++
		}
	}
	return float64(hit) / float64(len(counted)), len(counted)
}

// terms returns the distinct content terms of s in order.
func terms(s string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	s = symbolRE.ReplaceAllString(markerRE.ReplaceAllString(s, " "), " ")
	var word []rune // a run of Latin letters and digits
	var han []rune  // a run of Han characters
	flushWord := func() {
		if len(word) > 0 {
			if w := strings.ToLower(string(word)); len(w) >= 2 && !strings.ContainsAny(w, "0123456789") && !stopEN[w] {
				if st := stem(w); !stopEN[st] {
					add(st)
				}
			}
			word = word[:0]
		}
	}
	flushHan := func() {
		for i := 0; i+1 < len(han); i++ {
			if bg := string(han[i : i+2]); !stopZH[bg] {
				add(bg)
			}
		}
		han = han[:0]
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			if strings.ContainsRune(stopHan, r) {
				flushHan()
				continue
			}
			han = append(han, r)
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)), unicode.In(r, unicode.Latin):
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// symbolRE matches instrument symbols (801740.SI), which are not words.
var symbolRE = regexp.MustCompile(`\b[0-9A-Z]{1,10}\.(?:SH|SZ|BJ|SI|CSI|EM|THS|US|HK|CN)\b`)

// stem strips common English inflections: plurals, -ing, -ed, -ly and a
// final e, so that rise, rises, rising and risen… mostly meet. Both sides
// of a comparison go through it, so consistency matters more than
// linguistics.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
	case strings.HasSuffix(w, "s"):
		w = w[:len(w)-1]
	}
	for _, suf := range []string{"ing", "ed"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			if n := len(w); w[n-1] == w[n-2] && !strings.ContainsRune("lsz", rune(w[n-1])) {
				w = w[:n-1] // planned → plan
			}
			break
		}
	}
	if strings.HasSuffix(w, "ly") && len(w) > 5 {
		w = w[:len(w)-2]
	}
	if strings.HasSuffix(w, "e") && len(w) > 3 {
		w = w[:len(w)-1]
	}
	return w
}

// stopEN are English function words and the words of units, which say
// nothing about what a passage is about.
var stopEN = setOf(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or
other our ours out over own same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would you
your yours may might must shall upon via per amid among whether yet still even though although however thus
therefore hence within without across around along toward towards onto s t
cny rmb yuan bn billion million percent pct pp bp bps sigma
keep make become remain stay look get take say said also`)

// stopHan are Chinese function characters; a run of Han characters is
// split at them before bigrams are taken.
const stopHan = "的了和与及是在也都而或其之着被把将等并"

// stopZH are Chinese bigrams of units.
var stopZH = setOf(`亿元 万元 亿份 万份 百分 分点 基点`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// cue is a pattern with the lower-case keywords one of which any match
// contains: the keywords are looked for first, so that most text never
// reaches the (slow, many-branched) pattern. A match containing one of
// not is no match (policy tools are not tools).
type cue struct {
	any []string
	re  *regexp.Regexp
	not []string
}

func newCue(keywords, pattern string, not ...string) cue {
	return cue{strings.Fields(keywords), regexp.MustCompile(pattern), not}
}

// find returns the first match of any cue in s (lower is s lower-cased),
// as its location in s.
func find(cues []cue, s, lower string) []int {
	for _, c := range cues {
		for _, k := range c.any {
			if !strings.Contains(lower, k) {
				continue
			}
			for _, loc := range c.re.FindAllStringIndex(s, -1) {
				m := strings.ToLower(s[loc[0]:loc[1]])
				if !slices.ContainsFunc(c.not, func(n string) bool { return strings.Contains(m, n) }) {
					return loc
				}
			}
			break
		}
	}
	return nil
}

// injection matches instructions addressed to a model, in English and
// Chinese: documents are data, so prose that repeats such an instruction
// echoes a planted injection. The objects are narrow on purpose: "ignore
// the margin rules" and "忽视风险提示" are advice, not injections.
var injection = []cue{
	newCue(`ignore disregard forget override bypass skip`,
		`(?i)\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?。！？]{0,40}\b(?:instructions?|prompts?|directives?)\b`),
	newCue(`instruction prompt directive`,
		`(?i)\b(?:previous|prior|above|earlier|original|system)\s+(?:instructions?|prompts?|directives?)\b|\bsystem\s+prompt\b`),
	newCue(`developer jailbreak tool_call function_call im_start im_end endoftext <|system`,
		`(?i)\bdeveloper\s+mode\b|\bjailbreak|\b(?:tool_calls?|function_call)\b|<\|?(?:im_start|im_end|system|endoftext)\|?>`),
	newCue(`tool function command plugin`,
		`(?i)\b(?:call|invoke|execute|trigger|run)\s+(?:the\s+|a\s+|this\s+|that\s+)?(?:[\w.-]+\s+)?(?:tools?|functions?|commands?|plugins?)\b`,
		"policy", "monetary", "fiscal"),
	newCue(`you are now act as pose as`,
		`(?i)\byou\s+are\s+now\b|\b(?:act|pose)\s+as\s+(?:an?\s+|the\s+)?(?:assistant|ai|model|chatbot|system|admin(?:istrator)?)\b`),
	newCue(`prompt instructions key secret credential password`,
		`(?i)\b(?:reveal|print|show|leak|output|send)\s+(?:your|the)\s+(?:system\s+)?(?:prompt|instructions|api\s+keys?|keys?|secrets?|credentials|password)`),
	newCue(`user reader`,
		`(?i)\b(?:tell|instruct)\s+(?:the\s+|all\s+|every\s+)?(?:users?|readers?)\s+to\b|\bdo\s+not\s+(?:tell|inform|mention\s+to)\s+the\s+user`),
	newCue(`忽略 无视 忽视 理会 抛开 跳过 忘记 忘掉`,
		`(?:忽略|无视|忽视|不要理会|不用理会|抛开|跳过|忘记|忘掉)[^。！？]{0,12}(?:指令|指示|提示词|设定)`),
	newCue(`指令 提示词`, `(?:以上|之前|上述|前面|先前|此前|原有|原来|系统)的?(?:所有)?(?:指令|提示词)`),
	newCue(`工具 函数 命令 插件`, `(?:调用|执行|运行|触发)[^。！？，,]{0,8}(?:工具|函数|命令|插件)`, "政策", "货币", "财政"),
	newCue(`你现在是 你的新任务 系统提示 开发者模式 越狱 扮演`,
		`你现在是|你的新任务|系统提示|开发者模式|越狱模式|扮演(?:一个|一名)?(?:助手|AI|模型|系统|管理员)`),
	newCue(`提示词 密钥 秘钥 口令 密码`, `(?:泄露|输出|显示|发送)[^。！？]{0,6}(?:提示词|密钥|秘钥|口令|密码)`),
	newCue(`用户 读者`, `(?:告诉|告知|要求)(?:所有|每位)?(?:用户|读者)(?:立即|马上)`),
}

// forward matches forward-looking wording: a figure in such a sentence
// that matches no fact is a forecast without evidence.
var forward = []cue{
	newCue(`will shall expected set likely poised could forecast projected target next`,
		`(?i)\b(?:will|shall|is\s+(?:expected|set|likely|poised)\s+to|are\s+(?:expected|set|likely|poised)\s+to|expected\s+to|likely\s+to|could\s+(?:reach|hit|rise|climb|gain)|forecasts?|projected|targets?|next\s+(?:year|quarter|month|week))\b`),
	newCue(`将 预计 预期 有望 目标 未来 明年 下半年 下季度 可望`, `将|预计|预期|有望|目标|未来|明年|下半年|下季度|可望`),
}

// quantCue matches quantitative claims written without digits: doubling,
// soaring, guaranteed gains. Without a supporting document they are
// unsupported.
var quantCue = []cue{
	newCue(`double triple quadruple halve soar skyrocket multiply explode`,
		`(?i)\b(?:will|could|should|may|might|set\s+to|expected\s+to|likely\s+to|poised\s+to|about\s+to)\s+(?:\w+\s+)?(?:double|triple|quadruple|halve|soar|skyrocket|multiply|explode)\b`),
	newCue(`guarantee risk-free riskless sure certain bound lose fold`,
		`(?i)\b(?:guaranteed?|risk-free|riskless)\s+(?:returns?|profits?|gains?)\b|\b(?:sure|certain|bound)\s+to\s+(?:rise|gain|double|win|go\s+up|rally)\b|\bcan(?:'t|not)\s+lose\b|\b(?:ten|hundred|\d+)-?fold\b`),
	newCue(`翻倍 翻番 成倍 暴涨 腰斩 数倍 十倍`, `(?:将|会|有望|预计|可能|或|必将|必然)[^。！？，]{0,6}(?:翻倍|翻番|成倍|暴涨|腰斩|数倍|十倍)`),
	newCue(`稳赚 包赚 必涨 只涨不跌 保证收益 保本保收益`, `稳赚|包赚|必涨|只涨不跌|保证收益|保本保收益`),
}

// negated reports whether the cue at loc is negated just before it
// ("not guaranteed returns", "不保证收益").
func negated(s string, loc []int) bool {
	before := strings.ToLower(s[max(0, loc[0]-8):loc[0]])
	return strings.Contains(before, "不") || strings.Contains(before, "无") || strings.Contains(before, "没有") ||
		strings.HasSuffix(strings.TrimSpace(before), "not") || strings.HasSuffix(strings.TrimSpace(before), "no") ||
		strings.HasSuffix(strings.TrimSpace(before), "never")
}
