package report

import (
	"fmt"
	"math"
)

// Rule describes one consistency rule (勾稽关系) or reader check.
type Rule struct {
	ID       string
	Severity Severity
	// Statutory is true for a rule printed in the national format itself;
	// false for one derived from the table structure (or a reader check).
	Statutory   bool
	Description string // Chinese
	Table       string // "二", "三", "四" or "" for the whole document
}

// Rules lists every rule, in the order of annual-report.md §5.
var Rules = []Rule{
	{"requests.balance", Error, true, "表三各列：第一项（本年新收）加第二项（上年结转）之和，等于第三项（本年度办理结果总计）加第四项（结转下年度继续办理）之和", "三"},
	{"requests.outcome_sum", Error, false, "表三各列：（七）总计等于各项办理结果之和", "三"},
	{"requests.column_sum", Error, false, "表三各行：总计等于自然人与五类法人或其他组织之和", "三"},
	{"appeals.group_sum", Error, false, "表四各组：总计等于结果维持、结果纠正、其他结果、尚未审结之和", "四"},
	{"value.negative", Error, false, "数量不得为负数（仅2019年格式的“本年增/减”可为负）", ""},
	{"value.blank", Warning, false, "单元格空白或填写“/”“-”“—”“无”，按0计", ""},
	{"value.missing", Uncertain, false, "行、表格或整节缺失（页面截断、表格未填数字），其单元格按0输出", ""},
	{"value.uncertain", Uncertain, false, "读取时无法确定原文数字（如单元格分隔丢失且有多种拆分），列出其他可能", ""},
	{"format.mismatch", Warning, false, "混用了另一版本格式的标签，或格式版本与报告年度不符", ""},
	{"narrative.mismatch", Warning, false, "正文中的数字与表格不一致", ""},
	{"cross_year.carry", Warning, false, "本年“上年结转”不等于上一年度报告的“结转下年度继续办理”", "三"},
	{"cross_year.in_force", Warning, false, "2021年格式：现行有效件数不等于上年现行有效件数加本年制发件数减本年废止件数", "二"},
	{"cross_year.items", Warning, false, "2019年格式：上一年项目数量加本年增/减不等于下一年度的上一年项目数量", "二"},
}

// RuleByID returns the rule with the given id, or nil.
func RuleByID(id string) *Rule {
	for i := range Rules {
		if Rules[i].ID == id {
			return &Rules[i]
		}
	}
	return nil
}

// Check runs every arithmetic rule on r and returns the findings, sorted.
// prev is the same agency's report for the year before, or nil; the
// cross_year rules run only when it is given and its year is r.Year-1.
// Findings the reader attached to r (blank, missing, uncertain) are not
// repeated here; see Recheck.
func Check(r, prev *Report) []Finding {
	var fs []Finding
	fs = append(fs, checkNegative(r)...)
	fs = append(fs, checkRequests(r.Requests)...)
	fs = append(fs, checkAppeals(r.Appeals)...)
	if want := VersionForYear(r.Year); r.Year > 0 && want != r.Format {
		fs = append(fs, Finding{Rule: "format.mismatch", Severity: Warning,
			Message: fmt.Sprintf("%d年度报告应使用%s年版格式，实际为%s年版", r.Year, want, r.Format)})
	}
	fs = append(fs, checkFacts(r)...)
	if prev != nil && prev.Year == r.Year-1 {
		fs = append(fs, checkCrossYear(r, prev)...)
	}
	SortFindings(r.Layout(), fs)
	return fs
}

// Recheck replaces the rule findings of r with a fresh Check, keeping the
// findings only a reader can make (value.blank, value.missing,
// value.uncertain and reader-made format.mismatch). An arithmetic finding
// that only restates a row or table the source does not have (a page cut
// short: its cells are 0 and value.missing already says so) is left out.
func Recheck(r, prev *Report) {
	var kept []Finding
	for _, f := range r.Findings {
		switch f.Rule {
		case "value.blank", "value.missing", "value.uncertain":
			kept = append(kept, f)
		case "format.mismatch":
			if f.Table != "" {
				kept = append(kept, f)
			}
		}
	}
	r.Findings = withoutRestated(append(kept, Check(r, prev)...))
	SortFindings(r.Layout(), r.Findings)
}

// withoutRestated drops the findings that follow only from a missing row:
// with a row of table 三 missing, its column sums, and the balance and
// outcome sums of every column; with a table 四 group missing, its sum; and
// narrative figures about what is missing.
func withoutRestated(fs []Finding) []Finding {
	missing := map[string]bool{} // "三|row", "三|" for a whole table, "三|*" for any row
	for _, f := range fs {
		if f.Rule == "value.missing" {
			missing[f.Table+"|"+f.Row] = true
			missing[f.Table+"|*"] = true
		}
	}
	if len(missing) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		switch f.Rule {
		case "requests.balance", "requests.outcome_sum":
			if missing["三|*"] {
				continue
			}
		case "requests.column_sum", "appeals.group_sum":
			if missing[f.Table+"|"+f.Row] || missing[f.Table+"|"] {
				continue
			}
		case "narrative.mismatch":
			if missing[f.Table+"|"+f.Row] || missing[f.Table+"|"] || (f.Column == "" && missing[f.Table+"|*"]) {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

func checkNegative(r *Report) []Finding {
	var fs []Finding
	for _, t := range r.Tables() {
		for i, row := range t.Def.Rows {
			for j, c := range row.Columns {
				if v := t.vals[i][j]; v < 0 && c.Kind != SignedCount {
					fs = append(fs, Finding{Rule: "value.negative", Severity: Error, Table: t.Def.ID, Row: row.ID, Column: c.ID,
						Message: fmt.Sprintf("表%s“%s”“%s”为负数 %s", t.Def.ID, row.Label, c.Label, FormatNumber(v)),
						Values:  []float64{v}})
				}
			}
		}
	}
	return fs
}

func checkRequests(t *Table) []Finding {
	var fs []Finding
	def := t.Def
	nr, co := def.RowIndex("new_received"), def.RowIndex("carried_over")
	th, cf := def.RowIndex("total_handled"), def.RowIndex("carried_forward")
	cols := def.Rows[0].Columns
	// 条例第五十条 format: the one rule printed in table 三's corner.
	for j, c := range cols {
		a, b, h, f := t.vals[nr][j], t.vals[co][j], t.vals[th][j], t.vals[cf][j]
		if !equal(a+b, h+f) {
			fs = append(fs, Finding{Rule: "requests.balance", Severity: Error, Table: def.ID, Row: "total_handled", Column: c.ID,
				Message: fmt.Sprintf("表三“%s”列：本年新收 %s + 上年结转 %s = %s，不等于办理结果总计 %s + 结转下年度 %s = %s",
					c.Label, FormatNumber(a), FormatNumber(b), FormatNumber(a+b), FormatNumber(h), FormatNumber(f), FormatNumber(h+f)),
				Values: []float64{a, b, h, f}})
		}
	}
	for j, c := range cols {
		var parts []float64
		var sum float64
		for i, row := range def.Rows {
			if isOutcome(row) {
				parts = append(parts, t.vals[i][j])
				sum += t.vals[i][j]
			}
		}
		if total := t.vals[th][j]; !equal(total, sum) {
			fs = append(fs, Finding{Rule: "requests.outcome_sum", Severity: Error, Table: def.ID, Row: "total_handled", Column: c.ID,
				Message: fmt.Sprintf("表三“%s”列：（七）总计 %s ≠ 各项办理结果之和 %s", c.Label, FormatNumber(total), FormatNumber(sum)),
				Values:  append(parts, total)})
		}
	}
	last := len(cols) - 1
	for i, row := range def.Rows {
		var sum float64
		for j := 0; j < last; j++ {
			sum += t.vals[i][j]
		}
		if total := t.vals[i][last]; !equal(total, sum) {
			fs = append(fs, Finding{Rule: "requests.column_sum", Severity: Error, Table: def.ID, Row: row.ID, Column: "total",
				Message: fmt.Sprintf("表三“%s”：总计 %s ≠ %s", row.Label, FormatNumber(total), joinNumbers(t.vals[i][:last], "+")),
				Values:  append(append([]float64(nil), t.vals[i][:last]...), total)})
		}
	}
	return fs
}

// isOutcome reports whether a table 三 row is one of the outcome rows that
// add up to （七）总计.
func isOutcome(row *Row) bool {
	return row.Group != "" && row.ID != "total_handled"
}

// OutcomeRows returns the ids of the outcome rows of a version, in order:
// exactly one of them codes each decided request.
func OutcomeRows(v Version) []string {
	var ids []string
	for _, row := range LayoutOf(v).Requests.Rows {
		if isOutcome(row) {
			ids = append(ids, row.ID)
		}
	}
	return ids
}

func checkAppeals(t *Table) []Finding {
	var fs []Finding
	for i, row := range t.Def.Rows {
		v := t.vals[i]
		sum := v[0] + v[1] + v[2] + v[3]
		if !equal(v[4], sum) {
			label := row.Label
			if row.Group != "" {
				label = t.Def.Group(row.Group).Label + "（" + row.Label + "）"
			}
			fs = append(fs, Finding{Rule: "appeals.group_sum", Severity: Error, Table: t.Def.ID, Row: row.ID, Column: "total",
				Message: fmt.Sprintf("%s总计 %s ≠ %s", label, FormatNumber(v[4]), joinNumbers(v[:4], "+")),
				Values:  append([]float64(nil), v...)})
		}
	}
	return fs
}

func checkFacts(r *Report) []Finding {
	var fs []Finding
	for _, f := range r.Facts {
		got, ok := r.Quantity(f.Quantity)
		if !ok || equal(got, f.Value) {
			continue
		}
		fin := Finding{Rule: "narrative.mismatch", Severity: Warning,
			Message: fmt.Sprintf("正文“%s”为 %s，表格为 %s", f.Text, FormatNumber(f.Value), FormatNumber(got)),
			Values:  []float64{f.Value, got}}
		if t, row, col, ok := splitPath(f.Quantity); ok {
			if def := r.Layout().Table(t); def != nil {
				fin.Table, fin.Row = def.ID, row
				if def.Row(row) != nil {
					fin.Column = col
				}
			}
		}
		fs = append(fs, fin)
	}
	return fs
}

func checkCrossYear(r, prev *Report) []Finding {
	var fs []Finding
	cols := r.Requests.Def.Rows[0].Columns
	for _, c := range cols {
		now, before := r.Requests.Get("carried_over", c.ID), prev.Requests.Get("carried_forward", c.ID)
		if !equal(now, before) {
			fs = append(fs, Finding{Rule: "cross_year.carry", Severity: Warning, Table: "三", Row: "carried_over", Column: c.ID,
				Message: fmt.Sprintf("“%s”列：本年上年结转 %s ≠ %d年度报告结转下年度 %s", c.Label, FormatNumber(now), prev.Year, FormatNumber(before)),
				Values:  []float64{now, before}})
		}
	}
	if r.Format == V2021 && prev.Format == V2021 {
		for _, id := range []string{"rules", "normative_docs"} {
			p, is, re, in := prev.Proactive.Get(id, "in_force"), r.Proactive.Get(id, "issued"), r.Proactive.Get(id, "repealed"), r.Proactive.Get(id, "in_force")
			if !equal(p+is-re, in) {
				fs = append(fs, Finding{Rule: "cross_year.in_force", Severity: Warning, Table: "二", Row: id, Column: "in_force",
					Message: fmt.Sprintf("“%s”现行有效件数 %s ≠ 上年 %s + 本年制发 %s − 本年废止 %s = %s",
						r.Proactive.Def.Row(id).Label, FormatNumber(in), FormatNumber(p), FormatNumber(is), FormatNumber(re), FormatNumber(p+is-re)),
					Values: []float64{p, is, re, in}})
			}
		}
	}
	if r.Format == V2019 && prev.Format == V2019 {
		for _, row := range r.Proactive.Def.Rows {
			if row.ColumnIndex("prior_items") < 0 {
				continue
			}
			p, ch, now := prev.Proactive.Get(row.ID, "prior_items"), prev.Proactive.Get(row.ID, "change"), r.Proactive.Get(row.ID, "prior_items")
			if !equal(p+ch, now) {
				fs = append(fs, Finding{Rule: "cross_year.items", Severity: Warning, Table: "二", Row: row.ID, Column: "prior_items",
					Message: fmt.Sprintf("“%s”上一年项目数量 %s ≠ %d年度 %s %+g = %s", row.Label, FormatNumber(now), prev.Year, FormatNumber(p), ch, FormatNumber(p+ch)),
					Values:  []float64{p, ch, now}})
			}
		}
	}
	return fs
}

func equal(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func splitPath(p string) (table, row, col string, ok bool) {
	var parts [3]string
	n := 0
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '.' {
			if n == 3 {
				return "", "", "", false
			}
			parts[n] = p[start:i]
			n++
			start = i + 1
		}
	}
	return parts[0], parts[1], parts[2], n == 3
}
