package reader

import (
	"archive/zip"
	"bytes"
	"io"
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
	if os.Getenv("GONGKAI_FUZZ_SMALL") == "" {
		seedFiles(f, ".docx", func(b *bytes.Buffer) error { return render.DOCX(b, randomReportSeed(5)) })
	}
	f.Add(smallDOCX())
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, data, "docx") })
}

// smallDOCX is a minimal DOCX: a title and a one-row table 二 block.
func smallDOCX() []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("word/document.xml")
	io.WriteString(w, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+
		`<w:p><w:r><w:t>某某县2020年政府信息公开工作年度报告</w:t></w:r></w:p><w:tbl>`+
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr><w:p><w:r><w:t>第二十条第（一）项</w:t></w:r></w:p></w:tc></w:tr>`+
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>`+
		`</w:tbl></w:body></w:document>`)
	z.Close()
	return b.Bytes()
}
