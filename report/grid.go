package report

// CellKind says what a cell of a laid-out table holds.
type CellKind int

const (
	Header CellKind = iota // a column header or the corner note
	Label                  // a row label or a group label
	Value                  // a number
	Blank                  // an empty cell that only pads a row
)

// GridCell is one cell of a table laid out as the national format lays it
// out: a header, a label or a value, spanning ColSpan columns and RowSpan rows.
type GridCell struct {
	Kind    CellKind
	Text    string
	ColSpan int
	RowSpan int
	// Row and Column are the ids of a Value cell; Value its number.
	Row, Column string
	Value       float64
	// Caption is true for a table 二 block caption (第二十条第（一）项).
	Caption bool
}

// Grid is a table laid out with merged cells. Rows hold only the cells that
// start in that row, left to right, as an HTML table does: a position covered
// by a span from above or the left has no cell of its own.
type Grid struct {
	Def     *TableDef
	Columns int
	Rows    [][]GridCell
}

// Grid lays the table out as the national format does.
func (t *Table) Grid() *Grid {
	switch t.Def.ID {
	case "二":
		return proactiveGrid(t)
	case "三":
		return requestsGrid(t)
	default:
		return appealsGrid(t)
	}
}

func hdr(text string, colspan, rowspan int) GridCell {
	return GridCell{Kind: Header, Text: text, ColSpan: colspan, RowSpan: rowspan}
}

func lbl(text string, colspan, rowspan int) GridCell {
	return GridCell{Kind: Label, Text: text, ColSpan: colspan, RowSpan: rowspan}
}

func (t *Table) valueCells(i int) []GridCell {
	row := t.Def.Rows[i]
	cells := make([]GridCell, len(row.Columns))
	for j, c := range row.Columns {
		cells[j] = GridCell{Kind: Value, Text: FormatNumber(t.vals[i][j]), ColSpan: 1, RowSpan: 1,
			Row: row.ID, Column: c.ID, Value: t.vals[i][j]}
	}
	return cells
}

// proactiveGrid: four columns; each block is a caption row, a header row
// (信息内容 + the block's column labels) and its data rows. A block with fewer
// than three columns lets its last column span the rest.
func proactiveGrid(t *Table) *Grid {
	g := &Grid{Def: t.Def, Columns: 4}
	for _, b := range t.Def.Blocks {
		cap := hdr(b.Caption, 4, 1)
		cap.Caption = true
		g.Rows = append(g.Rows, []GridCell{cap})
		first := t.Def.Row(b.Rows[0])
		head := []GridCell{hdr(ProactiveHeader, 1, 1)}
		for _, c := range first.Columns {
			head = append(head, hdr(c.Label, 1, 1))
		}
		widen(head, 4)
		g.Rows = append(g.Rows, head)
		for _, id := range b.Rows {
			row := append([]GridCell{lbl(t.Def.Row(id).Label, 1, 1)}, t.valueCells(t.Def.RowIndex(id))...)
			widen(row, 4)
			g.Rows = append(g.Rows, row)
		}
	}
	return g
}

func widen(row []GridCell, width int) {
	n := 0
	for _, c := range row {
		n += c.ColSpan
	}
	row[len(row)-1].ColSpan += width - n
}

// requestsGrid: three label columns and seven value columns under the
// three-row header whose corner states the 勾稽关系.
func requestsGrid(t *Table) *Grid {
	def := t.Def
	cols := def.Rows[0].Columns
	g := &Grid{Def: def, Columns: 3 + len(cols)}
	g.Rows = append(g.Rows,
		[]GridCell{hdr(RequestsCorner, 3, 3), hdr(RequestsApplicantHeader, len(cols), 1)},
		[]GridCell{hdr(cols[0].Label, 1, 2), hdr(RequestsOrgHeader, len(cols)-2, 1), hdr(cols[len(cols)-1].Label, 1, 2)},
	)
	var orgs []GridCell
	for _, c := range cols[1 : len(cols)-1] {
		orgs = append(orgs, hdr(c.Label, 1, 1))
	}
	g.Rows = append(g.Rows, orgs)
	// Count the rows under each group so the group labels can span them.
	span := map[string]int{}
	for _, row := range def.Rows {
		for gid := row.Group; gid != ""; gid = def.Group(gid).Parent {
			span[gid]++
		}
	}
	started := map[string]bool{}
	for i, row := range def.Rows {
		var cells []GridCell
		// Group labels that start at this row, outermost first.
		var chain []string
		for gid := row.Group; gid != ""; gid = def.Group(gid).Parent {
			chain = append([]string{gid}, chain...)
		}
		for _, gid := range chain {
			if !started[gid] {
				started[gid] = true
				cells = append(cells, lbl(def.Group(gid).Label, 1, span[gid]))
			}
		}
		cells = append(cells, lbl(row.Label, 3-len(chain), 1))
		cells = append(cells, t.valueCells(i)...)
		g.Rows = append(g.Rows, cells)
	}
	return g
}

// appealsGrid: fifteen value columns under a three-row header.
func appealsGrid(t *Table) *Grid {
	def := t.Def
	n := len(appealColumns)
	g := &Grid{Def: def, Columns: 3 * n}
	review, direct, after := def.Rows[0], def.Rows[1], def.Rows[2]
	g.Rows = append(g.Rows, []GridCell{hdr(review.Label, n, 1), hdr(def.Group("suit").Label, 2*n, 1)})
	var second []GridCell
	for _, c := range appealColumns {
		second = append(second, hdr(c.Label, 1, 2))
	}
	second = append(second, hdr(direct.Label, n, 1), hdr(after.Label, n, 1))
	g.Rows = append(g.Rows, second)
	var third []GridCell
	for i := 0; i < 2; i++ {
		for _, c := range appealColumns {
			third = append(third, hdr(c.Label, 1, 1))
		}
	}
	g.Rows = append(g.Rows, third)
	var values []GridCell
	for i := range def.Rows {
		values = append(values, t.valueCells(i)...)
	}
	g.Rows = append(g.Rows, values)
	return g
}

// Matrix returns the grid as a full rectangle: m[r][c] is the cell that
// covers position (r, c), and origin[r][c] reports whether that cell starts
// there. Writers that need every position (DOCX vMerge, XLSX merges) use it.
func (g *Grid) Matrix() (m [][]*GridCell, origin [][]bool) {
	m = make([][]*GridCell, len(g.Rows))
	origin = make([][]bool, len(g.Rows))
	for r := range g.Rows {
		m[r] = make([]*GridCell, g.Columns)
		origin[r] = make([]bool, g.Columns)
	}
	for r := range g.Rows {
		c := 0
		for k := range g.Rows[r] {
			cell := &g.Rows[r][k]
			for c < g.Columns && m[r][c] != nil {
				c++
			}
			if c >= g.Columns {
				panic("report: grid row overflows its columns")
			}
			origin[r][c] = true
			for dr := 0; dr < cell.RowSpan; dr++ {
				for dc := 0; dc < cell.ColSpan; dc++ {
					if r+dr < len(m) && c+dc < g.Columns {
						m[r+dr][c+dc] = cell
					}
				}
			}
			c += cell.ColSpan
		}
	}
	return m, origin
}
