// Package config holds Sextant's settings and loads them with one precedence
// rule: command-line flags > SEXTANT_* environment variables >
// $SEXTANT_HOME/config.toml > defaults. [Default] gives the defaults, [Load]
// merges the layers and [Config.Validate] rejects impossible values with an
// error that names the setting and where it came from.
//
// The home directory itself comes only from --home or SEXTANT_HOME (the
// config file lives inside it); it defaults to ~/.local/share/sextant.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/sextant-ai/sextant"
)

// Config is every setting Sextant reads.
type Config struct {
	// Home is the data directory: the store, the full-text index, config.toml.
	Home string `toml:"-"`
	// Store is the path of the embedded DuckDB store (default Home/sextant.duckdb).
	Store string `toml:"store"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level"`
	// DuckDB holds the embedded store's resource limits.
	DuckDB DuckDB `toml:"duckdb"`
	// LLM is the optional language model that writes prose.
	LLM LLM `toml:"llm"`
	// SourceSettings configure the network sources ([sources.NAME]).
	SourceSettings map[string]Source `toml:"sources"`
	// Sync configures `sextant sync` and its presets ([sync]).
	Sync Sync `toml:"sync"`

	// Sources records where each value came from ("default", "file", "env",
	// "flag"), keyed by setting name, for error messages and `--debug`.
	Sources map[string]string `toml:"-"`
}

// DuckDB are the embedded store's limits; zero values leave DuckDB's defaults.
type DuckDB struct {
	Threads     int    `toml:"threads"`
	MemoryLimit string `toml:"memory_limit"` // e.g. "4GB", "512MiB"
}

// Setting names, as used in flags (--NAME with "." → "-"), environment
// variables (SEXTANT_ + upper case, "." → "_") and config.toml keys.
const (
	KeyHome        = "home"
	KeyStore       = "store"
	KeyLogLevel    = "log_level"
	KeyThreads     = "duckdb.threads"
	KeyMemoryLimit = "duckdb.memory_limit"

	KeyLLMProvider    = "llm.provider" // the CLI's --llm flag
	KeyLLMBaseURL     = "llm.base_url"
	KeyLLMModel       = "llm.model"
	KeyLLMAPIKey      = "llm.api_key" // SEXTANT_LLM_API_KEY; never a flag (it would show in ps)
	KeyLLMTimeout     = "llm.timeout"
	KeyLLMMaxRetries  = "llm.max_retries"
	KeyLLMMaxTokens   = "llm.max_tokens"
	KeyLLMTemperature = "llm.temperature"
)

// Keys lists every setting.
var Keys = []string{KeyHome, KeyStore, KeyLogLevel, KeyThreads, KeyMemoryLimit,
	KeyLLMProvider, KeyLLMBaseURL, KeyLLMModel, KeyLLMAPIKey, KeyLLMTimeout, KeyLLMMaxRetries, KeyLLMMaxTokens, KeyLLMTemperature}

// LLM defaults.
const (
	DefaultLLMTimeout    = 60 * time.Second
	DefaultLLMMaxRetries = 3
	DefaultLLMMaxTokens  = 2048
)

// EnvName returns the environment variable of a setting: duckdb.threads →
// SEXTANT_DUCKDB_THREADS.
func EnvName(key string) string {
	return "SEXTANT_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// FlagName returns the command-line flag of a setting: duckdb.threads →
// duckdb-threads, log_level → log-level; llm.provider is --llm.
func FlagName(key string) string {
	if key == KeyLLMProvider {
		return "llm"
	}
	return strings.NewReplacer(".", "-", "_", "-").Replace(key)
}

// DefaultHome returns ~/.local/share/sextant (or $XDG_DATA_HOME/sextant).
func DefaultHome(getenv func(string) string) string {
	if x := getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "sextant")
	}
	home := getenv("HOME")
	if home == "" {
		if h, err := os.UserHomeDir(); err == nil {
			home = h
		}
	}
	return filepath.Join(home, ".local", "share", "sextant")
}

// Default returns the defaults with Home set to home.
func Default(home string) Config {
	c := Config{Home: home, LogLevel: "warn", Sources: map[string]string{},
		LLM:            LLM{Provider: ProviderNone, Timeout: DefaultLLMTimeout, MaxRetries: DefaultLLMMaxRetries, MaxTokens: DefaultLLMMaxTokens},
		SourceSettings: map[string]Source{},
		Sync:           Sync{Route: RouteDirect, OverlapDays: DefaultOverlapDays, Presets: DefaultPresets()}}
	for _, k := range Keys {
		c.Sources[k] = "default"
	}
	return c
}

// StorePath returns the store path: Store if set, else Home/sextant.duckdb.
func (c Config) StorePath() string {
	if c.Store != "" {
		return c.Store
	}
	return filepath.Join(c.Home, "sextant.duckdb")
}

// FileName returns the path of the config file in home.
func FileName(home string) string { return filepath.Join(home, "config.toml") }

// Load builds the configuration. flags holds the settings given on the
// command line (only those explicitly set), keyed by setting name; getenv
// reads the environment. The result is validated.
func Load(flags map[string]string, getenv func(string) string) (Config, error) {
	home := DefaultHome(getenv)
	src := "default"
	if v := getenv(EnvName(KeyHome)); v != "" {
		home, src = v, "env"
	}
	if v, ok := flags[KeyHome]; ok && v != "" {
		home, src = v, "flag"
	}
	c := Default(home)
	c.Sources[KeyHome] = src
	if err := c.loadFile(FileName(home)); err != nil {
		return c, err
	}
	if v := getenv("SEXTANT_AKTOOLS_TOKEN"); v != "" {
		s := c.SourceSettings["aktools"]
		s.Token = Secret(v)
		c.SourceSettings["aktools"] = s
		c.Sources["sources.aktools"] = "env SEXTANT_AKTOOLS_TOKEN"
	}
	for _, k := range Keys[1:] {
		if v := getenv(EnvName(k)); v != "" {
			if err := c.set(k, v, "env "+EnvName(k)); err != nil {
				return c, err
			}
		}
	}
	for _, k := range Keys[1:] {
		if v, ok := flags[k]; ok {
			if err := c.set(k, v, "flag --"+FlagName(k)); err != nil {
				return c, err
			}
		}
	}
	return c, c.Validate()
}

// loadFile merges config.toml when it exists. Unknown keys are errors so a
// typo is not silently ignored.
func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return sextant.Errorf(sextant.EINVALID, "read config %s: %v", path, err)
	}
	var f Config
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return sextant.Errorf(sextant.EINVALID, "%s:%d: %s", path, perr.Position.Line, perr.Message)
		}
		return sextant.Errorf(sextant.EINVALID, "%s: %v", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return sextant.Errorf(sextant.EINVALID, "%s: unknown setting %q (known: %s)", path, und[0].String(), strings.Join(Keys[1:], ", "))
	}
	where := "file " + path
	if md.IsDefined("store") {
		c.Store, c.Sources[KeyStore] = f.Store, where
	}
	if md.IsDefined("log_level") {
		c.LogLevel, c.Sources[KeyLogLevel] = f.LogLevel, where
	}
	if md.IsDefined("duckdb", "threads") {
		c.DuckDB.Threads, c.Sources[KeyThreads] = f.DuckDB.Threads, where
	}
	if md.IsDefined("duckdb", "memory_limit") {
		c.DuckDB.MemoryLimit, c.Sources[KeyMemoryLimit] = f.DuckDB.MemoryLimit, where
	}
	llm := []struct {
		key  string
		copy func()
	}{
		{KeyLLMProvider, func() { c.LLM.Provider = strings.ToLower(f.LLM.Provider) }},
		{KeyLLMBaseURL, func() { c.LLM.BaseURL = f.LLM.BaseURL }},
		{KeyLLMModel, func() { c.LLM.Model = f.LLM.Model }},
		{KeyLLMAPIKey, func() { c.LLM.APIKey = f.LLM.APIKey }},
		{KeyLLMTimeout, func() { c.LLM.Timeout = f.LLM.Timeout }},
		{KeyLLMMaxRetries, func() { c.LLM.MaxRetries = f.LLM.MaxRetries }},
		{KeyLLMMaxTokens, func() { c.LLM.MaxTokens = f.LLM.MaxTokens }},
		{KeyLLMTemperature, func() { c.LLM.Temperature = f.LLM.Temperature }},
	}
	for _, s := range llm {
		if md.IsDefined(strings.Split(s.key, ".")...) {
			s.copy()
			c.Sources[s.key] = where
		}
	}
	c.mergeSync(f, md.IsDefined, where)
	return nil
}

// set assigns one setting from text.
func (c *Config) set(key, v, where string) error {
	switch key {
	case KeyStore:
		c.Store = v
	case KeyLogLevel:
		c.LogLevel = strings.ToLower(v)
	case KeyThreads:
		n, err := strconv.Atoi(v)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "%s: %s=%q is not a whole number", where, key, v)
		}
		c.DuckDB.Threads = n
	case KeyMemoryLimit:
		c.DuckDB.MemoryLimit = v
	case KeyLLMProvider:
		c.LLM.Provider = strings.ToLower(v)
	case KeyLLMBaseURL:
		c.LLM.BaseURL = v
	case KeyLLMModel:
		c.LLM.Model = v
	case KeyLLMAPIKey:
		c.LLM.APIKey = Secret(v)
	case KeyLLMTimeout:
		d, err := time.ParseDuration(v)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "%s: %s=%q is not a duration like 60s or 2m", where, key, v)
		}
		c.LLM.Timeout = d
	case KeyLLMMaxRetries, KeyLLMMaxTokens:
		n, err := strconv.Atoi(v)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "%s: %s=%q is not a whole number", where, key, v)
		}
		if key == KeyLLMMaxRetries {
			c.LLM.MaxRetries = n
		} else {
			c.LLM.MaxTokens = n
		}
	case KeyLLMTemperature:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return sextant.Errorf(sextant.EINVALID, "%s: %s=%q is not a number", where, key, v)
		}
		c.LLM.Temperature = &f
	default:
		return sextant.Errorf(sextant.EINVALID, "%s: unknown setting %q", where, key)
	}
	c.Sources[key] = where
	return nil
}

var memoryLimitRE = regexp.MustCompile(`^(?i)\d+(\.\d+)?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)$`)

// Validate rejects impossible settings, naming the setting and its source.
func (c Config) Validate() error {
	bad := func(key, format string, args ...any) error {
		return sextant.Errorf(sextant.EINVALID, "%s (from %s): %s", key, c.Sources[key], fmt.Sprintf(format, args...))
	}
	if strings.TrimSpace(c.Home) == "" {
		return bad(KeyHome, "empty home directory")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return bad(KeyLogLevel, "%q is not one of debug, info, warn, error", c.LogLevel)
	}
	if c.DuckDB.Threads < 0 {
		return bad(KeyThreads, "%d is negative", c.DuckDB.Threads)
	}
	if c.DuckDB.MemoryLimit != "" && !memoryLimitRE.MatchString(c.DuckDB.MemoryLimit) {
		return bad(KeyMemoryLimit, "%q is not a size like 4GB or 512MiB", c.DuckDB.MemoryLimit)
	}
	if err := c.validateLLM(bad); err != nil {
		return err
	}
	if err := c.validateSync(); err != nil {
		return sextant.Errorf(sextant.EINVALID, "%v", err)
	}
	return nil
}

// IndexPath returns the directory of the full-text index: beside the
// store, rebuildable from it at any time.
func (c Config) IndexPath() string { return c.StorePath() + ".index" }
