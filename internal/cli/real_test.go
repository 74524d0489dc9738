package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyticsOnRealData runs rotation, flows and sustain on real CSI
// theme indices (csindex exports with amounts and PE) against CSI 300,
// with a user-defined taxonomy: no memberships, ETFs or member flows exist
// in these files, so the commands must answer with what the data supports
// and say what is missing.
func TestAnalyticsOnRealData(t *testing.T) {
	data := sharedData(t)
	home := t.TempDir()
	dir := filepath.Join(data, "cn_csi_indices_margin")
	themes := []struct{ code, name, nameEN string }{
		{"930713", "人工智能", "AI theme"}, {"H30184", "半导体", "Semiconductors"}, {"931160", "通信设备", "Communication equipment"},
		{"930651", "计算机", "Computers"}, {"930851", "云计算", "Cloud & big data"}, {"H30590", "机器人", "Robotics"},
	}
	var files []string
	sectors := "taxonomy,code,level,name,name_en,parent,index_symbol,aliases\n"
	for _, th := range themes {
		files = append(files, filepath.Join(dir, th.code+".csv"))
		sectors += "csi-theme," + th.code + ",1," + th.name + "," + th.nameEN + ",," + th.code + ".CSI,\n"
	}
	secFile := filepath.Join(t.TempDir(), "themes.csv")
	mustWrite(t, secFile, sectors)
	bench := filepath.Join(dir, "000300.csv")
	for _, args := range [][]string{
		{"import", "bars", bench, "--symbol", "000300.SH"},
		{"import", "valuation", bench, "--symbol", "000300.SH"},
		append([]string{"import", "bars", "--venue", "CSI"}, files...),
		append([]string{"import", "valuation", "--venue", "CSI"}, files...),
		{"import", "sectors", secFile},
	} {
		if res := run(t, home, args...); res.code != 0 {
			t.Fatalf("%v: exit %d\n%s", args[:2], res.code, res.err)
		}
	}

	rot := run(t, home, "rotation", "--taxonomy", "csi-theme", "--benchmark", "000300.SH", "--asof", "2026-06-30", "--format", "json")
	if rot.code != 0 {
		t.Fatalf("rotation: %s", rot.err)
	}
	doc := decodeRotation(t, rot.out)
	if doc.AsOf != "2026-06-30" || len(doc.Rows) != 6 || doc.Demo {
		t.Fatalf("rotation: asof %s rows %d demo %v", doc.AsOf, len(doc.Rows), doc.Demo)
	}
	for _, r := range doc.Rows {
		if r.Quadrant == nil || r.Returns["1y"] == nil || r.Rank1M == nil {
			t.Errorf("%s incomplete: %+v", r.Symbol, r)
		}
	}

	res := run(t, home, "sustain", "半导体", "--taxonomy", "csi-theme", "--benchmark", "000300.SH", "--asof", "2026-06-30", "--format", "json")
	if res.code != 0 {
		t.Fatalf("sustain: exit %d: %s", res.code, res.err)
	}
	var sus map[string]any
	if err := json.Unmarshal([]byte(res.out), &sus); err != nil {
		t.Fatalf("%v\n%s", err, res.out)
	}
	if v, ok := sus["score"].(float64); !ok || math.IsNaN(v) || v <= 0 || v > 100 {
		t.Errorf("score %v, want a number in (0, 100]; output:\n%s", sus["score"], res.out)
	}
	if _, ok := sus["audit"].(map[string]any); !ok {
		t.Errorf("no signal audit on real data: %v", sus["notes"])
	}
	for _, want := range []string{"turnover_share_pct", "pe_pct_5y", "no memberships"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("sustain output lacks %q", want)
		}
	}

	fl := run(t, home, "flows", "--sector", "H30184", "--asof", "2026-06-30")
	if fl.code != 0 || !strings.Contains(fl.out, "note:") || strings.Contains(fl.out, "DEMO") {
		t.Errorf("flows: exit %d\n%s\n%s", fl.code, fl.out, fl.err)
	}

	// An ETF known only from the exchanges' shares-outstanding files: its
	// share change is measured, its creations cannot be valued (no price).
	shares, _ := filepath.Glob(filepath.Join(data, "cn_etf_shares", "etf_shares_2026-*.csv"))
	if res := run(t, home, append([]string{"import", "shares"}, shares...)...); res.code != 0 || len(shares) != 4 {
		t.Fatalf("shares: %d files, exit %d: %s", len(shares), res.code, res.err)
	}
	etf := run(t, home, "flows", "--etf", "512660", "--format", "json")
	var fdoc flowsDoc
	if etf.code != 0 || json.Unmarshal([]byte(etf.out), &fdoc) != nil || len(fdoc.ETFs) != 1 || fdoc.AsOf != "2026-08-21" {
		t.Fatalf("flows --etf: exit %d\n%s\n%s", etf.code, etf.out, etf.err)
	}
	e := fdoc.ETFs[0]
	if e.ShareChangePct == nil || e.NetCreation20D != nil || !strings.Contains(etf.out, "cannot be valued") {
		t.Errorf("512660.SH: share change %v creation %v\n%s", e.ShareChangePct, e.NetCreation20D, etf.out)
	}
	if _, err := os.Stat(filepath.Join(home, "sextant.duckdb")); err != nil {
		t.Fatal(err)
	}
}
