package understand

// spellVocabulary are the words the speller corrects towards: long,
// distinctive words of sector names and intent cues that users misspell.
// Each was checked against an English word list (wamerican): no English
// word of seven letters or more lies within reach of one, except those in
// realWords, which are never corrected.
var spellVocabulary = []string{
	// sectors
	"aerospace", "defense", "defence", "semiconductor", "semiconductors", "electronics", "pharmaceutical",
	"pharmaceuticals", "biotechnology", "telecommunications", "telecommunication", "infrastructure",
	"petrochemicals", "petrochemical", "agriculture", "automobiles", "automotive", "conglomerates",
	"machinery", "transportation", "photovoltaics", "photovoltaic", "renewables", "brokerages",
	"cosmetics", "satellites", "satellite", "appliances", "nonferrous", "healthcare", "chipmakers",
	"automakers", "cybersecurity", "robotics", "military", "beverages", "software",
	// cues
	"sustainable", "sustainability", "comparison", "performance", "outperforming", "underperforming",
	"northbound", "southbound", "redemptions", "fundamentals", "catalysts", "overvalued", "undervalued",
}

// spell corrects a misspelt English word towards spellVocabulary
// ("semicondutors" → "semiconductors", "aerospce" → "aerospace",
// "sustanable" → "sustainable"). Only words of seven letters or more are
// corrected, by one edit (two from ten letters), and only when one
// vocabulary word is nearest.
func (d *dict) spell(w string) (string, bool) {
	if len(w) < 7 || d.vocab[w] || realWords[w] {
		return "", false
	}
	if d.vocab[w+"s"] || len(w) > 7 && w[len(w)-1] == 's' && (d.vocab[w[:len(w)-1]] || realWords[w[:len(w)-1]]) {
		return "", false
	}
	limit := 1
	if len(w) >= 10 {
		limit = 2
	}
	best, bestD, ties := "", limit+1, 0
	for v := range d.vocab {
		if abs(len(v)-len(w)) > limit {
			continue
		}
		dist := osa(w, v, limit)
		switch {
		case dist < bestD:
			best, bestD, ties = v, dist, 1
		case dist == bestD:
			ties++
			if v < best {
				best = v
			}
		}
	}
	if bestD > limit || ties != 1 {
		return "", false
	}
	return best, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// osa is the optimal string alignment distance (Levenshtein with
// adjacent transpositions) of two ASCII words, or limit+1 once it is
// sure to exceed limit.
func osa(a, b string, limit int) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// realWords are English words within reach of a vocabulary word; they
// are never corrected.
var realWords = map[string]bool{
	"agricultural": true, "aquiculture": true, "automobiled": true, "cataclysms": true, "catalysis": true,
	"compassion": true, "conglomerated": true, "defensed": true, "electronica": true, "exemptions": true,
	"leverages": true, "militarily": true, "overhauled": true, "receptions": true, "resumptions": true,
	"transformation": true, "transformations": true, "transpiration": true, "undervalue": true, "undervalues": true,
	"fundamentalism": true, "fundamentalist": true, "fundamentally": true,
}
