package eastmoney

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant"
)

func listResp(t *testing.T, body string) clistResponse {
	t.Helper()
	var r clistResponse
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("test body: %v", err)
	}
	return r
}

func rows(total int, diff string) string {
	return `{"rc":0,"data":{"total":` + strconv.Itoa(total) + `,"diff":[` + diff + `]}}`
}

func TestListFromWireMapsSymbols(t *testing.T) {
	tests := []struct {
		name   string
		mapRow rowMapper
		row    string
		want   Listing
	}{
		{"industry board", boardRow, `{"f12":"BK0480","f13":90,"f14":"航天航空"}`, Listing{"BK0480.EM", "航天航空"}},
		{"concept board", boardRow, `{"f12":"BK1036","f13":90,"f14":" 半导体 "}`, Listing{"BK1036.EM", "半导体"}},
		{"Shanghai main board", stockRow, `{"f12":"600519","f13":1,"f14":"贵州茅台"}`, Listing{"600519.SH", "贵州茅台"}},
		{"STAR market", stockRow, `{"f12":"688297","f13":1,"f14":"中无人机"}`, Listing{"688297.SH", "中无人机"}},
		{"Shenzhen main board", stockRow, `{"f12":"000001","f13":0,"f14":"平安银行"}`, Listing{"000001.SZ", "平安银行"}},
		{"ChiNext", stockRow, `{"f12":"300750","f13":0,"f14":"宁德时代"}`, Listing{"300750.SZ", "宁德时代"}},
		{"Beijing 4xxxxx", stockRow, `{"f12":"430047","f13":0,"f14":"诺思兰德"}`, Listing{"430047.BJ", "诺思兰德"}},
		{"Beijing 8xxxxx", stockRow, `{"f12":"832000","f13":0,"f14":"安徽凤凰"}`, Listing{"832000.BJ", "安徽凤凰"}},
		{"Beijing 92xxxx", stockRow, `{"f12":"920088","f13":0,"f14":"科力股份"}`, Listing{"920088.BJ", "科力股份"}},
		{"Shanghai ETF", fundRow, `{"f12":"510300","f13":1,"f14":"沪深300ETF"}`, Listing{"510300.SH", "沪深300ETF"}},
		{"Shenzhen ETF", fundRow, `{"f12":"159915","f13":0,"f14":"创业板ETF"}`, Listing{"159915.SZ", "创业板ETF"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := listFromWire(listResp(t, rows(7, tt.row)), tt.mapRow)
			if err != nil {
				t.Fatal(err)
			}
			if page.Total != 7 || len(page.Rows) != 1 || page.Rows[0] != tt.want {
				t.Errorf("page %+v, want total 7 and %+v", page, tt.want)
			}
		})
	}
}

func TestListFromWireEmpty(t *testing.T) {
	page, err := listFromWire(listResp(t, rows(0, "")), boardRow)
	if err != nil || page.Total != 0 || len(page.Rows) != 0 {
		t.Fatalf("page %+v, err %v; want an empty page", page, err)
	}
}

func TestListFromWireDrift(t *testing.T) {
	const good = `{"f12":"600519","f13":1,"f14":"贵州茅台"}`
	tests := []struct {
		name   string
		body   string
		mapRow rowMapper
		code   string
		field  string
	}{
		{"missing data", `{"rc":0}`, stockRow, sextant.EINVALID, "eastmoney: data: missing"},
		{"rc without data", `{"rc":102}`, stockRow, sextant.EUNAVAILABLE, "rc 102"},
		{"null data", `{"rc":0,"data":null}`, stockRow, sextant.ENOTFOUND, "data is null"},
		{"data not an object", `{"rc":0,"data":"x"}`, stockRow, sextant.EINVALID, "eastmoney: data:"},
		{"total missing", `{"rc":0,"data":{"diff":[` + good + `]}}`, stockRow, sextant.EINVALID, "data.total: missing"},
		{"total renamed", `{"rc":0,"data":{"totals":1,"diff":[` + good + `]}}`, stockRow, sextant.EINVALID, "data.total: missing"},
		{"total negative", `{"rc":0,"data":{"total":-1,"diff":[]}}`, stockRow, sextant.EINVALID, "data.total"},
		{"total a string", `{"rc":0,"data":{"total":"1","diff":[]}}`, stockRow, sextant.EINVALID, "eastmoney: data:"},
		{"diff missing", `{"rc":0,"data":{"total":1}}`, stockRow, sextant.EINVALID, "data.diff: missing"},
		{"diff an object (np=0)", `{"rc":0,"data":{"total":1,"diff":{"0":` + good + `}}}`, stockRow, sextant.EINVALID, "data.diff: not an array"},
		{"code missing", rows(1, `{"f13":1,"f14":"贵州茅台"}`), stockRow, sextant.EINVALID, "data.diff[0].f12: missing"},
		{"market missing", rows(2, good+`,{"f12":"600520","f14":"x"}`), stockRow, sextant.EINVALID, "data.diff[1].f13: missing"},
		{"name missing", rows(1, `{"f12":"600519","f13":1}`), stockRow, sextant.EINVALID, "data.diff[0].f14: missing"},
		{"name empty", rows(1, `{"f12":"600519","f13":1,"f14":"-"}`), stockRow, sextant.EINVALID, "f14"},
		{"code a number", rows(1, `{"f12":600519,"f13":1,"f14":"贵州茅台"}`), stockRow, sextant.EINVALID, "data.diff[0]"},
		{"short code", rows(1, `{"f12":"60051","f13":1,"f14":"x"}`), stockRow, sextant.EINVALID, "f12"},
		{"stock on market 116", rows(1, `{"f12":"000700","f13":116,"f14":"腾讯控股"}`), stockRow, sextant.EINVALID, "f13 market 116"},
		{"fund on market 2", rows(1, `{"f12":"510300","f13":2,"f14":"x"}`), fundRow, sextant.EINVALID, "f13 market 2"},
		{"board off market 90", rows(1, `{"f12":"BK0480","f13":1,"f14":"航天航空"}`), boardRow, sextant.EINVALID, "f13 market 1"},
		{"board code", rows(1, `{"f12":"0480","f13":90,"f14":"航天航空"}`), boardRow, sextant.EINVALID, "BKnnnn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := listFromWire(listResp(t, tt.body), tt.mapRow)
			if err == nil {
				t.Fatalf("no error; page %+v", page)
			}
			if page.Rows != nil {
				t.Errorf("rows %+v returned with the error", page.Rows)
			}
			if got := sextant.ErrorCode(err); got != tt.code {
				t.Errorf("code %s, want %s (%v)", got, tt.code, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "eastmoney") || !strings.Contains(msg, tt.field) {
				t.Errorf("error %q does not name eastmoney and %q", msg, tt.field)
			}
		})
	}
}

func TestBoardKind(t *testing.T) {
	for _, tt := range []struct {
		kind BoardKind
		name string
		fs   string
	}{{BoardIndustry, "industry", "m:90 t:2"}, {BoardConcept, "concept", "m:90 t:3"}} {
		fs, ok := tt.kind.fs()
		if tt.kind.String() != tt.name || !ok || fs != tt.fs {
			t.Errorf("%d: %s %q %v, want %s %q", tt.kind, tt.kind, fs, ok, tt.name, tt.fs)
		}
	}
	if _, ok := BoardKind(0).fs(); ok || BoardKind(0).String() != "BoardKind(0)" {
		t.Error("BoardKind(0) has a filter")
	}
}
