package csvfile

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sextant-ai/sextant"
)

// WriteRejects writes the rows rejected under SkipInvalid beside the input
// as PATH.rejects.csv: the original header plus "line" (the row's physical
// line in the input) and "reason" columns, one line per rejected row in
// input order. The file is written to a temporary name and renamed, so a
// failed write leaves no partial file.
func WriteRejects(path string, res *Result) error {
	out := path + ".rejects.csv"
	tmp, err := os.CreateTemp(filepath.Dir(out), filepath.Base(out)+".*.tmp")
	if err != nil {
		return &sextant.Error{Code: sextant.EINVALID, Message: "cannot write " + out, Op: "csvfile.WriteRejects", Err: err}
	}
	defer os.Remove(tmp.Name())
	w := csv.NewWriter(tmp)
	header := append(append([]string(nil), res.Header...), "line", "reason")
	if err := w.Write(header); err != nil {
		tmp.Close()
		return writeErr(out, err)
	}
	for _, rj := range res.Rejected {
		rec := make([]string, len(res.Header), len(res.Header)+2)
		copy(rec, rj.Record) // a short (ragged) row leaves empty cells
		if len(rj.Record) > len(res.Header) {
			rec = append(rec[:0], rj.Record...)
		}
		if err := w.Write(append(rec, strconv.Itoa(rj.Line), rj.Reason)); err != nil {
			tmp.Close()
			return writeErr(out, err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		tmp.Close()
		return writeErr(out, err)
	}
	if err := tmp.Close(); err != nil {
		return writeErr(out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return writeErr(out, err)
	}
	return nil
}

func writeErr(out string, err error) error {
	return &sextant.Error{Code: sextant.EINTERNAL, Message: "cannot write " + out, Op: "csvfile.WriteRejects", Err: err}
}
