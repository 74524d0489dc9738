// Command pdfgen writes the PDF fixtures of the docfile tests. It is a
// module of its own so that its PDF writer is not a dependency of Sextant;
// the PDFs it writes are committed, so the tests never run it.
//
//	cd internal/source/docfile/testdata/pdfgen
//	go run . -font /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
//
// The Chinese font is any TrueType (glyf) font with CJK glyphs; Debian's
// fonts-droid-fallback package has one. fpdf embeds the subset it uses with
// a ToUnicode map, as most PDF writers do.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

type doc struct {
	file, title, author string
	created             time.Time
	zh                  bool
	paras               []string
}

var docs = []doc{
	{
		file: "mixed/defense-budget-en.pdf", title: "Defense Budgets and Aerospace Orders: 2025 Outlook",
		author: "Sextant Test Research", created: time.Date(2025, 2, 20, 9, 0, 0, 0, time.UTC),
		paras: []string{
			"Defense Budgets and Aerospace Orders: 2025 Outlook",
			"Defense budgets in several large economies rose again this year, and procurement of missiles, drones and satellites grew faster than the budgets themselves. Prime contractors reported record backlogs, with contract liabilities up by a fifth on the year.",
			"Aerospace suppliers face a different question: whether capacity can keep up. Engine and avionics makers are hiring and adding lines, but lead times for castings and chips remain long, which pushes deliveries into 2026.",
			"For investors the sector's recent outperformance rests on orders rather than on valuation alone. We would watch order announcements, inventory build-up and advance payments as the signals that the cycle is still intact.",
		},
	},
	{
		file: "mixed/commercial-launch-zh.pdf", title: "商业航天发射进入密集期",
		author: "示例证券研究所", created: time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC), zh: true,
		paras: []string{
			"商业航天发射进入密集期",
			"今年一季度，国内商业航天发射次数同比明显增加，多家民营火箭企业完成首飞或复飞，可回收火箭的垂直起降试验取得阶段性成果。",
			"卫星互联网星座进入批量组网阶段，卫星制造企业订单饱满，产能成为主要约束。我们认为发射成本下降将带动卫星制造、地面设备和运营服务的需求。",
			"风险提示：发射失败、组网进度不及预期、行业竞争加剧导致价格下降。",
		},
	},
}

func main() {
	font := flag.String("font", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "a TrueType font with CJK glyphs")
	dir := flag.String("dir", "..", "the testdata directory")
	flag.Parse()
	for _, d := range docs {
		if err := write(filepath.Join(*dir, d.file), d, *font); err != nil {
			log.Fatal(err)
		}
	}
	if err := writeNoText(filepath.Join(*dir, "scanned.pdf")); err != nil {
		log.Fatal(err)
	}
}

// write lays the paragraphs out on an A4 page, one text object per line.
// The third paragraph is drawn before the second one in the content stream
// (each at its place on the page), so a reader that follows the stream
// instead of the page gets them in the wrong order.
func write(path string, d doc, font string) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetTitle(d.title, true)
	pdf.SetAuthor(d.author, true)
	pdf.SetCreator("pdfgen (Sextant test fixtures)", false)
	pdf.SetCreationDate(d.created)
	pdf.SetModificationDate(d.created)
	family := "Helvetica"
	if d.zh {
		b, err := os.ReadFile(font)
		if err != nil {
			return err
		}
		pdf.AddUTF8FontFromBytes("cjk", "", b)
		family = "cjk"
	}
	pdf.AddPage()
	const lineH, width, left = 7.0, 170.0, 20.0
	// Lay out every paragraph first, then draw them.
	type line struct {
		y    float64
		size float64
		text string
	}
	var laid [][]line
	y := 25.0
	for i, p := range d.paras {
		size := 12.0
		if i == 0 {
			size = 16
		}
		pdf.SetFont(family, "", size)
		var ls []line
		for _, t := range wrap(pdf, p, width, d.zh) {
			ls = append(ls, line{y, size, t})
			y += lineH
		}
		laid = append(laid, ls)
		y += 6
	}
	order := []int{0, 2, 1}
	for i := 3; i < len(laid); i++ {
		order = append(order, i)
	}
	for _, i := range order {
		for _, l := range laid[i] {
			pdf.SetFont(family, "", l.size)
			pdf.Text(left, l.y, l.text)
		}
	}
	return pdf.OutputFileAndClose(path)
}

// wrap breaks a paragraph into lines no wider than width: at spaces, or
// between any two characters of Chinese text.
func wrap(pdf *fpdf.Fpdf, p string, width float64, zh bool) []string {
	var units []string
	if zh {
		for _, r := range p {
			units = append(units, string(r))
		}
	} else {
		units = strings.Fields(p)
	}
	var lines []string
	cur := ""
	for _, u := range units {
		next := u
		if cur != "" {
			next = cur + u
			if !zh {
				next = cur + " " + u
			}
		}
		if cur != "" && pdf.GetStringWidth(next) > width {
			lines = append(lines, cur)
			next = u
		}
		cur = next
	}
	return append(lines, cur)
}

// writeNoText writes a page with only drawings, like a scan without OCR.
func writeNoText(path string) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Scanned page", false)
	pdf.SetCreationDate(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.AddPage()
	for i := 0; i < 20; i++ {
		pdf.Rect(20, 20+float64(i)*10, 170, 4, "F")
	}
	return pdf.OutputFileAndClose(path)
}
