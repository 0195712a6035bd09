package render

import (
	"bufio"
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"

	"gongkai/report"
)

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// htmlPage is what html.tmpl renders.
type htmlPage struct {
	Title         string
	Agency        string // the title is Agency + TitleRest, broken between them if it must wrap
	TitleRest     string
	Format        string // the name of the national format the report follows
	Findings      []htmlFinding
	NoFindings    string
	FindingsTitle string
	Counts        []htmlCount
	Sections      []htmlSection
}

type htmlCount struct {
	Class, Label string
	N            int
}

type htmlFinding struct {
	Class, Severity, Location, Message, Rule string
}

type htmlSection struct {
	ID         string
	Heading    string
	Paragraphs []string
	Table      *htmlTable
}

type htmlTable struct {
	Class  string
	Cols   []int // column widths in percent of the table; nil for equal widths
	Head   [][]htmlCell
	Bodies [][][]htmlCell // one <tbody> per block (table 二) or one in all
}

type htmlCell struct {
	Header           bool // <th> rather than <td>
	Scope            string
	ColSpan, RowSpan int
	Class            string
	Text             string
	Title            string
	Cell             string // "table.row.column" of a value cell
}

// HTML writes the report as a self-contained Chinese HTML page (no external
// assets, no script) that prints on A4: the title, a box listing the
// findings, the six sections with their narrative, and tables 二, 三 and 四
// laid out from their grids with the national format's merged cells. Value
// cells named by a finding carry the class "flag" and "flag-" + severity.
func HTML(w io.Writer, r *report.Report) error {
	b := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(b, newHTMLPage(r)); err != nil {
		return err
	}
	return b.Flush()
}

func newHTMLPage(r *report.Report) *htmlPage {
	p := &htmlPage{Title: Title(r), Agency: r.Agency, NoFindings: NoFindings, FindingsTitle: FindingsTitle}
	p.TitleRest = strings.TrimPrefix(p.Title, r.Agency)
	l := r.Layout()
	if l != nil {
		p.Format = l.Name
	}
	for _, s := range []report.Severity{report.Error, report.Uncertain, report.Warning} {
		if n := report.CountSeverity(r.Findings, s); n > 0 {
			p.Counts = append(p.Counts, htmlCount{Class: string(s), Label: SeverityLabel(s), N: n})
		}
	}
	for _, f := range r.Findings {
		p.Findings = append(p.Findings, htmlFinding{Class: string(f.Severity), Severity: SeverityLabel(f.Severity),
			Location: Location(l, f), Message: f.Message, Rule: f.Rule})
	}
	fl := flags(r)
	for i, s := range sections(r) {
		hs := htmlSection{ID: "s" + strconv.Itoa(i+1), Heading: s.Heading, Paragraphs: Paragraphs(s.Narrative)}
		if s.Table != nil {
			hs.Table = newHTMLTable(s.Table, fl, r.SourceText)
		}
		p.Sections = append(p.Sections, hs)
	}
	return p
}

// columnWidths returns the width of each grid column in percent of the
// table, or nil for equal widths: wide label columns, narrow value columns.
func columnWidths(g *report.Grid) []int {
	var label []int
	switch g.Def.ID {
	case "二":
		label = []int{28}
	case "三":
		label = []int{6, 10, 28}
	default:
		return nil
	}
	rest := 100
	for _, w := range label {
		rest -= w
	}
	w := append([]int(nil), label...)
	n := g.Columns - len(label)
	for i := 0; i < n; i++ {
		w = append(w, rest/n)
	}
	return w
}

func newHTMLTable(t *report.Table, fl map[string]*cellFlag, source map[string]string) *htmlTable {
	g := t.Grid()
	ht := &htmlTable{Class: "t-" + t.Def.Key, Cols: columnWidths(g)}
	nh := headerRows(g)
	var body [][]htmlCell
	for i, row := range g.Rows {
		var cells []htmlCell
		for k := range row {
			c := &row[k]
			if c.Caption && len(body) > 0 {
				ht.Bodies = append(ht.Bodies, body)
				body = nil
			}
			cells = append(cells, newHTMLCell(t.Def, c, fl, source, i < nh))
		}
		if i < nh {
			ht.Head = append(ht.Head, cells)
		} else {
			body = append(body, cells)
		}
	}
	if len(body) > 0 {
		ht.Bodies = append(ht.Bodies, body)
	}
	return ht
}

func newHTMLCell(def *report.TableDef, c *report.GridCell, fl map[string]*cellFlag, source map[string]string, head bool) htmlCell {
	hc := htmlCell{ColSpan: c.ColSpan, RowSpan: c.RowSpan, Text: c.Text}
	switch {
	case c.Kind == report.Header && head && def.ID == "三" && c.ColSpan > 1 && c.RowSpan > 1:
		// The corner of table 三 states the 勾稽关系; it heads no column.
		hc.Header, hc.Class = true, "corner"
	case c.Caption:
		hc.Header, hc.Scope, hc.Class = true, "rowgroup", "block"
	case c.Kind == report.Header:
		hc.Header, hc.Scope = true, "col"
		if c.ColSpan > 1 {
			hc.Scope = "colgroup"
		}
	case c.Kind == report.Label:
		hc.Header, hc.Scope = true, "row"
		if c.RowSpan > 1 {
			hc.Class = "group"
		}
	case c.Kind == report.Value:
		hc.Class = "num"
		hc.Cell = def.Key + "." + c.Row + "." + c.Column
		if f := fl[flagKey(def, c)]; f != nil {
			hc.Class += " flag flag-" + string(f.Severity)
			hc.Title = strings.Join(f.Messages, "\n")
		}
		if src, ok := source[hc.Cell]; ok {
			if hc.Title != "" {
				hc.Title += "\n"
			}
			hc.Title += "原文：" + src
		}
	}
	return hc
}
