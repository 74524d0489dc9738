package understand

import (
	"fmt"
	"strings"

	"github.com/sextant-ai/sextant/internal/market"
)

// entityOf makes the entity of a reading at a span.
func entityOf(t text, at span, tg target, lang string) Entity {
	e := Entity{Text: t.written(at), Via: tg.via}
	e.Start, e.End = t.orig(at)
	if tg.sector != nil {
		s := *tg.sector
		e.Kind, e.Sector, e.Symbol, e.Name = KindSector, &s, s.IndexSymbol, s.Name
		if tg.via == ViaAlias || tg.via == ViaCurated {
			e.Assumption = sectorAssumption(lang, e.Text, &s, tg.theme)
		}
	} else {
		in := tg.inst
		e.Kind, e.Symbol, e.Name, e.InstrumentKind = KindInstrument, in.Symbol, in.Name, in.Kind
		if e.Name == "" {
			e.Name = in.NameEN
		}
		if tg.via == ViaShort {
			if lang == "zh" {
				e.Assumption = fmt.Sprintf("将“%s”理解为%s（%s）", e.Text, e.Name, in.Symbol)
			} else {
				e.Assumption = fmt.Sprintf("interpreted %q as %s (%s)", e.Text, instrumentLabel(in), in.Symbol)
			}
		}
	}
	if sp := spelling(t, at, lang); sp != "" {
		if e.Assumption == "" {
			e.Assumption = strings.TrimSuffix(strings.TrimSuffix(sp, "; "), "；")
		} else {
			e.Assumption = sp + e.Assumption
		}
	}
	return e
}

// spelling names the words corrected inside a span.
func spelling(t text, at span, lang string) string {
	var sb strings.Builder
	for _, f := range t.fixed {
		if f.at.overlaps(at) {
			if lang == "zh" {
				fmt.Fprintf(&sb, "将“%s”视为“%s”；", f.written, t.norm[f.at.s:f.at.e])
			} else {
				fmt.Fprintf(&sb, "read %q as %q; ", f.written, t.norm[f.at.s:f.at.e])
			}
		}
	}
	return sb.String()
}

func instrumentLabel(in *market.Instrument) string {
	if in.NameEN != "" && in.Name != "" && in.NameEN != in.Name {
		return in.Name + " / " + in.NameEN
	}
	if in.Name != "" {
		return in.Name
	}
	return in.NameEN
}

// sectorAssumption says how words were read as a sector, in the
// question's language: interpreted "defense" as Shenwan 国防军工 (Defense &
// Aerospace, sw2021 801740).
func sectorAssumption(lang, written string, s *market.Sector, theme bool) string {
	sw := strings.HasPrefix(s.Taxonomy, "sw")
	if lang == "zh" {
		var label string
		switch {
		case sw && s.Level == 1:
			label = "申万一级行业" + s.Name
		case sw:
			label = "申万行业" + s.Name
		default:
			label = "行业" + s.Name
		}
		label += "（" + s.Taxonomy + " " + s.Code + "）"
		if theme {
			return fmt.Sprintf("将“%s”归入其所属的%s", written, label)
		}
		return fmt.Sprintf("将“%s”理解为%s", written, label)
	}
	label := s.Name
	if sw {
		label = "Shenwan " + s.Name
	}
	inner := s.Taxonomy + " " + s.Code
	if s.NameEN != "" && s.NameEN != s.Name {
		inner = s.NameEN + ", " + inner
	}
	out := fmt.Sprintf("interpreted %q as %s (%s)", written, label, inner)
	if theme {
		if sw && s.Level == 1 {
			return out + ", the level-1 sector that covers it"
		}
		return out + ", the sector that covers it"
	}
	return out
}

// etfsAsSectors reads the one ETF a question names, when its name is
// generic ("军工ETF", "Semiconductor ETF"), as its sector when the
// question asks which ETF to pick: the user is choosing among the
// sector's ETFs, not asking about that one fund.
func (d *dict) etfsAsSectors(t text, lang string, ents []Entity, cues []Cue) []Entity {
	picking := false
	for _, c := range cues {
		picking = picking || c.Intent == IntentETF
	}
	etfs := 0
	for _, e := range ents {
		if e.InstrumentKind == market.KindETF {
			etfs++
		}
	}
	if !picking || etfs != 1 {
		// Two ETFs named: the user picks between these two.
		return ents
	}
	var out []Entity
	seen := map[string]bool{}
	for _, e := range ents {
		if s, ok := d.genericETF(t, e, lang); ok {
			e = s
		}
		if k := entityKey(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

func (d *dict) genericETF(t text, e Entity, lang string) (Entity, bool) {
	if e.Kind != KindInstrument || e.InstrumentKind != market.KindETF || e.Via != ViaName || e.Inherited {
		return e, false
	}
	w := strings.ToLower(e.Text)
	stem := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(w, "s"), "etf"))
	if stem == w || stem == "" {
		return e, false
	}
	f := d.forms[fold1(stem)]
	if f == nil || f.block {
		return e, false
	}
	var tg *target
	for i := range f.targets {
		if s := f.targets[i].sector; s != nil && (tg == nil || f.targets[i].prio > tg.prio) {
			tg = &f.targets[i]
		}
	}
	if tg == nil {
		return e, false
	}
	s := *tg.sector
	out := Entity{Kind: KindSector, Start: e.Start, End: e.Start + len(stem), Sector: &s, Symbol: s.IndexSymbol, Name: s.Name, Via: tg.via}
	if out.End > e.End {
		out.End = e.End
	}
	out.Text = t.q[out.Start:out.End]
	out.Text = strings.TrimSpace(out.Text)
	out.End = out.Start + len(out.Text)
	if tg.via == ViaAlias || tg.via == ViaCurated {
		out.Assumption = sectorAssumption(lang, out.Text, &s, tg.theme)
	}
	return out, true
}
