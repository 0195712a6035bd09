package render

import (
	"io"
	"testing"

	"gongkai/report"
)

// benchWrite runs a writer on the 2021-format example report.
func benchWrite(b *testing.B, write func(io.Writer, *report.Report) error) {
	r := MustLoad(b, fixtures[1].path)
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineJSON is the yardstick of the writer benchmarks: the same
// report in the open JSON format.
func BenchmarkBaselineJSON(b *testing.B) { benchWrite(b, report.EncodeJSON) }

func BenchmarkHTML(b *testing.B)     { benchWrite(b, HTML) }
func BenchmarkMarkdown(b *testing.B) { benchWrite(b, Markdown) }
func BenchmarkText(b *testing.B)     { benchWrite(b, Text) }
func BenchmarkDOCX(b *testing.B)     { benchWrite(b, DOCX) }
