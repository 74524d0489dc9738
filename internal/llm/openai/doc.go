// Package openai is the llm.Client for any OpenAI-compatible chat
// completions endpoint: OpenAI, DeepSeek, Qwen through DashScope's
// compatible mode, Ollama, vLLM and the llama.cpp server (docs/llm.md has
// the settings and quirks of each).
//
// [New] takes a [Config] (base URL, model, key, timeout, retries, token
// budget, temperature, organization, extra headers) and the injected
// *http.Client. [Client.Chat] streams an answer through the callback and
// returns it assembled: text, reasoning_content kept apart as
// llm.Response.Reasoning (never part of the message), and tool calls put
// together from fragments — arguments split across many chunks, parallel
// calls interleaved, missing or repeated indexes told apart by id — in the
// order the model made them. A stream that ends without a finish reason is
// an error, never a silently shorter answer.
//
// Reliability. Each attempt is bounded by Config.Timeout: the wait for
// the first byte and every silence of the connection (a long answer that
// keeps streaming is never cut, and keep-alive lines count as activity). 429 (honouring Retry-After and OpenAI's
// retry-after-ms, up to MaxRetryAfter), 5xx, timeouts and broken
// connections are retried with exponential backoff and full jitter, but
// only while nothing has been delivered to the caller: once a delta went
// out, a retry would repeat it. Sleep, Jitter and Now are injectable.
//
// Errors are translated once, here, into *sextant.Error naming the
// endpoint: 401/403 → EUNAUTHORIZED (check llm.api_key /
// SEXTANT_LLM_API_KEY), 404 → ENOTFOUND (the model, or the base URL when
// the 404 is not the API's), 400/413/422 → EINVALID, 429 after the retries,
// 5xx, timeouts, HTML pages and truncated streams → EUNAVAILABLE (a
// timeout names llm.timeout; a caller's cancellation keeps
// context.Canceled in the chain), a chunk that cannot be read →
// EINTERNAL naming the chunk and field. The API key travels only in the
// Authorization header; it is scrubbed from every message, and errors
// never carry response bodies beyond a short, scrubbed snippet.
//
// Wire formats stay here: the client library's types are used only inside
// this package, through the pure translators toWire, fromWireChunk and
// fromWireCompletion.
//
// Why github.com/sashabaranov/go-openai rather than the official
// github.com/openai/openai-go: both stream and assemble parallel tool calls
// correctly against a fake server, but go-openai is about a quarter of the
// size (10 MB of module source against 36 MB, which took 49 s to build
// cold on our two-core machines), has no dependencies of its own, types reasoning_content as a field (openai-go
// reaches it only through ExtraFields), and its plain structs make the
// translators short. openai-go's extras — its own retry loop and stream
// accumulator — are things this package must control itself anyway:
// retries have to stop once a delta has been delivered and must sleep on
// an injectable clock, and assembly is shared with other clients through
// llm.Assembler. Its cost: go-openai assumes OpenAI in a few places, which
// this package works around — a zero temperature is sent as the smallest
// positive float (the library omits 0), OpenAI's reasoning models get
// max_completion_tokens, and the status and Retry-After it does not expose
// are read by a RoundTripper of this package (edge), which also turns an
// HTML page or a plain JSON answer to a streaming request into a clear
// error or a one-event stream.
package openai
