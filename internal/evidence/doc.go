// Package evidence is the fact ledger of DESIGN §5: every figure a report
// shows is a [Fact] — a value with its unit, label, symbols, window, as-of
// date, formula, the datasets and rows it was computed from and the ingest
// runs that wrote them. A [Ledger] numbers facts (F1, F2, …) in order of
// first use and deduplicates them by key.
//
// [Format] renders a fact's value in a language with A-share conventions
// (亿元, 万份, 个百分点 in Chinese; CNY bn, pp in English). [Numbers] parses
// figures back out of prose with their units, and [Ledger.Match] finds the
// fact a figure states within rounding — the check that every number in a
// report, or in an LLM's prose, traces to the ledger.
//
// # Verifier
//
// [Verify] checks prose — template or model output, plain text or Markdown
// — against a ledger and the report's references ([Source]) before it is
// shown. It cuts the prose into claims: sentences of paragraphs (at 。！？
// !? and at full stops that end a sentence: not in 13.8, 801740.SI, e.g.
// or docs/methodology.md; closing quotes and the markers after a stop stay
// with it), while a bullet, a table row or a heading is one claim. Each
// claim is checked:
//
//   - Figures. Every figure [Numbers] finds (dates, years, codes, tenors,
//     index names such as CSI 300, and reference markers are not figures) must
//     state a fact of the ledger within the rounding of the decimals
//     written. Units must agree, with few tolerances: a fact in percentage
//     points may be written in % but a percentage never in pp; a bare
//     亿/万 or bn/m states money or fund units; σ and ° may be left out; a
//     figure in 元 may state a price. Money is never units and a bare
//     number never a percentage. Signs must agree: a written sign, or the
//     direction the wording gives an unsigned figure ("fell 5.4%", "net
//     outflows of", "下跌", "净流出", "a 13.8% gain"; "fell to 50%" is a
//     level and has none). A failure names the reason: the wrong sign, the
//     wrong unit, or the nearest fact ("figure 14.8% matches no fact
//     (nearest: F1 +13.8%)").
//   - Fact markers. {{F12}}, [F12], (F12), （F12） must name a fact; a
//     figure written right before a marker must state that fact.
//   - References. Every [n] (also [1, 2], [2–4], 【n】 and report markup [[C3]])
//     must be a source. A document source supports the claim when the
//     share of the claim's content terms found in the passage ([Support]:
//     English content words, lightly stemmed, and Chinese character
//     bigrams; figures, markers and stop words left out; terms found in
//     more than half of three or more documents ignored) reaches
//     VerifyOptions.MinSupport ([DefaultMinSupport] = 0.3). A data source
//     supports it when the claim's figures state facts it backs (any fact
//     when Source.Facts is empty); a data citation without a figure needs
//     a word in common with the source's description.
//   - Forecasts. A figure that matches no fact in forward-looking wording
//     (will, expected to, 将, 预计, 有望) is reported as a forecast without
//     evidence; a quantitative claim without digits ("will double", "有望
//     翻倍", "guaranteed returns", "稳赚") is unsupported unless a cited
//     document supports the sentence. Negated cues ("no guaranteed
//     returns", "不保证收益") are not claims.
//   - Injection echoes. Documents are data: the verifier never acts on
//     what they say. A claim that contains an instruction addressed to a
//     model ("ignore previous instructions", "call the … tool", "you are
//     now", "忽略以上指令", "调用…工具", "你现在是") or repeats, with half
//     of its terms, an instruction planted in a cited document is
//     unsupported.
//
// A claim with no figure, reference or fact marker is unchecked prose:
// counted and kept. An unsupported claim is removed ([ModeRemove], the
// default; a paragraph, bullet or row left empty goes with its lines) or
// kept behind a visible mark ([ModeFlag]: "⚠ unverified: " / "⚠ 未经核实：").
// [Verification] lists every claim with its figures, references, facts and
// problems, the counts, and the rewritten text.
//
// It is an engine: pure values in, values out, no I/O.
package evidence
