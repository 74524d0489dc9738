// Package compose builds research reports (internal/report) from the
// analyses of internal/analysis and the documents of internal/research.
//
// It is orchestration: it runs the analyses a report needs through the
// market and research reader interfaces, turns every figure it will show
// into an evidence.Fact (with its window, formula, inputs and the ingest
// runs that wrote them), cites every document passage it uses, and writes
// the sections of DESIGN §1 from bilingual templates. A section whose data
// is missing says so and why; nothing is invented. Before it returns, the
// template prose is checked like an LLM's would be: every figure must trace
// to the ledger and every reference marker to the reference list
// (Report.Verifier).
package compose
