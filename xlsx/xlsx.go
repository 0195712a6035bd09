// Package xlsx writes an annual report (政府信息公开工作年度报告) as an Excel
// workbook with github.com/xuri/excelize/v2: a sheet with the report's
// particulars, one sheet per table laid out with the national format's
// merged headers, and a sheet listing the findings.
package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/render"
	"gongkai/report"
)

// Sheet names, in workbook order: the report's particulars, tables 二, 三
// and 四, and the findings.
const (
	SheetReport    = "报告"
	SheetProactive = "表二 主动公开"
	SheetRequests  = "表三 依申请公开"
	SheetAppeals   = "表四 复议诉讼"
	SheetFindings  = render.FindingsTitle
)

// TableSheet returns the sheet name of table id ("二", "三" or "四").
func TableSheet(id string) string {
	switch id {
	case "二":
		return SheetProactive
	case "三":
		return SheetRequests
	case "四":
		return SheetAppeals
	}
	return ""
}

// gridTop is the spreadsheet row of a table's first grid row: row 1 holds
// the section heading, row 2 is empty.
const gridTop = 3

// Write writes the report as an .xlsx workbook. Every value is stored as a
// number and every label as a string; headers are bold, centred and
// bordered; cells named by a finding are filled with the colour of its
// severity.
func Write(w io.Writer, r *report.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := build(f, r); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// sheetWriter keeps the first error of a run of excelize calls.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (s *sheetWriter) do(err error) {
	if s.err == nil && err != nil {
		s.err = err
	}
}

func (s *sheetWriter) str(col, row int, text string) {
	s.do(s.f.SetCellStr(s.sheet, cell(col, row), text))
}

func (s *sheetWriter) num(col, row int, v float64) {
	s.do(s.f.SetCellFloat(s.sheet, cell(col, row), v, -1, 64))
}

func (s *sheetWriter) style(col0, row0, col1, row1, style int) {
	s.do(s.f.SetCellStyle(s.sheet, cell(col0, row0), cell(col1, row1), style))
}

func (s *sheetWriter) merge(col0, row0, col1, row1 int) {
	s.do(s.f.MergeCell(s.sheet, cell(col0, row0), cell(col1, row1)))
}

func (s *sheetWriter) width(col0, col1 int, w float64) {
	a, _ := excelize.ColumnNumberToName(col0)
	b, _ := excelize.ColumnNumberToName(col1)
	s.do(s.f.SetColWidth(s.sheet, a, b, w))
}

// cell returns the name of the cell at 1-based column and row ("B3").
func cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err) // columns and rows here are small positive numbers
	}
	return name
}

func build(f *excelize.File, r *report.Report) error {
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetReport); err != nil {
		return err
	}
	if err := writeReportSheet(f, r, st); err != nil {
		return err
	}
	fl := render.CellFlags(r)
	for _, t := range r.Tables() {
		if _, err := f.NewSheet(TableSheet(t.Def.ID)); err != nil {
			return err
		}
		if err := writeTableSheet(f, t, st, fl); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(SheetFindings); err != nil {
		return err
	}
	if err := writeFindingsSheet(f, r, st); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return f.SetDocProps(&excelize.DocProperties{Title: render.Title(r), Creator: r.Agency, Language: "zh-CN"})
}

func writeReportSheet(f *excelize.File, r *report.Report, st *styles) error {
	s := &sheetWriter{f: f, sheet: SheetReport}
	s.str(1, 1, render.Title(r))
	s.merge(1, 1, 2, 1)
	s.style(1, 1, 2, 1, st.title)
	name := ""
	if l := r.Layout(); l != nil {
		name = l.Name
	}
	rows := []struct {
		label string
		text  string
		num   float64
		isNum bool
	}{
		{label: "报告机关", text: r.Agency},
		{label: "报告年度", num: float64(r.Year), isNum: true},
		{label: "格式版本", text: string(r.Format)},
		{label: "格式名称", text: name},
	}
	for _, sev := range []report.Severity{report.Error, report.Warning, report.Uncertain} {
		rows = append(rows, struct {
			label string
			text  string
			num   float64
			isNum bool
		}{label: render.FindingsTitle + "：" + render.SeverityLabel(sev), num: float64(report.CountSeverity(r.Findings, sev)), isNum: true})
	}
	for i, row := range rows {
		y := i + 3
		s.str(1, y, row.label)
		s.style(1, y, 1, y, st.header)
		if row.isNum {
			s.num(2, y, row.num)
			s.style(2, y, 2, y, st.valueLeft)
		} else {
			s.str(2, y, row.text)
			s.style(2, y, 2, y, st.label)
		}
	}
	s.width(1, 1, 22)
	s.width(2, 2, 60)
	s.printA4("portrait")
	return s.err
}

// Column widths (in characters) of the table sheets.
func columnWidths(g *report.Grid) []float64 {
	w := make([]float64, g.Columns)
	for i := range w {
		w[i] = 10
	}
	switch g.Def.ID {
	case "二":
		w[0] = 26
		for i := 1; i < len(w); i++ {
			w[i] = 18
		}
	case "三":
		w[0], w[1], w[2] = 8, 12, 40
	case "四":
		for i := range w {
			w[i] = 9
		}
	}
	return w
}

func writeTableSheet(f *excelize.File, t *report.Table, st *styles, fl map[string]report.Severity) error {
	s := &sheetWriter{f: f, sheet: TableSheet(t.Def.ID)}
	g := t.Grid()
	m, origin := g.Matrix()
	s.str(1, 1, t.Def.Section)
	s.merge(1, 1, g.Columns, 1)
	s.style(1, 1, g.Columns, 1, st.title)
	for r := range m {
		for c := range m[r] {
			if !origin[r][c] {
				continue
			}
			gc := m[r][c]
			x0, y0 := c+1, r+gridTop
			x1, y1 := x0+gc.ColSpan-1, y0+gc.RowSpan-1
			style := st.label
			switch {
			case gc.Kind == report.Value:
				s.num(x0, y0, gc.Value)
				style = st.value
				if sev, ok := fl[t.Def.ID+"."+gc.Row+"."+gc.Column]; ok {
					style = st.flagged[sev]
				}
			case gc.Caption:
				s.str(x0, y0, gc.Text)
				style = st.caption
			case gc.Kind == report.Header && t.Def.ID == "三" && r == 0 && c == 0:
				s.str(x0, y0, gc.Text)
				style = st.corner
			case gc.Kind == report.Header:
				s.str(x0, y0, gc.Text)
				style = st.header
			case gc.Kind == report.Label:
				s.str(x0, y0, gc.Text)
				if gc.RowSpan > 1 {
					style = st.group
				}
			default:
				s.str(x0, y0, gc.Text)
			}
			if x1 > x0 || y1 > y0 {
				s.merge(x0, y0, x1, y1)
			}
			s.style(x0, y0, x1, y1, style)
		}
	}
	for i, w := range columnWidths(g) {
		s.width(i+1, i+1, w)
	}
	orientation := "portrait"
	if t.Def.ID == "四" {
		orientation = "landscape"
	}
	s.printA4(orientation)
	return s.err
}

// printA4 prints the sheet on A4, scaled to the width of one page.
func (s *sheetWriter) printA4(orientation string) {
	a4, wide, tall, on := 9, 1, 0, true
	s.do(s.f.SetSheetProps(s.sheet, &excelize.SheetPropsOptions{FitToPage: &on}))
	s.do(s.f.SetPageLayout(s.sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall}))
}

func writeFindingsSheet(f *excelize.File, r *report.Report, st *styles) error {
	s := &sheetWriter{f: f, sheet: SheetFindings}
	head := []string{"严重程度", "规则", "位置", "说明", "数值"}
	for i, h := range head {
		s.str(i+1, 1, h)
	}
	s.style(1, 1, len(head), 1, st.header)
	if len(r.Findings) == 0 {
		s.str(1, 2, render.NoFindings)
		s.merge(1, 2, len(head), 2)
		s.style(1, 2, len(head), 2, st.label)
	}
	l := r.Layout()
	for i, fd := range r.Findings {
		y := i + 2
		vals := make([]string, len(fd.Values))
		for j, v := range fd.Values {
			vals[j] = report.FormatNumber(v)
		}
		for j, text := range []string{render.SeverityLabel(fd.Severity), fd.Rule, render.Location(l, fd), fd.Message, strings.Join(vals, " ")} {
			s.str(j+1, y, text)
		}
		s.style(1, y, 1, y, st.flagged[fd.Severity])
		s.style(2, y, len(head), y, st.label)
	}
	for i, w := range []float64{10, 22, 40, 60, 20} {
		s.width(i+1, i+1, w)
	}
	s.printA4("landscape")
	return s.err
}
