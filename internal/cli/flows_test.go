package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

type flowsDoc struct {
	AsOf   string `json:"asof"`
	Demo   bool   `json:"demo"`
	Sector *struct {
		Code string `json:"code"`
	} `json:"sector"`
	Measures []struct {
		Measure string `json:"measure"`
		Members int    `json:"members"`
		Windows map[string]struct {
			Sum *float64 `json:"sum"`
			Z   *float64 `json:"z"`
		} `json:"windows"`
	} `json:"measures"`
	ETFs []struct {
		Symbol         string   `json:"symbol"`
		NetCreation20D *float64 `json:"net_creation_20d"`
		ShareChangePct *float64 `json:"share_change_pct_20d"`
		Returns        map[string]*float64
	} `json:"etfs"`
}

func TestFlowsDemoSectors(t *testing.T) {
	home, _ := demoHome(t)
	tests := []struct {
		sector string
		code   string
		sign   float64 // planted direction of the last 20 days' flows
	}{
		{"军工", "801740", +1},
		{"Defense & Aerospace", "801740", +1},
		{"801750.SI", "801750", -1},
	}
	for _, tt := range tests {
		t.Run(tt.sector, func(t *testing.T) {
			res := run(t, home, "flows", "--sector", tt.sector, "--format", "json")
			if res.code != 0 {
				t.Fatalf("exit %d: %s", res.code, res.err)
			}
			var doc flowsDoc
			if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
				t.Fatalf("%v\n%s", err, res.out)
			}
			if !doc.Demo || doc.Sector == nil || doc.Sector.Code != tt.code || doc.AsOf != "2026-11-20" {
				t.Fatalf("header %+v", doc)
			}
			got := map[string]float64{}
			for _, m := range doc.Measures {
				if w, ok := m.Windows["20d"]; ok && w.Sum != nil {
					got[m.Measure] = *w.Sum
				}
				if m.Members == 0 {
					t.Errorf("%s: no contributors", m.Measure)
				}
			}
			for _, k := range []string{"etf_net_creation", "margin_net_purchase", "main_net_flow"} {
				v, ok := got[k]
				if !ok || v*tt.sign <= 0 {
					t.Errorf("%s 20-day sum = %v (present %v), want sign %+.0f", k, v, ok, tt.sign)
				}
			}
			if len(doc.ETFs) == 0 {
				t.Fatal("no themed ETFs mapped")
			}
			for _, e := range doc.ETFs {
				if e.NetCreation20D == nil || *e.NetCreation20D*tt.sign <= 0 || e.Returns["1m"] == nil {
					t.Errorf("ETF %s: creation %v returns %v", e.Symbol, e.NetCreation20D, e.Returns)
				}
			}
		})
	}
	table := run(t, home, "flows", "--sector", "国防军工")
	for _, want := range []string{"DEMO", "Themed-ETF net creation", "Margin net purchase", "亿"} {
		if !strings.Contains(table.out, want) {
			t.Errorf("table lacks %q:\n%s", want, table.out)
		}
	}
	etf := run(t, home, "flows", "--etf", "512660", "--format", "json")
	if etf.code != 0 || !strings.Contains(etf.out, `"etf": "512660.SH"`) {
		t.Errorf("--etf: exit %d\n%s\n%s", etf.code, etf.out, etf.err)
	}
	if res := run(t, home, "flows", "--sector", "no such sector"); res.code != ExitNotFound {
		t.Errorf("unknown sector: exit %d", res.code)
	}
	if res := run(t, home, "flows"); res.code != ExitInvalid {
		t.Errorf("no selector: exit %d", res.code)
	}
}
