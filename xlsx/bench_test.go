package xlsx

import (
	"io"
	"testing"

	"gongkai/report"
)

func benchWrite(b *testing.B, write func(io.Writer, *report.Report) error) {
	r := MustLoad(b, fixtures[1].path)
	b.ReportAllocs()
	for b.Loop() {
		if err := write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineJSON is the yardstick: the same report in the open JSON format.
func BenchmarkBaselineJSON(b *testing.B) { benchWrite(b, report.EncodeJSON) }

func BenchmarkXLSX(b *testing.B) { benchWrite(b, Write) }
