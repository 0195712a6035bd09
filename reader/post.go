package reader

import "gongkai/report"

// Recheck runs the consistency rules on a report the reader made, as
// report.Recheck does, then drops what only restates a missing row (see
// tidy). Callers that recheck a read report (with the year before, say)
// use it to keep the reader's view of a page cut short.
func Recheck(r, prev *report.Report) {
	report.Recheck(r, prev)
	tidy(r)
}

// tidy runs after report.Recheck: it drops the arithmetic findings that
// only restate a row or table the source does not have (a page cut short:
// its cells are 0 and value.missing already says so). value.blank findings
// stay one per row, so that every blank cell can be shown where it is.
func tidy(r *report.Report) {
	missing := map[string]bool{} // "三|row" or "三|" for a whole table
	for _, f := range r.Findings {
		if f.Rule == "value.missing" {
			missing[f.Table+"|"+f.Row] = true
			missing[f.Table+"|*"] = true
		}
	}
	var out []report.Finding
	for _, f := range r.Findings {
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
	report.SortFindings(r.Layout(), out)
	r.Findings = out
}
