// Package llm is Sextant's neutral vocabulary for talking to a language
// model: the words the copilot uses, whatever serves the model.
//
// A [Request] carries a conversation of [Message]s (system, user, assistant,
// tool), the read-only [Tool]s the model may call (each described by a JSON
// schema), and a token budget. A [Client] answers it with
// [Client.Chat]: while the model writes, every fragment arrives through the
// onDelta callback as a [Delta] (text, reasoning, or pieces of tool calls
// keyed by their index); when the answer is complete, Chat returns the
// assembled [Response] — the assistant [Message] with its full text and
// complete [ToolCall]s in the order the model made them, why the model
// stopped ([FinishReason]) and the tokens it used ([Usage]).
//
// The callback style follows ollama's api.Client.Chat: the stream reports
// its own errors. An error returned by onDelta stops the answer and is
// returned by Chat unchanged; a transport or protocol failure is returned
// as a *sextant.Error (EUNAUTHORIZED, ENOTFOUND, EUNAVAILABLE, EINVALID or
// EINTERNAL) once, by the adapter. A nil onDelta asks for the whole answer
// at once.
//
// [Assembler] turns a sequence of deltas into the final message; adapters
// use it so that every implementation assembles parallel tool calls and
// split arguments the same way, and fakes can use it too.
//
// Implementations: internal/llm/openai (any OpenAI-compatible endpoint:
// OpenAI, DeepSeek, Qwen through DashScope, Ollama, vLLM, llama.cpp) and,
// for tests, the scripted OpenAI-compatible server in internal/llm/llmtest.
//
// The package imports only the standard library and the root package.
package llm
