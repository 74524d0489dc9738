package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// LLM configures the optional language model (docs/llm.md). With Provider
// "none" (the default) Sextant writes every report from templates; with
// "openai" it talks to any OpenAI-compatible endpoint at BaseURL.
type LLM struct {
	Provider string `toml:"provider"` // none | openai
	BaseURL  string `toml:"base_url"` // e.g. https://api.openai.com/v1, http://localhost:11434/v1
	Model    string `toml:"model"`
	// APIKey is sent only in the Authorization header; it prints as
	// [redacted]. Prefer SEXTANT_LLM_API_KEY to the file.
	APIKey Secret `toml:"api_key"`
	// Timeout bounds the wait for the server to start answering and each
	// silence of the connection while it answers (not the whole answer).
	Timeout    time.Duration `toml:"timeout"`
	MaxRetries int           `toml:"max_retries"` // retries after 429, 5xx and timeouts
	MaxTokens  int           `toml:"max_tokens"`  // token budget of one answer
	// Temperature is the sampling temperature; nil leaves the server's.
	Temperature *float64 `toml:"temperature"`
}

// LLM providers.
const (
	ProviderNone   = "none"
	ProviderOpenAI = "openai"
)

// Providers lists the values of llm.provider (the CLI's --llm flag).
var Providers = []string{ProviderNone, ProviderOpenAI}

// Enabled reports whether a language model is configured.
func (l LLM) Enabled() bool { return l.Provider != "" && l.Provider != ProviderNone }

// Secret is a value that must never be printed: every formatting of it
// (%v, %s, %q, %#v, JSON, TOML) shows "[redacted]", or "" when it is empty.
// Reveal returns the value itself, for the one place that sends it.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// String implements fmt.Stringer without revealing the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString implements fmt.GoStringer (%#v) without revealing the secret.
func (s Secret) GoString() string { return strconv.Quote(s.String()) }

// MarshalText implements encoding.TextMarshaler without revealing the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }

// validateLLM checks the llm section. Only a configured provider needs a
// base URL and a model; the numbers are checked either way, so that a typo
// does not wait until the day the provider is switched on.
func (c Config) validateLLM(bad func(key, format string, args ...any) error) error {
	l := c.LLM
	switch l.Provider {
	case ProviderNone, ProviderOpenAI:
	default:
		return bad(KeyLLMProvider, "%q is not one of %s", l.Provider, strings.Join(Providers, ", "))
	}
	if l.Timeout < time.Second {
		return bad(KeyLLMTimeout, "%s is shorter than a second (write a duration such as \"60s\")", l.Timeout)
	}
	if l.MaxRetries < 0 || l.MaxRetries > 10 {
		return bad(KeyLLMMaxRetries, "%d is not between 0 and 10", l.MaxRetries)
	}
	if l.MaxTokens < 1 {
		return bad(KeyLLMMaxTokens, "%d is not a positive number of tokens", l.MaxTokens)
	}
	if t := l.Temperature; t != nil && !(*t >= 0 && *t <= 2) {
		return bad(KeyLLMTemperature, "%g is not between 0 and 2", *t)
	}
	if !l.Enabled() {
		return nil
	}
	if strings.TrimSpace(l.Model) == "" {
		return bad(KeyLLMModel, "llm.provider %q needs a model name (e.g. gpt-4o-mini, deepseek-chat, qwen-plus, qwen2.5:7b)", l.Provider)
	}
	if strings.TrimSpace(l.BaseURL) == "" {
		return bad(KeyLLMBaseURL, "llm.provider %q needs the endpoint's base URL (e.g. https://api.openai.com/v1, http://localhost:11434/v1)", l.Provider)
	}
	if msg := checkBaseURL(l.BaseURL); msg != "" {
		return bad(KeyLLMBaseURL, "%s", msg)
	}
	return nil
}

// checkBaseURL returns why an LLM base URL is unacceptable, or "". The
// API key and the user's questions travel in every request, so plain http
// is accepted only where the traffic stays on this machine or a private
// network.
func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Sprintf("%q is not an http(s) URL such as https://api.openai.com/v1", raw)
	}
	if u.User != nil {
		return "the URL must not carry a user name or password: put the key in llm.api_key or SEXTANT_LLM_API_KEY"
	}
	shown := u.Scheme + "://" + u.Host + u.Path
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Sprintf("%s must not have a query or fragment (keys belong in llm.api_key, not in the URL)", shown)
	}
	if u.Scheme == "http" && !privateHost(u.Hostname()) {
		return fmt.Sprintf("%s would send the API key and your questions unencrypted across the internet: use https, "+
			"or http only for a server on this machine or a private network (localhost, 127.0.0.1, 10.x, 172.16-31.x, 192.168.x, *.local)", shown)
	}
	return ""
}

// privateHost reports whether host is on this machine or a private
// network: a loopback, private or link-local address, localhost, a
// single-label name (a container or LAN host such as "ollama") or a name
// under a suffix reserved for local networks.
func privateHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast()
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || !strings.Contains(host, ".") {
		return true
	}
	for _, suffix := range []string{".localhost", ".local", ".internal", ".lan", ".home.arpa"} {
		if strings.HasSuffix(host, suffix) {
			return true
		}
	}
	return false
}
