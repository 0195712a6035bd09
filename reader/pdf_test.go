package reader

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"gongkai/internal/testenv"
	"gongkai/render"
)

// TestPDF converts a rendered DOCX to PDF with LibreOffice, when it is
// installed, and reads the PDF back through pdftotext -layout.
func TestPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("converting with LibreOffice is slow")
	}
	soffice := testenv.Soffice(t)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "GONGKAI_REQUIRE_PDFTOTEXT", "pdftotext not found: apt-get install poppler-utils")
	}
	for seed := int64(1); seed <= 6; seed++ {
		pdfRoundTrip(t, soffice, seed)
	}
}

func pdfRoundTrip(t *testing.T, soffice string, seed int64) {
	want := randomReportSeed(seed)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := render.DOCX(&b, want); err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "r.docx")
	os.WriteFile(docx, b.Bytes(), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, docx)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not convert: %v %s", err, out)
	}
	got, err := ReadFile(filepath.Join(dir, "r.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffTables(got, want) {
		if !flagged(got, d[0], d[1]) {
			t.Errorf("PDF %d: %s.%s.%s = %s, want %s, not flagged", seed, d[0], d[1], d[2], d[3], d[4])
		}
	}
	if d := diffTables(got, want); len(d) > 0 {
		t.Logf("PDF %d: %d cells differ, all flagged uncertain: %v", seed, len(d), d)
	}
}

func TestPDFWithoutPdftotext(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Read([]byte("%PDF-1.4\n"), "x.pdf", Options{})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("pdftotext")) {
		t.Errorf("error %v does not name pdftotext", err)
	}
}
