package reader

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDocumentXML bounds the size of word/document.xml read from a DOCX.
const maxDocumentXML = 64 << 20

// docxItems reads the paragraphs and tables of word/document.xml: each
// paragraph is a line; each table row a row of cells. A cell that a
// horizontal merge (gridSpan) widens is one cell; a cell that continues a
// vertical merge (vMerge without "restart") is skipped, as the first cell
// of the merge already holds the text.
func docxItems(data []byte) ([]item, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a DOCX file: %v", err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return nil, errors.New("not a DOCX file: it has no word/document.xml")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("DOCX: %v", err)
	}
	defer rc.Close()
	return docxParse(io.LimitReader(rc, maxDocumentXML))
}

func docxParse(r io.Reader) ([]item, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	var items []item
	var para strings.Builder
	tblDepth := 0
	var cell strings.Builder
	inCell := false
	continueMerge := false
	span := 1
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(items) == 0 {
				return nil, fmt.Errorf("DOCX: word/document.xml is not valid XML: %v", err)
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				tblDepth++
			case "tr":
				if tblDepth == 1 {
					items = append(items, item{brk: true})
				}
			case "tc":
				if tblDepth == 1 {
					inCell = true
					continueMerge = false
					span = 1
					cell.Reset()
				}
			case "vMerge":
				if tblDepth == 1 && inCell {
					val := ""
					for _, a := range t.Attr {
						if a.Name.Local == "val" {
							val = a.Value
						}
					}
					continueMerge = val == "" || val == "continue"
				}
			case "gridSpan":
				if tblDepth == 1 && inCell {
					for _, a := range t.Attr {
						if a.Name.Local == "val" {
							if n, err := strconv.Atoi(a.Value); err == nil {
								span = n
							}
						}
					}
				}
			case "tab":
				writeText(inCell, &cell, &para, " ")
			case "br", "cr":
				writeText(inCell, &cell, &para, " ")
			case "t":
				var s string
				if err := dec.DecodeElement(&s, &t); err == nil {
					writeText(inCell, &cell, &para, s)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "p":
				if inCell {
					cell.WriteByte(' ')
				} else if s := strings.TrimSpace(para.String()); s != "" {
					items = append(items, item{text: s})
					para.Reset()
				} else {
					para.Reset()
				}
			case "tc":
				if tblDepth == 1 && inCell {
					if !continueMerge {
						text := strings.TrimSpace(collapseSpace(cell.String()))
						for k := 0; k < emptySpan(text, span); k++ {
							items = append(items, item{text: text, cell: true})
						}
					}
					inCell = false
				}
			case "tbl":
				tblDepth--
				if tblDepth == 0 {
					items = append(items, item{brk: true})
				}
			}
		}
	}
	return items, nil
}

func writeText(inCell bool, cell, para *strings.Builder, s string) {
	if inCell {
		cell.WriteString(s)
	} else {
		para.WriteString(s)
	}
}
