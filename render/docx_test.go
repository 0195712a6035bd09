package render

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/testenv"
	"gongkai/report"
)

// docxParts unzips a .docx into its parts.
func docxParts(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

// wellFormed reads every token of an XML document.
func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

type wVal struct {
	Val string `xml:"val,attr"`
}

type wTc struct {
	GridSpan *wVal    `xml:"tcPr>gridSpan"`
	VMerge   *wVal    `xml:"tcPr>vMerge"`
	Shade    *wVal    `xml:"tcPr>shd"`
	Texts    []string `xml:"p>r>t"`
}

type wTr struct {
	Cells []wTc `xml:"tc"`
}

type wDocument struct {
	Tables []struct {
		Rows []wTr `xml:"tr"`
	} `xml:"body>tbl"`
	Paragraphs []struct {
		Texts []string `xml:"r>t"`
	} `xml:"body>p"`
}

func TestDOCX(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			r := MustLoad(t, fx.path)
			var b bytes.Buffer
			if err := DOCX(&b, r); err != nil {
				t.Fatal(err)
			}
			parts := docxParts(t, b.Bytes())
			for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
				"word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml", "word/fontTable.xml", "word/footer1.xml"} {
				data, ok := parts[name]
				if !ok {
					t.Errorf("part %s missing", name)
					continue
				}
				if err := wellFormed(data); err != nil {
					t.Errorf("part %s is not well-formed XML: %v", name, err)
				}
			}
			docXML := parts["word/document.xml"]
			compareGolden(t, fx.name+".golden.document.xml", docXML)
			for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `w:eastAsia="` + fontBody + `"`} {
				if !bytes.Contains(docXML, []byte(want)) && !bytes.Contains(parts["word/styles.xml"], []byte(want)) {
					t.Errorf("document lacks %s", want)
				}
			}
			var doc wDocument
			if err := xml.Unmarshal(docXML, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Tables) != 3 {
				t.Fatalf("%d tables, want 3", len(doc.Tables))
			}
			fl := flags(r)
			for ti, tab := range r.Tables() {
				checkDOCXTable(t, tab, doc.Tables[ti].Rows, fl)
			}
			var texts []string
			for _, p := range doc.Paragraphs {
				texts = append(texts, strings.Join(p.Texts, ""))
			}
			all := strings.Join(texts, "\n")
			for _, want := range append(report.Sections[:], Title(r)) {
				if !strings.Contains(all, want) {
					t.Errorf("paragraph %q missing", want)
				}
			}
			for _, f := range r.Findings {
				if !strings.Contains(all, f.Message) {
					t.Errorf("finding %q missing", f.Message)
				}
			}
		})
	}
}

// checkDOCXTable compares a Word table with the grid it was written from:
// the number of rows, the gridSpan and vMerge of every cell, and the text of
// every value cell at its grid column.
func checkDOCXTable(t *testing.T, tab *report.Table, rows []wTr, fl map[string]*cellFlag) {
	t.Helper()
	g := tab.Grid()
	m, origin := g.Matrix()
	if len(rows) != len(m) {
		t.Fatalf("表%s: %d rows, the grid has %d", tab.Def.ID, len(rows), len(m))
	}
	var wantSpan, wantRestart, wantContinue, gotSpan, gotRestart, gotContinue, values int
	for r := range m {
		for c := 0; c < g.Columns; c += m[r][c].ColSpan {
			cell := m[r][c]
			if cell.ColSpan > 1 {
				wantSpan++
			}
			if cell.RowSpan > 1 {
				if origin[r][c] {
					wantRestart++
				} else {
					wantContinue++
				}
			}
		}
		col := 0
		for _, tc := range rows[r].Cells {
			span := 1
			if tc.GridSpan != nil {
				gotSpan++
				span, _ = strconv.Atoi(tc.GridSpan.Val)
			}
			if tc.VMerge != nil {
				if tc.VMerge.Val == "restart" {
					gotRestart++
				} else {
					gotContinue++
				}
			}
			if col >= g.Columns {
				t.Fatalf("表%s row %d: cells overflow the grid", tab.Def.ID, r+1)
			}
			want := m[r][col]
			text := strings.Join(tc.Texts, "")
			if !origin[r][col] {
				if text != "" {
					t.Errorf("表%s row %d col %d: merged cell holds %q", tab.Def.ID, r+1, col+1, text)
				}
			} else if text != want.Text {
				t.Errorf("表%s row %d col %d: %q, want %q", tab.Def.ID, r+1, col+1, text, want.Text)
			} else if want.Kind == report.Value {
				values++
				if flagged := fl[flagKey(tab.Def, want)] != nil; flagged != (tc.Shade != nil) {
					t.Errorf("表%s %s.%s: shaded %v, named by a finding %v", tab.Def.ID, want.Row, want.Column, tc.Shade != nil, flagged)
				}
			}
			col += span
		}
		if col != g.Columns {
			t.Errorf("表%s row %d: cells span %d columns, want %d", tab.Def.ID, r+1, col, g.Columns)
		}
	}
	if gotSpan != wantSpan || gotRestart != wantRestart || gotContinue != wantContinue {
		t.Errorf("表%s: gridSpan %d, vMerge restart %d, continue %d; want %d, %d, %d",
			tab.Def.ID, gotSpan, gotRestart, gotContinue, wantSpan, wantRestart, wantContinue)
	}
	n := 0
	for _, row := range tab.Def.Rows {
		n += len(row.Columns)
	}
	if values != n {
		t.Errorf("表%s: %d value cells found in place, the table has %d", tab.Def.ID, values, n)
	}
}

// With LibreOffice installed, the document must convert to PDF.
func TestDOCX_LibreOffice(t *testing.T) {
	soffice := testenv.Soffice(t)
	if testing.Short() {
		t.Skip("skipping the LibreOffice conversion in -short mode")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	if err := DOCX(&b, MustLoad(t, fixtures[1].path)); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	if err != nil {
		t.Fatalf("no PDF written: %v\n%s", err, out)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 10000 {
		t.Errorf("the PDF looks wrong: %d bytes", len(pdf))
	}
}
