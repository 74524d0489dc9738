package sextant

import (
	"errors"
	"testing"
)

func TestErrorfWrapsOnce(t *testing.T) {
	cause := errors.New("exec: no such file")
	err := Errorf(EUNAVAILABLE, "chromium: %w", cause)
	if got := err.Error(); got != "chromium: exec: no such file" {
		t.Errorf("Error() = %q, want the cause once", got)
	}
	if !errors.Is(err, cause) {
		t.Error("cause lost")
	}
	w := &Error{Code: EINTERNAL, Message: "write failed", Err: cause}
	if got := w.Error(); got != "write failed: exec: no such file" {
		t.Errorf("Error() = %q", got)
	}
}
