package ingest

import (
	"reflect"
	"testing"

	"github.com/sextant-ai/sextant/internal/market"
)

func TestReconcile(t *testing.T) {
	m := func(sym string, from, to string, w float64) market.Membership {
		ms := market.Membership{Taxonomy: "em-industry", Sector: "BK0480", Symbol: market.Symbol(sym), From: day(from), Weight: w}
		if to != "" {
			ms.To = day(to)
		}
		return ms
	}
	snap := func(syms ...string) []Member {
		var out []Member
		for _, s := range syms {
			out = append(out, Member{Symbol: market.Symbol(s)})
		}
		return out
	}
	today, first := day("2024-06-03"), day("2022-01-01")
	tests := []struct {
		name     string
		stored   []market.Membership
		snapshot []Member
		want     []market.Membership
	}{
		{"first snapshot holds over the history", nil, snap("A.SH", "B.SZ"),
			[]market.Membership{m("A.SH", "2022-01-01", "", 0), m("B.SZ", "2022-01-01", "", 0)}},
		{"unchanged snapshot writes nothing", []market.Membership{m("A.SH", "2022-01-01", "", 0)}, snap("A.SH"), nil},
		{"a joiner opens today, a leaver closes today",
			[]market.Membership{m("A.SH", "2022-01-01", "", 0), m("B.SZ", "2022-01-01", "", 0)}, snap("A.SH", "C.SH"),
			[]market.Membership{m("B.SZ", "2022-01-01", "2024-06-03", 0), m("C.SH", "2024-06-03", "", 0)}},
		{"a published inclusion date wins", []market.Membership{m("A.SH", "2022-01-01", "", 0)},
			[]Member{{Symbol: "A.SH"}, {Symbol: "D.SH", Since: day("2024-05-20"), Weight: 0.5}},
			[]market.Membership{m("D.SH", "2024-05-20", "", 0.5)}},
		{"a rejoiner starts after its last membership ended",
			[]market.Membership{m("A.SH", "2022-01-01", "", 0), m("E.SH", "2022-01-01", "2024-05-01", 0)},
			[]Member{{Symbol: "A.SH"}, {Symbol: "E.SH", Since: day("2021-01-01")}},
			[]market.Membership{m("E.SH", "2024-05-01", "", 0)}},
		{"a new weight updates the open membership", []market.Membership{m("A.SH", "2022-01-01", "", 0.1)},
			[]Member{{Symbol: "A.SH", Weight: 0.2}}, []market.Membership{m("A.SH", "2022-01-01", "", 0.2)}},
		{"a membership opened today is not closed today", []market.Membership{m("A.SH", "2022-01-01", "", 0), m("F.SH", "2024-06-03", "", 0)},
			snap("A.SH"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Reconcile(tc.stored, tc.snapshot, "em-industry", "BK0480", today, first)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			for _, ms := range got {
				if err := ms.Validate(); err != nil {
					t.Errorf("invalid membership %+v: %v", ms, err)
				}
			}
		})
	}
}
