package web

import (
	"strconv"

	"gongkai/report"
)

// GridView is a table of the national format laid out for a template.
type GridView struct {
	ID   string // 二, 三 or 四
	Rows [][]CellView
}

// CellView is one cell of a GridView.
type CellView struct {
	Header  bool   // <th>
	Scope   string // "row" for a row label, "col" for a column header
	Class   string
	Text    string
	ColSpan int
	RowSpan int
	Anchor  string // id of a value cell: c-三-granted-total
	Href    string // where a value cell links (the records behind it)
}

// cellAnchor is the fragment id of a value cell.
func cellAnchor(table, row, col string) string { return "c-" + table + "-" + row + "-" + col }

// gridView lays out t from (*report.Table).Grid: the labels are the
// national format's, never spelled here. flags marks cells named by
// findings ("table.row.column" → severity); href, when set, links value
// cells.
func gridView(t *report.Table, flags map[string]report.Severity, href func(row, col string) string) GridView {
	g := t.Grid()
	v := GridView{ID: t.Def.ID}
	for _, row := range g.Rows {
		var out []CellView
		for _, c := range row {
			cv := CellView{Text: c.Text, ColSpan: c.ColSpan, RowSpan: c.RowSpan}
			switch c.Kind {
			case report.Header:
				cv.Header, cv.Scope = true, "col"
				if c.Caption {
					cv.Class, cv.Scope = "caption", "colgroup"
				}
			case report.Label:
				cv.Header, cv.Scope, cv.Class = true, "row", "label"
			case report.Value:
				cv.Anchor = cellAnchor(t.Def.ID, c.Row, c.Column)
				if sev, ok := flags[t.Def.ID+"."+c.Row+"."+c.Column]; ok {
					cv.Class = "flag-" + string(sev)
				}
				if href != nil {
					cv.Href = href(c.Row, c.Column)
				}
			}
			out = append(out, cv)
		}
		v.Rows = append(v.Rows, out)
	}
	return v
}

func sampleGrid() GridView {
	r := report.New(2025, report.V2021)
	r.Requests.Set("granted", "total", 3)
	return gridView(r.Requests, map[string]report.Severity{"三.granted.total": report.Error}, func(row, col string) string {
		return "/x/" + row + "/" + col + "/" + strconv.Itoa(1)
	})
}
