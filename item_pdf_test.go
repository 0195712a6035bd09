package gongkai_test

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/testenv"
	"gongkai/reader"
)

// minimalPDF returns a one-page PDF showing line in Helvetica.
func minimalPDF(line string) []byte {
	stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", line)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(b.String())
}

// A PDF cannot be masked: with pdftotext its ID number is found, and the
// reviewer must replace the file or accept; without it, the PDF is an
// unscanned hit a person has to look at.
func TestService_PDFAttachment(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		testenv.Missing(t, "GONGKAI_REQUIRE_PDFTOTEXT", "pdftotext not found: apt-get install poppler-utils")
	}
	s, users := mustOpenService(t)
	ctx := context.Background()
	it := draftItem("edu")
	it.Body = "<p>见附件。</p>"
	must(t, s.CreateItem(ctx, users["edu"], it))
	it, err := s.AttachItemFile(ctx, users["edu"], it.ID, it.Version, "名单.pdf", minimalPDF("ID "+plantedID))
	must(t, err)

	hits, err := s.ItemPrivacy(ctx, users["admin"], it.ID)
	if err != nil || len(hits) != 1 || hits[0].Kind != "unscanned" {
		t.Fatalf("without a PDF reader: %+v, %v; want one unscanned hit", hits, err)
	}
	s.PDFText = reader.PDFText
	hits, err = s.ItemPrivacy(ctx, users["admin"], it.ID)
	if err != nil || len(hits) != 1 || hits[0].Kind != "id_card" || !hits[0].Valid || hits[0].Maskable {
		t.Fatalf("with pdftotext: %+v, %v; want the valid ID number, not maskable", hits, err)
	}
	_, err = s.ResolvePrivacy(ctx, users["admin"], it.ID, it.Version, []string{hits[0].Key}, nil)
	wantErr(t, err, gongkai.EINVALID, "无法自动遮盖")
	// Replacing the file clears it.
	it, err = s.RemoveItemFile(ctx, users["edu"], it.ID, it.Version, it.Attachments[0].SHA256)
	must(t, err)
	it, err = s.AttachItemFile(ctx, users["edu"], it.ID, it.Version, "名单.pdf", minimalPDF("ID 110105********002X"))
	must(t, err)
	if hits, err = s.ItemPrivacy(ctx, users["admin"], it.ID); err != nil || len(hits) != 0 {
		t.Fatalf("masked PDF: %+v, %v; want nothing", hits, err)
	}
}
