package web

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/testenv"
)

// With LibreOffice installed, a letter's DOCX opens and reads back as its
// text (converted to plain text).
func TestLetterDOCX_LibreOffice(t *testing.T) {
	soffice := testenv.Soffice(t)
	if testing.Short() {
		t.Skip("skipping the LibreOffice conversion in -short mode")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	l := &Letter{Name: "延期答复告知书", Agency: "示例县教育局", Number: "L1-3", Paragraphs: []string{"张测试：", "答复期限延长15个工作日。"}, Date: "2026年11月20日"}
	if err := writeLetterZip(&b, l); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "letter.docx")
	if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "letter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"示例县教育局", "延期答复告知书", "编号：L1-3", "张测试：", "答复期限延长15个工作日。", "2026年11月20日"} {
		if !strings.Contains(string(txt), want) {
			t.Errorf("converted letter lacks %q:\n%s", want, txt)
		}
	}
}
