package sextant

import (
	"errors"
	"fmt"
	"strings"
)

// Application error codes. Every boundary (CLI exit codes, HTTP status, SSE
// error events) translates these codes once; nothing else is shown to users.
const (
	EINVALID      = "invalid"      // the input is wrong: bad flag, malformed file, impossible value
	ENOTFOUND     = "not_found"    // a symbol, sector, file or record does not exist
	ECONFLICT     = "conflict"     // the resource is busy or in a conflicting state (store locked)
	EUNAUTHORIZED = "unauthorized" // missing or wrong credentials
	EUNAVAILABLE  = "unavailable"  // a dependency (network source, LLM, browser) cannot be reached
	EINTERNAL     = "internal"     // a bug or an unexpected failure
)

// Error is Sextant's application error. Message is safe to show to a user;
// Op names the operation that failed ("duckdb.Write", "csvfile.Parse"); Err
// is the wrapped cause, for logs and errors.Is/As.
type Error struct {
	Code    string
	Message string
	Op      string
	Err     error
}

// Error implements the error interface: "op: message: cause".
func (e *Error) Error() string {
	s := e.Message
	if s == "" && e.Err != nil {
		s = e.Err.Error()
	} else if e.Err != nil && !strings.Contains(s, e.Err.Error()) {
		s += ": " + e.Err.Error() // Errorf with %w already wrote the cause into the message
	}
	if e.Op != "" {
		s = e.Op + ": " + s
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
// A %w verb in format also sets Err.
func Errorf(code, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Code: code, Message: err.Error(), Err: errors.Unwrap(err)}
}

// WrapError wraps err with an op and a code unless err already carries an
// application code, in which case only the op is recorded around it.
func WrapError(code, op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return &Error{Code: e.Code, Op: op, Err: err}
	}
	return &Error{Code: code, Op: op, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the message of the first
// *Error that has one, or a generic text for unexpected errors.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	for cur := err; errors.As(cur, &e); cur = e.Err {
		if e.Message != "" {
			return e.Message
		}
		if e.Err == nil {
			break
		}
	}
	return "internal error"
}
