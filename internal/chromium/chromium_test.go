package chromium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
)

// needChromium skips the test when no browser is installed and returns a
// context bounded so a hung browser fails the test instead of the run.
func needChromium(t *testing.T) context.Context {
	t.Helper()
	if _, ok := Available(); !ok {
		t.Skip("no Chromium on PATH (Debian: apt-get install chromium)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// samplePage is a small report: text in English and Chinese, an inline SVG bar
// with a native tooltip and a fact id, and a coloured background.
const samplePage = `<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Sextant test report</title>
<style>
body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; margin: 0; background: #ffffff; }
h1 { color: #123456; }
.band { background: #1f77b4; height: 40px; }
</style></head>
<body>
<h1 id="title">Sextant sector report</h1>
<p id="zh">国防军工板块领涨</p>
<div class="band"></div>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
  <rect class="bar" x="20" y="20" width="40" height="60" fill="#d62728" data-fact="F7"><title>2025-05-23 净流入 12.3 亿元</title></rect>
  <text x="100" y="60" font-size="14">EXCESS</text>
</svg>
<div id="hovered">no</div>
<script>document.querySelector(".bar").addEventListener("mouseover", () => { document.getElementById("hovered").textContent = "yes"; });</script>
</body></html>`

func TestPDF(t *testing.T) {
	ctx := needChromium(t)
	pdf, err := PDF(ctx, []byte(samplePage), PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output starts %q, want %%PDF-", pdf[:min(len(pdf), 16)])
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Sextant sector report", "EXCESS"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if hasCJKFont() {
		if !strings.Contains(text, "国防军工板块领涨") {
			t.Errorf("PDF text lacks the Chinese line although a CJK font is installed:\n%s", text)
		}
	} else {
		t.Log("no CJK font installed (apt-get install fonts-noto-cjk): Chinese text not checked")
	}
	// A4 portrait is 595×842 points.
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 595")) && !bytes.Contains(pdf, []byte("/MediaBox [0 0 594")) {
		t.Error("PDF page is not A4")
	}
}

func TestPDFOptions(t *testing.T) {
	ctx := needChromium(t)
	p, err := Open(ctx, []byte(samplePage), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pdf, err := p.PDF(ctx, PDFOptions{Paper: Letter, Landscape: true, Margin: -1,
		FooterHTML: `<div style="font-size:9px;margin:auto">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 792 612]")) {
		t.Error("PDF page is not landscape Letter (792×612 pt)")
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "page 1 of 1") {
		t.Errorf("PDF lacks the footer:\n%s", text)
	}
	for _, bad := range []PDFOptions{{Paper: Paper{10, 10}}, {Margin: 120}} {
		if _, err := p.PDF(ctx, bad); sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("PDF(%+v): err %v, want EINVALID", bad, err)
		}
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian: apt-get install poppler-utils)")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// hasCJKFont reports whether fontconfig knows a font covering Chinese.
func hasCJKFont() bool {
	out, err := exec.Command("fc-list", ":lang=zh-cn", "family").Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

func TestScreenshot(t *testing.T) {
	ctx := needChromium(t)
	data, err := Screenshot(ctx, []byte(samplePage), ScreenshotOptions{Options: Options{Width: 640, Height: 480}})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 480 {
		t.Errorf("screenshot is %d×%d, want 640×480", b.Dx(), b.Dy())
	}
	// The blue band and the red bar are drawn; most of the page is white.
	colours := countColours(img)
	if colours[[3]uint8{0x1f, 0x77, 0xb4}] < 1000 {
		t.Errorf("only %d pixels of the blue band", colours[[3]uint8{0x1f, 0x77, 0xb4}])
	}
	if colours[[3]uint8{0xd6, 0x27, 0x28}] < 1000 {
		t.Errorf("only %d pixels of the red bar", colours[[3]uint8{0xd6, 0x27, 0x28}])
	}
	if len(colours) < 10 {
		t.Errorf("screenshot has %d distinct colours: blank?", len(colours))
	}
}

func countColours(img image.Image) map[[3]uint8]int {
	out := map[[3]uint8]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			out[[3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}]++
		}
	}
	return out
}

func TestPage(t *testing.T) {
	ctx := needChromium(t)
	p, err := Open(ctx, []byte(samplePage), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if got, err := p.Text(ctx, "#zh"); err != nil || got != "国防军工板块领涨" {
		t.Errorf("Text(#zh) = %q, %v", got, err)
	}
	if got, err := p.Text(ctx, "rect.bar > title"); err != nil || got != "2025-05-23 净流入 12.3 亿元" {
		t.Errorf("Text(bar title) = %q, %v", got, err)
	}
	if _, err := p.Text(ctx, "#missing"); sextant.ErrorCode(err) != sextant.ENOTFOUND {
		t.Errorf("Text(#missing): err %v, want ENOTFOUND", err)
	}
	var fact string
	if err := p.Evaluate(ctx, `document.querySelector(".bar").dataset.fact`, &fact); err != nil || fact != "F7" {
		t.Errorf("data-fact = %q, %v", fact, err)
	}
	var sum int
	if err := p.Evaluate(ctx, `new Promise(r => setTimeout(() => r(40 + 2), 10))`, &sum); err != nil || sum != 42 {
		t.Errorf("awaited promise = %d, %v; want 42", sum, err)
	}
	if err := p.Evaluate(ctx, `(() => { throw new Error("boom") })()`, nil); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("thrown exception: err %v", err)
	}
	if err := p.Hover(ctx, ".bar"); err != nil {
		t.Fatal(err)
	}
	if got, _ := p.Text(ctx, "#hovered"); got != "yes" {
		t.Errorf("after Hover the mouseover handler did not run: %q", got)
	}
	if err := p.Hover(ctx, "#nothing"); sextant.ErrorCode(err) != sextant.ENOTFOUND {
		t.Errorf("Hover(#nothing): err %v, want ENOTFOUND", err)
	}
	full, err := p.Screenshot(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(full)); err != nil {
		t.Errorf("full-page screenshot is not a PNG: %v", err)
	}
	if b := p.Blocked(); len(b) != 0 {
		t.Errorf("a self-contained page had requests blocked: %v", b)
	}
}

// A call's context bounds that call only: after a timeout the page works.
func TestPageCallTimeout(t *testing.T) {
	ctx := needChromium(t)
	p, err := Open(ctx, []byte(samplePage), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = p.Evaluate(short, `new Promise(() => {})`, nil) // never settles
	if !errors.Is(err, context.DeadlineExceeded) || sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Errorf("err %v, want EUNAVAILABLE wrapping DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("timeout took %v", d)
	}
	if got, err := p.Text(ctx, "#title"); err != nil || got != "Sextant sector report" {
		t.Errorf("after a timed-out call: %q, %v", got, err)
	}
}

// An expired context stops Open and leaves nothing behind.
func TestOpenCancelled(t *testing.T) {
	needChromium(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, []byte(samplePage), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Open(ctx, []byte(samplePage), Options{})
	if !errors.Is(err, context.DeadlineExceeded) || sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
		t.Errorf("err %v, want EUNAVAILABLE wrapping DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Open took %v after its deadline", d)
	}
	assertEmpty(t, tmp)
}

// Close stops the browser and removes the profile and the page file.
func TestCloseRemovesTempFiles(t *testing.T) {
	ctx := needChromium(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	p, err := Open(ctx, []byte(samplePage), Options{})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) < 2 {
		t.Errorf("while open, %s holds %d entries, want the page directory and the profile", tmp, len(entries))
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	assertEmpty(t, tmp)
	if _, err := p.Text(ctx, "h1"); err == nil {
		t.Error("Text after Close succeeded")
	}
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) > 0 {
		t.Errorf("%s still holds %v", dir, names)
	}
}

// recorder is a local server that counts every request it receives.
type recorder struct {
	mu   sync.Mutex
	hits []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.hits = append(r.hits, req.URL.Path)
	r.mu.Unlock()
	switch {
	case strings.HasSuffix(req.URL.Path, ".png"):
		w.Header().Set("Content-Type", "image/png")
		_ = png.Encode(w, image.NewRGBA(image.Rect(0, 0, 1, 1)))
	case strings.HasSuffix(req.URL.Path, ".css"):
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, "body { color: #000 }")
	default:
		fmt.Fprint(w, "ok")
	}
}

func (r *recorder) Hits() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.hits...)
}

// leakyPage references srv by absolute URL in every way a report could:
// image, stylesheet, CSS background, script, frame, fetch, beacon and
// WebSocket; it loads a local file; it asks a STUN server at stun (UDP host:port) for its address
// through WebRTC; and with public it loads an image from a public host.
func leakyPage(srv, stun string, public bool) string {
	ext := ""
	if public {
		ext = `<img src="https://example.com/x.png">`
	}
	return `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="` + srv + `/style.css">
<style>.bg { background: url(` + srv + `/bg.png); width: 10px; height: 10px; }</style>
<script src="` + srv + `/script.js"></script>
</head><body>
<div class="bg"></div>
<img src="` + srv + `/x.png">` + ext + `<img src="file:///etc/hostname">
<iframe src="` + srv + `/frame"></iframe>
<script>
window.probe = Promise.all([
  fetch("` + srv + `/fetch", {mode: "no-cors"}).then(r => "fetched", e => "refused"),
  new Promise(r => { const ws = new WebSocket("` + strings.Replace(srv, "http://", "ws://", 1) + `/ws");
    ws.onopen = () => r("open"); ws.onerror = () => r("error"); ws.onclose = () => r("closed"); }),
  new Promise(r => { const pc = new RTCPeerConnection({iceServers: [{urls: "stun:` + stun + `"}]});
    pc.createDataChannel("x");
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === "complete") r("gathered"); };
    pc.createOffer().then(o => pc.setLocalDescription(o));
    setTimeout(() => r("timeout"), 1500); }),
]);
navigator.sendBeacon("` + srv + `/beacon", "x");
</script>
</body></html>`
}

// A page that references outside URLs makes no request. The control run
// with no blocking layer shows that the page does reach a local server
// (referenced by absolute URL: IP literal and port) over HTTP, WebSocket and
// WebRTC's UDP, so the check can fail. Each layer has known gaps, covered by
// another: the DevTools Fetch layer stops every HTTP load but neither a
// WebSocket nor UDP; the resolver layer stops every connection but not UDP
// to an IP literal; the WebRTC policy stops that UDP. Open uses all three.
func TestNoNetwork(t *testing.T) {
	ctx := needChromium(t)
	for _, tc := range []struct {
		name  string
		b     blockers
		leaks []string // what this layer is known to let through
	}{
		{"control", 0, nil},
		{"fetch only", blockFetch, []string{"/ws", "udp"}},
		{"resolver only", blockDNS, []string{"udp"}},
		{"all", blockAll, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer udp.Close()
			var packets atomic.Int64
			go func() {
				buf := make([]byte, 2048)
				for {
					if _, _, err := udp.ReadFrom(buf); err != nil {
						return
					}
					packets.Add(1)
				}
			}()
			// Without a layer, example.com would wait for a DNS timeout.
			html := leakyPage(srv.URL, udp.LocalAddr().String(), tc.b != 0)
			p, err := open(ctx, []byte(html), Options{}, tc.b)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			var probe []string
			if err := p.Evaluate(ctx, "window.probe", &probe); err != nil {
				t.Fatal(err)
			}
			hits := rec.Hits()
			t.Logf("fetch, WebSocket, WebRTC: %v; hits %v; %d UDP packets", probe, hits, packets.Load())
			if tc.b == 0 {
				for _, want := range []string{"/x.png", "/style.css", "/script.js", "/bg.png", "/frame", "/fetch", "/ws"} {
					if !contains(hits, want) {
						t.Errorf("the unprotected page did not request %s (hits %v): the probe page is broken", want, hits)
					}
				}
				if packets.Load() == 0 {
					t.Error("the unprotected page sent no STUN packet: the WebRTC probe is broken")
				}
				return
			}
			for _, h := range hits {
				if !contains(tc.leaks, h) {
					t.Errorf("the local server was hit: %s", h)
				}
			}
			if n := packets.Load(); n != 0 && !contains(tc.leaks, "udp") {
				t.Errorf("%d UDP packets reached the STUN port", n)
			}
			if probe[0] != "refused" {
				t.Errorf("fetch from the page: %s, want refused", probe[0])
			}
			if tc.b&blockFetch != 0 {
				blocked := p.Blocked()
				for _, want := range []string{srv.URL + "/x.png", srv.URL + "/style.css", srv.URL + "/script.js", srv.URL + "/fetch",
					"https://example.com/x.png", "file:///etc/hostname"} {
					if !contains(blocked, want) {
						t.Errorf("blocked %v lacks %s", blocked, want)
					}
				}
			}
			// PDF export of the same page works and still reaches nothing.
			pdf, err := p.PDF(ctx, PDFOptions{})
			if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Errorf("PDF of the leaky page: %v", err)
			}
			if extra := rec.Hits()[len(hits):]; len(extra) != 0 {
				t.Errorf("printing hit the local server: %v", extra)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Without a browser every entry point says how to install one.
func TestUnavailable(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if p, ok := Available(); ok {
		t.Fatalf("Available() = %q with an empty PATH", p)
	}
	for name, f := range map[string]func() error{
		"PDF": func() error { _, err := PDF(context.Background(), []byte(samplePage), PDFOptions{}); return err },
		"Screenshot": func() error {
			_, err := Screenshot(context.Background(), []byte(samplePage), ScreenshotOptions{})
			return err
		},
		"Open": func() error { _, err := Open(context.Background(), []byte(samplePage), Options{}); return err },
		"Path": func() error { _, err := Lookup("/nonexistent/chromium"); return err },
	} {
		err := f()
		if sextant.ErrorCode(err) != sextant.EUNAVAILABLE {
			t.Errorf("%s: err %v, want EUNAVAILABLE", name, err)
			continue
		}
		msg := sextant.ErrorMessage(err)
		if !strings.Contains(msg, "apt-get install chromium") || !strings.Contains(msg, "--chromium PATH") {
			t.Errorf("%s: message %q does not say how to install Chromium", name, msg)
		}
	}
}

func TestLookupExplicitPath(t *testing.T) {
	path, ok := Available()
	if !ok {
		t.Skip("no Chromium on PATH")
	}
	got, err := Lookup(path)
	if err != nil || got != path {
		t.Errorf("Lookup(%q) = %q, %v", path, got, err)
	}
	if _, err := Open(context.Background(), nil, Options{Width: 50, Height: 50}); sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("tiny viewport: err %v, want EINVALID", err)
	}
}
