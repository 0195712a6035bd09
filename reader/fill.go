package reader

import (
	"fmt"
	"strings"

	"gongkai/report"
)

// fillProactive fills table 二 from the runs labelled with its rows.
func (f *filler) fillProactive(runs []run) {
	t := f.r.Proactive
	done := map[string]bool{}
	for k, ru := range runs {
		l := ru.label
		if l == nil || l.table != "二" || l.kind != lkRow {
			continue
		}
		row := t.Def.Row(l.id)
		if row == nil {
			f.add(report.Finding{Rule: "format.mismatch", Severity: report.Warning, Table: "二", Row: l.id,
				Message: fmt.Sprintf("%s年版格式的表二中出现了另一版本的行“%s”，未读取", f.r.Format, l.text)})
			continue
		}
		if done[row.ID] {
			continue
		}
		// A row quoted short (in the text) before the table: prefer a
		// complete run of the same row later on.
		if ru.realCount() < len(row.Columns) && !ru.hasRun() && laterComplete(runs, k, l.id, len(row.Columns)) {
			continue
		}
		done[row.ID] = true
		f.fillOne(t, row, ru, 0)
	}
	n := 0
	for _, row := range t.Def.Rows {
		if !done[row.ID] {
			n++
		}
	}
	if n == len(t.Def.Rows) {
		f.missingTable(t, "缺失或未填数字")
		return
	}
	for _, row := range t.Def.Rows {
		if !done[row.ID] {
			f.missingRow(t, row)
		}
	}
}

// laterComplete: a run after k labelled with the same row has all n values.
func laterComplete(runs []run, k int, id string, n int) bool {
	for _, ru := range runs[k+1:] {
		if ru.label != nil && ru.label.table == "二" && ru.label.id == id && ru.realCount() >= n {
			return true
		}
	}
	return false
}

// guessedBlanks: the row was completed with bare "|" or empty lines taken
// as empty cells — they may as well have been padding, and a number lost.
func guessedBlanks(ru run, n int) bool {
	if ru.realCount() >= n {
		return false
	}
	for _, t := range ru.vals {
		if t.kind == tkMaybe {
			return true
		}
	}
	return false
}

func cellValues(ts []token) []float64 {
	vs := make([]float64, len(ts))
	for i, t := range ts {
		if t.cell.kind == cellNumber {
			vs[i] = t.cell.value
		}
	}
	return vs
}

// groupSums: in each whole group of five numbers the last is the sum of the
// four before it.
func groupSums(vs []float64) bool {
	for g := 0; g+5 <= len(vs); g += 5 {
		if !approx(vs[g]+vs[g+1]+vs[g+2]+vs[g+3], vs[g+4]) {
			return false
		}
	}
	return true
}

// rowSum: the last number is the sum of the others (table 三's rows).
func rowSum(vs []float64) bool {
	var s float64
	for _, v := range vs[:len(vs)-1] {
		s += v
	}
	return approx(s, vs[len(vs)-1])
}

// checkGuessedBlanks flags a row completed with guessed empty cells unless
// a rule shows the guess right (table 三: the row total; table 四: the
// group total); table 二 has no rule, so such a row is always flagged.
func (f *filler) checkGuessedBlanks(t *report.Table, row *report.Row, ru run, vals []token, sumEvery int) {
	if !guessedBlanks(ru, len(row.Columns)) || len(vals) < len(row.Columns) {
		return
	}
	vs := cellValues(vals[:len(row.Columns)])
	switch {
	case t.Def.ID == "三" && rowSum(vs):
		return
	case sumEvery > 0 && groupSums(vs):
		return
	}
	f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
		Message: fmt.Sprintf("表%s“%s”有单元格空白，但原文的分隔不能确定是哪一格，可能错位", t.Def.ID, row.Label)})
}

// fillOne fills one row from its run; sumEvery > 0 says the row's last
// number is the sum of the others (table 四 groups).
func (f *filler) fillOne(t *report.Table, row *report.Row, ru run, sumEvery int) {
	vals, extra, ok := rowValues(ru, len(row.Columns))
	if ok {
		f.fillRow(t, row, vals)
		f.checkGuessedBlanks(t, row, ru, vals, sumEvery)
		if extra {
			f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
				Message: fmt.Sprintf("表%s“%s”的数字多于%d个，只读取了前%d个", t.Def.ID, row.Label, len(row.Columns), len(row.Columns))})
		}
		return
	}
	rs, truncated := splitRuled(ru.vals, row.Columns, sumEvery, &f.budget)
	f.fillReadings(t, row, ru, rs, truncated, sumEvery > 0)
}

// fillReadings stores the most plausible of the readings of a row whose cell
// boundaries were lost, with a value.uncertain finding unless exactly one
// reading fits the rules that constrain the row.
func (f *filler) fillReadings(t *report.Table, row *report.Row, ru run, rs []reading, truncated, constrained bool) {
	src := runText(ru)
	switch {
	case len(rs) == 0:
		f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
			Message: fmt.Sprintf("表%s“%s”的数字“%s”分隔丢失，没有一种拆分符合勾稽关系，未读取数字", t.Def.ID, row.Label, src)})
		return
	case len(rs) == 1 && constrained && !truncated:
		f.fillRow(t, row, readingTokens(rs[0]))
		return
	case len(rs) == 1 && !truncated && onlyReading(ru, len(row.Columns)):
		f.fillRow(t, row, readingTokens(rs[0]))
		return
	}
	sortReadings(rs, row.Columns)
	f.fillRow(t, row, readingTokens(rs[0]))
	f.uncertainReadings(t, row, src, rs, 0, truncated)
}

func (f *filler) uncertainReadings(t *report.Table, row *report.Row, src string, rs []reading, chosen int, truncated bool) {
	more := ""
	if n := len(rs) - 1; n > maxAlternatives || truncated {
		more = fmt.Sprintf("（共%d种以上，仅列出%d种）", len(rs)-1, maxAlternatives)
		if !truncated {
			more = fmt.Sprintf("（共%d种，仅列出%d种）", n, maxAlternatives)
		}
	}
	f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: t.Def.ID, Row: row.ID,
		Message: fmt.Sprintf("表%s“%s”的数字“%s”分隔丢失，有多种拆分，取%s；其他可能见 alternatives%s",
			t.Def.ID, row.Label, src, strings.Join(rs[chosen], " | "), more),
		Values:       readingValues(rs[chosen]),
		Alternatives: alternatives(rs, chosen)})
}

// onlyReading: the run's digits admit one reading with no choice at all
// (as many digits as columns, or chunks already one per column).
func onlyReading(ru run, n int) bool { return runDigits(ru) == n }

// runDigits counts the digits of a run's values (a blank counts as one).
func runDigits(ru run) int {
	digits := 0
	for _, t := range ru.vals {
		if t.kind == tkValue {
			if t.cell.kind == cellBlank {
				digits++
				continue
			}
			c, _ := toChunk(t)
			digits += len(strings.ReplaceAll(c.body, ".", ""))
		}
	}
	return digits
}

func runText(ru run) string {
	var parts []string
	for _, t := range ru.vals {
		if t.kind == tkValue && t.text != "" {
			parts = append(parts, t.text)
		}
	}
	return strings.Join(parts, " ")
}

func approx(a, b float64) bool { d := a - b; return d < 1e-6 && d > -1e-6 }

// fillAppeals fills table 四 from the runs after its header.
func (f *filler) fillAppeals(runs []run) {
	t := f.r.Appeals
	def := t.Def
	var mine []run
	for _, ru := range runs {
		if ru.table == "四" && ru.label == nil {
			mine = append(mine, ru)
		}
	}
	if len(mine) == 0 {
		f.missingTable(t, "缺失或未填数字")
		return
	}
	// Rows labelled by group (行政复议 | 0 | 0 | …): one run per group.
	byGroup := true
	for _, ru := range mine {
		if ru.group == nil || ru.group.kind != lkRow || def.Row(ru.group.id) == nil || ru.realCount() > 5 && !ru.hasRun() {
			byGroup = false
		}
	}
	if byGroup && len(mine) <= 3 {
		done := map[string]bool{}
		for _, ru := range mine {
			row := def.Row(ru.group.id)
			if !done[row.ID] {
				done[row.ID] = true
				f.fillOne(t, row, ru, 5)
			}
		}
		for _, row := range def.Rows {
			if !done[row.ID] {
				f.missingRow(t, row)
			}
		}
		return
	}
	// One flat sequence of 15 numbers, review → suit_direct → suit_after_review.
	var all run
	all.table = "四"
	best := -1
	for i, ru := range mine {
		if ru.realCount() == 15 && !ru.hasRun() && best < 0 {
			best = i
		}
	}
	if best >= 0 {
		all = mine[best]
	} else {
		for _, ru := range mine {
			all.vals = append(all.vals, ru.vals...)
		}
	}
	var cols []report.Column
	for _, row := range def.Rows {
		cols = append(cols, row.Columns...)
	}
	flat := &report.Row{ID: "", Label: "表四", Columns: cols}
	vals, extra, ok := rowValues(all, 15)
	if !ok {
		rs, truncated := splitRuled(all.vals, cols, 5, &f.budget)
		switch {
		case len(rs) == 0:
			f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "四",
				Message: fmt.Sprintf("表四的数字“%s”分隔丢失，没有一种拆分符合勾稽关系，未读取数字", runText(all))})
			return
		case len(rs) == 1 && !truncated:
			vals = readingTokens(rs[0])
		default:
			sortReadings(rs, cols)
			vals = readingTokens(rs[0])
			f.uncertainReadings(t, flat, runText(all), rs, 0, truncated)
			f.r.Findings[len(f.r.Findings)-1].Row = ""
		}
	}
	if extra {
		f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "四",
			Message: "表四的数字多于15个，只读取了前15个"})
	}
	if len(vals) == 15 && !groupSums(cellValues(vals)) {
		// Published transposed (rows 结果维持…总计, columns 行政复议…复议后
		// 起诉)? Read that way when only that way adds up.
		tr := make([]token, 15)
		for g := 0; g < 3; g++ {
			for j := 0; j < 5; j++ {
				tr[g*5+j] = vals[j*3+g]
			}
		}
		if groupSums(cellValues(tr)) {
			vals = tr
			f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "四",
				Message: "表四的数字按行政复议、行政诉讼分组读不平，按转置的表格（各行为结果、各列为复议和诉讼）读取则相符，已按转置读取"})
		}
	}
	if ok && len(vals) < 15 && len(vals) > 0 {
		f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "四",
			Message: fmt.Sprintf("表四只有%d个数字（应为15个），缺少哪一格无法确定，按顺序读取", len(vals))})
	} else if ok && guessedBlanks(all, 15) && !groupSums(cellValues(vals)) {
		f.add(report.Finding{Rule: "value.uncertain", Severity: report.Uncertain, Table: "四",
			Message: "表四有空白单元格，其位置无法确定且总计不符，可能错位"})
	}
	for gi, row := range def.Rows {
		lo := gi * 5
		if lo >= len(vals) {
			f.missingRow(t, row)
			continue
		}
		hi := lo + 5
		if hi > len(vals) {
			hi = len(vals)
		}
		f.fillRow(t, row, vals[lo:hi])
	}
}
