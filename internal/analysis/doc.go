// Package analysis assembles the analytics engines into answers about
// sectors and instruments: it resolves what a user typed ("XLK", "军工",
// "Defense & Aerospace", "801740") to stored instruments and sectors, reads
// the aligned data the engines need through the market reader interfaces,
// and runs the pure engines (series, rotation, flows, analog, scoring).
//
// It is orchestration, not an engine: it does I/O through the narrow
// market.*Reader interfaces it is given, never through a concrete store, so
// the CLI, the copilot and the server share it with any store.
package analysis
