package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadPrecedence(t *testing.T) {
	home := t.TempDir()
	if err := os.WriteFile(FileName(home), []byte("log_level = \"info\"\nstore = \"/from/file.duckdb\"\n[duckdb]\nthreads = 3\nmemory_limit = \"2GB\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		flags   map[string]string
		env     map[string]string
		level   string
		store   string
		threads int
		source  string
	}{
		{"file", nil, map[string]string{"SEXTANT_HOME": home}, "info", "/from/file.duckdb", 3, "file " + FileName(home)},
		{"env over file", nil, map[string]string{"SEXTANT_HOME": home, "SEXTANT_LOG_LEVEL": "debug", "SEXTANT_DUCKDB_THREADS": "1"}, "debug", "/from/file.duckdb", 1, "env SEXTANT_LOG_LEVEL"},
		{"flag over env", map[string]string{KeyLogLevel: "error", KeyHome: home}, map[string]string{"SEXTANT_LOG_LEVEL": "debug"}, "error", "/from/file.duckdb", 3, "flag --log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(tt.flags, envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.Home != home || c.LogLevel != tt.level || c.StorePath() != tt.store || c.DuckDB.Threads != tt.threads || c.DuckDB.MemoryLimit != "2GB" {
				t.Errorf("got %+v", c)
			}
			if c.Sources[KeyLogLevel] != tt.source {
				t.Errorf("log level source = %q, want %q", c.Sources[KeyLogLevel], tt.source)
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil, envOf(map[string]string{"HOME": "/home/u"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Home != "/home/u/.local/share/sextant" || c.StorePath() != "/home/u/.local/share/sextant/sextant.duckdb" || c.LogLevel != "warn" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestLoadErrors(t *testing.T) {
	home := t.TempDir()
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"unknown key", "colour = true\n", nil, "unknown setting \"colour\""},
		{"syntax", "log_level = \n", nil, "config.toml:1:"},
		{"bad level", "log_level = \"loud\"\n", nil, "log_level (from file"},
		{"bad env threads", "", map[string]string{"SEXTANT_DUCKDB_THREADS": "two"}, "env SEXTANT_DUCKDB_THREADS"},
		{"bad memory", "[duckdb]\nmemory_limit = \"lots\"\n", nil, "duckdb.memory_limit"},
		{"negative threads", "", map[string]string{"SEXTANT_DUCKDB_THREADS": "-1"}, "is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(tt.file)
			env := map[string]string{"SEXTANT_HOME": home}
			for k, v := range tt.env {
				env[k] = v
			}
			_, err := Load(nil, envOf(env))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if sextant.ErrorCode(err) != sextant.EINVALID {
				t.Errorf("code = %s, want invalid", sextant.ErrorCode(err))
			}
		})
	}
}
