package chromium

import (
	"context"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sextant-ai/sextant"
)

// Paper is a sheet size in millimetres, portrait.
type Paper struct{ Width, Height float64 }

// Paper sizes.
var (
	A4     = Paper{210, 297}
	Letter = Paper{215.9, 279.4}
)

// DefaultMargin is the PDF page margin in millimetres on every side.
const DefaultMargin = 15.0

// PDFOptions sets how a page is printed. A CSS @page size rule in the page
// takes precedence over Paper.
type PDFOptions struct {
	// Options choose the browser for PDF; Page.PDF ignores them.
	Options
	// Paper is the sheet size; zero means A4.
	Paper     Paper
	Landscape bool
	// Margin is in millimetres on every side; zero means DefaultMargin and
	// a negative value means no margin.
	Margin float64
	// HeaderHTML and FooterHTML, when set, are printed in the top and bottom
	// margins of every page. They may use elements with the classes date,
	// title, url, pageNumber and totalPages, and must set their own font
	// size, e.g. `<div style="font-size:8px;margin:auto"><span
	// class="pageNumber"></span> / <span class="totalPages"></span></div>`.
	HeaderHTML, FooterHTML string
}

// ScreenshotOptions sets how a page is captured.
type ScreenshotOptions struct {
	// Options choose the browser and the viewport.
	Options
	// FullPage captures the whole page instead of the viewport.
	FullPage bool
}

// PDF prints a self-contained HTML page to PDF with its backgrounds. The
// page may not fetch anything: every request it makes is refused. It
// returns EUNAVAILABLE when no browser is installed or ctx ends first.
func PDF(ctx context.Context, html []byte, o PDFOptions) ([]byte, error) {
	p, err := Open(ctx, html, o.Options)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.PDF(ctx, o)
}

// Screenshot renders a self-contained HTML page to PNG, with every request
// refused as for PDF.
func Screenshot(ctx context.Context, html []byte, o ScreenshotOptions) ([]byte, error) {
	p, err := Open(ctx, html, o.Options)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Screenshot(ctx, o.FullPage)
}

// PDF prints the page (print media) to PDF; o.Options is not used.
func (p *Page) PDF(ctx context.Context, o PDFOptions) ([]byte, error) {
	opts, err := o.printOptions()
	if err != nil {
		return nil, err
	}
	var pdf []byte
	err = p.do(ctx, "chromium.PDF", func(tab context.Context) error {
		var err error
		pdf, err = chromedp.Run(tab, chromedp.PrintToPDF(opts...))
		return err
	})
	return pdf, err
}

const mmPerInch = 25.4

func (o PDFOptions) printOptions() ([]chromedp.PDFOption, error) {
	paper := o.Paper
	if paper == (Paper{}) {
		paper = A4
	}
	if paper.Width < 50 || paper.Height < 50 || paper.Width > 2000 || paper.Height > 2000 {
		return nil, sextant.Errorf(sextant.EINVALID, "chromium: paper %g×%g mm: each side must be between 50 and 2000 mm", paper.Width, paper.Height)
	}
	margin := o.Margin
	switch {
	case margin == 0:
		margin = DefaultMargin
	case margin < 0:
		margin = 0
	}
	if 2*margin >= min(paper.Width, paper.Height) {
		return nil, sextant.Errorf(sextant.EINVALID, "chromium: margin %g mm leaves no room on %g×%g mm paper", margin, paper.Width, paper.Height)
	}
	opts := []chromedp.PDFOption{
		chromedp.PDFPaper(chromedp.PaperSize{Width: paper.Width / mmPerInch, Height: paper.Height / mmPerInch}),
		chromedp.PDFMargin(margin / mmPerInch),
		chromedp.PDFPrintBackground(),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFOutlineAndTagged(),
	}
	if o.Landscape {
		opts = append(opts, chromedp.PDFLandscape())
	}
	if o.HeaderHTML != "" || o.FooterHTML != "" {
		// An empty template would make Chromium print its default one.
		header, footer := o.HeaderHTML, o.FooterHTML
		if header == "" {
			header = "<span></span>"
		}
		if footer == "" {
			footer = "<span></span>"
		}
		opts = append(opts, chromedp.PDFHeaderTemplate(header), chromedp.PDFFooterTemplate(footer))
	}
	// Stream the PDF back in pieces: a report with images can exceed the
	// protocol's message size.
	opts = append(opts, func(p *page.PrintToPDFParams) { p.TransferMode = page.PrintToPDFTransferModeReturnAsStream })
	return opts, nil
}
