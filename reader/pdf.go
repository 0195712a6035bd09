package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

var errNoTextLayer = errors.New("the PDF has no text layer (a scanned image?); it would need OCR")

// PDFAvailable reports whether pdftotext is installed, so that PDFText can
// read PDFs.
func PDFAvailable() bool {
	_, err := exec.LookPath("pdftotext")
	return err == nil
}

// PDFText returns the text of a PDF given as bytes, for the privacy scan of
// attachments (it is a gongkai.PDFText): "" without an error when the PDF
// has no text layer, which the scan reports for a person to look at.
func PDFText(data []byte) (string, error) {
	text, err := pdfText("", data)
	if errors.Is(err, errNoTextLayer) {
		return "", nil
	}
	return text, err
}

// pdfText returns the text layer of a PDF, laid out by pdftotext -layout
// (Debian package poppler-utils). path names the file; when it is empty the
// PDF is data, written to a temporary file first.
func pdfText(path string, data []byte) (string, error) {
	exe, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", errors.New("reading a PDF needs the program pdftotext, which is not installed (Debian/Ubuntu: apt-get install poppler-utils)")
	}
	if path == "" {
		f, err := os.CreateTemp("", "gongkai-*.pdf")
		if err != nil {
			return "", err
		}
		defer os.Remove(f.Name())
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		if err := f.Close(); err != nil {
			return "", err
		}
		path = f.Name()
	}
	var out, stderr bytes.Buffer
	cmd := exec.Command(exe, "-layout", "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("pdftotext could not read the PDF: %s", msg)
	}
	if strings.TrimSpace(out.String()) == "" {
		return "", errNoTextLayer
	}
	return decodeText(out.Bytes()), nil
}
