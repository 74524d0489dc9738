package config

import (
	"os"
	"strings"
	"testing"
	"time"
)

func loadFile(t *testing.T, text string, env map[string]string) (Config, error) {
	t.Helper()
	home := t.TempDir()
	if err := os.WriteFile(FileName(home), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return Load(map[string]string{KeyHome: home}, func(k string) string { return env[k] })
}

func TestSyncSettings(t *testing.T) {
	c, err := loadFile(t, `
[sources.eastmoney]
base_url = "http://127.0.0.1:9000/eastmoney"
rate = 5
[sources.aktools]
base_url = "http://127.0.0.1:8080"
[sync]
overlap_days = 3
[sync.presets.mine]
market = "cn"
start = "2y"
sw_levels = [1]
sectors = ["801750"]
etfs = ["512720.SH=801750"]
`, map[string]string{"SEXTANT_AKTOOLS_TOKEN": "tok"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.SourceSettings["eastmoney"]; got.BaseURL != "http://127.0.0.1:9000/eastmoney" || got.Rate != 5 {
		t.Errorf("eastmoney settings %+v", got)
	}
	if c.SourceSettings["aktools"].Token.Reveal() != "tok" {
		t.Error("the aktools token from the environment was not read")
	}
	if c.Sync.OverlapDays != 3 || c.Sync.Route != RouteDirect {
		t.Errorf("sync %+v", c.Sync)
	}
	if names := strings.Join(c.PresetNames(), ","); names != "cn-sectors,mine,us-sectors" {
		t.Errorf("presets %s", names)
	}
	if p := c.Sync.Presets["mine"]; p.Sectors[0] != "801750" || p.Boards {
		t.Errorf("preset mine %+v", p)
	}
}

func TestSyncSettingsErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"[sources.nope]\nrate = 1\n", `unknown source "nope"`},
		{"[sources.yahoo]\nbase_url = \"ftp://x\"\n", `base_url "ftp://x" is not an http(s) URL`},
		{"[sync]\nroute = \"carrier-pigeon\"\n", `sync.route`},
		{"[sync.presets.x]\nmarket = \"cn\"\nstart = \"soon\"\n", `sync.presets.x`},
		{"[sync.presets.x]\nmarket = \"us\"\nsource = \"bloomberg\"\n", `source "bloomberg" is not yahoo or stooq`},
		{"[sync.presets.x]\nmarket = \"cn\"\netfs = [\"512660.SH\"]\n", `is not SYMBOL=SECTOR`},
		{"[sync.presets.x]\nmarket = \"mars\"\n", `market "mars"`},
	}
	for _, tc := range tests {
		_, err := loadFile(t, tc.text, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to mention %q", tc.text, err, tc.want)
		}
	}
}

func TestResolveStart(t *testing.T) {
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{"8y": "2018-11-25", "18m": "2025-05-25", "90d": "2026-08-27", "2020-01-02": "2020-01-02"} {
		got, err := ResolveStart(in, today)
		if err != nil || got.Format("2006-01-02") != want {
			t.Errorf("ResolveStart(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := ResolveStart("yesterday", today); err == nil {
		t.Error("a word should not be a start")
	}
}
