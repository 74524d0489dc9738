// Package report is the format-neutral model of a Sextant research report
// and its renderers: terminal, Markdown, JSON and self-contained HTML.
//
// A [Report] is built by orchestration (internal/compose) from facts,
// tables, charts and citations; the model never holds a bare figure. Prose
// and table cells are short strings in a tiny inline markup:
//
//	{{F12}}   the value of fact F12, formatted for the report's language
//	[[C3]]    a reference marker, rendered "[n]" with n its number in the
//	          references (C… are document citations, D… data citations)
//
// so that every figure a renderer prints comes from the fact ledger
// (evidence.Fact) and every reference marker from the reference list. The
// JSON form is the model itself (schema in docs/report-schema.md, versioned
// by [Schema]); `sextant explain` reads it back.
//
// Renderers are pure: a report in, bytes out. Charts are drawn by
// internal/report/chart.
package report
