package understand

import (
	"sort"
	"strings"
	"time"

	"github.com/sextant-ai/sextant/internal/market"
)

// Catalog is what a question is understood against: the store's sectors
// and instruments, and its latest trading day, the anchor of relative
// time ("past month" ends there).
type Catalog struct {
	Sectors     []market.Sector
	Instruments []market.Instrument
	AsOf        time.Time
}

// Intent is what a question asks for.
type Intent string

// Intents, in no particular order.
const (
	IntentDrivers        Intent = "drivers"         // what drove a move
	IntentSustainability Intent = "sustainability"  // will it last
	IntentSector         Intent = "sector_overview" // how a sector is doing
	IntentCompare        Intent = "compare"         // two or more sectors or instruments side by side
	IntentFlows          Intent = "flows"           // ETF creations, margin, main-force and northbound money
	IntentStock          Intent = "stock"           // one company
	IntentETF            Intent = "etf_selection"   // which ETF, or one ETF
	IntentStyle          Intent = "style"           // growth vs value, large vs small
	IntentMarket         Intent = "market_overview" // the whole market, sector leaderboard
)

// Entity kinds.
const (
	KindSector     = "sector"
	KindInstrument = "instrument"
)

// How an entity was recognised (Entity.Via).
const (
	ViaName    = "name"          // the sector's or instrument's own name (or its index's)
	ViaAlias   = "alias"         // an alias stored with the sector
	ViaCurated = "curated alias" // the curated bilingual table (aliases.go)
	ViaCode    = "code"          // a numeric code, with or without venue (512660, 600519.SH, 801740)
	ViaTicker  = "ticker"        // an alphabetic ticker (XLK, XLK.US)
	ViaShort   = "short name"    // a company name without its place prefix (茅台 for 贵州茅台)
)

// Entity is one sector or instrument the question names.
type Entity struct {
	Kind  string `json:"kind"`  // KindSector or KindInstrument
	Text  string `json:"text"`  // as written in the question
	Start int    `json:"start"` // byte offsets in the question: Question[Start:End] == Text
	End   int    `json:"end"`
	// Sector is set for sectors; Symbol is the sector's index symbol or
	// the instrument's symbol; Name its name in the listing language.
	Sector         *market.Sector `json:"sector,omitempty"`
	Symbol         market.Symbol  `json:"symbol,omitempty"`
	InstrumentKind market.Kind    `json:"instrument_kind,omitempty"` // stock, etf, index… for instruments
	Name           string         `json:"name"`
	Via            string         `json:"via"`
	// Assumption states, in the question's language, how an alias was
	// read ("interpreted "defense" as Shenwan 国防军工 (Defense &
	// Aerospace, sw2021 801740)"); empty when the entity was named as is.
	Assumption string `json:"assumption,omitempty"`
	// Inherited marks an entity carried over from an earlier question by
	// WithContext; its offsets refer to that question.
	Inherited bool `json:"inherited,omitempty"`
}

// TimeRange is the period a question is about. Window is one of the
// standard windows (1d 1w 1m 3m 6m 1y ytd) when the range is one, else "".
type TimeRange struct {
	Text      string    `json:"text"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Window    string    `json:"window,omitempty"`
	Inherited bool      `json:"inherited,omitempty"`
}

// Ambiguity is a mention with several equally plausible readings, most
// plausible first; each candidate carries its own assumption.
type Ambiguity struct {
	Text       string   `json:"text"`
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Candidates []Entity `json:"candidates"`
}

// Cue is a phrase that pointed to an intent.
type Cue struct {
	Intent Intent `json:"intent"`
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Weight int    `json:"weight"`
}

// Understanding is what a question asks.
type Understanding struct {
	Question string   `json:"question"`
	Lang     string   `json:"lang"`    // "zh" or "en"
	Intents  []Intent `json:"intents"` // primary first; never empty
	// Cues are the phrases behind the intents; none when the intents are
	// defaults (a sector alone reads as a sector overview).
	Cues        []Cue       `json:"cues,omitempty"`
	Entities    []Entity    `json:"entities,omitempty"` // in the order written
	Time        *TimeRange  `json:"time,omitempty"`
	Ambiguities []Ambiguity `json:"ambiguities,omitempty"`
	// FollowUp reports that the question leans on an earlier one ("and
	// what about satellites?", "那半导体呢？", "is it sustainable?");
	// WithContext fills in what it leaves out.
	FollowUp bool `json:"follow_up,omitempty"`
}

// Understand reads a question against a catalog.
func Understand(question string, cat Catalog) Understanding {
	d := newDict(cat, prepare(question, nil).norm)
	t := prepare(question, d.spell)
	u := Understanding{Question: question, Lang: detectLang(question)}
	var taken []span
	if tr, sp, ok := findTime(t, cat.AsOf); ok {
		u.Time = &tr
		taken = append(taken, sp)
	}
	var named []span
	u.Entities, u.Ambiguities, named = d.link(t, u.Lang, taken)
	taken = append(taken, named...)
	u.Cues = findCues(t, taken)
	u.Entities = d.etfsAsSectors(t, u.Lang, u.Entities, u.Cues)
	u.Intents = resolveIntents(u.Cues, u.Entities, len(u.Ambiguities) > 0)
	u.FollowUp = isFollowUp(t, u, taken)
	return u
}

// Assumptions are the entities' assumptions, in order, without repeats.
func (u Understanding) Assumptions() []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range u.Entities {
		if e.Assumption != "" && !seen[e.Assumption] {
			seen[e.Assumption] = true
			out = append(out, e.Assumption)
		}
	}
	return out
}

// Assume resolves each ambiguity to its most plausible candidate, whose
// assumption then also names the other readings. A report uses it to go
// on with a stated assumption; a chat asks the user back instead.
func (u Understanding) Assume() Understanding {
	if len(u.Ambiguities) == 0 {
		return u
	}
	out := u
	out.Entities = append([]Entity(nil), u.Entities...)
	for _, a := range u.Ambiguities {
		if len(a.Candidates) == 0 {
			continue
		}
		e := a.Candidates[0]
		var others []string
		for _, c := range a.Candidates[1:] {
			others = append(others, c.Name)
		}
		if len(others) > 0 {
			if u.Lang == "zh" {
				e.Assumption += "；也可能指" + strings.Join(others, "、")
			} else {
				e.Assumption += "; it could also mean " + strings.Join(others, ", ")
			}
		}
		out.Entities = append(out.Entities, e)
	}
	sort.SliceStable(out.Entities, func(i, j int) bool { return out.Entities[i].Start < out.Entities[j].Start })
	out.Ambiguities = nil
	return out
}
