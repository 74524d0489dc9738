// Package chart draws Sextant's static charts for the CLI and for reports:
// the relative-rotation chart (RotationSVG, RotationPNG), the
// cumulative-return chart of a sector, its benchmark and the excess between
// them (ExcessLinesSVG) and the bar chart of a flow measure with its running
// total (FlowBarsSVG). Charts draw the figures they are given and compute
// none: every value shown comes from an engine.
//
// The relative-rotation chart (the JdK-style
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
// ExcessLinesSVG draws lines over trading days (evenly spaced, no weekend
// gaps) on a percentage axis with a zero line, date ticks in English or
// Chinese, a legend, and each line's newest value at the right edge; line
// kinds (sector, benchmark, excess, extra) set the style. FlowBarsSVG draws
// one bar per day or week, coloured by sign (red up in Chinese by default,
// green up in English), in a caller-given unit, with an optional running
// total on a right-hand axis whose zero lines up with the bars'. NaN and
// infinite values are gaps: no bar, and a break in the line.
//
// Every mark that shows a figure — each bar, each line's newest point, each
// rotation tail's newest point — carries a <title> (the browser's native
// tooltip) naming the series, date and value. A Notes hook in the options
// lets the caller attach the id of the fact behind a figure (written as a
// data-fact attribute, for the report's "how was this computed" links) and
// replace the tooltip text. All SVG output is written without an XML prolog,
// ids, scripts or external references, so it can be inlined into a
// self-contained HTML page; the root element carries the classes
// "sextant-chart" and the chart's kind, role="img" and the title as
// aria-label.
//
// The package depends on no engine: callers convert their data (for example
// rotation.BoardRow tails) into RotationSeries. Points with a NaN or infinite
// coordinate are skipped; a series with no valid point is left out. Empty
// input is not an error: the chart shows the quadrants, axes around
// 100 ± 6 and a "no data" note.
package chart
