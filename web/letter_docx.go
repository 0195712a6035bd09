package web

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The .docx of a letter, written by hand as render/docx.go writes reports:
// A4 with the margins of GB/T 9704, the title in 小标宋 二号, the body in
// 仿宋 三号 with two-character first-line indents.

const letterXMLHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const letterContentTypes = letterXMLHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const letterRels = letterXMLHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// docxPara writes one paragraph: jc is left, center, right or both;
// indent adds the two-character first-line indent.
func docxPara(b *strings.Builder, text, font string, size int, jc string, indent, bold bool) {
	b.WriteString(`<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/>`)
	if indent {
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	b.WriteString(`<w:jc w:val="` + jc + `"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:eastAsia="` + font + `" w:hAnsi="` + font + `"/>`)
	if bold {
		b.WriteString(`<w:b/>`)
	}
	b.WriteString(`<w:sz w:val="` + strconv.Itoa(size) + `"/><w:szCs w:val="` + strconv.Itoa(size) + `"/></w:rPr><w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r></w:p>`)
}

// letterDocumentXML returns word/document.xml of a letter.
func letterDocumentXML(l *Letter) string {
	var b strings.Builder
	b.WriteString(letterXMLHeader + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	docxPara(&b, l.Agency, "方正小标宋简体", 44, "center", false, false)
	docxPara(&b, l.Name, "方正小标宋简体", 44, "center", false, false)
	docxPara(&b, "编号："+l.Number, "仿宋_GB2312", 32, "center", false, false)
	for i, p := range l.Paragraphs {
		docxPara(&b, p, "仿宋_GB2312", 32, "both", i > 0, false)
	}
	docxPara(&b, "", "仿宋_GB2312", 32, "right", false, false)
	docxPara(&b, l.Agency, "仿宋_GB2312", 32, "right", false, false)
	docxPara(&b, l.Date, "仿宋_GB2312", 32, "right", false, false)
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// writeLetterDOCX sends the letter as a .docx download.
func writeLetterDOCX(w http.ResponseWriter, l *Letter) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", attachment(l.Name+"-"+l.Number+".docx"))
	return writeLetterZip(w, l)
}

func writeLetterZip(w io.Writer, l *Letter) error {
	z := zip.NewWriter(w)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", letterContentTypes},
		{"_rels/.rels", letterRels},
		{"word/document.xml", letterDocumentXML(l)},
	} {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}
