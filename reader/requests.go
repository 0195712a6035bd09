package reader

import (
	"fmt"

	"gongkai/report"
)

// vrow is a row of numbers of table 三, with the layout row its label names
// (-1 when it has none: PDF extractions detach labels from numbers).
type vrow struct {
	idx int
	ru  run
}

// slot is what the reader decided for one layout row of table 三.
type slot struct {
	ru       *run
	assigned bool
	// doubt: the row was matched by position among unlabelled rows whose
	// number did not fit, so which row it is remains uncertain.
	doubt string
	// readings of a run whose cell boundaries were lost (nil otherwise).
	readings  []reading
	truncated bool
}

// fillRequests fills table 三: rows named by their labels, unlabelled rows
// of numbers by their order between the labelled ones.
func (f *filler) fillRequests(runs []run) {
	t := f.r.Requests
	def := t.Def
	ncol := len(def.Rows[0].Columns)
	var rows []vrow
	for _, ru := range runs {
		if ru.table != "三" {
			continue
		}
		idx := -1
		if ru.label != nil {
			if ru.label.table != "三" || ru.label.kind != lkRow {
				continue
			}
			idx = def.RowIndex(ru.label.id)
			if idx < 0 {
				f.add(report.Finding{Rule: "format.mismatch", Severity: report.Warning, Table: "三", Row: ru.label.id,
					Message: fmt.Sprintf("%s年版格式的表三中出现了另一版本的行“%s”，未读取", f.r.Format, ru.label.text)})
				continue
			}
		}
		n := ru.realCount()
		if !ru.hasRun() && n >= 2*ncol && n%ncol == 0 {
			// Several rows whose boundaries were lost: one per ncol numbers.
			var vals []token
			for _, t := range ru.vals {
				if t.kind == tkValue {
					vals = append(vals, t)
				}
			}
			for k := 0; k < n/ncol; k++ {
				part := run{table: ru.table, vals: vals[k*ncol : (k+1)*ncol]}
				i := -1
				if k == 0 {
					i = idx
					part.label = ru.label
				}
				rows = append(rows, vrow{i, part})
			}
			continue
		}
		if idx < 0 && (!ru.hasRun() && n < ncol || ru.hasRun() && runDigits(ru) < ncol) {
			continue // a stray number: a page number, a footnote mark
		}
		rows = append(rows, vrow{idx, ru})
	}
	slots := make([]slot, len(def.Rows))
	if len(rows) == 0 {
		f.missingTable(t, "缺失或未填数字")
		return
	}
	// Anchor the labelled rows, then give the unlabelled rows between two
	// anchors to the layout rows between them, in order.
	last := -1
	var pending []run
	place := func(upto int, final bool) {
		var free []int
		for i := last + 1; i < upto; i++ {
			if !slots[i].assigned {
				free = append(free, i)
			}
		}
		if len(pending) == 0 {
			return
		}
		doubt := ""
		if len(pending) != len(free) {
			doubt = fmt.Sprintf("%d行无标签的数字对应%d个缺少标签的行，按顺序对应", len(pending), len(free))
		}
		for k, ru := range pending {
			if k >= len(free) {
				f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "三",
					Message: fmt.Sprintf("表三有一行无标签的数字“%s”无法对应到任何行，未读取", runText(ru))})
				continue
			}
			ru := ru
			slots[free[k]] = slot{ru: &ru, assigned: true, doubt: doubt}
		}
		pending = nil
	}
	for _, vr := range rows {
		if vr.idx < 0 {
			pending = append(pending, vr.ru)
			continue
		}
		if old := slots[vr.idx]; old.assigned && old.doubt == "" {
			// The same row twice: keep the first, unless it was short (a
			// figure quoted in the text) and this one is complete.
			if !(old.ru.realCount() < ncol && !old.ru.hasRun() && vr.ru.realCount() >= ncol) {
				continue
			}
		}
		place(vr.idx, false)
		ru := vr.ru
		slots[vr.idx] = slot{ru: &ru, assigned: true}
		if vr.idx > last {
			last = vr.idx
		}
	}
	place(len(def.Rows), true)

	// Rows whose cell boundaries were lost: enumerate the readings the row
	// rule allows; then let the column rules choose among them.
	for i := range slots {
		s := &slots[i]
		if !s.assigned {
			continue
		}
		if _, _, ok := rowValues(*s.ru, ncol); ok {
			continue
		}
		s.readings, s.truncated = splitRuled(s.ru.vals, def.Rows[i].Columns, ncol, &f.budget)
		sortReadings(s.readings, def.Rows[i].Columns)
	}
	chosen := f.solveColumns(slots)

	for i, row := range def.Rows {
		s := &slots[i]
		if !s.assigned {
			f.missingRow(t, row)
			continue
		}
		if s.readings == nil && chosen[i] < 0 {
			vals, extra, ok := rowValues(*s.ru, ncol)
			if ok && len(vals) < ncol {
				if full, placed := f.placeTotal(row, vals, ncol); placed {
					vals = full
				}
			}
			if ok {
				f.fillRow(t, row, vals)
				f.checkGuessedBlanks(t, row, *s.ru, vals, 0)
				if extra {
					f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "三", Row: row.ID,
						Message: fmt.Sprintf("表三“%s”的数字多于%d个，只读取了前%d个", row.Label, ncol, ncol)})
				}
			} else if full, placed := f.placeTotal(row, runNumbers(*s.ru), ncol); placed && !s.truncated {
				f.fillRow(t, row, full)
			} else {
				f.fillReadings(t, row, *s.ru, nil, s.truncated, true)
			}
		} else {
			c := chosen[i]
			switch {
			case len(s.readings) == 0:
				if full, placed := f.placeTotal(row, runNumbers(*s.ru), ncol); placed && !s.truncated {
					f.fillRow(t, row, full)
					break
				}
				f.fillReadings(t, row, *s.ru, nil, s.truncated, true)
			case c == -2: // pinned by the rules
				f.fillRow(t, row, readingTokens(s.readings[0]))
			default:
				if c < 0 {
					c = 0
				}
				f.fillRow(t, row, readingTokens(s.readings[c]))
				f.uncertainReadings(t, row, runText(*s.ru), s.readings, c, s.truncated)
			}
		}
		if s.doubt != "" {
			f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "三", Row: row.ID,
				Message: fmt.Sprintf("表三“%s”行在原文中没有标签，%s，可能对错行", row.Label, s.doubt)})
		}
	}
}

// runNumbers is the value tokens of a run.
func runNumbers(ru run) []token {
	var nums []token
	for _, tk := range ru.vals {
		if tk.kind == tkValue {
			nums = append(nums, tk)
		}
	}
	return nums
}

// placeTotal reads a row of table 三 that has fewer numbers than columns,
// each a whole number (cells dropped with their boundaries: the empty cells
// of a page scraped one per line): when the last adds up the others, it is
// the 总计, the others the first columns, the cells dropped empty. The row
// is flagged: which columns the numbers belong to is not certain.
func (f *filler) placeTotal(row *report.Row, vals []token, ncol int) ([]token, bool) {
	if len(vals) < 2 || len(vals) >= ncol || !rowSum(cellValues(vals)) {
		return nil, false
	}
	full := append([]token(nil), vals[:len(vals)-1]...)
	for len(full) < ncol-1 {
		full = append(full, token{kind: tkValue, cell: parsedCell{kind: cellBlank}})
	}
	full = append(full, vals[len(vals)-1])
	f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "三", Row: row.ID,
		Message: fmt.Sprintf("表三“%s”只有%d个数字，最后一个等于其余之和，按总计读取，其余按前几列读取，缺少的单元格按空白计；各数字所属的列不能确定", row.Label, len(vals))})
	return full, true
}

// solveColumns chooses among the readings of the rows whose boundaries were
// lost with the column rules of table 三 (balance, outcome sum). It returns
// for each row: -1 no choice to make, -2 one reading pinned by the rules,
// k ≥ 0 reading k chosen among several that fit (uncertain).
func (f *filler) solveColumns(slots []slot) []int {
	out := make([]int, len(slots))
	var amb []int
	for i := range slots {
		out[i] = -1
		if slots[i].readings == nil {
			continue
		}
		switch {
		case len(slots[i].readings) == 1 && !slots[i].truncated:
			out[i] = -2
		case len(slots[i].readings) > 1 || slots[i].truncated:
			amb = append(amb, i)
			out[i] = 0
		}
	}
	if len(amb) == 0 {
		return out
	}
	combos := 1
	for _, i := range amb {
		combos *= len(slots[i].readings)
		if combos > 20000 || slots[i].truncated {
			return out // too many: keep the most plausible of each, uncertain
		}
	}
	// Values of the rows that are fixed.
	def := f.r.Requests.Def
	ncol := len(def.Rows[0].Columns)
	base := make([][]float64, len(slots))
	for i := range slots {
		base[i] = make([]float64, ncol)
		if !slots[i].assigned {
			continue
		}
		if slots[i].readings != nil {
			if len(slots[i].readings) > 0 {
				base[i] = readingValues(slots[i].readings[0])
			}
			continue
		}
		if vals, _, ok := rowValues(*slots[i].ru, ncol); ok {
			for j, v := range vals {
				if j < ncol && v.cell.kind == cellNumber {
					base[i][j] = v.cell.value
				}
			}
		}
	}
	var fits [][]int
	pick := make([]int, len(amb))
	var rec func(k int)
	rec = func(k int) {
		if len(fits) > 50 {
			return
		}
		if k == len(amb) {
			if columnsHold(def, base) {
				fits = append(fits, append([]int(nil), pick...))
			}
			return
		}
		i := amb[k]
		for c, r := range slots[i].readings {
			pick[k] = c
			base[i] = readingValues(r)
			rec(k + 1)
		}
	}
	rec(0)
	if len(fits) == 0 {
		return out
	}
	for k, i := range amb {
		same := true
		for _, fit := range fits {
			if fit[k] != fits[0][k] {
				same = false
			}
		}
		if same && len(fits) >= 1 {
			slots[i].readings = []reading{slots[i].readings[fits[0][k]]}
			out[i] = -2
			if len(fits) > 1 {
				out[i] = -2
			}
		} else {
			out[i] = fits[0][k]
		}
	}
	return out
}

// columnsHold checks the column rules of table 三 on a matrix of values.
func columnsHold(def *report.TableDef, v [][]float64) bool {
	nr, co := def.RowIndex("new_received"), def.RowIndex("carried_over")
	th, cf := def.RowIndex("total_handled"), def.RowIndex("carried_forward")
	for j := range v[0] {
		if !approx(v[nr][j]+v[co][j], v[th][j]+v[cf][j]) {
			return false
		}
		var sum float64
		for i, row := range def.Rows {
			if row.Group != "" && row.ID != "total_handled" {
				sum += v[i][j]
			}
		}
		if !approx(sum, v[th][j]) {
			return false
		}
	}
	return true
}
