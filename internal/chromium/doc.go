// Package chromium turns self-contained HTML pages into PDF files and PNG
// screenshots with a headless Chromium, driven through the DevTools
// protocol by github.com/chromedp/chromedp.
//
// PDF and Screenshot are the one-shot entry points used for report export;
// Page (from Open) keeps a page loaded so tests can evaluate JavaScript,
// read and hover elements, and capture it. Every call starts its own
// browser with a fresh temporary profile that Close removes; each takes a
// context that bounds it (Open's context bounds the start and the load).
//
// A report must not fetch anything, so a page is kept off the network by
// three independent layers, each covering gaps of the others:
//
//   - the DevTools Fetch domain pauses every request and fails all but the
//     document itself (images, stylesheets, scripts, frames, fetch/XHR,
//     beacons, other local files); Page.Blocked lists what was refused;
//   - host-resolver-rules resolve every host name and IP literal to "not
//     found", which also stops WebSockets, preconnects and DNS prefetch;
//   - the WebRTC IP handling policy forbids UDP that a STUN request to an IP
//     literal would otherwise send.
//
// Background networking, component updates, sync and field trials are off
// and environment proxies are ignored.
//
// Without a browser (see Executables and Lookup) every entry point returns
// an EUNAVAILABLE error that says how to install one; Available lets a
// caller check first. Chinese text needs a CJK font such as Debian's
// fonts-noto-cjk.
package chromium
