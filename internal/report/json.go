package report

import (
	"encoding/json"
	"fmt"
)

// JSON renders the report model as indented JSON (docs/report-schema.md).
func JSON(r *Report) ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ReadJSON reads a report written by JSON, refusing other schema versions.
func ReadJSON(b []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("not a Sextant report: %v", err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("report schema %q, this sextant reads %q", r.Schema, Schema)
	}
	return &r, nil
}
