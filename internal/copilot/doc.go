// Package copilot turns questions into verified reports: understand (the
// question's language, entities, intents and time range; see
// internal/copilot/understand) → plan (which report and which read-only
// tools an intent needs) → run the tools → narrate (bilingual templates,
// or an LLM that is given the facts and passages and may call the same
// tools) → verify (every figure a fact, every [n] a supporting source) →
// the report.
//
// It is orchestration: it reads through the interfaces it is given
// (compose.Sources, llm.Client) and streams its progress as Events through
// one callback that the CLI uses now and the HTTP server will use later.
// Documents are data: text inside them never changes the plan, and a tool
// call the model makes about anything the question did not ask about is
// refused.
package copilot
