package report

// htmlCSS is the page's only style sheet, inline. Fonts are local (no web
// fonts), CJK families first among the fallbacks so Chinese renders on
// Linux, macOS and Windows. Print rules lay the page out on A4: tables,
// charts and notes are not split across pages, headings stay with what
// follows them, table headers repeat, and colours print.
const htmlCSS = `:root {
  --ink: #1b2230; --muted: #5b6575; --rule: #d8dde5; --soft: #f4f6f9;
  --accent: #1f4e8c; --red: #c62828; --green: #2e7d32; --hover: #fff1b8;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #ffffff; color: var(--ink);
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB", sans-serif;
}
article.report { max-width: 980px; margin: 0 auto; padding: 32px 28px 48px; }
h1 { font-size: 26px; line-height: 1.3; margin: 0 0 10px; }
h2 { font-size: 20px; line-height: 1.35; margin: 34px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h2 .num { color: var(--accent); }
p { margin: 8px 0; }
ul { margin: 8px 0; padding-left: 1.4em; }
li { margin: 3px 0; }
.label { font-weight: 600; }
.demo { margin: 10px 0; padding: 7px 12px; border: 1px solid #e0a100; border-radius: 4px; background: #fff5db; color: #7a4b00; font-weight: 700; }
.meta, .health, .assumptions { color: var(--muted); font-size: 13.5px; }
.assumptions ul { margin: 2px 0; }
.assumptions .label { margin: 6px 0 0; }
.ds::before { content: "\25CF"; margin-right: 3px; color: #9aa3b0; }
.ds.fresh::before { color: var(--green); }
.ds.stale::before { color: #e0a100; }
.ds.missing::before { color: var(--red); }
nav.toc { margin: 18px 0 0; padding: 10px 16px; background: var(--soft); border-radius: 4px; font-size: 14px; }
nav.toc .label { margin: 0 0 4px; }
nav.toc ol { margin: 0; padding-left: 1.6em; columns: 2; column-gap: 32px; }
nav.toc li { margin: 1px 0; break-inside: avoid; }
a { color: var(--accent); }
a.ref { text-decoration: none; font-size: 0.85em; white-space: nowrap; }
a.ref:hover { text-decoration: underline; }
.fact { font-variant-numeric: tabular-nums; white-space: nowrap; border-bottom: 1px dotted #8a94a6; cursor: help; }
.fact:hover { background: var(--hover); border-bottom-color: var(--ink); }
.rise-red .fact.pos, .rise-green .fact.neg { color: var(--red); }
.rise-red .fact.neg, .rise-green .fact.pos { color: var(--green); }
.note { color: var(--muted); font-size: 13.5px; border-left: 3px solid var(--rule); padding: 2px 0 2px 10px; }
.missing { color: var(--muted); font-style: italic; }
div.table { margin: 14px 0; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; line-height: 1.45; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0 0 6px; }
th, td { padding: 5px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--rule); }
thead th { background: var(--soft); border-bottom: 1.5px solid var(--ink); font-weight: 600; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.nw, td.nw { white-space: nowrap; }
tbody tr:hover { background: #fafbfc; }
.source { margin: 4px 0 0; color: var(--muted); font-size: 12.5px; }
figure.chart { margin: 18px 0; }
figure.chart svg { display: block; width: 100%; max-width: 900px; height: auto; margin: 0 auto; }
figcaption { margin: 6px auto 0; max-width: 900px; color: var(--muted); font-size: 13px; }
section.references ol { padding-left: 2em; font-size: 13.5px; }
section.references li { margin: 6px 0; overflow-wrap: anywhere; }
section.references li:target { background: var(--hover); }
cite { font-style: normal; font-weight: 600; }
q.quote { display: block; margin: 2px 0 0; color: var(--muted); font-size: 12.5px; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
.tag { display: inline-block; padding: 0 5px; border: 1px solid var(--rule); border-radius: 3px; color: var(--muted); font-size: 11px; line-height: 1.5; }
.demo-tag { border-color: #e0a100; color: #7a4b00; }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12.5px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  article.report { max-width: none; padding: 0; }
  h1 { font-size: 18pt; }
  h2 { font-size: 14pt; margin-top: 20pt; break-after: avoid; page-break-after: avoid; }
  nav.toc { display: none; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  div.table, tr, figure.chart, .note, .demo, .assumptions, section.references li { break-inside: avoid; page-break-inside: avoid; }
  div.table { overflow: visible; }
  caption { break-after: avoid; }
  figure.chart svg { max-width: 100%; }
  .fact { border-bottom: none; }
  .fact:hover, tbody tr:hover { background: none; }
  a, a.url { color: inherit; text-decoration: none; }
}
`
