package sourcetest

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// The helpers below serve the opt-in live suites (`go test -tags live`),
// which call the real endpoints and must skip, not fail, where there is no
// network.

// LiveCheck skips the test when err says the network is unreachable and
// fails it on any other error.
func LiveCheck(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if Offline(err) {
		t.Skipf("network unreachable, skipping the live test: %s: %v", what, err)
	}
	t.Fatalf("%s: %v (code %s)", what, err, sextant.ErrorCode(err))
}

// Offline reports an EUNAVAILABLE (or unclassified) error whose cause is a
// dial, DNS or timeout error.
func Offline(err error) bool {
	if code := sextant.ErrorCode(err); code != sextant.EUNAVAILABLE && code != sextant.EINTERNAL {
		return false
	}
	var dns *net.DNSError
	var op *net.OpError
	var ne net.Error
	return errors.As(err, &dns) || errors.As(err, &op) || errors.As(err, &ne) && ne.Timeout()
}

// LiveDay walks back from yesterday in Shanghai (disclosures are published
// T+1) up to 10 days and returns the first day for which have finds rows.
func LiveDay[T any](t *testing.T, what string, have func(day time.Time) ([]T, error)) (time.Time, []T) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	day := market.DayOf(time.Now().In(loc)).AddDate(0, 0, -1)
	for i := 0; i < 10; i, day = i+1, day.AddDate(0, 0, -1) {
		rows, err := have(day)
		LiveCheck(t, what+" "+market.FormatDate(day), err)
		if len(rows) > 0 {
			return day, rows
		}
	}
	t.Fatalf("%s: no rows on any of the last 10 days", what)
	return time.Time{}, nil
}
