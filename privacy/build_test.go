package privacy

import (
	"archive/zip"
	"bytes"
	"sort"
	"strings"
	"time"
)

// Builders of minimal OOXML packages for the tests and the labelled set.

var fixedTime = time.Date(2024, 10, 8, 9, 0, 0, 0, time.UTC)

// buildZip writes the members in name order with a fixed time, so the
// output is byte-for-byte reproducible.
func buildZip(files map[string]string) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: fixedTime})
		if err != nil {
			panic(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

func esc(s string) string { return escapeText(s, false) }

// wp returns a paragraph of plain runs, one per piece (a number split over
// pieces is split over runs, as Word does after editing).
func wp(pieces ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:jc w:val="both"/></w:pPr>`)
	for _, p := range pieces {
		b.WriteString(`<w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr><w:t xml:space="preserve">` + esc(p) + `</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// wpRevised returns a paragraph with a tracked deletion and insertion.
func wpRevised(before, deleted, inserted, after string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + esc(before) + `</w:t></w:r>` +
		`<w:del w:id="1" w:author="起草人" w:date="2024-10-08T09:00:00Z"><w:r><w:delText>` + esc(deleted) + `</w:delText></w:r></w:del>` +
		`<w:ins w:id="2" w:author="起草人" w:date="2024-10-08T09:00:00Z"><w:r><w:t>` + esc(inserted) + `</w:t></w:r></w:ins>` +
		`<w:r><w:t xml:space="preserve">` + esc(after) + `</w:t></w:r></w:p>`
}

// docxParts are the places of a Word document.
type docxParts struct {
	Body, Header, Footer, Comments, Footnotes []string // paragraphs (XML)
	Creator, LastModifiedBy, Title            string
	Company                                   string
	Custom                                    map[string]string
	Hyperlink                                 string // a relationship target
}

func buildDOCX(d docxParts) []byte {
	join := func(ps []string) string { return strings.Join(ps, "") }
	files := map[string]string{
		"[Content_Types].xml": xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`,
		"_rels/.rels":         xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`,
		"word/_rels/document.xml.rels": xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>` +
			func() string {
				if d.Hyperlink == "" {
					return ""
				}
				return `<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="` + escapeText(d.Hyperlink, true) + `" TargetMode="External"/>`
			}() + `</Relationships>`,
		"word/document.xml":  xmlHead + `<w:document ` + wNS + `><w:body>` + join(d.Body) + `<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:footerReference w:type="default" r:id="rId3"/></w:sectPr></w:body></w:document>`,
		"word/header1.xml":   xmlHead + `<w:hdr ` + wNS + `>` + join(d.Header) + `</w:hdr>`,
		"word/footer1.xml":   xmlHead + `<w:ftr ` + wNS + `>` + join(d.Footer) + `</w:ftr>`,
		"word/footnotes.xml": xmlHead + `<w:footnotes ` + wNS + `><w:footnote w:id="1">` + join(d.Footnotes) + `</w:footnote></w:footnotes>`,
		"word/comments.xml":  xmlHead + `<w:comments ` + wNS + `><w:comment w:id="0" w:author="审核人" w:date="2024-10-08T09:00:00Z" w:initials="SH">` + join(d.Comments) + `</w:comment></w:comments>`,
		"docProps/core.xml":  xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + esc(d.Title) + `</dc:title><dc:creator>` + esc(d.Creator) + `</dc:creator><cp:lastModifiedBy>` + esc(d.LastModifiedBy) + `</cp:lastModifiedBy></cp:coreProperties>`,
		"docProps/app.xml":   xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>` + esc(d.Company) + `</Company></Properties>`,
	}
	var custom strings.Builder
	keys := make([]string, 0, len(d.Custom))
	for k := range d.Custom {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		custom.WriteString(`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="` + string(rune('2'+i)) + `" name="` + escapeText(k, true) + `"><vt:lpwstr>` + esc(d.Custom[k]) + `</vt:lpwstr></property>`)
	}
	files["docProps/custom.xml"] = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` + custom.String() + `</Properties>`
	return buildZip(files)
}

// xlsxSheet is a worksheet: its name, state ("", "hidden", "veryHidden")
// and rows of cells. A cell starting with "=" is numeric (the rest is the
// number); "@" an inline string; anything else a shared string.
type xlsxSheet struct {
	Name, State string
	Rows        [][]string
	Comment     string // a comment on A1
}

func colName(i int) string { return string(rune('A' + i)) }

func buildXLSX(sheets []xlsxSheet, creator string) []byte {
	var shared []string
	sharedIdx := map[string]int{}
	files := map[string]string{}
	var wbSheets, wbRels, ctOver strings.Builder
	for si, sh := range sheets {
		n := string(rune('1' + si))
		var rows strings.Builder
		for ri, row := range sh.Rows {
			rows.WriteString(`<row r="` + itoa(ri+1) + `">`)
			for ci, v := range row {
				ref := colName(ci) + itoa(ri+1)
				switch {
				case strings.HasPrefix(v, "="):
					rows.WriteString(`<c r="` + ref + `"><v>` + esc(v[1:]) + `</v></c>`)
				case strings.HasPrefix(v, "@"):
					rows.WriteString(`<c r="` + ref + `" t="inlineStr"><is><t>` + esc(v[1:]) + `</t></is></c>`)
				default:
					k, ok := sharedIdx[v]
					if !ok {
						k = len(shared)
						sharedIdx[v] = k
						shared = append(shared, v)
					}
					rows.WriteString(`<c r="` + ref + `" t="s"><v>` + itoa(k) + `</v></c>`)
				}
			}
			rows.WriteString(`</row>`)
		}
		files["xl/worksheets/sheet"+n+".xml"] = xmlHead + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows.String() + `</sheetData></worksheet>`
		state := ""
		if sh.State != "" {
			state = ` state="` + sh.State + `"`
		}
		wbSheets.WriteString(`<sheet name="` + escapeText(sh.Name, true) + `" sheetId="` + n + `"` + state + ` r:id="rId` + n + `"/>`)
		wbRels.WriteString(`<Relationship Id="rId` + n + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet` + n + `.xml"/>`)
		ctOver.WriteString(`<Override PartName="/xl/worksheets/sheet` + n + `.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
		if sh.Comment != "" {
			files["xl/comments"+n+".xml"] = xmlHead + `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>审核人</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>` + esc(sh.Comment) + `</t></r></text></comment></commentList></comments>`
			files["xl/worksheets/_rels/sheet"+n+".xml.rels"] = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments` + n + `.xml"/></Relationships>`
		}
	}
	var sst strings.Builder
	for _, s := range shared {
		sst.WriteString(`<si><t xml:space="preserve">` + esc(s) + `</t></si>`)
	}
	files["xl/sharedStrings.xml"] = xmlHead + `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="` + itoa(len(shared)) + `" uniqueCount="` + itoa(len(shared)) + `">` + sst.String() + `</sst>`
	files["xl/workbook.xml"] = xmlHead + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + wbSheets.String() + `</sheets></workbook>`
	files["xl/_rels/workbook.xml.rels"] = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + wbRels.String() + `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	files["[Content_Types].xml"] = xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` + ctOver.String() + `</Types>`
	files["_rels/.rels"] = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
	files["docProps/core.xml"] = xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>` + esc(creator) + `</dc:creator></cp:coreProperties>`
	return buildZip(files)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
