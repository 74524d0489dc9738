module sextant-docfile-pdfgen

go 1.26.0

require github.com/go-pdf/fpdf v0.9.0
