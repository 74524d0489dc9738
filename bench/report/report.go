// Package report is what the benchmark programs under bench/ share: the
// machine line and the Markdown results table they print for
// docs/performance.md, and the Python interpreter that runs the pandas peers.
package report

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// Row is one measured task against one peer. Ours and Peer are seconds; a
// zero Peer means the peer did not run (Note says why).
type Row struct {
	Task     string
	Ours     float64
	PeerName string
	Peer     float64
	Note     string
}

// Machine describes the machine: cores, CPU model, Go version and platform,
// and the current load average (other jobs skew timings).
func Machine() string {
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			load = strings.Join(f[:3], " ")
		}
	}
	return fmt.Sprintf("Machine: %d cores (nproc), %s, %s %s/%s; load average %s", runtime.NumCPU(), cpuModel(), runtime.Version(), runtime.GOOS, runtime.GOARCH, load)
}

// Print writes the machine line and the results as a Markdown table; the
// ratio is peer ÷ Sextant, so above 1 means Sextant is faster.
func Print(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%s\n\n", Machine())
	fmt.Fprintln(w, "| task | Sextant | peer | peer time | peer ÷ Sextant |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|")
	for _, r := range rows {
		if r.Peer == 0 {
			note := r.Note
			if note == "" {
				note = "—"
			}
			fmt.Fprintf(w, "| %s | %.2f s | %s | n/a | %s |\n", r.Task, r.Ours, r.PeerName, note)
			continue
		}
		fmt.Fprintf(w, "| %s | %.2f s | %s | %.2f s | %.2f× |\n", r.Task, r.Ours, r.PeerName, r.Peer, r.Peer/r.Ours)
	}
}

// Human writes a count as 10M, 250k or 12.
func Human(n int) string {
	switch {
	case n >= 1_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "M"
	case n >= 1000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', -1, 64) + "k"
	}
	return strconv.Itoa(n)
}

// Python returns an interpreter that can import pandas. Debian's
// python3-pandas lives under /usr/bin/python3, which a pyenv python3 first
// on PATH cannot see, so that one is tried first.
func Python() (string, error) {
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import pandas").Run() == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no python3 with pandas (apt-get install python3-pandas)")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
