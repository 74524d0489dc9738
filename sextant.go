// Package sextant is the root of Sextant, a self-hostable AI investment
// copilot: it answers market questions ("what is driving this sector's rally,
// and will the rotation last?") with research reports in which every number is
// computed from stored data and can be traced to its inputs.
//
// The root package holds only what every other package may share: the
// application error type ([Error] and its codes) and the version. The domain
// vocabulary lives in internal/market (instruments, sectors, bars, flows…);
// adapters (internal/duckdb, internal/source/...) implement its interfaces;
// internal/cli wires everything together. docs/architecture.md has the map.
package sextant

// Version is the release of this build. Overridden at link time with
// -ldflags "-X github.com/sextant-ai/sextant.Version=v1.2.3".
var Version = "0.1.0-dev"
