package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/sextant-ai/sextant/internal/market"
)

// export writes the in-memory market for the pandas peer into dir: every
// matrix as a NumPy .npy file (float64, Fortran order, so a Go column is a
// contiguous run of the file and np.load reads it without parsing), the
// labels as text files and the memberships and ETF assignments as CSV.
// CSV matrices would make pandas' load time dominate everything (tens of
// seconds for 12M values) and Parquet needs pyarrow, which is not installed.
func export(dir string, m *Market) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var dates []string
	for _, d := range m.Dates {
		dates = append(dates, market.FormatDate(d))
	}
	ew := &exportWriter{dir: dir}
	ew.lines("dates.txt", dates)
	ew.lines("stocks.txt", symStrings(m.Stocks.Symbols))
	ew.npy("stocks.npy", m.Stocks.Values, len(m.Dates))
	ew.npy("bench.npy", [][]float64{m.Bench}, len(m.Dates))
	for k, set := range m.Sets {
		p := fmt.Sprintf("set%d_", k)
		ew.lines(p+"name.txt", []string{set.Name})
		ew.lines(p+"codes.txt", set.Codes)
		ew.npy(p+"indices.npy", set.Indices.Values[1:], len(m.Dates))
		var rows []string
		for _, ms := range set.All {
			to := ""
			if !ms.To.IsZero() {
				to = market.FormatDate(ms.To)
			}
			rows = append(rows, fmt.Sprintf("%s,%s,%s,%s", ms.Sector, ms.Symbol, market.FormatDate(ms.From), to))
		}
		ew.lines(p+"members.csv", append([]string{"sector,symbol,from,to"}, rows...))
	}
	ew.lines("margin_symbols.txt", symStrings(m.Margin.Symbols))
	ew.npy("margin_fin_balance.npy", m.Margin.FinBalance, len(m.Dates))
	ew.npy("margin_fin_buy.npy", m.Margin.FinBuy, len(m.Dates))
	ew.npy("margin_fin_repay.npy", m.Margin.FinRepay, len(m.Dates))
	ew.lines("flow_symbols.txt", symStrings(m.Flow.Symbols))
	ew.npy("flow_main_net.npy", orNaN(m.Flow.MainNet, len(m.Flow.Symbols), len(m.Dates)), len(m.Dates))
	ew.npy("flow_super_net.npy", orNaN(m.Flow.SuperNet, len(m.Flow.Symbols), len(m.Dates)), len(m.Dates))
	ew.npy("flow_large_net.npy", orNaN(m.Flow.LargeNet, len(m.Flow.Symbols), len(m.Dates)), len(m.Dates))
	ew.lines("etf_symbols.txt", symStrings(m.ETF.Symbols))
	ew.npy("etf_shares.npy", m.ETF.Shares, len(m.Dates))
	ew.npy("etf_nav.npy", orNaN(m.ETF.NAV, len(m.ETF.Symbols), len(m.Dates)), len(m.Dates))
	ew.npy("etf_close.npy", orNaN(m.ETF.Close, len(m.ETF.Symbols), len(m.Dates)), len(m.Dates))
	assign := []string{"symbol,sector"}
	for _, s := range m.ETF.Symbols {
		if a, ok := m.ETFAssign[s]; ok {
			assign = append(assign, fmt.Sprintf("%s,%s", s, a.Sector.Code))
		}
	}
	ew.lines("etf_assign.csv", assign)
	return ew.err
}

type exportWriter struct {
	dir string
	err error
}

func (w *exportWriter) lines(name string, ls []string) {
	if w.err == nil {
		w.err = os.WriteFile(filepath.Join(w.dir, name), []byte(strings.Join(ls, "\n")+"\n"), 0o644)
	}
}

// npy writes cols (each of n rows) as an (n, len(cols)) float64 array in
// Fortran order.
func (w *exportWriter) npy(name string, cols [][]float64, n int) {
	if w.err != nil {
		return
	}
	f, err := os.Create(filepath.Join(w.dir, name))
	if err != nil {
		w.err = err
		return
	}
	defer func() {
		if err := f.Close(); err != nil && w.err == nil {
			w.err = err
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': True, 'shape': (%d, %d), }", n, len(cols))
	pad := 64 - (10+len(header)+1)%64
	header += strings.Repeat(" ", pad%64) + "\n"
	// bufio.Writer errors are sticky: the Flush below reports any of them.
	_, _ = bw.WriteString("\x93NUMPY\x01\x00")
	_ = binary.Write(bw, binary.LittleEndian, uint16(len(header)))
	_, _ = bw.WriteString(header)
	buf := make([]byte, 8*n)
	for _, c := range cols {
		for i, v := range c {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(v))
		}
		_, _ = bw.Write(buf)
	}
	w.err = bw.Flush()
}

func orNaN(cols [][]float64, k, n int) [][]float64 {
	if cols != nil {
		return cols
	}
	na := make([]float64, n)
	for i := range na {
		na[i] = math.NaN()
	}
	out := make([][]float64, k)
	for j := range out {
		out[j] = na
	}
	return out
}

func symStrings(syms []market.Symbol) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = string(s)
	}
	return out
}
