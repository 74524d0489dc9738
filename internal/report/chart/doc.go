// Package chart draws Sextant's static charts for the CLI and for reports.
//
// Its first chart is the relative-rotation chart (the JdK-style
// RS-Ratio / RS-Momentum scatter described in docs/methodology.md): each
// series is a tail of RotationPoint samples, oldest first, drawn over four
// shaded quadrants centred on (100, 100) — Leading (top-right, green),
// Weakening (bottom-right, yellow), Lagging (bottom-left, red) and Improving
// (top-left, blue). Older tail points are smaller and paler; the newest point
// carries an arrowhead along the last segment (a larger dot when the tail
// has no direction) and the series label.
//
// RotationSVG and RotationPNG render the same layout:
//
//   - SVG is written by hand: dependency-free, byte-for-byte deterministic,
//     with no ids so several charts can be inlined into one HTML page. Text
//     stays as <text> elements with a font-family list that names common CJK
//     fonts, so browsers render Chinese labels. Elements carry classes
//     (quadrant, tail, head, label, …) for styling and tests.
//   - PNG is rasterised through gonum.org/v1/plot's vg/vgimg canvas. It uses
//     Noto Sans CJK SC (Debian fonts-noto-cjk) or WenQuanYi when installed;
//     without a CJK font it falls back to gonum's Liberation Sans and drops
//     the characters that font lacks (a label "801740.SI 国防军工" becomes
//     "801740.SI"), so the image never shows missing-glyph boxes.
//
// The package depends on no engine: callers convert their data (for example
// rotation.BoardRow tails) into RotationSeries. Points with a NaN or infinite
// coordinate are skipped; a series with no valid point is left out. Empty
// input is not an error: the chart shows the quadrants, axes around
// 100 ± 6 and a "no data" note.
package chart
