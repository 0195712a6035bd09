package privacy

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// DocKind is the format of a document to scan or verify.
type DocKind string

// The document formats.
const (
	KindText DocKind = "text"
	KindHTML DocKind = "html"
	KindDOCX DocKind = "docx"
	KindXLSX DocKind = "xlsx"
)

// Limits on what an archive may expand to (zip bombs).
const (
	maxPart  = 64 << 20
	maxTotal = 256 << 20
)

// part is one XML file of an archive with its text.
type part struct {
	name  string
	data  []byte
	nodes []node
	units []unit
}

// isXMLPart reports whether an archive member is XML the scanners read:
// every .xml, .rels and .vml member, so that nothing textual is left out
// (relationships hold hyperlink targets such as mailto: addresses).
func isXMLPart(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") || strings.HasSuffix(n, ".vml")
}

// unscanned returns a hit for each member that is neither XML nor a font
// or printer setting: content the scanners do not read.
func unscanned(zr *zip.Reader) []Hit {
	var hits []Hit
	for _, f := range zr.File {
		n := strings.ToLower(f.Name)
		if isXMLPart(f.Name) || f.FileInfo().IsDir() || strings.HasSuffix(n, ".odttf") ||
			strings.Contains(n, "/fonts/") || strings.Contains(n, "printersettings") {
			continue
		}
		where := "嵌入对象"
		switch {
		case strings.Contains(n, "thumbnail"):
			where = "缩略图（未识别文字）"
		case strings.Contains(n, "/media/"):
			where = "图片（未识别文字）"
		case strings.Contains(n, "vbaproject"):
			where = "宏"
		}
		hits = append(hits, Hit{Kind: Unscanned, Text: f.Name, Part: f.Name, Context: where})
	}
	return hits
}

// readArchive opens an OOXML package and parses its XML members.
func readArchive(data []byte) (*zip.Reader, []*part, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("privacy: not an OOXML package: %w", err)
	}
	var parts []*part
	total := 0
	for _, f := range zr.File {
		if !isXMLPart(f.Name) || f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("privacy: %s: %w", f.Name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
		rc.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("privacy: %s: %w", f.Name, err)
		}
		if total += len(b); len(b) > maxPart || total > maxTotal {
			return nil, nil, fmt.Errorf("privacy: %s: archive expands beyond %d bytes", f.Name, maxTotal)
		}
		p := &part{name: f.Name, data: b, nodes: parseXML(b, nil)}
		p.units = ooxmlUnits(p.nodes)
		parts = append(parts, p)
	}
	return zr, parts, nil
}

// scanParts scans every unit of every part.
func scanParts(parts []*part, opts Options, where func(p *part, n *node) string) []Hit {
	var hits []Hit
	for _, p := range parts {
		for ui, u := range p.units {
			for _, h := range Scan(u.text, opts) {
				h.Part, h.Unit = p.name, ui
				h.Context = where(p, &p.nodes[u.nodes[0]])
				if n := nodeAt(p, u, h.Start); n != nil && n.attrName != "" {
					h.Context += "（属性 " + n.attrName + "）"
				} else if n != nil && deleted(n) {
					h.Context += "（修订·删除）"
				} else if n != nil && inserted(n) {
					h.Context += "（修订·插入）"
				}
				hits = append(hits, h)
			}
		}
	}
	return hits
}

// nodeAt returns the node of u holding byte offset off of its text.
func nodeAt(p *part, u unit, off int) *node {
	pos := 0
	for _, i := range u.nodes {
		pos += len(p.nodes[i].text)
		if off < pos {
			return &p.nodes[i]
		}
	}
	return nil
}

func commonPlace(name string) string {
	switch {
	case strings.HasPrefix(name, "docProps/"):
		return "文档属性"
	case strings.Contains(name, "comments") || strings.Contains(name, "Comments"):
		return "批注"
	case strings.HasSuffix(name, ".rels"):
		return "关系（链接目标）"
	}
	return name
}

func docxPlace(p *part, _ *node) string {
	base := path.Base(p.name)
	switch {
	case p.name == "word/document.xml":
		return "正文"
	case strings.HasPrefix(base, "header"):
		return "页眉"
	case strings.HasPrefix(base, "footer"):
		return "页脚"
	case strings.HasPrefix(base, "footnotes"):
		return "脚注"
	case strings.HasPrefix(base, "endnotes"):
		return "尾注"
	}
	return commonPlace(p.name)
}

// ScanDOCX scans a Word document: the body, headers, footers, foot- and
// endnotes, comments, the text of tracked insertions and deletions, field
// instructions, document properties (core, app, custom), relationship
// targets, and every attribute value (such as revision authors).
// Images, the thumbnail and embedded objects are not read: each is
// reported as an Unscanned hit.
func ScanDOCX(data []byte, opts Options) ([]Hit, error) {
	zr, parts, err := readArchive(data)
	if err != nil {
		return nil, err
	}
	return append(scanParts(parts, opts, docxPlace), unscanned(zr)...), nil
}

// sheetNames maps worksheet parts to their names and visibility from
// xl/workbook.xml and its relationships.
func sheetNames(parts []*part) map[string]string {
	byName := map[string]*part{}
	for _, p := range parts {
		byName[p.name] = p
	}
	targets := map[string]string{}
	if rels := byName["xl/_rels/workbook.xml.rels"]; rels != nil {
		for _, n := range rels.nodes {
			if n.attrName != "Id" || n.top == nil {
				continue
			}
			if t, ok := n.top.attr("Target"); ok {
				tg := t.value
				if strings.HasPrefix(tg, "/") {
					tg = tg[1:]
				} else {
					tg = path.Join("xl", tg)
				}
				targets[n.text] = tg
			}
		}
	}
	out := map[string]string{}
	if wb := byName["xl/workbook.xml"]; wb != nil {
		for _, n := range wb.nodes {
			if n.attrName != "name" || n.top == nil || n.top.local != "sheet" {
				continue
			}
			label := "工作表“" + n.text + "”"
			if st, ok := n.top.attr("state"); ok && st.value == "hidden" {
				label += "（隐藏）"
			} else if ok && st.value == "veryHidden" {
				label += "（深度隐藏）"
			}
			if id, ok := n.top.attr("id"); ok {
				out[targets[id.value]] = label
			}
		}
	}
	return out
}

// ScanXLSX scans a workbook: every worksheet whatever its visibility
// (hidden and veryHidden sheets, hidden rows and columns included), shared
// and inline strings, numeric cell values, formulas, comments and threaded
// comments, document properties, relationship targets and attribute values.
// Each hit in a worksheet says which sheet and whether it is hidden.
// Images and embedded objects are reported as Unscanned hits.
func ScanXLSX(data []byte, opts Options) ([]Hit, error) {
	zr, parts, err := readArchive(data)
	if err != nil {
		return nil, err
	}
	sheets := sheetNames(parts)
	return append(scanParts(parts, opts, func(p *part, n *node) string {
		if s, ok := sheets[p.name]; ok {
			return s
		}
		if p.name == "xl/sharedStrings.xml" {
			return "共享字符串"
		}
		return commonPlace(p.name)
	}), unscanned(zr)...), nil
}

// maskArchive rewrites the parts that hits touch and copies every other
// member unchanged.
func maskArchive(data []byte, hits []Hit) ([]byte, error) {
	zr, parts, err := readArchive(data)
	if err != nil {
		return nil, err
	}
	byPart := map[string][]Hit{}
	for _, h := range hits {
		byPart[h.Part] = append(byPart[h.Part], h)
	}
	changed := map[string][]byte{}
	for _, p := range parts {
		hs := byPart[p.name]
		if len(hs) == 0 {
			continue
		}
		var edits []edit
		for i, repl := range maskUnits(p.nodes, p.units, hs) {
			n := &p.nodes[i]
			edits = append(edits, edit{n.start, n.end, repl})
			edits = append(edits, numericCell(p, n)...)
		}
		changed[p.name] = applyEdits(p.data, edits)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		b, ok := changed[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				return nil, fmt.Errorf("privacy: copy %s: %w", f.Name, err)
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// numericCell returns the edits that turn a masked numeric cell value
// (<c r="B2"><v>13812345678</v></c>) into an inline string, since a mask is
// not a number.
func numericCell(p *part, n *node) []edit {
	if n.attrName != "" || n.top == nil || n.top.parent == nil {
		return nil
	}
	v, c := n.top, n.top.parent
	if v.local != "v" || c.local != "c" || v.closeStart < 0 {
		return nil
	}
	t, hasT := c.attr("t")
	if hasT && t.value != "n" {
		return nil
	}
	pfx := strings.TrimSuffix(v.name, "v")
	edits := []edit{
		{v.tagStart, v.tagEnd, "<" + pfx + "is><" + pfx + "t>"},
		{v.closeStart, v.closeEnd, "</" + pfx + "t></" + pfx + "is>"},
	}
	if hasT && t.quoted {
		edits = append(edits, edit{t.valStart, t.valEnd, "inlineStr"})
	} else {
		at := c.tagStart + 1 + len(c.name)
		edits = append(edits, edit{at, at, ` t="inlineStr"`})
	}
	return edits
}

// MaskDOCX returns the document with each hit (from ScanDOCX on the same
// bytes) masked in the XML text itself — body, comments, properties — and
// the deleted text of a tracked deletion a hit touches removed (replaced by
// one "*"). Unscanned
// hits are left alone (Verify reports them again).
func MaskDOCX(data []byte, hits []Hit) ([]byte, error) { return maskArchive(data, hits) }

// MaskXLSX returns the workbook with each hit (from ScanXLSX on the same
// bytes) masked; a masked numeric cell becomes an inline string.
func MaskXLSX(data []byte, hits []Hit) ([]byte, error) { return maskArchive(data, hits) }

// ScanHTML scans the text of an HTML fragment or page and its attribute
// values (href="mailto:…", title, alt), entities decoded. Hit offsets are
// in the text of unit Unit, as for the file scanners; use MaskHTML.
func ScanHTML(src string, opts Options) []Hit {
	nodes := parseXML([]byte(src), func(l string) bool { return inlineHTML[l] })
	var hits []Hit
	for ui, u := range htmlUnits(nodes) {
		for _, h := range Scan(u.text, opts) {
			h.Unit, h.Context = ui, "正文"
			if nodes[u.nodes[0]].attrName != "" {
				h.Context = "属性 " + nodes[u.nodes[0]].attrName
			}
			hits = append(hits, h)
		}
	}
	return hits
}

// MaskHTML returns src with the hits of ScanHTML(src) masked.
func MaskHTML(src string, hits []Hit) string {
	data := []byte(src)
	nodes := parseXML(data, func(l string) bool { return inlineHTML[l] })
	var edits []edit
	for i, repl := range maskUnits(nodes, htmlUnits(nodes), hits) {
		edits = append(edits, edit{nodes[i].start, nodes[i].end, repl})
	}
	return string(applyEdits(data, edits))
}

// Verify re-reads the bytes that are to be published and returns every
// hit still in them. After masking every hit it must return nothing; hits
// the reviewer accepted come back and are the caller's to discount.
func Verify(data []byte, kind DocKind, opts Options) ([]Hit, error) {
	switch kind {
	case KindText:
		return Scan(string(data), opts), nil
	case KindHTML:
		return ScanHTML(string(data), opts), nil
	case KindDOCX:
		return ScanDOCX(data, opts)
	case KindXLSX:
		return ScanXLSX(data, opts)
	}
	return nil, fmt.Errorf("privacy: unknown document kind %q", kind)
}
