package chart

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
)

// fontSet is the pair of faces PNG text is drawn with. cjk reports whether
// they cover Chinese; without it, fit drops the characters they lack.
type fontSet struct {
	regular, bold font.Face
	cjk           bool
}

// cjkFont is a CJK font file to look for, with the collection member to use
// (Noto Sans CJK's .ttc holds JP, KR, SC, TC, HK; SC is member 2).
type cjkFont struct {
	regular, bold string // bold is optional
	index         int
}

// cjkFonts are tried in order; Debian paths first (fonts-noto-cjk,
// fonts-wqy-microhei, fonts-wqy-zenhei), then Fedora and Arch.
var cjkFonts = []cjkFont{
	{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2},
	{"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2},
	{"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2},
	{"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "", 0},
	{"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "", 0},
	{"/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", "", 0},
}

// systemFonts loads the first installed CJK font once per process (the
// files are large and never change while it runs), or the fallback set.
var systemFonts = sync.OnceValues(func() (*fontSet, error) {
	for _, f := range cjkFonts {
		if fs, err := loadCJK(f); err == nil {
			return fs, nil
		}
	}
	return fallbackFonts()
})

// loadCJK reads a CJK font; the regular face doubles as bold when the bold
// file is missing.
func loadCJK(f cjkFont) (*fontSet, error) {
	reg, err := loadFace(f.regular, f.index)
	if err != nil {
		return nil, err
	}
	fs := &fontSet{regular: font.Face{Font: font.Font{Typeface: "CJK"}, Face: reg}, cjk: true}
	fs.bold = fs.regular
	if f.bold != "" {
		if b, err := loadFace(f.bold, f.index); err == nil {
			fs.bold = font.Face{Font: font.Font{Typeface: "CJK", Weight: xfont.WeightBold}, Face: b}
		}
	}
	return fs, nil
}

// loadFace parses a .ttf/.otf or member index of a .ttc/.otc and checks
// that it has glyphs for Chinese.
func loadFace(path string, index int) (*opentype.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if index >= coll.NumFonts() {
		index = 0
	}
	f, err := coll.Font(index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var buf sfnt.Buffer
	if g, err := f.GlyphIndex(&buf, '国'); err != nil || g == 0 {
		return nil, fmt.Errorf("%s: no CJK glyphs", path)
	}
	return f, nil
}

// fallbackFonts is gonum's bundled Liberation Sans, which has no CJK
// glyphs.
func fallbackFonts() (*fontSet, error) {
	fs := &fontSet{}
	for _, f := range liberation.Collection() {
		if f.Font.Variant != "Sans" || f.Font.Style != xfont.StyleNormal {
			continue
		}
		switch f.Font.Weight {
		case xfont.WeightNormal:
			fs.regular = f
		case xfont.WeightBold:
			fs.bold = f
		}
	}
	if fs.regular.Face == nil || fs.bold.Face == nil {
		return nil, errors.New("liberation sans fonts are missing from gonum's collection")
	}
	return fs, nil
}

// fit returns s with the characters the regular face cannot draw removed
// and the spaces around them collapsed: "801740.SI 国防军工" becomes
// "801740.SI" without a CJK font. With a CJK font s is returned unchanged.
func (fs *fontSet) fit(s string) string {
	if fs.cjk || s == "" {
		return s
	}
	var buf sfnt.Buffer
	var b strings.Builder
	for _, r := range s {
		if g, err := fs.regular.Face.GlyphIndex(&buf, r); (err != nil || g == 0) && !unicode.IsSpace(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	return strings.Trim(out, " -–—·:|/()（）")
}
