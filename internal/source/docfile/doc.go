// Package docfile reads local research files into research.Documents:
// Markdown (.md, .markdown, with optional front matter), HTML (.html,
// .htm, through the htmltext kit), plain text (.txt) and PDF (.pdf, the
// text layer). It is what `sextant docs add PATH…` calls, and [ReadJSONL]
// reads the bulk JSON Lines format of `sextant import documents`.
//
// [Read] takes a file or a directory (walked in lexical order; hidden
// files and directories are skipped, unknown extensions are skipped with a
// note) and returns finished, validated documents with Source "docfile"
// and Origin the file path, plus notes for the user. The metadata a file
// carries (front matter, HTML metas, PDF document information) wins over
// [Options], which supplies defaults; a document without any date takes
// its file's modification time, and a note says so. Bad input is an
// EINVALID error naming the file, and the line for front matter and JSON
// Lines; nothing is returned with an error.
//
// PDF text is read with github.com/ledongthuc/pdf (pure Go, a maintained
// fork of rsc.io/pdf) for the object model, with our own content-stream
// walk and ToUnicode parser on top, so that text comes out in reading
// order (by position on the page, not by drawing order) and CJK fonts
// whose Unicode maps use wide ranges decode. A PDF without a text layer
// (a scan) is an error that says so.
//
// Like every source, docfile never imports a store or another source.
package docfile
