package cli

import (
	"net/http"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/llm"
	"github.com/sextant-ai/sextant/internal/llm/openai"
)

// llmClient makes the LLM client the flags and configuration ask for:
// nil for provider none (templates only). Flags override the config file
// and environment; the API key comes only from SEXTANT_LLM_API_KEY or the
// file (a flag would show in ps).
func (a *App) llmClient(provider, model, baseURL string) (llm.Client, string, error) {
	c := a.cfg.LLM
	if provider != "" {
		c.Provider = strings.ToLower(provider)
	}
	if model != "" {
		c.Model = model
	}
	if baseURL != "" {
		c.BaseURL = baseURL
	}
	switch c.Provider {
	case "", config.ProviderNone:
		return nil, "", nil
	case config.ProviderOpenAI:
	default:
		return nil, "", sextant.Errorf(sextant.EINVALID, "--llm %q: want none or openai", c.Provider)
	}
	cfg := a.cfg
	cfg.LLM = c
	if err := cfg.Validate(); err != nil {
		return nil, "", err
	}
	client, err := openai.New(openai.Config{BaseURL: c.BaseURL, Model: c.Model, APIKey: c.APIKey.Reveal(), Timeout: c.Timeout,
		MaxRetries: c.MaxRetries, MaxTokens: c.MaxTokens, Temperature: c.Temperature, Logger: a.logger}, &http.Client{})
	if err != nil {
		return nil, "", err
	}
	return client, c.Model, nil
}
