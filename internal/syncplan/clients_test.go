package syncplan

import (
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sextant-ai/sextant/internal/config"
	"github.com/sextant-ai/sextant/internal/source/stooq"
)

// TestCAFile: a TLS server whose certificate the system does not trust is
// refused, and reached once its certificate is given as ca_file.
func TestCAFile(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	get := func(s config.Source) error {
		s.BaseURL = srv.URL
		cl, base, err := Clients{Settings: map[string]config.Source{"stooq": s}}.client("stooq", stooq.DefaultTransportOptions())
		if err != nil {
			return err
		}
		resp, err := cl.Get(base + "/x")
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	if err := get(config.Source{}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("without ca_file: %v, want a certificate error", err)
	}
	if err := get(config.Source{CAFile: ca}); err != nil {
		t.Errorf("with ca_file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.pem")
	_ = os.WriteFile(bad, []byte("not a certificate"), 0o644)
	if err := get(config.Source{CAFile: bad}); err == nil || !strings.Contains(err.Error(), "ca_file") {
		t.Errorf("a file without certificates: %v", err)
	}
}
