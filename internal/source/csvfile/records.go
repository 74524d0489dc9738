package csvfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// recordReader splits delimited text into records. It reads the input in
// large chunks, converts each chunk to one string and hands out fields as
// substrings of it, so that a row costs no allocation. Lines without a quote
// take the fast path (split on the delimiter); a line with a quote is parsed
// by RFC 4180 rules (quoted delimiters, doubled quotes, newlines inside
// quotes). Blank lines are skipped; "\r\n" endings are accepted.
//
// Fields are valid until the next call to next and share memory with the
// chunk: callers clone whatever they keep (see strings.Clone).
type recordReader struct {
	r      io.Reader // nil when the whole input is in chunk (newStringReader)
	delim  byte
	buf    []byte // read buffer; buf[:n] holds unread bytes carried over
	chunk  string // current chunk as a string
	pos    int    // read position in chunk
	eof    bool
	line   int // physical line of the next unread byte (1-based)
	fields []string
	err    error
}

const chunkSize = 1 << 20

func newRecordReader(r io.Reader) *recordReader {
	return &recordReader{r: r, delim: ',', buf: make([]byte, 0, chunkSize), line: 1}
}

// newStringReader reads records from s, which is the whole input: fields are
// substrings of s.
func newStringReader(s string) *recordReader {
	return &recordReader{delim: ',', chunk: s, eof: true, line: 1}
}

// fill makes a new chunk from the unread rest of the old one plus up to
// chunkSize more bytes of input. It returns false when nothing more was read.
func (rr *recordReader) fill() bool {
	if rr.eof {
		return false
	}
	rest := rr.chunk[rr.pos:]
	need := len(rest) + chunkSize
	if cap(rr.buf) < need {
		rr.buf = make([]byte, 0, need)
	}
	buf := append(rr.buf[:0], rest...)
	n, err := io.ReadFull(rr.r, buf[len(buf):cap(buf)])
	buf = buf[:len(buf)+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		rr.eof = true
	} else if err != nil {
		rr.err, rr.eof = err, true
	}
	if n == 0 {
		return false
	}
	rr.buf = buf
	rr.chunk = string(buf)
	rr.pos = 0
	return true
}

// next returns the next non-blank record and the physical line it starts on.
// It returns io.EOF at the end of input, or a parse error naming the line.
func (rr *recordReader) next() ([]string, int, error) {
	for {
		if rr.pos >= len(rr.chunk) {
			if !rr.fill() {
				if rr.err != nil {
					return nil, rr.line, rr.err
				}
				return nil, rr.line, io.EOF
			}
		}
		s := rr.chunk[rr.pos:]
		nl := strings.IndexByte(s, '\n')
		if nl < 0 && rr.fill() {
			continue
		}
		line := s
		if nl >= 0 {
			line = s[:nl]
		}
		if strings.IndexByte(line, '"') >= 0 {
			return rr.quoted()
		}
		start := rr.line
		rr.line++
		if nl >= 0 {
			rr.pos += nl + 1
		} else {
			rr.pos = len(rr.chunk)
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		rr.fields = splitFields(rr.fields[:0], line, rr.delim)
		return rr.fields, start, nil
	}
}

func splitFields(dst []string, line string, delim byte) []string {
	for {
		i := strings.IndexByte(line, delim)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

var errNeedMore = errors.New("need more input")

// quoted parses one record that contains quotes, reading more input when a
// quoted field spans the end of the chunk.
func (rr *recordReader) quoted() ([]string, int, error) {
	for {
		fields, used, lines, err := parseQuoted(rr.fields[:0], rr.chunk[rr.pos:], rr.delim, rr.eof)
		if err == errNeedMore {
			if !rr.fill() {
				fields, used, lines, err = parseQuoted(rr.fields[:0], rr.chunk[rr.pos:], rr.delim, true)
			} else {
				continue
			}
		}
		start := rr.line
		if err != nil {
			return nil, start, fmt.Errorf("%w", err)
		}
		rr.fields = fields
		rr.pos += used
		rr.line += lines
		return fields, start, nil
	}
}

// parseQuoted parses one record from s. It returns the fields, the bytes
// consumed (including the newline), the physical lines consumed, and
// errNeedMore when s ends inside a quoted field and more input may come.
func parseQuoted(dst []string, s string, delim byte, final bool) ([]string, int, int, error) {
	i, lines := 0, 1
	for {
		if i < len(s) && s[i] == '"' {
			var b strings.Builder
			i++
			for {
				j := strings.IndexByte(s[i:], '"')
				if j < 0 {
					if !final {
						return dst, 0, 0, errNeedMore
					}
					return dst, 0, 0, errors.New("quoted field is not closed")
				}
				b.WriteString(s[i : i+j])
				lines += strings.Count(s[i:i+j], "\n")
				i += j + 1
				if i < len(s) && s[i] == '"' {
					b.WriteByte('"')
					i++
					continue
				}
				if i >= len(s) && !final {
					return dst, 0, 0, errNeedMore
				}
				break
			}
			// text after the closing quote up to the delimiter is kept as is
			k := i
			for k < len(s) && s[k] != delim && s[k] != '\n' {
				k++
			}
			f := b.String() + strings.TrimSuffix(s[i:k], "\r")
			dst = append(dst, f)
			i = k
		} else {
			k := i
			for k < len(s) && s[k] != delim && s[k] != '\n' {
				k++
			}
			dst = append(dst, strings.TrimSuffix(s[i:k], "\r"))
			i = k
		}
		if i >= len(s) {
			if !final {
				return dst, 0, 0, errNeedMore
			}
			return dst, i, lines, nil
		}
		if s[i] == '\n' {
			return dst, i + 1, lines, nil
		}
		i++ // delimiter
	}
}
