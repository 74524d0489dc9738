package chromium

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sextant-ai/sextant"
)

// Options chooses the browser and the page's viewport.
type Options struct {
	// Path is the Chromium or Chrome executable: an absolute path or a name
	// looked up on PATH. Empty means the first of Executables found on PATH.
	Path string
	// Width and Height are the viewport in CSS pixels; zero means
	// DefaultWidth×DefaultHeight.
	Width, Height int
}

// Default viewport in CSS pixels: wide enough for a report page.
const (
	DefaultWidth  = 1280
	DefaultHeight = 900
)

// Executables are the names Lookup tries on PATH, in order.
var Executables = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Available reports the Chromium executable found on PATH (see Executables),
// for callers that want to say up front whether PDF export will work.
func Available() (path string, ok bool) {
	p, err := Lookup("")
	return p, err == nil
}

// Lookup resolves the browser executable: path itself when it is not empty
// (an absolute path or a name on PATH), otherwise the first of Executables on
// PATH. It returns an EUNAVAILABLE error that says how to install one.
func Lookup(path string) (string, error) {
	if path != "" {
		p, err := exec.LookPath(path)
		if err != nil {
			return "", sextant.Errorf(sextant.EUNAVAILABLE,
				"chromium: %q is not an executable (install chromium (Debian: apt-get install chromium) or pass --chromium PATH): %w", path, err)
		}
		return p, nil
	}
	for _, name := range Executables {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", sextant.Errorf(sextant.EUNAVAILABLE,
		"chromium: no Chromium or Chrome found on PATH (tried %v); install chromium (Debian: apt-get install chromium) or pass --chromium PATH", Executables)
}

func (o Options) viewport() (w, h int, err error) {
	w, h = o.Width, o.Height
	if w == 0 && h == 0 {
		return DefaultWidth, DefaultHeight, nil
	}
	if w < 100 || h < 100 || w > 10000 || h > 10000 {
		return 0, 0, sextant.Errorf(sextant.EINVALID, "chromium: viewport %d×%d: each side must be between 100 and 10000 CSS pixels (0×0 = %d×%d)",
			w, h, DefaultWidth, DefaultHeight)
	}
	return w, h, nil
}

// allocatorOptions are the flags of every browser Sextant starts: headless,
// no sandbox (containers run as root), no GPU, and nothing that talks to the
// network on its own (background networking, component updates, sync, field
// trials, domain reliability, pings), plus the flags of the blocking layers
// b. The user
// data directory is left to chromedp, which makes a fresh temporary one per
// browser and removes it, after killing any leftover child process, when the
// browser stops.
func allocatorOptions(path string, w, h int, b blockers) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(w, h),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-field-trial-config", true),
		chromedp.Flag("disable-crash-reporter", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("no-service-autorun", true),
		chromedp.Flag("dns-prefetch-disable", true),
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions"),
		// Ignore proxies from the environment: connections stay direct, so
		// the resolver rules below apply to them.
		chromedp.Flag("no-proxy-server", true),
	)
	if b&blockDNS != 0 {
		// Every host name and IP literal resolves to "not found".
		opts = append(opts, chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"))
	}
	if b&blockUDP != 0 {
		// WebRTC may send no UDP: STUN to an IP literal bypasses the resolver.
		opts = append(opts, chromedp.Flag("webrtc-ip-handling-policy", "disable_non_proxied_udp"))
	}
	return opts
}

// blockers are the independent layers that keep a page off the network.
type blockers int

const (
	blockFetch blockers = 1 << iota // the DevTools Fetch domain fails every request but the document
	blockDNS                        // host-resolver-rules resolve every host to "not found"
	blockUDP                        // WebRTC may not send UDP

	blockAll = blockFetch | blockDNS | blockUDP
)

// pageDir is a private temporary directory holding the page's HTML file.
func pageDir(html []byte) (dir, file string, err error) {
	dir, err = os.MkdirTemp("", "sextant-chromium-")
	if err != nil {
		return "", "", sextant.WrapError(sextant.EINTERNAL, "chromium.Open", err)
	}
	file = filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, html, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", "", sextant.WrapError(sextant.EINTERNAL, "chromium.Open", err)
	}
	return dir, file, nil
}

// closeTimeout bounds a graceful browser shutdown; after it the process is
// killed.
const closeTimeout = 5 * time.Second

// errClosed is returned by a Page used after Close.
var errClosed = errors.New("page is closed")
