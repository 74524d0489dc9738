// Package understand turns a user's question, in Chinese or English, into
// what the copilot needs to plan an answer: the language, the entities
// named (sectors and instruments, linked against the store's catalog and a
// curated bilingual alias table), the intents (drivers, sustainability,
// sector overview, comparison, flows, stock, ETF selection, style, market
// overview) and the time range, relative to the store's latest trading day.
//
// It is pure: the caller reads a Catalog from the store and passes it in;
// Understand does no I/O, reads no clock and keeps no state. The main
// types are Catalog, Understanding (with its Entities, Intents, TimeRange
// and Ambiguities) and the two functions Understand and
// Understanding.WithContext (follow-up questions in a conversation).
//
// The rules (alias table, intent cues, time expressions, follow-ups) are
// documented in docs/copilot.md, "Understanding questions".
package understand
