package report

import "testing"

// Every laid-out table must cover its rectangle exactly once, and hold each
// value cell of the definition exactly once.
func TestGrid_CoversEveryPositionOnce(t *testing.T) {
	for _, v := range Versions {
		r := New(2020, v)
		for _, tab := range r.Tables() {
			g := tab.Grid()
			m, origin := g.Matrix()
			seen := map[string]int{}
			for ri := range m {
				for ci := range m[ri] {
					if m[ri][ci] == nil {
						t.Errorf("%s 表%s: position (%d,%d) not covered", v, tab.Def.ID, ri, ci)
						continue
					}
					if origin[ri][ci] && m[ri][ci].Kind == Value {
						seen[m[ri][ci].Row+"."+m[ri][ci].Column]++
					}
				}
			}
			// Each row's origin cells must fill the row exactly (no overlaps).
			cells := 0
			for _, row := range g.Rows {
				for _, c := range row {
					cells += c.ColSpan * c.RowSpan
				}
			}
			if cells != len(m)*g.Columns {
				t.Errorf("%s 表%s: cells cover %d positions, want %d", v, tab.Def.ID, cells, len(m)*g.Columns)
			}
			for _, row := range tab.Def.Rows {
				for _, c := range row.Columns {
					if n := seen[row.ID+"."+c.ID]; n != 1 {
						t.Errorf("%s 表%s: cell %s.%s laid out %d times, want 1", v, tab.Def.ID, row.ID, c.ID, n)
					}
				}
			}
		}
	}
}
