package reader

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gongkai/render"
	"gongkai/report"
)

// seedFiles adds the corpus reports (when ../shared is there) and a
// rendered report of each writer to a fuzz target's seed corpus.
func seedFiles(f *testing.F, ext string, write func(*bytes.Buffer) error) {
	if dir, err := filepath.Abs(filepath.Join("..", "..", "shared")); err == nil && os.Getenv("GONGKAI_FUZZ_SMALL") == "" {
		files, _ := filepath.Glob(filepath.Join(dir, "corpus", "*"+ext))
		if ext == ".txt" {
			files = append(files, filepath.Join(dir, "seed", "000_7e69af88cfc75a8c.txt"))
		}
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
	var b bytes.Buffer
	if write != nil && write(&b) == nil {
		f.Add(b.Bytes())
	}
}

// fuzzRead reads data as kind and fails when reading takes too long: the
// digit splitting is capped, so no input can make the reader hang.
func fuzzRead(t *testing.T, data []byte, kind string) {
	start := time.Now()
	r, err := Read(data, "", Options{Format: kind, Year: 2020})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("reading %d bytes took %v", len(data), d)
	}
	if err == nil && r == nil {
		t.Fatal("nil report without an error")
	}
}

func randomReportSeed(seed int64) *report.Report {
	return randomReport(rand.New(rand.NewSource(seed)), 2019+int(seed)%5)
}

func FuzzReadText(f *testing.F) {
	seedFiles(f, ".txt", func(b *bytes.Buffer) error { return render.Text(b, randomReportSeed(1)) })
	seedFiles(f, ".none", func(b *bytes.Buffer) error { return lostBoundaries(b, randomReportSeed(2)) })
	f.Add([]byte("一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, "text") })
}

func FuzzReadHTML(f *testing.F) {
	seedFiles(f, ".html", func(b *bytes.Buffer) error { return render.HTML(b, randomReportSeed(3)) })
	f.Add([]byte(`<meta charset="gbk"><table><tr><td rowspan="2">规章</td><td>1</td></tr></table>`))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, "html") })
}

func FuzzReadMarkdown(f *testing.F) {
	seedFiles(f, ".md", func(b *bytes.Buffer) error { return render.Markdown(b, randomReportSeed(4)) })
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, "md") })
}

func FuzzReadDOCX(f *testing.F) {
	seedFiles(f, ".docx", func(b *bytes.Buffer) error { return render.DOCX(b, randomReportSeed(5)) })
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, "docx") })
}
