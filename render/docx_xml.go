package render

import "strconv"

// The fixed parts of the .docx package (Office Open XML, ECMA-376).

// Fonts as Chinese government documents use them (GB/T 9704): the title in
// 方正小标宋简体 二号, headings in 黑体 三号, the body in 仿宋_GB2312 三号.
// fontTable.xml names a common fallback for each (宋体, 仿宋, SimHei).
const (
	fontTitle   = "方正小标宋简体"
	fontHeading = "黑体"
	fontBody    = "仿宋_GB2312"
)

// Sizes in half-points: 二号 22pt, 三号 16pt, 五号 10.5pt, 小五 9pt.
const (
	sizeTitle = 44
	sizeBody  = 32
	sizeTable = 21
	sizeSmall = 18
)

// A4 in twentieths of a point, with the margins of GB/T 9704 (top 37mm,
// bottom 35mm, left 28mm, right 26mm).
const (
	pageWidth    = 11906
	pageHeight   = 16838
	marginTop    = 2098
	marginBottom = 1984
	marginLeft   = 1587
	marginRight  = 1474
	textWidth    = pageWidth - marginLeft - marginRight
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypesXML = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRelsXML = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const appXML = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>gongkai</Application></Properties>`

// coreXML is filled with the escaped title and agency.
const coreXML = xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
	` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
	`<dc:title>%s</dc:title><dc:creator>%s</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>`

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// relNS is the namespace of relationship ids (r:id).
const relNS = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// footerRel is the id of footer1.xml in document.xml.rels.
const footerRel = "rId3"

// footerXML is the page number centred at the foot of each page, "— 1 —",
// in 宋体 四号 as government documents number their pages.
var footerXML = xmlHeader + `<w:ftr ` + wordNS + `><w:p><w:pPr><w:spacing w:line="240" w:lineRule="auto"/>` +
	`<w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
	footerRun(`<w:t xml:space="preserve">— </w:t>`) +
	footerRun(`<w:fldChar w:fldCharType="begin"/>`) +
	footerRun(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) +
	footerRun(`<w:fldChar w:fldCharType="separate"/>`) +
	footerRun(`<w:t>1</w:t>`) +
	footerRun(`<w:fldChar w:fldCharType="end"/>`) +
	footerRun(`<w:t xml:space="preserve"> —</w:t>`) +
	`</w:p></w:ftr>`

func footerRun(content string) string {
	return `<w:r><w:rPr>` + rFonts("宋体") + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>` + content + `</w:r>`
}

const fontTableXML = xmlHeader + `<w:fonts ` + wordNS + `>` +
	`<w:font w:name="` + fontTitle + `"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="roman"/></w:font>` +
	`<w:font w:name="` + fontHeading + `"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>` +
	`<w:font w:name="` + fontBody + `"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/></w:font>` +
	`</w:fonts>`

// rFonts sets a font for every script explicitly, as Word otherwise picks
// its theme fonts for Latin text and digits.
func rFonts(font string) string {
	return `<w:rFonts w:ascii="` + font + `" w:eastAsia="` + font + `" w:hAnsi="` + font + `" w:cs="` + font + `" w:hint="eastAsia"/>`
}

var stylesXML = xmlHeader + `<w:styles ` + wordNS + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + rFonts(fontBody) +
	`<w:sz w:val="` + strconv.Itoa(sizeBody) + `"/><w:szCs w:val="` + strconv.Itoa(sizeBody) + `"/>` +
	`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	// Normal: 仿宋_GB2312 三号, 28pt lines, first line indented two characters.
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/></w:pPr>` +
	`<w:rPr>` + rFonts(fontBody) + `<w:sz w:val="` + strconv.Itoa(sizeBody) + `"/><w:szCs w:val="` + strconv.Itoa(sizeBody) + `"/></w:rPr></w:style>` +
	// Title: 方正小标宋简体 二号, centred.
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:spacing w:before="0" w:after="560" w:line="700" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>` +
	`<w:rPr>` + rFonts(fontTitle) + `<w:sz w:val="` + strconv.Itoa(sizeTitle) + `"/><w:szCs w:val="` + strconv.Itoa(sizeTitle) + `"/></w:rPr></w:style>` +
	// Heading 1: 黑体 三号.
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr>` +
	`<w:rPr>` + rFonts(fontHeading) + `</w:rPr></w:style>` +
	// Table text: 仿宋_GB2312 五号, single lines, centred.
	`<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr><w:sz w:val="` + strconv.Itoa(sizeTable) + `"/><w:szCs w:val="` + strconv.Itoa(sizeTable) + `"/></w:rPr></w:style>` +
	// Table header: 黑体 五号.
	`<w:style w:type="paragraph" w:styleId="TableHeader"><w:name w:val="Table Header"/><w:basedOn w:val="TableText"/><w:qFormat/>` +
	`<w:rPr>` + rFonts(fontHeading) + `</w:rPr></w:style>` +
	`</w:styles>`
