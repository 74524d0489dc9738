package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range [s, e) of the folded text.
type span struct{ s, e int }

func (a span) overlaps(b span) bool { return a.s < b.e && b.s < a.e }

func overlapsAny(a span, taken []span) bool {
	for _, b := range taken {
		if a.overlaps(b) {
			return true
		}
	}
	return false
}

// text is a question folded for matching. norm is the question with
// ASCII in lower case, full-width forms as ASCII, a few traditional
// characters as simplified ones, hyphens between letters as spaces,
// spaces next to Han characters dropped and other runs of spaces as one,
// and misspelt words corrected (see speller). off maps every byte of norm
// to the byte of the question it came from; off[len(norm)] is
// len(question), so q[off[s]:off[e]] is what norm[s:e] was made from.
type text struct {
	q    string
	norm string
	off  []int
	// fixed lists the corrected words: norm spans and what was written.
	fixed []fix
}

type fix struct {
	at      span
	written string
}

// orig returns the question's byte range for a norm span.
func (t text) orig(s span) (int, int) { return t.off[s.s], t.off[s.e] }

// written is the question's text behind a norm span.
func (t text) written(s span) string {
	a, b := t.orig(s)
	return t.q[a:b]
}

// prepare folds a question; spell, when not nil, corrects words.
func prepare(q string, spell func(string) (string, bool)) text {
	var b strings.Builder
	b.Grow(len(q))
	off := make([]int, 0, len(q)+1)
	foldInto(q, &b, &off)
	off = append(off, len(q))
	t := text{q: q, norm: b.String(), off: off}
	if spell != nil {
		t = t.corrected(spell)
	}
	return t
}

// foldString folds a name the way questions are folded.
func foldString(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	foldInto(s, &b, nil)
	return strings.TrimSpace(b.String())
}

// foldInto writes the folded q to b and, when off is not nil, the offset
// in q of each byte written.
func foldInto(q string, b *strings.Builder, off *[]int) {
	add := func(r rune, o int) {
		n := b.Len()
		b.WriteRune(r)
		if off != nil {
			for k := n; k < b.Len(); k++ {
				*off = append(*off, o)
			}
		}
	}
	prev := rune(0)
	for i := 0; i < len(q); {
		r0, size := utf8.DecodeRuneInString(q[i:])
		r := fold(r0)
		if r == '-' && isLetter(prev) {
			if nx, _ := utf8.DecodeRuneInString(q[i+size:]); isLetter(fold(nx)) {
				r = ' '
			}
		}
		if unicode.IsSpace(r) {
			j := i + size
			next := rune(0)
			for j < len(q) {
				nx, n := utf8.DecodeRuneInString(q[j:])
				if nx = fold(nx); !unicode.IsSpace(nx) {
					next = nx
					break
				}
				j += n
			}
			if prev != 0 && next != 0 && !isWide(prev) && !isWide(next) {
				add(' ', i)
				prev = ' '
			}
			i = j
			continue
		}
		add(r, i)
		prev = r
		i += size
	}
}

// corrected replaces misspelt Latin words (runs of ASCII letters) with
// the word spell suggests; a replacement maps back to the whole word.
func (t text) corrected(spell func(string) (string, bool)) text {
	var b strings.Builder
	var off []int
	var fixes []fix
	n := t.norm
	for i := 0; i < len(n); {
		if !isLetter(rune(n[i])) {
			b.WriteByte(n[i])
			off = append(off, t.off[i])
			i++
			continue
		}
		j := i
		for j < len(n) && isLetter(rune(n[j])) {
			j++
		}
		w := n[i:j]
		if (i == 0 || !isDigit(rune(n[i-1]))) && (j == len(n) || !isDigit(rune(n[j]))) {
			if good, ok := spell(w); ok && good != w {
				at := span{b.Len(), b.Len() + len(good)}
				fixes = append(fixes, fix{at: at, written: t.q[t.off[i]:t.off[j]]})
				b.WriteString(good)
				for k := 0; k < len(good); k++ {
					off = append(off, t.off[i])
				}
				i = j
				continue
			}
		}
		b.WriteString(w)
		off = append(off, t.off[i:j]...)
		i = j
	}
	off = append(off, len(t.q))
	return text{q: t.q, norm: b.String(), off: off, fixed: fixes}
}

// fold maps one rune for matching.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		r -= 0xFEE0
	case r == 0x3000:
		return ' '
	case r == '’' || r == '‘':
		return '\''
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if r >= 0x4E00 && r <= 0x9FFF {
		if s, ok := simplified[r]; ok {
			return s
		}
		return r
	}
	return unicode.ToLower(r)
}

// simplified maps the traditional characters of the alias table and the
// cues to their simplified forms, so that 軍工 reads as 军工.
var simplified = map[rune]rune{
	'軍': '军', '國': '国', '導': '导', '體': '体', '醫': '医', '藥': '药', '電': '电', '腦': '脑',
	'銀': '银', '險': '险', '證': '证', '機': '机', '設': '设', '備': '备', '車': '车', '築': '筑',
	'裝': '装', '飾': '饰', '業': '业', '務': '务', '資': '资', '風': '风', '價': '价', '長': '长',
	'為': '为', '麼': '么', '樣': '样', '續': '续', '驅': '驱', '動': '动', '漲': '涨', '場': '场',
	'盤': '盘', '較': '较', '對': '对', '飲': '饮', '傳': '传', '遊': '游', '戲': '戏', '訊': '讯',
	'運': '运', '輸': '输', '貿': '贸', '產': '产', '鋼': '钢', '鐵': '铁', '屬': '属', '氣': '气',
	'護': '护', '衛': '卫', '網': '网', '週': '周', '個': '个', '來': '来', '這': '这', '還': '还',
	'嗎': '吗', '領': '领', '紡': '纺', '織': '织', '輕': '轻', '製': '制', '農': '农', '漁': '渔',
	'環': '环', '療': '疗', '計': '计', '軟': '软', '億': '亿', '與': '与', '齊': '齐', '礦': '矿',
	'熱': '热', '點': '点', '錢': '钱', '買': '买', '賣': '卖', '訂': '订', '單': '单', '顯': '显',
	'實': '实', '際': '际', '獲': '获', '選': '选', '擇': '择', '薦': '荐', '強': '强', '勢': '势',
	'過': '过', '隻': '只', '應': '应', '該': '该', '種': '种', '類': '类', '發': '发', '鏈': '链',
	'兩': '两', '時': '时', '間': '间', '會': '会', '龍': '龙', '頭': '头', '總': '总', '覽': '览',
	'區': '区', '經': '经', '濟': '济', '問': '问', '題': '题', '礎': '础',
}

func isLetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
func isDigit(r rune) bool  { return '0' <= r && r <= '9' }
func isAlnum(r rune) bool  { return isLetter(r) || isDigit(r) }

// isWide reports CJK characters and punctuation, next to which spaces are
// dropped.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// detectLang returns "zh" when Han characters outweigh English words: two
// Han characters count as one word, and words in capitals or with digits
// (tickers, ETF, A&D) count for neither language. A question with
// neither is "en".
func detectLang(q string) string {
	han, words := 0, 0
	inWord, upper, digit := false, true, false
	end := func() {
		if inWord && !upper && !digit {
			words++
		}
		inWord, upper, digit = false, true, false
	}
	for _, r := range q {
		r = fold0(r)
		switch {
		case unicode.Is(unicode.Han, r):
			end()
			han++
		case isLetter(r):
			inWord = true
			if r >= 'a' {
				upper = false
			}
		case isDigit(r):
			if inWord {
				digit = true
			}
		case r == '\'' && inWord:
		default:
			end()
		}
	}
	end()
	if han > 0 && han >= 2*words {
		return "zh"
	}
	return "en"
}

// fold0 folds full-width ASCII only (keeps case).
func fold0(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}
