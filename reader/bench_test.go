package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gongkai/render"
)

func benchFile(b *testing.B, rel string) {
	dir := sharedDir(b)
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Read(data, rel, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadSeedText(b *testing.B)    { benchFile(b, "seed/000_7e69af88cfc75a8c.txt") }
func BenchmarkReadLostText(b *testing.B)    { benchFile(b, "corpus/pingtan-2019.txt") }
func BenchmarkReadHTMLPage(b *testing.B)    { benchFile(b, "corpus/shuyang-fgj-2023.html") }
func BenchmarkReadMarkdownPDF(b *testing.B) { benchFile(b, "corpus/shanghai-kewei-2024.md") }

func benchRendered(b *testing.B, write func(*bytes.Buffer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Read(buf.Bytes(), "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadText(b *testing.B) {
	benchRendered(b, func(w *bytes.Buffer) error { return render.Text(w, randomReportSeed(11)) })
}
func BenchmarkReadHTML(b *testing.B) {
	benchRendered(b, func(w *bytes.Buffer) error { return render.HTML(w, randomReportSeed(12)) })
}
func BenchmarkReadMarkdown(b *testing.B) {
	benchRendered(b, func(w *bytes.Buffer) error { return render.Markdown(w, randomReportSeed(13)) })
}
func BenchmarkReadDOCX(b *testing.B) {
	benchRendered(b, func(w *bytes.Buffer) error { return render.DOCX(w, randomReportSeed(14)) })
}
func BenchmarkReadLostBoundaries(b *testing.B) {
	benchRendered(b, func(w *bytes.Buffer) error { return lostBoundaries(w, randomReportSeed(15)) })
}
