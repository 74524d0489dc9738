package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rotationDoc decodes `sextant rotation --format json`.
type rotationDoc struct {
	AsOf      string `json:"asof"`
	Benchmark string `json:"benchmark"`
	Freq      string `json:"freq"`
	Window    int    `json:"window"`
	Demo      bool   `json:"demo"`
	Rows      []struct {
		Symbol     string              `json:"symbol"`
		Name       string              `json:"name"`
		RSRatio    *float64            `json:"rs_ratio"`
		RSMomentum *float64            `json:"rs_momentum"`
		Quadrant   *string             `json:"quadrant"`
		HeadingDeg *float64            `json:"heading_deg"`
		Distance   *float64            `json:"distance"`
		Tail       []map[string]any    `json:"tail"`
		Returns    map[string]*float64 `json:"returns"`
		Excess     map[string]*float64 `json:"excess"`
		Rank1M     *int                `json:"rank_1m"`
	} `json:"rows"`
}

func decodeRotation(t *testing.T, out string) rotationDoc {
	t.Helper()
	var doc rotationDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	return doc
}

func TestRotationDemo(t *testing.T) {
	home, _ := demoHome(t)
	res := run(t, home, "rotation", "--taxonomy", "sw2021:1", "--benchmark", "000300", "--format", "json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	doc := decodeRotation(t, res.out)
	if doc.AsOf != "2026-11-20" || doc.Benchmark != "000300.SH" || doc.Freq != "weekly" || doc.Window != 14 || !doc.Demo || len(doc.Rows) != 31 {
		t.Fatalf("header: %+v rows=%d", doc, len(doc.Rows))
	}
	top := doc.Rows[0]
	if top.Symbol != "801740.SI" || top.Rank1M == nil || *top.Rank1M != 1 || top.Name != "国防军工" {
		t.Errorf("first row %s rank %v name %s; want 801740.SI ranked 1", top.Symbol, top.Rank1M, top.Name)
	}
	// The planted scenarios, as the engine sees them (docs/demo.md).
	quadrant := map[string]string{}
	for _, r := range doc.Rows {
		if r.Quadrant != nil {
			quadrant[r.Symbol] = *r.Quadrant
		}
	}
	if quadrant["801740.SI"] != "Leading" || quadrant["801750.SI"] != "Weakening" {
		t.Errorf("defense in %q, computers in %q; want Leading and Weakening", quadrant["801740.SI"], quadrant["801750.SI"])
	}
	if top.Quadrant == nil || top.RSRatio == nil || *top.RSRatio <= 100 || len(top.Tail) != 8 || top.Returns["1m"] == nil || top.Excess["1m"] == nil || *top.Excess["1m"] <= 0.05 {
		t.Errorf("defense row incomplete or weak: %+v", top)
	}
	table := run(t, home, "rotation", "--taxonomy", "sw2021")
	for _, want := range []string{"DEMO", "801740.SI", "RS-Ratio"} {
		if !strings.Contains(table.out, want) {
			t.Errorf("table lacks %q:\n%s", want, table.out)
		}
	}
	dir := t.TempDir()
	for _, f := range []string{"csv", "svg", "png"} {
		out := filepath.Join(dir, "rot."+f)
		if res := run(t, home, "rotation", "--taxonomy", "sw2021:1", "--format", f, "--out", out); res.code != 0 {
			t.Fatalf("%s: exit %d: %s", f, res.code, res.err)
		}
		data, err := os.ReadFile(out)
		if err != nil || len(data) < 200 {
			t.Errorf("%s: %d bytes, %v", f, len(data), err)
		}
		if f == "csv" && strings.Count(string(data), "\n") != 32 {
			t.Errorf("csv has %d lines, want header + 31", strings.Count(string(data), "\n"))
		}
	}
}

func TestRotationRealSPDRs(t *testing.T) {
	data := sharedData(t)
	home := t.TempDir()
	files, err := filepath.Glob(filepath.Join(data, "us_sector_etfs_1y_2026", "*.csv"))
	if err != nil || len(files) != 12 {
		t.Fatalf("%d files, %v", len(files), err)
	}
	if res := run(t, home, append([]string{"import", "bars", "--venue", "US"}, files...)...); res.code != 0 {
		t.Fatalf("import: %s", res.err)
	}
	// Instruments are not in these files: bare tickers resolve only once
	// instruments exist, so name the symbols with their venue.
	res := run(t, home, "rotation", "--symbols", "XLK.US,XLE.US,XLF.US,XLV.US,XLU.US", "--benchmark", "SPY.US", "--asof", "2026-01-30", "--format", "json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	doc := decodeRotation(t, res.out)
	if doc.AsOf != "2026-01-30" || len(doc.Rows) != 5 || doc.Demo {
		t.Fatalf("asof %s rows %d demo %v", doc.AsOf, len(doc.Rows), doc.Demo)
	}
	for _, r := range doc.Rows {
		if r.Quadrant == nil || r.RSRatio == nil || r.RSMomentum == nil || r.Returns["1m"] == nil || r.Returns["1y"] != nil {
			t.Errorf("%s: %+v (a year of data has no 1y return at 2026-01-30)", r.Symbol, r)
		}
	}
	bad := run(t, home, "rotation", "--symbols", "XLK.US", "--benchmark", "QQQ.US")
	if bad.code != ExitNotFound {
		t.Errorf("unknown benchmark: exit %d %s", bad.code, bad.err)
	}
}
