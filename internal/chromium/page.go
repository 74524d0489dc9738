package chromium

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/sextant-ai/sextant"
)

// Page is one HTML document loaded in its own headless browser, with every
// network request refused. Its methods take a context that bounds that one
// call; the browser lives until Close. A Page is not safe for concurrent use.
type Page struct {
	tab context.Context // chromedp context of the tab
	url string          // file:// URL of the document
	// shutdown stops the browser once: gracefully from Close, by killing
	// it when opening fails.
	shutdown func(graceful bool) error

	mu      sync.Mutex
	blocked []string
	closed  bool
}

// Open starts a browser, loads html (a self-contained page) from a private
// temporary file and waits until the page and its fonts have loaded. Every
// request the page makes — images, stylesheets, scripts, fetch/XHR, frames,
// to any host including localhost, and local files — is refused before it
// leaves the browser and listed by Blocked. ctx bounds the start and the load; Close stops the
// browser and removes its temporary files.
func Open(ctx context.Context, html []byte, o Options) (*Page, error) {
	return open(ctx, html, o, blockAll)
}

// open is Open with a choice of blocking layers, so tests can show that
// each layer alone keeps the page off the network and that without them
// the same page does reach it.
func open(ctx context.Context, html []byte, o Options, b blockers) (*Page, error) {
	const op = "chromium.Open"
	w, h, err := o.viewport()
	if err != nil {
		return nil, err
	}
	path, err := Lookup(o.Path)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, err)
	}
	dir, file, err := pageDir(html)
	if err != nil {
		return nil, err
	}
	// The browser outlives ctx (it lives until Close), so it hangs off a
	// context that ctx's cancellation does not reach; a watcher below stops
	// it if ctx ends while the page is still opening.
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), allocatorOptions(path, w, h, b)...)
	tab, tabCancel := chromedp.NewContext(allocCtx)
	p := &Page{tab: tab, url: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
	var once sync.Once
	var closeErr error
	p.shutdown = func(graceful bool) error {
		once.Do(func() {
			p.mu.Lock()
			p.closed = true
			p.mu.Unlock()
			if graceful {
				// Closing the browser politely lets Chromium remove its
				// scratch files; one that does not close in time is killed.
				// chromedp.Cancel also ends the tab's context.
				cctx, cancel := context.WithTimeout(tab, closeTimeout)
				_ = chromedp.Cancel(cctx)
				cancel()
			}
			tabCancel()   // kills the browser if still running; chromedp removes its profile
			allocCancel() // waits for the allocator's goroutines
			closeErr = removeAll(dir)
		})
		return closeErr
	}
	stop := context.AfterFunc(ctx, func() { _ = p.shutdown(false) })
	err = p.load(w, h, b)
	if !stop() { // ctx ended while opening: the watcher kills the browser
		_ = p.shutdown(false)
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, op, ctx.Err())
	}
	if err != nil {
		_ = p.shutdown(false)
		return nil, sextant.Errorf(sextant.EUNAVAILABLE, "chromium: cannot load the page in %s: %w", path, err)
	}
	return p, nil
}

// load starts the browser, installs the request blocker, sets the viewport,
// navigates to the page and waits for its fonts.
func (p *Page) load(w, h int, b blockers) error {
	if err := chromedp.Do(p.tab); err != nil { // starts the browser and the tab
		return err
	}
	if b&blockFetch != 0 {
		// Subscribe before enabling interception so no paused request is missed.
		paused := chromedp.Events(p.tab, fetch.RequestPaused)
		go p.intercept(paused)
		if _, err := chromedp.Call(p.tab, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
			return err
		}
	}
	if _, err := chromedp.Call(p.tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(w), Height: int64(h), DeviceScaleFactor: 1,
	}); err != nil {
		return err
	}
	if err := chromedp.Do(p.tab, chromedp.Navigate(p.url)); err != nil {
		return err
	}
	return chromedp.Do(p.tab, chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
}

// intercept answers every paused request: the document itself continues,
// anything else fails as blocked by the client and is recorded. It ends
// when the tab closes.
func (p *Page) intercept(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}
		if ev.Request != nil && ev.Request.URL == p.url {
			_, err = chromedp.Call(p.tab, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		} else {
			u := ""
			if ev.Request != nil {
				u = ev.Request.URL
			}
			p.mu.Lock()
			p.blocked = append(p.blocked, u)
			p.mu.Unlock()
			_, err = chromedp.Call(p.tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
		if err != nil && p.tab.Err() != nil {
			return
		}
	}
}

// Blocked returns the URLs the page tried to load and was refused, in
// order. A self-contained report blocks nothing.
func (p *Page) Blocked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.blocked)
}

// Close stops the browser and removes the page's temporary files. It is
// safe to call more than once.
func (p *Page) Close() error {
	if p == nil {
		return nil
	}
	return p.shutdown(true)
}

// do runs f against the tab with a context that ends when ctx does; the
// tab survives a timeout. Errors become EUNAVAILABLE unless they carry a
// code already.
func (p *Page) do(ctx context.Context, op string, f func(tab context.Context) error) error {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return sextant.WrapError(sextant.EINVALID, op, errClosed)
	}
	tab, cancel := context.WithCancel(p.tab)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	err := f(tab)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		err = ctx.Err()
	}
	return sextant.WrapError(sextant.EUNAVAILABLE, op, err)
}

// Evaluate runs a JavaScript expression in the page, waits for it if it is
// a promise, and decodes its JSON value into out (nil discards it). A thrown
// exception is returned as an error.
func (p *Page) Evaluate(ctx context.Context, js string, out any) error {
	return p.do(ctx, "chromium.Evaluate", func(tab context.Context) error {
		raw, err := chromedp.Run(tab, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
		if err != nil || out == nil || len(raw) == 0 {
			return err
		}
		return json.Unmarshal(raw, out)
	})
}

// Text returns the textContent of the first element matching a CSS
// selector, or an ENOTFOUND error when none does.
func (p *Page) Text(ctx context.Context, selector string) (string, error) {
	var res struct {
		Found bool
		Text  string
	}
	js := `(() => { const el = document.querySelector(` + jsString(selector) + `);
		return el ? {Found: true, Text: el.textContent} : {Found: false, Text: ""}; })()`
	if err := p.Evaluate(ctx, js, &res); err != nil {
		return "", err
	}
	if !res.Found {
		return "", sextant.Errorf(sextant.ENOTFOUND, "chromium: no element matches %q", selector)
	}
	return res.Text, nil
}

// Hover scrolls the first element matching a CSS selector into view and
// moves the mouse over its centre, so :hover styles and mouse handlers
// react. It returns ENOTFOUND when no visible element matches.
func (p *Page) Hover(ctx context.Context, selector string) error {
	var c struct {
		Found bool
		X, Y  float64
	}
	js := `(() => { const el = document.querySelector(` + jsString(selector) + `);
		if (!el) return {Found: false, X: 0, Y: 0};
		el.scrollIntoView({block: "center", inline: "center"});
		const r = el.getBoundingClientRect();
		return {Found: r.width > 0 || r.height > 0, X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`
	if err := p.Evaluate(ctx, js, &c); err != nil {
		return err
	}
	if !c.Found {
		return sextant.Errorf(sextant.ENOTFOUND, "chromium: no visible element matches %q", selector)
	}
	return p.do(ctx, "chromium.Hover", func(tab context.Context) error {
		_, err := chromedp.Call(tab, input.DispatchMouseEvent, input.DispatchMouseEventParams{
			Type: input.DispatchMouseEventTypeMouseMoved, X: c.X, Y: c.Y,
		})
		return err
	})
}

// Screenshot returns a PNG of the viewport, or of the whole page when
// fullPage is set.
func (p *Page) Screenshot(ctx context.Context, fullPage bool) ([]byte, error) {
	var png []byte
	err := p.do(ctx, "chromium.Screenshot", func(tab context.Context) error {
		var err error
		if fullPage {
			png, err = chromedp.Run(tab, chromedp.FullScreenshot(100))
		} else {
			png, err = chromedp.Run(tab, chromedp.CaptureScreenshot())
		}
		return err
	})
	return png, err
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// removeAll removes the page directory; a failure is an internal error.
func removeAll(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return sextant.WrapError(sextant.EINTERNAL, "chromium.Close", err)
	}
	return nil
}
