package aktools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/source/transport"
)

// DefaultBaseURL is where `python -m aktools` listens unless told otherwise.
const DefaultBaseURL = "http://127.0.0.1:8080"

// Route prefixes of AKTools' generic data endpoint. AKTools checks a bearer
// token (from its /auth login) on the private route only; the public route
// ignores it (a reverse proxy in front of AKTools may check it there).
const (
	PublicPrefix  = "/api/public"
	PrivatePrefix = "/api/private"
)

// Client calls AKShare functions through a running AKTools server. Retries,
// rate limits, the host allow list, body caps and the bearer token belong to
// the injected *http.Client's transport (NewTransport).
type Client struct {
	Endpoint transport.Endpoint
	// Prefix is the route the function name is appended to: PublicPrefix
	// (the default) or PrivatePrefix.
	Prefix string
}

// New returns a Client using httpClient (http.DefaultClient when nil) and
// baseURL (DefaultBaseURL when empty; tests point it at an httptest server).
func New(httpClient *http.Client, baseURL string) *Client {
	return &Client{Endpoint: transport.NewEndpoint(httpClient, baseURL, DefaultBaseURL, ""), Prefix: PublicPrefix}
}

// ValidFunction reports whether name can be an AKShare function name: one or
// more of a-z, 0-9 and _. Anything else is refused before a request is sent
// (AKTools evaluates the name inside Python).
func ValidFunction(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Call runs the AKShare function with params (sent as the query string,
// each value one keyword argument) and returns its rows: one map per
// DataFrame row, keyed by column name. Numbers are json.Number, missing
// values (NaN in pandas) nil, strings and dates strings (see the package
// doc for the date forms). An empty answer is no rows and no error.
func (c *Client) Call(ctx context.Context, function string, params url.Values) ([]map[string]any, error) {
	t, err := c.call(ctx, function, params)
	if err != nil {
		return nil, sextant.WrapError(sextant.EUNAVAILABLE, "aktools.Call", err)
	}
	return t.rows, nil
}

// call fetches function and decodes its rows into a table. Its errors are
// *sextant.Error values without an op; callers wrap them with theirs.
func (c *Client) call(ctx context.Context, function string, params url.Values) (table, error) {
	if !ValidFunction(function) {
		return table{}, sextant.Errorf(sextant.EINVALID, "aktools: function name %q is not [a-z0-9_]+", function)
	}
	prefix := c.Prefix
	if prefix == "" {
		prefix = PublicPrefix
	}
	path := strings.TrimRight(prefix, "/") + "/" + function
	if q := params.Encode(); q != "" {
		path += "?" + q
	}
	resp, err := c.Endpoint.Get(ctx, "aktools", path, "application/json")
	if err != nil {
		// A refusal by a transport decorator (host allow list, body cap,
		// open breaker) keeps its code; anything else is the server's absence.
		code := sextant.EUNAVAILABLE
		var se *sextant.Error
		if errors.As(err, &se) && se.Code != "" {
			code = se.Code
		}
		return table{}, &sextant.Error{Code: code, Message: fmt.Sprintf("aktools: %s: %s", function, strings.TrimPrefix(sextant.ErrorMessage(err), "aktools: ")), Err: err}
	}
	rows, err := decode(function, resp)
	if err != nil {
		return table{}, err
	}
	return table{fn: function, rows: rows}, nil
}

// decode reads an AKTools answer. An error status, a body that is not JSON
// or AKTools' {"error": …} object is EUNAVAILABLE; JSON that is not an array
// of objects is EINVALID.
func decode(function string, resp *transport.Response) ([]map[string]any, error) {
	body := bytes.TrimSpace(resp.Body)
	if resp.Status/100 != 2 {
		msg := fmt.Sprintf("aktools: %s: HTTP %d", function, resp.Status)
		if e := errorText(body); e != "" {
			msg += ": " + e
		}
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Message: msg}
	}
	if len(body) == 0 || body[0] != '[' && body[0] != '{' {
		what := "an empty body"
		if len(body) > 0 && body[0] == '<' {
			what = "HTML"
		} else if len(body) > 0 {
			what = "a body that is not JSON"
		}
		return nil, &sextant.Error{Code: sextant.EUNAVAILABLE,
			Message: fmt.Sprintf("aktools: %s: HTTP %d with %s (Content-Type %q) instead of JSON rows", function, resp.Status, what, resp.ContentType)}
	}
	if body[0] == '{' {
		if e := errorText(body); e != "" {
			return nil, &sextant.Error{Code: sextant.EUNAVAILABLE, Message: fmt.Sprintf("aktools: %s: AKTools reports: %s", function, e)}
		}
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("aktools: %s: answer is a JSON object, want an array of rows", function)}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("aktools: %s: malformed JSON rows", function), Err: err}
	}
	for i, r := range rows {
		if r == nil {
			return nil, &sextant.Error{Code: sextant.EINVALID, Message: fmt.Sprintf("aktools: %s: row %d is null, want an object", function, i)}
		}
	}
	return rows, nil
}

// errorText returns the "error" string of an AKTools error object, cut to
// 200 characters, or "".
func errorText(body []byte) string {
	var e struct {
		Error any `json:"error"`
	}
	if len(body) == 0 || body[0] != '{' || json.Unmarshal(body, &e) != nil || e.Error == nil {
		return ""
	}
	s := fmt.Sprint(e.Error)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}
