package docfile

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// pdfFont decodes the strings a PDF font shows into text and measures
// them. A /ToUnicode map, when present, is authoritative (our own parser:
// the library's treats a range such as <0000> <FFFF> <0000>, written by
// FPDF, tFPDF and others, as if only its last byte varied); otherwise the
// library's decoder for the font's encoding is used.
type pdfFont struct {
	cmap     *toUnicode // nil: use enc
	enc      pdf.TextEncoding
	codeLen  int // bytes per code when the font has no code space ranges: 2 for Type0 fonts
	widths   map[int]float64
	dw       float64 // width of a code not in widths, per 1000 em
	composed bool    // a Type0 font: code 32 is not a word space
}

func newPDFFont(f pdf.Font) *pdfFont {
	pf := &pdfFont{codeLen: 1, dw: 500, widths: map[int]float64{}}
	v := f.V
	if v.Key("Subtype").Name() == "Type0" {
		pf.codeLen, pf.composed, pf.dw = 2, true, 1000
		desc := v.Key("DescendantFonts").Index(0)
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			pf.dw = dw.Float64()
		}
		readCIDWidths(desc.Key("W"), pf.widths)
	} else {
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len(); i++ {
			pf.widths[first+i] = ws.Index(i).Float64()
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		pf.cmap = readToUnicode(tu)
	}
	if pf.cmap == nil {
		pf.enc = f.Encoder()
	}
	return pf
}

// readCIDWidths reads a CIDFont /W array: "c [w1 w2 …]" and
// "cfirst clast w" entries.
func readCIDWidths(w pdf.Value, into map[int]float64) {
	for i := 0; i < w.Len(); {
		c := int(w.Index(i).Int64())
		if i+1 < w.Len() && w.Index(i+1).Kind() == pdf.Array {
			arr := w.Index(i + 1)
			for j := 0; j < arr.Len() && j < 1<<16; j++ {
				into[c+j] = arr.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			return
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for k := c; k <= last && k-c < 1<<16; k++ {
			into[k] = width
		}
		i += 3
	}
}

// glyph is one shown code: its text and width in 1000ths of an em.
type glyph struct {
	text  string
	width float64
	space bool // the single-byte code 32, which word spacing applies to
}

// decode splits a shown string into glyphs.
func (f *pdfFont) decode(raw string) []glyph {
	var out []glyph
	if f.cmap == nil {
		if f.codeLen == 2 {
			for i := 0; i+1 < len(raw); i += 2 {
				code := int(raw[i])<<8 | int(raw[i+1])
				out = append(out, glyph{text: f.enc.Decode(raw[i : i+2]), width: f.width(code)})
			}
			return out
		}
		for i := 0; i < len(raw); i++ {
			out = append(out, glyph{text: f.enc.Decode(raw[i : i+1]), width: f.width(int(raw[i])), space: raw[i] == ' '})
		}
		return out
	}
	for len(raw) > 0 {
		n := f.cmap.codeLen(raw, f.codeLen)
		code := codeOf(raw[:n])
		out = append(out, glyph{text: f.cmap.lookup(code, n), width: f.width(int(code)), space: n == 1 && code == 32 && !f.composed})
		raw = raw[n:]
	}
	return out
}

func (f *pdfFont) width(code int) float64 {
	if w, ok := f.widths[code]; ok && w > 0 {
		return w
	}
	return f.dw
}

// toUnicode is a parsed /ToUnicode CMap.
type toUnicode struct {
	spaces [4][][2]uint32 // code space ranges by byte length
	chars  map[uint32]string
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi uint32
	n      int      // code length in bytes
	dst    []uint16 // UTF-16 of the first code's text; the last unit counts up
	array  []string // or one text per code
}

// readToUnicode parses the sections of a ToUnicode CMap that map codes
// to text (codespacerange, bfchar, bfrange); the PostScript around them
// is ignored. Codes and texts are hex strings.
func readToUnicode(v pdf.Value) (m *toUnicode) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
	if err != nil {
		return nil
	}
	m = &toUnicode{chars: map[uint32]string{}}
	src := string(b)
	for _, sec := range cmapSections(src, "codespacerange") {
		toks := cmapTokens(sec)
		for i := 0; i+1 < len(toks); i += 2 {
			l, h := toks[i], toks[i+1]
			if n := len(l); n >= 1 && n <= 4 && len(h) == n {
				m.spaces[n-1] = append(m.spaces[n-1], [2]uint32{codeOf(l), codeOf(h)})
			}
		}
	}
	for _, sec := range cmapSections(src, "bfchar") {
		toks := cmapTokens(sec)
		for i := 0; i+1 < len(toks); i += 2 {
			m.chars[codeOf(toks[i])] = utf16Text(toks[i+1])
		}
	}
	for _, sec := range cmapSections(src, "bfrange") {
		m.ranges = append(m.ranges, cmapRanges(sec)...)
	}
	return m
}

// cmapSections returns the text between each "beginNAME" and "endNAME".
func cmapSections(src, name string) []string {
	var out []string
	for {
		i := strings.Index(src, "begin"+name)
		if i < 0 {
			return out
		}
		src = src[i+len("begin")+len(name):]
		j := strings.Index(src, "end"+name)
		if j < 0 {
			return append(out, src)
		}
		out = append(out, src[:j])
		src = src[j:]
	}
}

// cmapTokens returns the hex strings of a section, decoded, and "[" and
// "]" for arrays.
func cmapTokens(sec string) []string {
	var out []string
	for i := 0; i < len(sec); i++ {
		switch sec[i] {
		case '[', ']':
			out = append(out, sec[i:i+1])
		case '<':
			j := strings.IndexByte(sec[i:], '>')
			if j < 0 {
				return out
			}
			out = append(out, unhex(sec[i+1:i+j]))
			i += j
		}
	}
	return out
}

// cmapRanges reads "<lo> <hi> <dst>" and "<lo> <hi> [<d1> <d2> …]".
func cmapRanges(sec string) []cmapRange {
	toks := cmapTokens(sec)
	var out []cmapRange
	for i := 0; i+2 < len(toks); {
		lo, hi := toks[i], toks[i+1]
		r := cmapRange{lo: codeOf(lo), hi: codeOf(hi), n: len(lo)}
		i += 2
		if toks[i] == "[" {
			for i++; i < len(toks) && toks[i] != "]"; i++ {
				r.array = append(r.array, utf16Text(toks[i]))
			}
			i++
		} else {
			r.dst = utf16Units(toks[i])
			i++
		}
		if r.n >= 1 && r.n <= 4 && r.hi >= r.lo {
			out = append(out, r)
		}
	}
	return out
}

// unhex decodes the digits of a hex string, ignoring white space; an odd
// final digit is followed by 0, as PDF says.
func unhex(s string) string {
	var digits []byte
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	for i := range out {
		n, _ := strconv.ParseUint(string(digits[2*i:2*i+2]), 16, 8)
		out[i] = byte(n)
	}
	return string(out)
}

// codeLen is the byte length of the code at the start of raw: the length
// of the code space range it falls in, else def.
func (m *toUnicode) codeLen(raw string, def int) int {
	for n := 1; n <= 4 && n <= len(raw); n++ {
		c := codeOf(raw[:n])
		for _, s := range m.spaces[n-1] {
			if s[0] <= c && c <= s[1] {
				return n
			}
		}
	}
	return min(def, len(raw))
}

func (m *toUnicode) lookup(code uint32, n int) string {
	if s, ok := m.chars[code]; ok {
		return s
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.array != nil {
			if int(off) < len(r.array) {
				return r.array[off]
			}
			return "\ufffd"
		}
		if len(r.dst) == 0 {
			return "\ufffd"
		}
		u := append([]uint16(nil), r.dst...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u))
	}
	return "\ufffd"
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	if len(s)%2 == 1 { // a one-byte destination: a code point below 256
		u = append(u, uint16(s[len(s)-1]))
	}
	return u
}

func utf16Text(s string) string {
	return strings.ToValidUTF8(string(utf16.Decode(utf16Units(s))), "\ufffd")
}
