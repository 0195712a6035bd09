package reader

import (
	"fmt"
	"strings"

	"gongkai/report"
)

// run is a sequence of value tokens that belong together: the cells after
// one row label, or an unlabelled row of numbers.
type run struct {
	table string  // "二", "三", "四" or "" (outside the tables)
	label *label  // the row label right before the values, or nil
	vals  []token // tkValue and tkMaybe tokens
	group *label  // for table 四: the group label before the values
}

// realCount is the number of value tokens (blank or number) in the run.
func (r *run) realCount() int {
	n := 0
	for _, t := range r.vals {
		if t.kind == tkValue {
			n++
		}
	}
	return n
}

// numbers is the number of non-blank values in the run: a run of blank
// cells with no label is the padding of a header row, not a row.
func (r *run) numbers() int {
	n := 0
	for _, t := range r.vals {
		if t.kind == tkValue && t.cell.kind == cellNumber {
			n++
		}
	}
	return n
}

func (r *run) hasRun() bool {
	for _, t := range r.vals {
		if t.run {
			return true
		}
	}
	return false
}

// scan groups the tokens into runs, keeping track of which table the text is in.
type scan struct {
	runs     []run
	distinct map[string]bool // whole labels of rows, captions and triggers seen
}

func scanTokens(toks []token, d *dict) *scan {
	s := &scan{distinct: map[string]bool{}}
	state := ""
	var pending *label // the last row label, if nothing but group labels followed it
	var cur *run
	t4values := false
	closeRun := func() {
		if cur != nil && cur.realCount() > 0 && (cur.label != nil || cur.numbers() > 0) {
			s.runs = append(s.runs, *cur)
			if cur.table == "四" {
				t4values = true
			}
			pending = nil // a label names one run of numbers, not the next
		}
		cur = nil
	}
	for _, t := range toks {
		switch t.kind {
		case tkValue, tkMaybe:
			if cur == nil {
				if t.kind == tkMaybe && pending == nil {
					continue
				}
				tbl := state
				if pending != nil && pending.table != "四" {
					tbl = pending.table
				}
				cur = &run{table: tbl, label: pending}
				if pending != nil && pending.table == "四" {
					cur.label = nil
					cur.group = pending
				}
			}
			cur.vals = append(cur.vals, t)
		case tkLabel:
			closeRun()
			l := t.l
			if t.whole && (l.kind == lkRow || l.kind == lkCaption || l.trigger) {
				s.distinct[l.key] = true
			}
			if l.trigger && l.table != state {
				if !(l.table == "四" && state == "") || t.whole {
					state = l.table
					t4values = false
				}
			}
			switch l.kind {
			case lkRow:
				pending = l
			case lkGroup:
				// keeps the pending row label: group labels precede rows
			default:
				pending = nil
			}
		case tkText:
			closeRun()
			pending = nil
			if state == "四" && t4values {
				state = ""
			}
			if isSectionEnd(t.text) {
				state = ""
			}
		case tkBreak:
			closeRun()
			pending = nil
		}
	}
	closeRun()
	return s
}

// isSectionEnd reports whether a text line is the heading of section 五 or
// 六, after which no table follows.
func isSectionEnd(s string) bool {
	if len(s) > 120 {
		return false
	}
	k := key(s)
	if len([]rune(k)) > 30 {
		return false
	}
	num, core := splitNumbering(k)
	if num == "" {
		return false
	}
	return strings.Contains(core, "存在的主要问题") || strings.Contains(core, "主要问题及") || strings.HasPrefix(core, "其他需要报告")
}

// filler fills a report from the runs.
type filler struct {
	r *report.Report
	d *dict
	// budget is the digit-splitting work left for this document.
	budget int
}

func (f *filler) add(fd report.Finding) { f.r.Findings = append(f.r.Findings, fd) }

// setCell stores one parsed cell into the report, with its source text and
// a value.blank finding when it was blank.
func (f *filler) setCell(t *report.Table, row *report.Row, j int, tok token) (blank bool) {
	c := row.Columns[j]
	i := t.Def.RowIndex(row.ID)
	p := tok.cell
	var v float64
	switch p.kind {
	case cellBlank:
		blank = true
	case cellNumber:
		v = p.value
		if c.ID == "amount_wan_yuan" {
			v = wanYuan(p)
		}
	}
	t.SetAt(i, j, v)
	if txt := strings.TrimSpace(p.text); txt != "" && txt != report.FormatNumber(v) {
		if f.r.SourceText == nil {
			f.r.SourceText = map[string]string{}
		}
		f.r.SourceText[report.CellPath(t.Def, row.ID, c.ID)] = txt
	}
	return blank
}

// fillRow stores a row's values, given as tokens in column order (fewer
// than the columns when the source had fewer).
func (f *filler) fillRow(t *report.Table, row *report.Row, vals []token) {
	var blanks []string
	for j := range row.Columns {
		if j >= len(vals) {
			break
		}
		if f.setCell(t, row, j, vals[j]) {
			blanks = append(blanks, row.Columns[j].Label)
		}
	}
	if len(blanks) > 0 {
		fd := report.Finding{Rule: "value.blank", Severity: report.Warning, Table: t.Def.ID, Row: row.ID,
			Message: fmt.Sprintf("表%s“%s”%s空白，按0计", t.Def.ID, row.Label, quoteJoin(blanks))}
		if len(blanks) == 1 {
			for _, c := range row.Columns {
				if c.Label == blanks[0] {
					fd.Column = c.ID
				}
			}
		}
		f.add(fd)
	}
	if len(vals) < len(row.Columns) {
		var miss []string
		for _, c := range row.Columns[len(vals):] {
			miss = append(miss, c.Label)
		}
		f.add(report.Finding{Rule: "value.missing", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
			Message: fmt.Sprintf("表%s“%s”缺少%s，按0输出", t.Def.ID, row.Label, quoteJoin(miss))})
	}
}

func quoteJoin(ss []string) string {
	return "“" + strings.Join(ss, "”“") + "”"
}

// rowValues picks the values of a row with n columns out of a run: the
// value tokens, with as many bare "|" cells (or, between two values, empty
// lines) as blank cells as the row lacks, dropping trailing blanks when it
// is long. ok is false when the run holds numbers run together that must
// be split (see digits.go).
func rowValues(r run, n int) (vals []token, extra bool, ok bool) {
	real := r.realCount()
	need := n - real
	usable := 0
	for i, t := range r.vals {
		if t.kind == tkMaybe && (!t.weak || valueAfter(r.vals, i)) {
			usable++
		}
	}
	if need > 0 && r.hasRun() && usable < need {
		return nil, false, false
	}
	for i, t := range r.vals {
		switch {
		case t.kind == tkValue:
			vals = append(vals, t)
		case need > 0 && (!t.weak || valueAfter(r.vals, i)):
			vals = append(vals, token{kind: tkValue, cell: parsedCell{kind: cellBlank}})
			need--
		}
	}
	for len(vals) > n && vals[len(vals)-1].cell.kind == cellBlank {
		vals = vals[:len(vals)-1]
	}
	if len(vals) > n {
		return vals[:n], true, true
	}
	return vals, false, true
}

// valueAfter: a value token follows position i in the run.
func valueAfter(ts []token, i int) bool {
	for _, t := range ts[i+1:] {
		if t.kind == tkValue {
			return true
		}
	}
	return false
}

// missingRow reports a row the source does not have.
func (f *filler) missingRow(t *report.Table, row *report.Row) {
	f.add(report.Finding{Rule: "value.missing", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
		Message: fmt.Sprintf("表%s缺少“%s”行，按0输出", t.Def.ID, row.Label)})
}

// missingTable reports a table the source does not have (or has without numbers).
func (f *filler) missingTable(t *report.Table, why string) {
	f.add(report.Finding{Rule: "value.missing", Severity: report.Uncertain, Table: t.Def.ID,
		Message: fmt.Sprintf("表%s%s，各单元格按0输出", t.Def.ID, why)})
}
