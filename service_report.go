package gongkai

import (
	"context"
	"fmt"

	"gongkai/report"
)

// RuleReportCheck is the Rule of the error that refuses to check or publish
// a report whose figures do not add up.
const RuleReportCheck = "条例第五十条"

// SetAnnualReportStatus moves a revision of an agency's annual report to
// checked or published, for a user who acts for the agency. The consistency
// rules (勾稽关系) run on the stored body first — the cross-year ones against
// prev, the year before's report, when the caller has one — and a report
// with an error-severity finding can be neither checked nor published: the
// check cannot be bypassed (条例第五十条: the report follows the national
// format, whose figures must add up). expectedVersion is the revision's
// edit counter the caller saw (ECONFLICT when it moved).
func (s *Service) SetAnnualReportStatus(ctx context.Context, u *User, agencyID string, year, revision, expectedVersion int, to ReportStatus, prev *report.Report) (*AnnualReport, error) {
	if _, err := s.authorize(ctx, u, agencyID); err != nil {
		return nil, err
	}
	rev, err := s.Store.AnnualReport(ctx, agencyID, year, revision)
	if err != nil {
		return nil, err
	}
	if to == ReportChecked || to == ReportPublished {
		rep, err := report.DecodeJSON(rev.Body)
		if err != nil {
			return nil, Errorf(EINVALID, "%d年度报告的内容无法读取：%v", year, err)
		}
		if n := report.CountSeverity(report.Check(rep, prev), report.Error); n > 0 {
			msg := fmt.Sprintf("检查发现%d项错误，报告未通过检查。请更正后重新检查。", n)
			if to == ReportPublished {
				msg = fmt.Sprintf("检查发现%d项错误，存在错误的报告不能发布。", n)
			}
			return nil, &Error{Code: EINVALID, Rule: RuleReportCheck, Message: msg}
		}
	}
	return s.Store.SetAnnualReportStatus(actorContext(ctx, u), agencyID, year, rev.Revision, expectedVersion, to)
}
