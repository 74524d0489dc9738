package understand

import "unicode"

// WithContext completes a follow-up question with the conversation so
// far (prev, itself possibly completed). A question that is not a
// follow-up is returned as is. For a follow-up:
//
//   - "and what about satellites?", "那半导体呢？": no cue of its own, so
//     the previous intents (read for the new entity: a stock gets a stock
//     analysis) and the previous time range are kept, and the new entities
//     replace the old ones;
//   - "compare it with computers", "和计算机比呢？": a comparison adds its
//     entities to the previous ones;
//   - "is it sustainable?", "资金面呢？": naming nothing, it keeps the
//     previous entities (unless it asks about the whole market or style);
//   - "what about the past 3 months?": a time of its own replaces the
//     previous one.
//
// Inherited entities and times are marked Inherited.
func (u Understanding) WithContext(prev Understanding) Understanding {
	if !u.FollowUp {
		return u
	}
	out := u
	if u.Time == nil && prev.Time != nil {
		t := *prev.Time
		t.Inherited = true
		out.Time = &t
	}
	if detectLangWeak(u.Question) {
		out.Lang = prev.Lang
	}
	named := len(u.Entities) + len(u.Ambiguities)
	compare := hasIntent(u.Intents, IntentCompare)
	switch {
	case compare:
		out.Entities = nil
		seen := map[string]bool{}
		for _, e := range append(inherit(prev.Entities), u.Entities...) {
			if k := entityKey(e); !seen[k] {
				seen[k] = true
				out.Entities = append(out.Entities, e)
			}
		}
	case named == 0 && needsEntity(u):
		out.Entities = inherit(prev.Entities)
		out.Ambiguities = prev.Ambiguities
	}
	if len(u.Cues) == 0 && len(prev.Intents) > 0 {
		out.Intents = adapt(prev.Intents, out.Entities, len(out.Ambiguities) > 0)
	} else if !compare && named == 0 {
		out.Intents = resolveIntents(u.Cues, out.Entities, len(out.Ambiguities) > 0)
	}
	return out
}

// needsEntity reports whether a question that names nothing is about the
// previous entities: it is unless it asks about the market or style only.
func needsEntity(u Understanding) bool {
	for _, in := range u.Intents {
		if in != IntentMarket && in != IntentStyle {
			return true
		}
	}
	return len(u.Cues) == 0
}

func inherit(es []Entity) []Entity {
	out := make([]Entity, len(es))
	for i, e := range es {
		e.Inherited = true
		out[i] = e
	}
	return out
}

// adapt reads previous intents for new entities: the sector-, stock-,
// ETF- and market-level readings of "how is it doing" trade places.
func adapt(prev []Intent, ents []Entity, ambiguous bool) []Intent {
	general := map[Intent]bool{IntentSector: true, IntentStock: true, IntentETF: true, IntentMarket: true}
	want := defaultIntent(mainKind(ents, ambiguous))
	var out []Intent
	for _, in := range prev {
		if general[in] {
			in = want
		}
		if !hasIntent(out, in) {
			out = append(out, in)
		}
	}
	if want == IntentStock {
		out = putFirst(out, IntentStock)
	}
	return out
}

// detectLangWeak reports a question too short to tell its language: no
// Han character and no lower-case English word ("XLK?", "512660").
func detectLangWeak(q string) bool {
	for _, r := range q {
		if r >= 'a' && r <= 'z' || unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
