package web

import (
	"cmp"
	"gongkai/api"
	"net/http"
	"slices"

	"gongkai"
)

// InboxPage is the clerk's list of open requests by due date.
type InboxPage struct {
	Base
	Rows  []InboxRow
	Today gongkai.Date
	More  int // open requests beyond the first InboxLimit, not shown
}

// InboxLimit is how many requests the inbox shows, the earliest due first.
const InboxLimit = 500

// InboxRow is an open request with its deadline and badge.
type InboxRow struct {
	ID, Agency, Subject string
	State               gongkai.State
	ReceivedOn          gongkai.Date
	DueOn               gongkai.Date // the reply deadline, or the applicant's 补正/fee/reasons term
	DueWhat             string       // 答复期限, 补正期限, …
	Badge               string       // overdue, soon or ""
}

func init() {
	register("inbox", &InboxPage{More: 3, Rows: []InboxRow{{ID: "R1", Agency: "教育局", Subject: "预算", State: gongkai.StateOpen, DueWhat: "答复期限", Badge: "overdue"}}})
}

func (s *Server) registerConsoleRoutes() {
	s.handle("GET /console", s.handleInbox)
	s.handle("GET /console/{$}", s.handleInbox)
}

// handleInbox handles the "GET /console" route: the open requests of the
// agencies the user acts for, by due date, with 逾期 / 3日内到期 badges.
func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	reqs, err := s.svc.Inbox(r.Context(), u)
	if err != nil {
		return err
	}
	names, err := s.agencyNames(r)
	if err != nil {
		return err
	}
	today := s.today()
	p := &InboxPage{Base: Base{Title: "待办申请"}, Today: today}
	for _, q := range reqs {
		st, err := s.policy.Status(q)
		if err != nil {
			return err
		}
		row := InboxRow{ID: q.ID, Agency: names[q.Agency], Subject: q.Subject, State: st.State, ReceivedOn: st.ReceivedOn}
		switch st.State {
		case gongkai.StateClarifying:
			row.DueOn, row.DueWhat = st.ClarificationDueOn, "补正期限"
		case gongkai.StateAwaitingFee:
			row.DueOn, row.DueWhat = st.FeeDueOn, "缴费期限"
		case gongkai.StateAwaitingReasons:
			row.DueOn, row.DueWhat = st.ReasonsDueOn, "说明理由期限"
		default:
			if d, err := s.policy.Due(q); err == nil {
				row.DueOn, row.DueWhat = d.Date, "答复期限"
			}
		}
		switch {
		case row.DueOn.IsZero():
		case row.DueOn.Before(today):
			row.Badge = "overdue"
		case row.DueOn.Sub(today) <= 3:
			row.Badge = "soon"
		}
		p.Rows = append(p.Rows, row)
	}
	slices.SortStableFunc(p.Rows, func(a, b InboxRow) int {
		if a.DueOn.IsZero() != b.DueOn.IsZero() {
			if a.DueOn.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.DueOn.Compare(b.DueOn); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(p.Rows) > InboxLimit {
		p.More, p.Rows = len(p.Rows)-InboxLimit, p.Rows[:InboxLimit]
	}
	s.render(w, r, http.StatusOK, "inbox", p)
	return nil
}

// agencyNames maps agency ids to names.
func (s *Server) agencyNames(r *http.Request) (map[string]string, error) {
	all, err := s.svc.Agencies(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(all))
	for _, a := range all {
		m[a.ID] = a.Name
	}
	return m, nil
}
