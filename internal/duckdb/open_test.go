package duckdb

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// holdEnv makes the test binary a helper process that holds a store open
// until its stdin closes.
const holdEnv = "SEXTANT_DUCKDB_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(hold(path))
	}
	os.Exit(m.Run())
}

func hold(path string) int {
	s, err := Open(context.Background(), path, DefaultOptions())
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer s.Close()
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // returns at EOF
	return 0
}

func TestLockConflict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sextant.duckdb")
	openTest(t, path).Close() // create it

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("helper process: %q", line)
	}

	for _, opts := range []Options{DefaultOptions(), {ReadOnly: true}} {
		_, err := Open(context.Background(), path, opts)
		if err == nil {
			t.Fatalf("Open(%+v) succeeded while another process holds the file", opts)
		}
		if code := sextant.ErrorCode(err); code != sextant.ECONFLICT {
			t.Errorf("code %q, want conflict (%v)", code, err)
		}
		msg := sextant.ErrorMessage(err)
		if !strings.Contains(msg, path) || !strings.Contains(msg, "another Sextant process") || !strings.Contains(msg, "sextant serve") {
			t.Errorf("message %q does not name the path and the holder", msg)
		}
	}

	_ = stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	openTest(t, path) // free again
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.duckdb")
	s := openTest(t, path)
	var versions int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions != SchemaVersion() || versions < 1 {
		t.Fatalf("%d migrations recorded, binary has %d", versions, SchemaVersion())
	}
	s.Close()

	// Reopening applies nothing twice; read-only opens work on a current file.
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ro.Write(ctx, market.IngestRun{Source: "test"}, &market.Batch{})
	if sextant.ErrorCode(err) != sextant.ECONFLICT {
		t.Errorf("write to a read-only store: %v", err)
	}
	ro.Close()

	// A file from a newer binary is refused.
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, path, DefaultOptions())
	if sextant.ErrorCode(err) != sextant.ECONFLICT || !strings.Contains(sextant.ErrorMessage(err), "newer") {
		t.Errorf("opening a newer store: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, filepath.Join(t.TempDir(), "missing.duckdb"), Options{ReadOnly: true})
	if err == nil || sextant.ErrorMessage(err) == "internal error" {
		t.Errorf("read-only open of a missing file: %v", err)
	}
	_, err = Open(ctx, "", Options{ReadOnly: true})
	if sextant.ErrorCode(err) != sextant.EINVALID {
		t.Errorf("read-only in-memory store: %v", err)
	}
}

// TestMatrixPaths checks that the native columnar reader and the
// database/sql reader build identical matrices over several result chunks
// with NULLs, gaps and repeated symbols.
func TestMatrixPaths(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, filepath.Join(t.TempDir(), "s.duckdb"))
	var bars []market.Bar
	for j := range 40 {
		sym := market.Symbol(fmt.Sprintf("%06d.SZ", j))
		for d := range 300 {
			if (d+j)%7 == 0 {
				continue // gap
			}
			b := market.Bar{Symbol: sym, Date: market.Day(2020, 1, 1).AddDate(0, 0, d), Close: float64(j*1000 + d), Turnover: float64(d)}
			if (d*j)%11 == 0 {
				b.Turnover = math.NaN()
			}
			bars = append(bars, b)
		}
	}
	if _, err := s.Write(ctx, market.IngestRun{Source: "test"}, &market.Batch{Bars: bars}); err != nil {
		t.Fatal(err)
	}
	syms := []market.Symbol{"000003.SZ", "NOPE.SZ", "000001.SZ", "000003.SZ"}
	for j := 10; j < 40; j++ {
		syms = append(syms, market.Symbol(fmt.Sprintf("%06d.SZ", j)))
	}
	for _, field := range []market.BarField{market.FieldClose, market.FieldTurnover} {
		q := matrixSQL(syms, market.Day(2020, 1, 10), market.Day(2020, 9, 1), fieldExpr[field])
		raw, err := s.raw.matrix(ctx, q, syms)
		if err != nil {
			t.Fatal(err)
		}
		viaSQL, err := s.sqlMatrix(ctx, q, syms)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(raw), fmt.Sprint(viaSQL); got != want {
			t.Errorf("%s: native and database/sql matrices differ", field)
		}
		if len(raw.Dates) != 236 || field == market.FieldClose && raw.Values[0][0] != 3009 || !math.IsNaN(raw.Values[1][0]) {
			t.Errorf("%s: %d dates, first values %v %v", field, len(raw.Dates), raw.Values[0][0], raw.Values[1][0])
		}
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.BarMatrix(cancelled, syms, time.Time{}, time.Time{}, market.FieldClose); err == nil {
		t.Error("BarMatrix with a cancelled context succeeded")
	}
}
