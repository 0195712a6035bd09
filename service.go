package gongkai

import (
	"context"
	"fmt"
	"slices"

	"gongkai/report"
)

// Service carries the rules that span the store: who may see and do what,
// how an event is checked against the statute before it is stored, and the
// annual report computed from the records. The HTTP packages only parse a
// request, call the Service and render its answer; they hold no rules.
//
// A nil *User is the anonymous public. Every method that writes attributes
// the write to the user in the audit log.
type Service struct {
	Store  Store
	Policy *Policy
	// PDFText, when set, lets the privacy scan read PDF attachments
	// (item_privacy.go).
	PDFText PDFText
}

// NewService returns a Service over st with the statutory policy p.
func NewService(st Store, p *Policy) *Service { return &Service{Store: st, Policy: p} }

// actorContext returns ctx carrying u as the actor of the writes made with it.
func actorContext(ctx context.Context, u *User) context.Context {
	return WithActor(ctx, "user:"+u.ID)
}

// authorize returns nil when u acts for the agency (User.Covers), and
// otherwise EUNAUTHORIZED for the public, ENOTFOUND for a missing agency and
// EFORBIDDEN for another agency's clerk.
func (s *Service) authorize(ctx context.Context, u *User, agencyID string) ([]string, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "请先登录")
	}
	path, err := s.Store.AgencyPath(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	if !u.Covers(path) {
		return nil, Errorf(EFORBIDDEN, "无权处理该机关的事项")
	}
	return path, nil
}

// Agencies returns every agency of the jurisdiction, parents before
// children. The agency tree is public.
func (s *Service) Agencies(ctx context.Context) ([]*Agency, error) {
	return s.Store.Agencies(ctx, AgencyFilter{})
}

// scopeAgencies returns the ids an agency's report of the given scope covers.
func (s *Service) scopeAgencies(ctx context.Context, agencyID string, scope ReportScope) ([]string, error) {
	switch scope {
	case ScopeOwn:
		if _, err := s.Store.Agency(ctx, agencyID); err != nil {
			return nil, err
		}
		return []string{agencyID}, nil
	case ScopeSubtree:
		sub, err := s.Store.Subtree(ctx, agencyID)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(sub))
		for i, a := range sub {
			ids[i] = a.ID
		}
		return ids, nil
	}
	return nil, Errorf(EINVALID, "report scope %q: want own (本级) or subtree (汇总)", scope)
}

// ComputedReport returns the annual report of an agency for a year computed
// live from the records — table 二 from the stored inputs, tables 三 and 四
// from the requests and cases — with the findings of every consistency rule,
// the cross-year ones against the same computation for the year before.
// scope says whose records count: the agency's own (本级) or its whole
// subtree (汇总); it is never silently anything else. The figures are
// public (条例第五十条), so no user is needed.
func (s *Service) ComputedReport(ctx context.Context, agencyID string, year int, scope ReportScope) (*report.Report, error) {
	if year < 2019 || year > 2200 {
		return nil, Errorf(EINVALID, "year %d: reports in the national format start in 2019", year)
	}
	a, err := s.Store.Agency(ctx, agencyID)
	if err != nil {
		return nil, err
	}
	ids, err := s.scopeAgencies(ctx, agencyID, scope)
	if err != nil {
		return nil, err
	}
	r, _, err := s.computeTables(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	r.Agency = a.Name
	// The cross-year rules compare with the year before only when that year
	// has records: a jurisdiction that started using gongkai this year has
	// nothing to compare with, not a year of zeros.
	var prev *report.Report
	if year > 2019 {
		p, found, err := s.computeTables(ctx, ids, year-1)
		if err != nil {
			return nil, err
		}
		if found {
			prev = p
		}
	}
	r.Findings = report.Check(r, prev)
	return r, nil
}

// computeTables adds up the tables of the given agencies for year. Tables
// 三 and 四 come from the store's tallies (TallyStore) counted by
// TallyTables, the rules of Tables; table 二 by addTableTwo. found reports
// whether the year has any record at all.
func (s *Service) computeTables(ctx context.Context, ids []string, year int) (total *report.Report, found bool, err error) {
	reqs, err := s.Store.RequestTally(ctx, ids, year)
	if err != nil {
		return nil, false, err
	}
	appeals, err := s.Store.AppealTally(ctx, ids, year)
	if err != nil {
		return nil, false, err
	}
	total, err = TallyTables(year, reqs, appeals)
	if err != nil {
		return nil, false, err
	}
	inputs, err := s.addTableTwo(ctx, total, ids, year)
	if err != nil {
		return nil, false, err
	}
	found = len(reqs) > 0 || len(appeals) > 0 || inputs
	return total, found, nil
}

func splitCell(cell string) (row, col string) {
	for i := 0; i < len(cell); i++ {
		if cell[i] == '.' {
			return cell[:i], cell[i+1:]
		}
	}
	return cell, ""
}

// CellRecord is one request, case or catalog item behind a cell of a
// computed report. It carries no personal data.
type CellRecord struct {
	Kind       string // "request", "appeal" or "item" (a 规范性文件 of table 二)
	ID         string
	Agency     string
	ReceivedOn Date   // requests: 收到申请之日; appeals: the filing date
	ClosedOn   Date   // zero while open
	Outcome    string // the table 三 or 四 outcome; an item's 有效性 (Validity)
	// The catalog item's 索引号, 标题, 成文日期, 发布日期 and the day it lost
	// force (zero while in force); items only.
	IndexNo, Title                      string
	WrittenOn, PublishedOn, LostForceOn Date
}

// CellRecords returns the requests (table 三), cases (table 四) or catalog
// 规范性文件 (the normative_docs row of table 二, catalog_report.go) counted in
// one cell of an agency's computed report: the drill-down from a number to
// the records behind it. Only users who act for every agency the report
// covers may see it (EUNAUTHORIZED for the public, EFORBIDDEN otherwise).
func (s *Service) CellRecords(ctx context.Context, u *User, agencyID string, year int, scope ReportScope, table, row, col string) ([]CellRecord, error) {
	ids, err := s.scopeAgencies(ctx, agencyID, scope)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, err := s.authorize(ctx, u, id); err != nil {
			return nil, err
		}
	}
	l := report.LayoutOf(report.VersionForYear(year))
	def := l.Table(table)
	if def != nil && def.ID == "二" && row == "normative_docs" && def.Row(row).ColumnIndex(col) >= 0 {
		return s.normativeCellRecords(ctx, ids, year, col)
	}
	if def == nil || (def.ID != "三" && def.ID != "四") {
		return nil, Errorf(EINVALID, "table %q: cells drill down in table 三 (requests), 四 (appeals) or the 规范性文件 row of 二 (catalog items)", table)
	}
	if r := def.Row(row); r == nil || r.ColumnIndex(col) < 0 {
		return nil, Errorf(EINVALID, "table %s of %d has no cell %s.%s", def.ID, year, row, col)
	}
	var out []CellRecord
	if def.ID == "三" {
		reqs, err := s.Store.Requests(ctx, RequestFilter{Agencies: ids, ActiveInYear: year})
		if err != nil {
			return nil, err
		}
		for _, r := range reqs {
			ok, err := RequestCounted(r, year, row, col)
			if err != nil {
				return nil, err
			}
			if ok {
				closed, outcome, _ := r.FirstClosure()
				out = append(out, CellRecord{Kind: "request", ID: r.ID, Agency: r.Agency, ReceivedOn: r.ReceivedOn(), ClosedOn: closed, Outcome: outcome})
			}
		}
		return out, nil
	}
	appeals, err := s.Store.Appeals(ctx, AppealFilter{Agencies: ids, ActiveInYear: year})
	if err != nil {
		return nil, err
	}
	for _, a := range appeals {
		ok, err := AppealCounted(a, year, row, col)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, CellRecord{Kind: "appeal", ID: a.ID, Agency: a.Agency, ReceivedOn: a.FiledOn, ClosedOn: a.ClosedOn,
				Outcome: string(a.OutcomeAt(NewDate(year, 12, 31)))})
		}
	}
	return out, nil
}

// Request returns a request for a user who acts for its agency. The
// applicant's personal data comes back only for the clerks of the handling
// agency (User.CanSeeApplicant); otherwise it is nil.
func (s *Service) Request(ctx context.Context, u *User, id string) (*Request, *ApplicantRecord, error) {
	r, err := s.Store.Request(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	path, err := s.authorize(ctx, u, r.Agency)
	if err != nil {
		return nil, nil, err
	}
	if !u.CanSeeApplicant(path) {
		return r, nil, nil
	}
	a, err := s.Store.Applicant(ctx, r.Applicant.ID)
	if err != nil {
		return nil, nil, err
	}
	return r, a, nil
}

// CreateRequest registers a request received by an agency the user acts
// for. Its events (at least the receipt) are checked one by one against the
// statute (Policy.Record) before anything is stored.
func (s *Service) CreateRequest(ctx context.Context, u *User, r *Request, a *ApplicantRecord, events ...Event) error {
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return err
	}
	if len(events) == 0 || events[0].Kind != EventReceived {
		return &Error{Code: EINVALID, Rule: "条例第三十一条", Message: "a request starts with its receipt"}
	}
	if a == nil {
		return Errorf(EINVALID, "request %s: applicant required (条例第二十九条)", r.ID)
	}
	r.Applicant.ID = a.ID
	r.Applicant.Name = a.Name
	r.Applicant.Type = a.Type
	r.Events = nil
	for _, e := range events {
		if e.By == "" {
			e.By = u.ID
		}
		if err := s.Policy.Record(r, e); err != nil {
			return err
		}
	}
	return s.Store.CreateRequest(actorContext(ctx, u), r, a)
}

// RecordEvent appends one event to a request, after checking it against the
// statute in the request's current state. expectedVersion is the number of
// events the caller saw: when another clerk recorded something since, the
// answer is ECONFLICT and nothing is written (reload and decide again).
// It returns the request as it now stands.
func (s *Service) RecordEvent(ctx context.Context, u *User, requestID string, expectedVersion int, e Event) (*Request, error) {
	r, err := s.Store.Request(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return nil, err
	}
	if len(r.Events) != expectedVersion {
		return nil, &Error{Code: ECONFLICT, Message: fmt.Sprintf("申请%s已被他人更新（版本%d，而非%d），请刷新后重试", r.ID, len(r.Events), expectedVersion)}
	}
	if e.By == "" {
		e.By = u.ID
	}
	if err := s.Policy.Record(r, e); err != nil {
		return nil, err
	}
	if _, err := s.Store.AppendEvents(actorContext(ctx, u), r.ID, expectedVersion, r.Events[len(r.Events)-1]); err != nil {
		return nil, err
	}
	return r, nil
}

// CreateAppeal records a review or litigation case about a request of an
// agency the user acts for.
func (s *Service) CreateAppeal(ctx context.Context, u *User, a *Appeal) error {
	r, err := s.Store.Request(ctx, a.RequestID)
	if err != nil {
		return err
	}
	if _, err := s.authorize(ctx, u, r.Agency); err != nil {
		return err
	}
	if a.Agency == "" {
		a.Agency = r.Agency
	}
	if a.Agency != r.Agency {
		return Errorf(EINVALID, "appeal %s: agency %s is not the request's (%s)", a.ID, a.Agency, r.Agency)
	}
	if !slices.Contains(AppealKinds, a.Kind) {
		return &Error{Code: EINVALID, Rule: "条例第五十一条", Message: fmt.Sprintf("appeal %s: kind %q", a.ID, a.Kind)}
	}
	if err := a.Validate(r); err != nil {
		return err
	}
	return s.Store.CreateAppeal(actorContext(ctx, u), a)
}
