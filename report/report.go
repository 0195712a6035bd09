// Package report is the annual report on government information disclosure
// (政府信息公开工作年度报告): the two national format versions, a stable id for
// every cell, the consistency rules (勾稽关系), and the open JSON format
// gongkai/annual-report/v1. It depends only on the standard library.
//
// Everything is driven by the definitions in layout.go: the model, the
// rules, the writers and the reader never spell a label or a row themselves.
package report

import (
	"fmt"
	"strings"
)

// Schema is the value of the "schema" key of the open JSON format.
const Schema = "gongkai/annual-report/v1"

// Report is one annual report of one agency for one year.
type Report struct {
	Agency string
	Year   int
	Format Version

	Proactive *Table // table 二
	Requests  *Table // table 三
	Appeals   *Table // table 四

	Narrative Narrative
	// Facts are figures stated in the report's text (section 一 and 六),
	// compared with the tables by the narrative.mismatch rule.
	Facts []Fact
	// SourceText keeps a cell's original text where it differed from the
	// number, keyed by cell path ("proactive.licensing.decisions" → "31.2万件").
	SourceText map[string]string
	// Findings of the consistency rules and of the reader.
	Findings []Finding
}

// Narrative holds the free-text sections.
type Narrative struct {
	Overview string // 一、总体情况
	Problems string // 五、存在的主要问题及改进情况
	Other    string // 六、其他需要报告的事项
}

// Fact is a figure stated in the text of a report, e.g. 收到政府信息公开申请46件.
type Fact struct {
	// Quantity names what the figure counts: a cell path such as
	// "requests.new_received.total", or a sum such as "requests.withheld.total"
	// (see Report.Quantity).
	Quantity string
	Value    float64
	// Text is the sentence fragment the figure was read from.
	Text string
}

// New returns a report of the given year and version with every cell 0.
func New(year int, v Version) *Report {
	l := LayoutOf(v)
	if l == nil {
		panic(fmt.Sprintf("report: unknown format version %q", v))
	}
	return &Report{
		Year:      year,
		Format:    v,
		Proactive: NewTable(l.Proactive),
		Requests:  NewTable(l.Requests),
		Appeals:   NewTable(l.Appeals),
	}
}

// Layout returns the layout of the report's format version.
func (r *Report) Layout() *Layout { return LayoutOf(r.Format) }

// Tables returns tables 二, 三 and 四 in order.
func (r *Report) Tables() []*Table { return []*Table{r.Proactive, r.Requests, r.Appeals} }

// Table returns the table with the given id ("二") or key ("proactive"), or nil.
func (r *Report) Table(id string) *Table {
	for _, t := range r.Tables() {
		if t.Def.ID == id || t.Def.Key == id {
			return t
		}
	}
	return nil
}

// Cell returns the value at a cell path "table.row.column", and whether the
// path names a cell of this report's version.
func (r *Report) Cell(path string) (float64, bool) {
	parts := strings.Split(path, ".")
	if len(parts) != 3 {
		return 0, false
	}
	t := r.Table(parts[0])
	if t == nil {
		return 0, false
	}
	return t.Lookup(parts[1], parts[2])
}

// Quantity returns a figure of the report named by a path: a cell path, or a
// sum over a group of table 三 ("requests.withheld.total" adds every row of
// （三）不予公开; "requests.other_group.total" adds （六）其他处理 in either
// version), or "appeals.suit.<column>" for both litigation groups.
func (r *Report) Quantity(path string) (float64, bool) {
	if v, ok := r.Cell(path); ok {
		return v, true
	}
	parts := strings.Split(path, ".")
	if len(parts) != 3 {
		return 0, false
	}
	t := r.Table(parts[0])
	if t == nil {
		return 0, false
	}
	group, col := parts[1], parts[2]
	var sum float64
	found := false
	for i, row := range t.Def.Rows {
		if row.Group == group || (group == "other_group" && row.ID == "other") {
			j := row.ColumnIndex(col)
			if j < 0 {
				return 0, false
			}
			sum += t.vals[i][j]
			found = true
		}
	}
	return sum, found
}

// Table holds the values of one table, laid out as its definition says.
type Table struct {
	Def  *TableDef
	vals [][]float64
}

// NewTable returns a table of the given definition with every cell 0.
func NewTable(def *TableDef) *Table {
	t := &Table{Def: def, vals: make([][]float64, len(def.Rows))}
	for i, r := range def.Rows {
		t.vals[i] = make([]float64, len(r.Columns))
	}
	return t
}

// Lookup returns the value of a cell and whether the table has that cell.
func (t *Table) Lookup(row, col string) (float64, bool) {
	i := t.Def.RowIndex(row)
	if i < 0 {
		return 0, false
	}
	j := t.Def.Rows[i].ColumnIndex(col)
	if j < 0 {
		return 0, false
	}
	return t.vals[i][j], true
}

// Get returns the value of a cell. It panics on an id the table does not
// have: that is a programming error, not bad input.
func (t *Table) Get(row, col string) float64 {
	i, j := t.pos(row, col)
	return t.vals[i][j]
}

// Set sets the value of a cell; it panics on an unknown id, like Get.
func (t *Table) Set(row, col string, v float64) {
	i, j := t.pos(row, col)
	t.vals[i][j] = v
}

// Add adds delta to a cell; it panics on an unknown id, like Get.
func (t *Table) Add(row, col string, delta float64) {
	i, j := t.pos(row, col)
	t.vals[i][j] += delta
}

// At returns the value at row index i, column index j of the definition.
func (t *Table) At(i, j int) float64 { return t.vals[i][j] }

// SetAt sets the value at row index i, column index j of the definition.
func (t *Table) SetAt(i, j int, v float64) { t.vals[i][j] = v }

// Clone returns a deep copy of the table.
func (t *Table) Clone() *Table {
	c := NewTable(t.Def)
	for i := range t.vals {
		copy(c.vals[i], t.vals[i])
	}
	return c
}

func (t *Table) pos(row, col string) (int, int) {
	i := t.Def.RowIndex(row)
	if i < 0 {
		panic(fmt.Sprintf("report: table %s has no row %q", t.Def.ID, row))
	}
	j := t.Def.Rows[i].ColumnIndex(col)
	if j < 0 {
		panic(fmt.Sprintf("report: row %s.%s has no column %q", t.Def.Key, row, col))
	}
	return i, j
}

// Clone returns a deep copy of the report.
func (r *Report) Clone() *Report {
	c := *r
	c.Proactive, c.Requests, c.Appeals = r.Proactive.Clone(), r.Requests.Clone(), r.Appeals.Clone()
	c.Facts = append([]Fact(nil), r.Facts...)
	c.Findings = append([]Finding(nil), r.Findings...)
	if r.SourceText != nil {
		c.SourceText = make(map[string]string, len(r.SourceText))
		for k, v := range r.SourceText {
			c.SourceText[k] = v
		}
	}
	return &c
}

// CellPath returns the path of a cell: "requests.granted.total".
func CellPath(table *TableDef, row, col string) string {
	return table.Key + "." + row + "." + col
}
