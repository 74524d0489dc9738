package understand

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/sextant-ai/sextant/internal/market"
)

// cueRule is a weighted pattern pointing to an intent. Patterns run on
// the folded question (lower case, no spaces next to Chinese) with the
// entities and the time expression blanked out, so that a name such as
// 国证价值 is not read as a cue.
type cueRule struct {
	intent Intent
	weight int
	re     *regexp.Regexp
}

func cues(intent Intent, weight int, pattern string) cueRule {
	return cueRule{intent, weight, regexp.MustCompile(pattern)}
}

// An intent needs cues weighing minWeight; 3 is a cue that decides alone,
// 2 a clear one, 1 a hint that only adds to others.
const minWeight = 2

var cueRules = []cueRule{
	// drivers: why did it move
	cues(IntentDrivers, 3, `\bwhy\b|\bhow come\b|\bwhat(?:'s|'re| is| are| was| has been)? (?:driving|behind|pushing|fu?ell?ing|causing|powering|lifting|dragging|boosting|propelling)\b|\bwhat (?:drove|drives|caused|pushed|sparked|triggered|explains)\b|\bdrivers?\b|\bdriven by\b|\breasons? (?:for|behind|why)\b|\bcatalysts?\b|\bexplain\b|为什么|为何|为啥|咋回事|驱动|原因|催化|逻辑|怎么回事|凭什么|缘何|背后`),
	cues(IntentDrivers, 2, `领涨|领跌|\bleading the (?:rally|market|gains|charge)\b|\bbehind (?:the|this|its) (?:rally|move|rise|drop|surge|selloff|sell off|gains?|jump|slump)\b|大涨|暴涨|大跌|暴跌|\bsurg(?:e|es|ed|ing)\b|\bsoar(?:s|ed|ing)?\b|\bplung(?:e|es|ed|ing)\b|\btumbl(?:e|es|ed|ing)\b|\bslump(?:s|ed|ing)?\b`),
	cues(IntentDrivers, 1, `\brall(?:y|ies|ied|ying)\b|\bris(?:e|es|ing|en)\b|\bjump(?:s|ed|ing)?\b|\bfall(?:s|ing|en)?\b|\bfell\b|\bdrop(?:s|ped|ping)?\b|\bfad(?:e|es|ed|ing)\b|上涨|下跌|走强|走弱|涨|跌`),
	// sustainability: will it last
	cues(IntentSustainability, 3, `sustainab(?:le|ility)|\bsustain(?:ed)?\b|\b(?:will|can|could|does|would|is going to) (?:it|this|that|they|the (?:rally|move|trend|rotation|momentum|run|outperformance|strength|gains?|sector)) (?:last|continue|persist|hold|keep|go on)\b|\bhow long (?:will|can|could|does|might)\b|\bkeep (?:going|rising|running|outperforming|climbing|up|rallying|leading)\b|\bcontinu(?:e|es|ed|ing|ation)\b|\bdurab(?:le|ility)\b|\bpersist(?:s|ent|ence)?\b|\bstaying power\b|\bsteam\b|\bpeak(?:ed|ing)?\b|\btopp(?:ed|ing) out\b|\btoo late\b|\bover(?:extended|bought|stretched|heated)\b|\bbase rates?\b|\bchas(?:e|ing) (?:it|the)\b|\bstill (?:a buy|worth|room|going)\b|\blast(?:ing)?\?|\bover\s*[?？]|\b(?:momentum|rally|trend|strength|run) (?:is )?(?:fading|waning|slowing|stalling)\b|\bstill (?:strong|intact|has legs)\b|\blosing steam\b|可持续|持续性|持续|延续|还能涨|还会涨|能涨多久|走多远|见顶|后劲|追高|还有空间|上涨空间|反转|还能不能|还能买|行情还能|能否维持|会不会回调|回调风险`),
	// sector overview: how is it doing
	cues(IntentSector, 2, `\bhow (?:is|are|was|were|has|have|did|does|do)\b|\bhow's\b|\bdoing\b|\bperform(?:s|ed|ing|ance)?\b|\boverview\b|\boutlook\b|\btell me about\b|\blook(?:s|ing)? like\b|\bupdate on\b|\bsummar(?:y|ize|ise)\b|\banaly[sz](?:e|is)\b|\breport on\b|\bview on\b|\brecommend(?:ations?)?\b|\bpicks?\b|推荐|表现|怎么样|如何|怎样|走势|行情|近况|概况|分析|前景|展望|看看|情况|咋样`),
	// compare: side by side
	cues(IntentCompare, 3, `\bcompar(?:e|ed|es|ing|ison)\b|\bversus\b|\bvs\b\.?|\bhead to head\b|\bwhich (?:is|one is|was|looks|one looks|one) (?:better|stronger|weaker|cheaper|more attractive)\b|\bbetter than\b|\bstronger than\b|\bweaker than\b|\brelative to\b|对比|比较|相比|哪个更|哪个好|哪个强|谁更|谁强|谁好|孰优|pk|(?:和|与|跟)[^，,。？?]{1,40}比(?:$|[^例重率值])`),
	cues(IntentCompare, 1, `还是|\bbetter\b|\bor\b`),
	// flows: money in and out
	cues(IntentFlows, 3, `\bflows?\b|\bflowing\b|\bmoney (?:coming|going|moving|pouring)\b|\binflows?\b|\boutflows?\b|\bmargin\b|\bleverag(?:e|ed)\b|\bfinancing\b|\bcreations?\b|\bredemptions?\b|\bnet (?:buying|selling|purchases?|creations?)\b|\bnorthbound\b|\bsouthbound\b|\bmain ?force\b|\bsmart money\b|\binstitutional (?:buying|money)\b|\bwho is buying\b|\bshares outstanding\b|\bfund shares\b|\bforeign (?:buying|money|investors)\b|资金|融资|融券|两融|主力|北向|南向|净流入|净流出|流入|流出|净买入|净卖出|申购|赎回|份额|加仓|减仓|杠杆|抢筹|外资`),
	cues(IntentFlows, 1, `\bbuying\b|\bselling\b|\bmoney\b`),
	// stock: one company
	cues(IntentStock, 2, `\b(?:gross|net|profit|operating|ebit|ebitda) margins?\b|毛利率|净利率|\bshould i (?:buy|sell|hold|add|trim|own)\b|\bworth (?:buying|it|a buy|holding|owning)\b|\bbuy or sell\b|\bgood (?:buy|investment|stock)\b|\b(?:under|over)valued\b|\bvaluation\b|\btarget price\b|\bearnings\b|\bthis (?:stock|company)\b|\bstock analysis\b|\bfundamentals\b|\bcompany\b|能买吗|能不能买|可以买|值得买|值得投资|买入|卖出|持有|估值|业绩|财报|个股|这只股票|这家公司|股价|基本面|公司`),
	// style: growth vs value, large vs small
	cues(IntentStyle, 3, `\brotation (?:into|to|towards|from) (?:value|growth|small caps?|large caps?|defensives)\b|\b(?:value|growth) rotation\b|\b(?:growth|value) (?:vs\.?|versus|or|and|against|to) (?:growth|value)\b|\bstyles?\b|\bfactor rotation\b|\b(?:large|small|big|mid) ?caps? (?:vs\.?|versus|or|and|against|to) (?:large|small|big|mid) ?caps?\b|\b(?:large|small|big|mid) ?caps?\b|\bsize factor\b|\b(?:growth|value) (?:stocks|style|names|factor)\b|\bdefensives\b|风格|成长股|价值股|大小盘|大盘股|小盘股|中盘股|大盘(?:和|与|vs|还是|跟)小盘|小盘(?:和|与|vs|还是|跟)大盘|成长(?:和|与|vs|还是|跟|或)价值|价值(?:和|与|vs|还是|跟|或)成长|微盘|市场风格`),
	cues(IntentStyle, 1, `\bgrowth\b|\bvalue\b|成长|价值|红利|高股息`),
	// market overview: the whole market
	cues(IntentMarket, 3, `\b(?:which|what) (?:sectors?|industries|industry|boards?|themes?)(?: (?:are|were|is|was|have been|has been))? (?:leading|lagging|winning|losing|rallying|outperforming|underperforming|up|down|strongest|weakest|hot)\b(?: the (?:market|rally|gains))?|(?:哪些|哪个|什么)(?:板块|行业)(?:在)?(?:领涨|领跌|涨得?最多|跌得?最多|表现最好|表现最差|最强|最弱|强势|走强)|\bwhich (?:sectors?|industries|industry|boards?|themes?)\b|\bwhat (?:sectors?|industries)\b|\b(?:leading|top|best|worst|hottest|strongest|weakest|lagging) (?:sectors?|industries)\b|\bsector (?:rankings?|leaders|leaderboard|rotation map)\b|\bmarket (?:overview|breadth|summary|update|wrap)\b|\bbroad(?:er)? market\b|\boverall market\b|\bstock market\b|\ba shares?\b|\bchina stocks\b|\bchinese stocks\b|大盘|a股|两市|哪些板块|哪个板块|什么板块|哪些行业|哪个行业|什么行业|板块排名|行业排名|市场整体|整体市场|市场概况|全市场|热点板块|主线|行业轮动|板块轮动全景`),
	cues(IntentMarket, 2, `\bthe market\b|\bmarkets?\b|市场|\bindices\b|\bindexes\b`),
}

// findCues finds the intent cues outside the taken spans; where cues
// overlap the longest wins.
func findCues(t text, taken []span) []Cue {
	masked := []byte(t.norm)
	for _, s := range taken {
		for i := s.s; i < s.e && i < len(masked); i++ {
			masked[i] = 1
		}
	}
	m := string(masked)
	type hit struct {
		at   span
		rule cueRule
	}
	var hits []hit
	for _, r := range cueRules {
		for _, loc := range r.re.FindAllStringIndex(m, -1) {
			if loc[1] > loc[0] {
				hits = append(hits, hit{span{loc[0], loc[1]}, r})
			}
		}
	}
	for _, at := range etfSelection(t.norm) {
		hits = append(hits, hit{at, cueRule{intent: IntentETF, weight: 3}})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		li, lj := hits[i].at.e-hits[i].at.s, hits[j].at.e-hits[j].at.s
		if li != lj {
			return li > lj
		}
		return hits[i].at.s < hits[j].at.s
	})
	var out []Cue
	var used []span
	for _, h := range hits {
		if overlapsAny(h.at, used) {
			continue
		}
		used = append(used, h.at)
		c := Cue{Intent: h.rule.intent, Text: t.written(h.at), Weight: h.rule.weight}
		c.Start, c.End = t.orig(h.at)
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

var (
	etfWord = regexp.MustCompile(`etfs?\b|etf`)
	// etfPick are words before "ETF" that ask which one.
	etfPickBefore = regexp.MustCompile(`(?:\bwhich\b|\bwhat\b|\bbest\b|\btop\b|\bgood\b|\brecommend(?:ed|ation)?s?\b|\bpick\b|\bchoose\b|\bselect\b|\bcheapest\b|\blargest\b|\bmost liquid\b|\bany\b|哪个|哪只|哪支|哪些|推荐|选|什么|买哪|几只|有没有)[^.?!。？！，,;；]*$`)
	etfPickAfter  = regexp.MustCompile(`^(?:s)?[^.?!。？！，,;；]{0,30}?(?:\bto (?:buy|pick|choose|hold|use|own)\b|\bshould i\b|\bwould you\b|\brecommend|\bselection\b|\bpicks?\b|\bworth\b|推荐|怎么选|选哪|选择|哪个|哪只|哪支|好|排名|可以选|值得)`)
	etfFlow       = regexp.MustCompile(`^(?:s)?\s*(?:creations?|redemptions?|flows?|shares|inflows?|outflows?|份额|申购|赎回|资金|流入|流出|净)`)
	etfOtherNoun  = regexp.MustCompile(`\b(?:sectors?|industries|industry|stocks?|companies|names|funds? flows?)\b|板块|行业|股票|个股`)
)

// etfSelection finds "which ETF" questions: a pick word before "ETF" in
// the same clause (with no other noun being picked in between), or one
// after it; not ETF flows ("ETF creations").
func etfSelection(n string) []span {
	var out []span
	for _, loc := range etfWord.FindAllStringIndex(n, -1) {
		if loc[0] > 0 && isLetter(rune(n[loc[0]-1])) {
			continue
		}
		after := n[loc[1]:]
		if etfFlow.MatchString(after) {
			continue
		}
		start := max(0, loc[0]-60)
		for start > 0 && !isRuneStart(n, start) {
			start--
		}
		before := n[start:loc[0]]
		if m := etfPickBefore.FindStringIndex(before); m != nil && !etfOtherNoun.MatchString(before[m[0]:]) {
			out = append(out, span{start + m[0], loc[1]})
			continue
		}
		if m := etfPickAfter.FindStringIndex(after); m != nil {
			out = append(out, span{loc[0], loc[1] + m[1]})
		}
	}
	return out
}

func isRuneStart(s string, i int) bool { return i >= len(s) || s[i] < 0x80 || s[i] >= 0xC0 }

// mainKind is the kind of the question's main entity: "sector", "stock",
// "etf", "index" (an index or other instrument) or "" (none).
func mainKind(ents []Entity, ambiguous bool) string {
	if len(ents) > 0 {
		switch e := ents[0]; {
		case e.Kind == KindSector:
			return "sector"
		case e.InstrumentKind == market.KindStock:
			return "stock"
		case e.InstrumentKind == market.KindETF, e.InstrumentKind == market.KindFund:
			return "etf"
		}
		return "index"
	}
	if ambiguous {
		return "sector"
	}
	return ""
}

// resolveIntents weighs the cues and reads them in the light of the main
// entity: "how is X doing" is a stock question for a stock, an ETF
// question for an ETF, a market question for an index or nothing.
func resolveIntents(cs []Cue, ents []Entity, ambiguous bool) []Intent {
	// score is the sum of an intent's cue weights; strong its strongest
	// cue and first where that cue first appears.
	score, strong, first := map[Intent]int{}, map[Intent]int{}, map[Intent]int{}
	note := func(in Intent, w, at int) {
		if w > strong[in] || w == strong[in] && at < first[in] {
			strong[in], first[in] = w, at
		}
	}
	for _, c := range cs {
		score[c.Intent] += c.Weight
		note(c.Intent, c.Weight, c.Start)
	}
	move := func(from, to Intent) {
		if score[from] == 0 {
			return
		}
		score[to] += score[from]
		if _, ok := strong[to]; !ok {
			strong[to], first[to] = strong[from], first[from]
		} else {
			note(to, strong[from], first[from])
		}
		delete(score, from)
	}
	// "How is it doing" adds nothing to a more specific intent.
	for in, sc := range score {
		if in != IntentSector && in != IntentMarket && sc >= minWeight {
			delete(score, IntentSector)
		}
	}
	main := mainKind(ents, ambiguous)
	switch main {
	case "stock":
		move(IntentSector, IntentStock)
	case "etf":
		move(IntentSector, IntentETF)
		move(IntentStock, IntentETF)
	case "sector":
		move(IntentStock, IntentSector)
	default:
		move(IntentSector, IntentMarket)
	}
	if main != "" && main != "index" && score[IntentMarket] < 3 {
		delete(score, IntentMarket)
	}
	named := 0
	for range ents {
		named++
	}
	if score[IntentCompare] > 0 && named < 2 && score[IntentStyle] >= minWeight {
		delete(score, IntentCompare)
	}
	// Picking between two named ETFs is also a comparison.
	if named >= 2 && score[IntentETF] >= minWeight && score[IntentCompare] < minWeight {
		score[IntentCompare] = minWeight
		strong[IntentCompare], first[IntentCompare] = minWeight, first[IntentETF]
	}
	var out []Intent
	for in, s := range score {
		if s >= minWeight {
			out = append(out, in)
		}
	}
	if len(out) > 1 {
		kept := out[:0]
		for _, in := range out {
			if in != IntentSector {
				kept = append(kept, in)
			}
		}
		out = kept
	}
	// The primary intent has the strongest cue, the earliest on a tie,
	// then the most weight.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if strong[a] != strong[b] {
			return strong[a] > strong[b]
		}
		if first[a] != first[b] {
			return first[a] < first[b]
		}
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return a < b
	})
	if main == "stock" {
		out = putFirst(out, IntentStock)
	}
	if len(out) == 0 {
		out = []Intent{defaultIntent(main)}
	}
	return out
}

func defaultIntent(main string) Intent {
	switch main {
	case "sector":
		return IntentSector
	case "stock":
		return IntentStock
	case "etf":
		return IntentETF
	}
	return IntentMarket
}

func putFirst(is []Intent, in Intent) []Intent {
	out := []Intent{in}
	for _, x := range is {
		if x != in {
			out = append(out, x)
		}
	}
	return out
}

func hasIntent(is []Intent, in Intent) bool {
	for _, x := range is {
		if x == in {
			return true
		}
	}
	return false
}

var (
	followForm = regexp.MustCompile(`^[\s\pP]*(?:(?:and|also|so|ok|okay|then|now|but)\b[\s\pP]*)*(?:what|how) about\b|^[\s\pP]*(?:and|also|same (?:for|question)|now for|then)\b|^[\s\pP]*(?:那么|那|还有|另外|再看看|再看|换成|换个|对于|至于)|呢[\s\pP]*$`)
	anaphor    = regexp.MustCompile(`\b(?:it|its|it's|they|them|their|this sector|that sector|this one|that one|the same|those|these)\b|它|它们|该板块|该行业|这个板块|这个行业|这只|这个|这些|此板块|同一`)
)

// isFollowUp reports whether a question leans on an earlier one: it
// starts like one ("and what about…", "那…"), ends in 呢, refers back
// ("it", "它") without naming anything, compares "it" with something,
// or names only an entity or a time with no cue.
func isFollowUp(t text, u Understanding, taken []span) bool {
	n := t.norm
	if followForm.MatchString(n) {
		return true
	}
	named := len(u.Entities) + len(u.Ambiguities)
	if anaphor.MatchString(n) && (named == 0 || hasIntent(u.Intents, IntentCompare) && named < 2) {
		return true
	}
	if len(u.Cues) == 0 && (named > 0 || u.Time != nil) {
		return shortRest(n, taken)
	}
	// A cue about "it" with nothing named: "能持续吗？", "why?".
	return named == 0 && len(u.Cues) > 0 && needsEntity(u) && shortRest(n, taken)
}

// shortRest reports whether, outside the taken spans, a question has at
// most three words or six Chinese characters.
func shortRest(n string, taken []span) bool {
	b := []byte(n)
	for _, s := range taken {
		for i := s.s; i < s.e && i < len(b); i++ {
			b[i] = ' '
		}
	}
	rest := string(b)
	han := 0
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	words := 0
	for _, w := range strings.Fields(rest) {
		if isLetters(strings.Trim(w, "?.!,'\"")) {
			words++
		}
	}
	return words <= 3 && han <= 6
}
