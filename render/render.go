// Package render writes an annual report (政府信息公开工作年度报告) as a
// document: a self-contained HTML page, Markdown, the flattened text that
// scraped reports look like, and a Word (.docx) file. It uses only the
// standard library.
//
// Every writer takes a *report.Report whose Findings the caller has filled
// (usually with report.Check) and lays the tables out from
// (*report.Table).Grid, so every label comes from the definitions in package
// report.
package render

import (
	"strconv"
	"strings"

	"gongkai/report"
)

// FindingsTitle is the heading of the list of findings in every writer.
const FindingsTitle = "检查结果"

// NoFindings is written when a report has no finding.
const NoFindings = "未发现问题。"

// Title returns the title of the report: {Agency}{Year}年政府信息公开工作年度报告.
func Title(r *report.Report) string {
	return r.Agency + strconv.Itoa(r.Year) + "年政府信息公开工作年度报告"
}

// SeverityLabel returns the Chinese name of a severity: 错误, 警告 or 存疑.
func SeverityLabel(s report.Severity) string {
	switch s {
	case report.Error:
		return "错误"
	case report.Warning:
		return "警告"
	case report.Uncertain:
		return "存疑"
	}
	return string(s)
}

// Location names where a finding is, in Chinese labels taken from the
// layout: "表三 · （七）总计 · 总计". It is empty for a finding about the
// whole document.
func Location(l *report.Layout, f report.Finding) string {
	if f.Table == "" || l == nil {
		return ""
	}
	def := l.Table(f.Table)
	if def == nil {
		return "表" + f.Table
	}
	parts := []string{"表" + def.ID}
	if f.Row != "" {
		if row := def.Row(f.Row); row != nil {
			parts = append(parts, rowLabel(def, row))
			if c := row.Column(f.Column); c != nil {
				parts = append(parts, c.Label)
			}
		} else if g := def.Group(f.Row); g != nil {
			parts = append(parts, g.Label)
		}
	}
	return strings.Join(parts, " · ")
}

// rowLabel returns a row's label preceded by the labels of the groups it
// sits in, outermost first: "三、本年度办理结果 （三）不予公开 1.属于国家秘密".
func rowLabel(def *report.TableDef, row *report.Row) string {
	labels := []string{row.Label}
	for gid := row.Group; gid != ""; {
		g := def.Group(gid)
		if g == nil {
			break
		}
		labels = append([]string{g.Label}, labels...)
		gid = g.Parent
	}
	return strings.Join(labels, " ")
}

// section is one of the six sections with what it holds.
type section struct {
	Heading   string
	Narrative string        // sections 一, 五 and 六
	Table     *report.Table // sections 二, 三 and 四
}

// sections returns the six sections of r in order.
func sections(r *report.Report) []section {
	s := make([]section, len(report.Sections))
	for i, h := range report.Sections {
		s[i].Heading = h
	}
	s[0].Narrative = r.Narrative.Overview
	s[1].Table, s[2].Table, s[3].Table = r.Proactive, r.Requests, r.Appeals
	s[4].Narrative = r.Narrative.Problems
	s[5].Narrative = r.Narrative.Other
	return s
}

// Paragraphs splits narrative text on newlines, trimming each line and
// dropping empty ones: how every writer and the portal show a narrative.
func Paragraphs(text string) []string {
	var ps []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			ps = append(ps, line)
		}
	}
	return ps
}

// Severity classes used to mark cells, strongest first.
var severityRank = map[report.Severity]int{report.Error: 3, report.Uncertain: 2, report.Warning: 1}

// cellFlag is what the findings say about one value cell.
type cellFlag struct {
	Severity report.Severity // the strongest severity naming the cell
	Messages []string
}

// flags maps "table.row.column" (table id 二/三/四, row and column ids) to the
// findings that name the cell. A finding without a column names every cell
// of its row; one naming a group names every row in the group; one naming
// only a table names every cell of it.
func flags(r *report.Report) map[string]*cellFlag {
	m := map[string]*cellFlag{}
	for _, f := range r.Findings {
		t := r.Table(f.Table)
		if t == nil {
			continue
		}
		def := t.Def
		for _, row := range def.Rows {
			if f.Row != "" && f.Row != row.ID && !inGroup(def, row, f.Row) {
				continue
			}
			for _, c := range row.Columns {
				if f.Column != "" && f.Column != c.ID {
					continue
				}
				key := def.ID + "." + row.ID + "." + c.ID
				fl := m[key]
				if fl == nil {
					fl = &cellFlag{}
					m[key] = fl
				}
				if severityRank[f.Severity] > severityRank[fl.Severity] {
					fl.Severity = f.Severity
				}
				fl.Messages = append(fl.Messages, f.Message)
			}
		}
	}
	return m
}

// inGroup reports whether row sits in group gid, directly or deeper.
func inGroup(def *report.TableDef, row *report.Row, gid string) bool {
	for g := row.Group; g != ""; {
		if g == gid {
			return true
		}
		grp := def.Group(g)
		if grp == nil {
			return false
		}
		g = grp.Parent
	}
	return false
}

// flagKey returns the key of a value cell in the map flags returns.
func flagKey(def *report.TableDef, c *report.GridCell) string {
	return def.ID + "." + c.Row + "." + c.Column
}

// headerRows returns how many leading rows of a grid are header rows (every
// cell a Header that is not a table 二 block caption).
func headerRows(g *report.Grid) int {
	n := 0
	for _, row := range g.Rows {
		for _, c := range row {
			if c.Kind != report.Header || c.Caption {
				return n
			}
		}
		n++
	}
	return n
}

// CellFlags returns, for each value cell named by a finding, the strongest
// severity naming it, keyed "table.row.column" with the table id (二, 三 or
// 四) and the row and column ids. A finding without a column names its whole
// row, one naming a group every row in it, one naming only a table all of it.
func CellFlags(r *report.Report) map[string]report.Severity {
	m := map[string]report.Severity{}
	for k, f := range flags(r) {
		m[k] = f.Severity
	}
	return m
}
