package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Source configures one network source (config.toml [sources.NAME]).
type Source struct {
	// BaseURL replaces the source's public endpoint (scheme, host and an
	// optional path prefix): a mirror, a recording proxy or a local fixture
	// server. Only its host is then allowed.
	BaseURL string `toml:"base_url"`
	// Rate is the requests per second allowed (0 = the source's default).
	Rate float64 `toml:"rate"`
	// Token is sent in the Authorization header (aktools); prefer
	// SEXTANT_AKTOOLS_TOKEN to the file.
	Token Secret `toml:"token"`
	// Timeout bounds one attempt of a request; a timed-out attempt is
	// retried like a 5xx (0 = 60s).
	Timeout Duration `toml:"timeout"`
	// Attempts is how many times a request is tried on timeouts, 429 and
	// 5xx (0 = the source's default; 1 = no retries).
	Attempts int `toml:"attempts"`
	// CAFile is a PEM file of certificates trusted in addition to the
	// system's: a site that does not send its intermediate certificate, or
	// a company proxy that re-signs TLS.
	CAFile string `toml:"ca_file"`
}

// Duration is a time.Duration written as text in config.toml ("30s", "2m").
type Duration struct{ time.Duration }

// UnmarshalText reads "30s", "2m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration like 30s or 2m", b)
	}
	d.Duration = v
	return nil
}

// SourceNames lists the network sources that [sources.NAME] may configure.
var SourceNames = []string{"eastmoney", "sws", "sse", "szse", "yahoo", "stooq", "aktools", "rss"}

// Sync configures `sextant sync` (config.toml [sync]).
type Sync struct {
	// Route is how A-share datasets are fetched: "direct" (Eastmoney,
	// Shenwan, SSE and SZSE endpoints) or "aktools" (a local AKTools server).
	Route string `toml:"route"`
	// OverlapDays is how many calendar days before the last stored day are
	// fetched again, to pick up revisions.
	OverlapDays int `toml:"overlap_days"`
	// Presets are the named sync plans; the built-in ones are
	// DefaultPresets, and a preset of the same name in the file replaces one.
	Presets map[string]Preset `toml:"presets"`
}

// Sync routes.
const (
	RouteDirect  = "direct"
	RouteAKTools = "aktools"
)

// Preset is one named sync plan.
type Preset struct {
	// Market is "cn" (A-share sectors) or "us" (US listings).
	Market string `toml:"market"`
	// Start is the first day of a first fill of daily series: a date
	// (2018-01-01) or a span back from today (8y, 18m, 90d).
	Start string `toml:"start"`
	// DailyStart is the first day of per-day disclosures (margin detail,
	// ETF shares), one request per trading day and exchange.
	DailyStart string `toml:"daily_start"`
	// Benchmarks are index or ETF symbols fetched first; the first one's
	// trading days are the calendar of per-day disclosures.
	Benchmarks []string `toml:"benchmarks"`
	// SWLevels are the Shenwan 2021 levels whose indices, classification
	// and constituents are synced (cn).
	SWLevels []int `toml:"sw_levels"`
	// Sectors are the Shenwan codes whose member stocks get daily bars,
	// margin detail and main-force flows (cn).
	Sectors []string `toml:"sectors"`
	// Boards syncs Eastmoney industry boards: list, constituents, bars and
	// main-force fund flows (cn).
	Boards bool `toml:"em_boards"`
	// ETFs are "SYMBOL=SECTOR": the ETF and the Shenwan sector whose name
	// becomes its theme (cn), e.g. "512660.SH=801740".
	ETFs []string `toml:"etfs"`
	// Margin syncs the exchanges' margin disclosures (cn).
	Margin bool `toml:"margin"`
	// Tickers are "SYMBOL=Sector name" (us), e.g. "XLK.US=Technology";
	// they make the preset's sector taxonomy.
	Tickers []string `toml:"tickers"`
	// Taxonomy names the sector taxonomy the tickers form (us).
	Taxonomy string `toml:"taxonomy"`
	// Source is "yahoo" or "stooq" (us).
	Source string `toml:"source"`
	// Feeds are RSS or Atom feed URLs whose items are stored as documents.
	Feeds []string `toml:"feeds"`
}

// Preset markets.
const (
	MarketCN = "cn"
	MarketUS = "us"
)

// DefaultOverlapDays re-reads a week of daily series on every sync.
const DefaultOverlapDays = 7

// cnETFs are real sector and themed ETFs and the Shenwan level-1 sector
// whose name they take as their theme.
var cnETFs = []string{
	"512660.SH=801740", "512680.SH=801740", "512810.SH=801740", "159638.SZ=801740",
	"512720.SH=801750", "159998.SZ=801750", "515230.SH=801750",
	"512480.SH=801080", "159995.SZ=801080", "515260.SH=801080",
	"512800.SH=801780", "512880.SH=801790", "512070.SH=801790",
	"512010.SH=801150", "512170.SH=801150", "515170.SH=801120", "512690.SH=801120",
	"515790.SH=801730", "159755.SZ=801730", "516160.SH=801730", "516110.SH=801880",
	"512400.SH=801050", "515220.SH=801950", "515210.SH=801040", "159870.SZ=801030",
	"512200.SH=801180", "512980.SH=801760", "159869.SZ=801760", "515880.SH=801770",
	"159996.SZ=801110", "159886.SZ=801890", "159825.SZ=801010", "159745.SZ=801710",
	"516970.SH=801720", "159666.SZ=801170", "159611.SZ=801160", "512580.SH=801970",
	"159766.SZ=801210", "159697.SZ=801960",
}

// DefaultPresets are the built-in presets: cn-sectors (Shenwan levels 1
// and 2, CSI 300 and CSI All Share, sector and themed ETFs with shares,
// margin and main-force flows of the members of 国防军工, Eastmoney industry
// boards with fund flows) and us-sectors (the eleven Select Sector SPDRs and
// SPY from Yahoo).
func DefaultPresets() map[string]Preset {
	return map[string]Preset{
		"cn-sectors": {Market: MarketCN, Start: "8y", DailyStart: "1y", Benchmarks: []string{"000300.SH", "000985.SH"},
			SWLevels: []int{1, 2}, Sectors: []string{"801740"}, Boards: true, ETFs: append([]string(nil), cnETFs...), Margin: true},
		"us-sectors": {Market: MarketUS, Start: "20y", Benchmarks: []string{"SPY.US"}, Source: "yahoo", Taxonomy: "spdr",
			Tickers: []string{"XLB.US=Materials", "XLC.US=Communication Services", "XLE.US=Energy", "XLF.US=Financials",
				"XLI.US=Industrials", "XLK.US=Technology", "XLP.US=Consumer Staples", "XLRE.US=Real Estate",
				"XLU.US=Utilities", "XLV.US=Health Care", "XLY.US=Consumer Discretionary"}},
	}
}

// PresetNames returns the configured preset names, sorted.
func (c Config) PresetNames() []string {
	var out []string
	for n := range c.Sync.Presets {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var spanRE = regexp.MustCompile(`^(\d+)([ymd])$`)

// ResolveStart reads a preset start — a date or a span back from today.
func ResolveStart(s string, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if m := spanRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		switch m[2] {
		case "y":
			return today.AddDate(-n, 0, 0), nil
		case "m":
			return today.AddDate(0, -n, 0), nil
		default:
			return today.AddDate(0, 0, -n), nil
		}
	}
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (YYYY-MM-DD) nor a span like 8y, 18m or 90d", s)
	}
	return d, nil
}

// mergeSync copies the [sources] and [sync] settings of a file over c.
func (c *Config) mergeSync(f Config, defined func(keys ...string) bool, where string) {
	for name, s := range f.SourceSettings {
		cur := c.SourceSettings[name]
		if defined("sources", name, "base_url") {
			cur.BaseURL = s.BaseURL
		}
		if defined("sources", name, "rate") {
			cur.Rate = s.Rate
		}
		if defined("sources", name, "token") {
			cur.Token = s.Token
		}
		if defined("sources", name, "timeout") {
			cur.Timeout = s.Timeout
		}
		if defined("sources", name, "attempts") {
			cur.Attempts = s.Attempts
		}
		if defined("sources", name, "ca_file") {
			cur.CAFile = s.CAFile
		}
		c.SourceSettings[name] = cur
		c.Sources["sources."+name] = where
	}
	if defined("sync", "route") {
		c.Sync.Route, c.Sources["sync.route"] = strings.ToLower(f.Sync.Route), where
	}
	if defined("sync", "overlap_days") {
		c.Sync.OverlapDays, c.Sources["sync.overlap_days"] = f.Sync.OverlapDays, where
	}
	for name, p := range f.Sync.Presets {
		c.Sync.Presets[name] = p
		c.Sources["sync.presets."+name] = where
	}
}

// validateSync rejects unknown sources, bad URLs and impossible presets.
func (c Config) validateSync() error {
	bad := func(key, format string, args ...any) error {
		where := c.Sources[key]
		if where == "" {
			where = "default"
		}
		return fmt.Errorf("%s (from %s): %s", key, where, fmt.Sprintf(format, args...))
	}
	for name, s := range c.SourceSettings {
		key := "sources." + name
		if !slices.Contains(SourceNames, name) {
			return bad(key, "unknown source %q (known: %s)", name, strings.Join(SourceNames, ", "))
		}
		if s.BaseURL != "" {
			u, err := url.Parse(s.BaseURL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return bad(key, "base_url %q is not an http(s) URL", s.BaseURL)
			}
		}
		if s.Rate < 0 {
			return bad(key, "rate %g is negative", s.Rate)
		}
		if s.Timeout.Duration < 0 || s.Attempts < 0 {
			return bad(key, "timeout and attempts must not be negative")
		}
	}
	switch c.Sync.Route {
	case RouteDirect, RouteAKTools:
	default:
		return bad("sync.route", "%q is not direct or aktools", c.Sync.Route)
	}
	if c.Sync.OverlapDays < 0 {
		return bad("sync.overlap_days", "%d is negative", c.Sync.OverlapDays)
	}
	for _, name := range c.PresetNames() {
		if err := c.Sync.Presets[name].validate(); err != nil {
			return bad("sync.presets."+name, "%v", err)
		}
	}
	return nil
}

func (p Preset) validate() error {
	now := time.Now()
	if _, err := ResolveStart(p.Start, now); err != nil {
		return fmt.Errorf("start: %v", err)
	}
	if _, err := ResolveStart(p.DailyStart, now); err != nil {
		return fmt.Errorf("daily_start: %v", err)
	}
	switch p.Market {
	case MarketCN:
		for _, l := range p.SWLevels {
			if l < 1 || l > 3 {
				return fmt.Errorf("sw_levels: %d is not 1, 2 or 3", l)
			}
		}
		for _, e := range p.ETFs {
			if sym, sec, ok := strings.Cut(e, "="); !ok || sym == "" || sec == "" {
				return fmt.Errorf("etfs: %q is not SYMBOL=SECTOR", e)
			}
		}
	case MarketUS:
		switch p.Source {
		case "yahoo", "stooq":
		default:
			return fmt.Errorf("source %q is not yahoo or stooq", p.Source)
		}
		for _, e := range p.Tickers {
			if sym, name, ok := strings.Cut(e, "="); !ok || sym == "" || name == "" {
				return fmt.Errorf("tickers: %q is not SYMBOL=Sector name", e)
			}
		}
	default:
		return fmt.Errorf("market %q is not cn or us", p.Market)
	}
	return nil
}
