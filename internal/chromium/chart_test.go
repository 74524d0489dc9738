package chromium

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant/internal/report/chart"
)

// The report charts inline into a page as they are: the browser parses
// them, keeps their tooltips and fact ids, and prints their texts to PDF
// without fetching anything.
func TestInlineCharts(t *testing.T) {
	ctx := needChromium(t)
	var dates []time.Time
	for d := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC); len(dates) < 30; d = d.AddDate(0, 0, 1) {
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			dates = append(dates, d)
		}
	}
	sector, bench, excess, flows, cum := make([]float64, 30), make([]float64, 30), make([]float64, 30), make([]float64, 30), make([]float64, 30)
	sum := 0.0
	for i := range 30 {
		sector[i] = 0.004 * float64(i)
		bench[i] = 0.001 * float64(i)
		excess[i] = sector[i] - bench[i]
		flows[i] = 3 * math.Sin(float64(i)/3)
		sum += flows[i]
		cum[i] = sum
	}
	notes := func(s, i int) chart.Note { return chart.Note{Fact: fmt.Sprintf("F%d-%d", s, i)} }
	var lines, bars bytes.Buffer
	if err := chart.ExcessLinesSVG(&lines, dates, []chart.Line{
		{Label: "国防军工", Kind: chart.LineSector, Values: sector},
		{Label: "沪深300", Kind: chart.LineBenchmark, Values: bench},
		{Label: "Excess", Kind: chart.LineExcess, Values: excess},
	}, chart.LineOptions{Title: "Cumulative return", Notes: notes}); err != nil {
		t.Fatal(err)
	}
	if err := chart.FlowBarsSVG(&bars, dates, flows, cum, chart.FlowOptions{Title: "Main-force net flow", Unit: "CNY bn", Notes: notes}); err != nil {
		t.Fatal(err)
	}
	html := "<!doctype html><html><head><meta charset=\"utf-8\"></head><body>" + lines.String() + bars.String() + "</body></html>"

	p, err := Open(ctx, []byte(html), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var n int
	if err := p.Evaluate(ctx, `document.querySelectorAll("svg.sextant-chart [data-fact]").length`, &n); err != nil {
		t.Fatal(err)
	}
	if want := 3 + 30 + 1; n != want { // three line ends, 30 bars, the running total's end
		t.Errorf("%d elements with data-fact, want %d", n, want)
	}
	tip, err := p.Text(ctx, `svg.flows rect.bar[data-fact="F0-7"] > title`)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Net flow 2025-03-12: %+.2f CNY bn", flows[7]); tip != want {
		t.Errorf("bar tooltip %q, want %q", tip, want)
	}
	if err := p.Hover(ctx, `svg.excess g.end[data-fact="F0-29"] circle`); err != nil {
		t.Errorf("hovering the sector's newest point: %v", err)
	}
	pdf, err := p.PDF(ctx, PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Cumulative return", "Main-force net flow", fmt.Sprintf("%+.1f%%", sector[29]*100), "CNY bn"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if b := p.Blocked(); len(b) != 0 {
		t.Errorf("inline charts made requests: %v", b)
	}
}
