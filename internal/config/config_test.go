package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

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

func TestLLMDefaults(t *testing.T) {
	c, err := Load(nil, envOf(map[string]string{"HOME": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	l := c.LLM
	if l.Provider != ProviderNone || l.Enabled() || l.Timeout != 60*time.Second || l.MaxRetries != 3 || l.MaxTokens != 2048 || l.Temperature != nil {
		t.Errorf("llm defaults: %+v", l)
	}
	if FlagName(KeyLLMProvider) != "llm" || EnvName(KeyLLMAPIKey) != "SEXTANT_LLM_API_KEY" || FlagName(KeyLLMBaseURL) != "llm-base-url" {
		t.Errorf("names: --%s %s --%s", FlagName(KeyLLMProvider), EnvName(KeyLLMAPIKey), FlagName(KeyLLMBaseURL))
	}
}

func TestLLMLoad(t *testing.T) {
	home := t.TempDir()
	file := "[llm]\nprovider = \"OpenAI\"\nbase_url = \"https://api.deepseek.com/v1\"\nmodel = \"deepseek-chat\"\n" +
		"api_key = \"sk-from-file\"\ntimeout = \"90s\"\nmax_retries = 5\nmax_tokens = 4096\ntemperature = 0.0\n"
	if err := os.WriteFile(FileName(home), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(nil, envOf(map[string]string{"SEXTANT_HOME": home}))
	if err != nil {
		t.Fatal(err)
	}
	l := c.LLM
	if l.Provider != "openai" || l.BaseURL != "https://api.deepseek.com/v1" || l.Model != "deepseek-chat" || l.APIKey.Reveal() != "sk-from-file" ||
		l.Timeout != 90*time.Second || l.MaxRetries != 5 || l.MaxTokens != 4096 || l.Temperature == nil || *l.Temperature != 0 {
		t.Errorf("from file: %+v", l)
	}

	// env over file, flag (--llm) over env.
	env := map[string]string{"SEXTANT_HOME": home, "SEXTANT_LLM_API_KEY": "sk-from-env", "SEXTANT_LLM_MODEL": "deepseek-reasoner",
		"SEXTANT_LLM_TIMEOUT": "2m", "SEXTANT_LLM_TEMPERATURE": "0.3", "SEXTANT_LLM_MAX_TOKENS": "1000", "SEXTANT_LLM_PROVIDER": "openai"}
	c, err = Load(map[string]string{KeyLLMProvider: "none"}, envOf(env))
	if err != nil {
		t.Fatal(err)
	}
	l = c.LLM
	if l.Provider != "none" || l.APIKey.Reveal() != "sk-from-env" || l.Model != "deepseek-reasoner" || l.Timeout != 2*time.Minute ||
		*l.Temperature != 0.3 || l.MaxTokens != 1000 {
		t.Errorf("env and flag: %+v", l)
	}
	if c.Sources[KeyLLMAPIKey] != "env SEXTANT_LLM_API_KEY" || c.Sources[KeyLLMProvider] != "flag --llm" || c.Sources[KeyLLMBaseURL] != "file "+FileName(home) {
		t.Errorf("sources: %v", c.Sources)
	}
}

func TestLLMKeyNeverPrinted(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	c := Default("/h")
	c.LLM.APIKey = Secret(key)
	c.LLM.Provider, c.LLM.Model, c.LLM.BaseURL = "openai", "m", "https://api.openai.com/v1"
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var tb strings.Builder
	if err := toml.NewEncoder(&tb).Encode(c); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("key=%s", c.LLM.APIKey),
		fmt.Sprintf("%q", c.LLM.APIKey), fmt.Sprint(c.LLM), string(js), tb.String(),
	} {
		if strings.Contains(out, key) || !strings.Contains(out, "[redacted]") {
			t.Errorf("output reveals the key or hides that it is set: %s", out)
		}
	}
	if Secret("").String() != "" {
		t.Error("an empty secret should print as empty")
	}
	// Errors about the llm section never carry the key either.
	c.LLM.BaseURL = "http://api.example.com/v1"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), key) {
		t.Errorf("validate: %v", err)
	}
}

func TestLLMValidate(t *testing.T) {
	ok := func(l *LLM) { l.Provider, l.BaseURL, l.Model = "openai", "https://api.openai.com/v1", "gpt-4o-mini" }
	temp := func(v float64) *float64 { return &v }
	tests := []struct {
		name   string
		edit   func(*LLM)
		key    string // setting the error must name; "" = valid
		reason string
	}{
		{"none needs nothing", func(l *LLM) {}, "", ""},
		{"openai https", ok, "", ""},
		{"ollama on localhost", func(l *LLM) { ok(l); l.BaseURL = "http://localhost:11434/v1" }, "", ""},
		{"loopback ip", func(l *LLM) { ok(l); l.BaseURL = "http://127.0.0.1:8080/v1" }, "", ""},
		{"ipv6 loopback", func(l *LLM) { ok(l); l.BaseURL = "http://[::1]:8000/v1" }, "", ""},
		{"private lan", func(l *LLM) { ok(l); l.BaseURL = "http://192.168.1.20:8000/v1" }, "", ""},
		{"private 10/8", func(l *LLM) { ok(l); l.BaseURL = "http://10.0.0.5/v1" }, "", ""},
		{"container name", func(l *LLM) { ok(l); l.BaseURL = "http://ollama:11434/v1" }, "", ""},
		{"mdns", func(l *LLM) { ok(l); l.BaseURL = "http://gpu-box.local:8000/v1" }, "", ""},
		{"unknown provider", func(l *LLM) { l.Provider = "anthropic" }, KeyLLMProvider, "not one of none, openai"},
		{"no model", func(l *LLM) { ok(l); l.Model = "" }, KeyLLMModel, "needs a model"},
		{"no base url", func(l *LLM) { ok(l); l.BaseURL = "" }, KeyLLMBaseURL, "needs the endpoint"},
		{"public http", func(l *LLM) { ok(l); l.BaseURL = "http://api.deepseek.com/v1" }, KeyLLMBaseURL, "unencrypted"},
		{"public ip http", func(l *LLM) { ok(l); l.BaseURL = "http://8.8.8.8/v1" }, KeyLLMBaseURL, "unencrypted"},
		{"172.32 is public", func(l *LLM) { ok(l); l.BaseURL = "http://172.32.0.1/v1" }, KeyLLMBaseURL, "unencrypted"},
		{"not a url", func(l *LLM) { ok(l); l.BaseURL = "api.openai.com/v1" }, KeyLLMBaseURL, "not an http(s) URL"},
		{"ftp", func(l *LLM) { ok(l); l.BaseURL = "ftp://x/v1" }, KeyLLMBaseURL, "not an http(s) URL"},
		{"user info", func(l *LLM) { ok(l); l.BaseURL = "https://u:sk-secret@api.openai.com/v1" }, KeyLLMBaseURL, "user name or password"},
		{"key in query", func(l *LLM) { ok(l); l.BaseURL = "https://api.openai.com/v1?key=sk-secret" }, KeyLLMBaseURL, "query"},
		{"timeout in ns", func(l *LLM) { l.Timeout = 60 }, KeyLLMTimeout, "shorter than a second"},
		{"negative retries", func(l *LLM) { l.MaxRetries = -1 }, KeyLLMMaxRetries, "between 0 and 10"},
		{"zero tokens", func(l *LLM) { l.MaxTokens = 0 }, KeyLLMMaxTokens, "positive"},
		{"hot", func(l *LLM) { l.Temperature = temp(2.5) }, KeyLLMTemperature, "between 0 and 2"},
		{"cold ok", func(l *LLM) { l.Temperature = temp(0) }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default("/h")
			tt.edit(&c.LLM)
			err := c.Validate()
			if tt.key == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.HasPrefix(err.Error(), tt.key+" (from default)") || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("err = %v, want it to name %s and say %q", err, tt.key, tt.reason)
			}
			if sextant.ErrorCode(err) != sextant.EINVALID || strings.Contains(err.Error(), "sk-secret") {
				t.Errorf("code %s, or the error reveals the URL's secret: %v", sextant.ErrorCode(err), err)
			}
		})
	}
}

func TestLLMLoadErrors(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SEXTANT_LLM_TIMEOUT": "soon"}, "env SEXTANT_LLM_TIMEOUT: llm.timeout=\"soon\" is not a duration"},
		{map[string]string{"SEXTANT_LLM_MAX_RETRIES": "many"}, "llm.max_retries=\"many\" is not a whole number"},
		{map[string]string{"SEXTANT_LLM_TEMPERATURE": "warm"}, "llm.temperature=\"warm\" is not a number"},
		{map[string]string{"SEXTANT_LLM_PROVIDER": "openai"}, "llm.model (from default): llm.provider \"openai\" needs a model"},
		{map[string]string{"SEXTANT_LLM_PROVIDER": "openai", "SEXTANT_LLM_MODEL": "m", "SEXTANT_LLM_BASE_URL": "http://example.com/v1"},
			"llm.base_url (from env SEXTANT_LLM_BASE_URL)"},
	}
	for _, tt := range tests {
		env := map[string]string{"SEXTANT_HOME": home}
		for k, v := range tt.env {
			env[k] = v
		}
		_, err := Load(nil, envOf(env))
		if err == nil || !strings.Contains(err.Error(), tt.want) || sextant.ErrorCode(err) != sextant.EINVALID {
			t.Errorf("env %v: err = %v, want EINVALID containing %q", tt.env, err, tt.want)
		}
	}
}
