package render

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"gongkai/report"
)

// DOCX writes the report as a Word document (.docx) built with archive/zip:
// the title, the six sections with their narrative, and tables 二, 三 and 四
// laid out from their grids with merged cells (w:gridSpan across, w:vMerge
// down), every cell bordered, on A4 with the margins and fonts of Chinese
// government documents. Cells named by a finding are shaded, and the
// findings, if any, follow the six sections under 检查结果.
func DOCX(w io.Writer, r *report.Report) error {
	z := zip.NewWriter(w)
	title := Title(r)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", packageRelsXML},
		{"docProps/core.xml", fmt.Sprintf(coreXML, xmlText(title), xmlText(r.Agency))},
		{"docProps/app.xml", appXML},
		{"word/_rels/document.xml.rels", documentRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/footer1.xml", footerXML},
		{"word/document.xml", documentXML(r)},
	}
	for _, p := range parts {
		// Small parts are stored: compressing them costs more than it saves.
		method := zip.Deflate
		if len(p.body) < 2048 {
			method = zip.Store
		}
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: method})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return z.Close()
}

// xmlText escapes text for XML character data and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writing to a strings.Builder cannot fail
	return b.String()
}

// Shading of cells named by a finding, by severity.
var docxShade = map[report.Severity]string{
	report.Error:     "F6D5D2",
	report.Warning:   "FBE8C8",
	report.Uncertain: "D8E6F7",
}

// documentXML returns word/document.xml.
func documentXML(r *report.Report) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document ` + wordNS + ` ` + relNS + `><w:body>` + "\n")
	// The title on two lines, the agency first, as reports are headed.
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>`)
	b.WriteString(run(r.Agency))
	b.WriteString(`<w:r><w:br/></w:r>`)
	b.WriteString(run(strings.TrimPrefix(Title(r), r.Agency)))
	b.WriteString(`</w:p>` + "\n")
	fl := flags(r)
	for _, s := range sections(r) {
		if s.Table != nil && s.Table.Def.ID == "三" {
			// Table 三 fills a page: start it on one, as the printed HTML does.
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:pageBreakBefore/></w:pPr>` + run(s.Heading) + "</w:p>\n")
		} else {
			para(&b, "Heading1", "", s.Heading)
		}
		if s.Table != nil {
			docxTable(&b, s.Table, fl)
		}
		for _, p := range Paragraphs(s.Narrative) {
			para(&b, "", "", p)
		}
	}
	if len(r.Findings) > 0 {
		para(&b, "Heading1", "", FindingsTitle)
		l := r.Layout()
		for _, f := range r.Findings {
			text := f.Message
			if loc := Location(l, f); loc != "" {
				text = loc + "：" + text
			}
			b.WriteString(`<w:p>`)
			b.WriteString(`<w:r><w:rPr>` + rFonts(fontHeading) + `</w:rPr><w:t>【` + xmlText(SeverityLabel(f.Severity)) + `】</w:t></w:r>`)
			b.WriteString(run(text))
			b.WriteString(`</w:p>` + "\n")
		}
	}
	fmt.Fprintf(&b, `<w:sectPr><w:footerReference w:type="default" r:id="%s"/><w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="992" w:gutter="0"/>`+
		`<w:cols w:space="425"/></w:sectPr>`,
		footerRel, pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// run returns a run of text, spaces kept.
func run(text string) string {
	if text == "" {
		return ""
	}
	return `<w:r><w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r>`
}

// para writes a paragraph of the given style ("" for Normal) and
// justification ("" for the style's).
func para(b *strings.Builder, style, jc, text string) {
	b.WriteString(`<w:p>`)
	if style != "" || jc != "" {
		b.WriteString(`<w:pPr>`)
		if style != "" {
			b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		if jc != "" {
			b.WriteString(`<w:jc w:val="` + jc + `"/>`)
		}
		b.WriteString(`</w:pPr>`)
	}
	b.WriteString(run(text))
	b.WriteString(`</w:p>` + "\n")
}

// docxColumnWidths returns the width of each grid column in twips, adding up
// to the text width of the page.
func docxColumnWidths(g *report.Grid) []int {
	w := make([]int, g.Columns)
	pct := columnWidths(g)
	used := 0
	for i := range w {
		if pct != nil {
			w[i] = textWidth * pct[i] / 100
		} else {
			w[i] = textWidth / g.Columns
		}
		used += w[i]
	}
	w[len(w)-1] += textWidth - used
	return w
}

const cellBorders = `<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>` +
	`<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>`

// docxTable writes a table from the grid's matrix: a cell that starts in a
// row is written with w:gridSpan for its width and w:vMerge="restart" when it
// spans rows; each further row it covers gets an empty cell with w:vMerge.
func docxTable(b *strings.Builder, t *report.Table, fl map[string]*cellFlag) {
	g := t.Grid()
	m, origin := g.Matrix()
	widths := docxColumnWidths(g)
	nh := headerRows(g)
	size := ""
	if t.Def.ID != "二" { // the wide tables, in 小五
		size = `<w:rPr><w:sz w:val="` + strconv.Itoa(sizeSmall) + `"/><w:szCs w:val="` + strconv.Itoa(sizeSmall) + `"/></w:rPr>`
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	b.WriteString(`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>`)
	b.WriteString(`<w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString(`</w:tblGrid>` + "\n")
	for r := range m {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if r < nh {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		for c := 0; c < g.Columns; {
			cell := m[r][c]
			width := 0
			for k := c; k < c+cell.ColSpan; k++ {
				width += widths[k]
			}
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>`)
			if cell.ColSpan > 1 {
				b.WriteString(`<w:gridSpan w:val="` + strconv.Itoa(cell.ColSpan) + `"/>`)
			}
			start := origin[r][c]
			if cell.RowSpan > 1 {
				if start {
					b.WriteString(`<w:vMerge w:val="restart"/>`)
				} else {
					b.WriteString(`<w:vMerge/>`)
				}
			}
			b.WriteString(cellBorders)
			if cell.Kind == report.Value {
				if f := fl[flagKey(t.Def, cell)]; f != nil {
					b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + docxShade[f.Severity] + `"/>`)
				}
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			style, jc := "TableText", ""
			switch {
			case cell.Kind == report.Header && !cell.Caption && !(t.Def.ID == "三" && r == 0 && c == 0):
				style = "TableHeader"
			case cell.Kind == report.Label && cell.RowSpan == 1, cell.Caption, t.Def.ID == "三" && r == 0 && c == 0:
				jc = "left"
			}
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>`)
			if jc != "" {
				b.WriteString(`<w:jc w:val="` + jc + `"/>`)
			}
			b.WriteString(`</w:pPr>`)
			if start && cell.Text != "" {
				b.WriteString(`<w:r>` + size + `<w:t xml:space="preserve">` + xmlText(cell.Text) + `</w:t></w:r>`)
			}
			b.WriteString(`</w:p></w:tc>`)
			c += cell.ColSpan
		}
		b.WriteString(`</w:tr>` + "\n")
	}
	b.WriteString(`</w:tbl>` + "\n")
}
