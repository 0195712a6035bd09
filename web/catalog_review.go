package web

import (
	"net/http"

	"gongkai"
	"gongkai/api"
)

// ReviewQueueLimit is the number of items of each status the review queue
// shows.
const ReviewQueueLimit = 200

// ReviewQueuePage is the reviewer's queue: the items of every agency that
// wait for review or for publishing.
type ReviewQueuePage struct {
	Base
	Tables []ReviewQueueTable
}

// ReviewQueueTable is one status of the queue.
type ReviewQueueTable struct {
	ID, Caption string
	Rows        []ReviewQueueRow
}

// ReviewQueueRow is one item of the queue.
type ReviewQueueRow struct {
	ID, Title, Agency string
	WrittenOn         gongkai.Date
	DueOn             gongkai.Date
	Overdue           bool
}

func (s *Server) registerReviewQueueRoutes() {
	s.handle("GET /console/review", s.handleReviewQueue)
}

// handleReviewQueue handles the "GET /console/review" route (reviewers and
// admins; the service refuses the others).
func (s *Server) handleReviewQueue(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	sub, appr, err := s.svc.ReviewQueue(r.Context(), u, ReviewQueueLimit)
	if err != nil {
		return err
	}
	ags, err := s.svc.Agencies(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, a := range ags {
		names[a.ID] = a.Name
	}
	rows := func(items []*gongkai.Item) []ReviewQueueRow {
		var out []ReviewQueueRow
		for _, it := range items {
			row := ReviewQueueRow{ID: it.ID, Title: it.Title, Agency: names[it.Agency], WrittenOn: it.WrittenOn}
			if due, err := s.svc.PublicationDue(it); err == nil {
				row.DueOn, row.Overdue = due.Date, due.Date.Before(s.today())
			}
			out = append(out, row)
		}
		return out
	}
	p := &ReviewQueuePage{Base: Base{Title: "待审核的公开事项"}, Tables: []ReviewQueueTable{
		{"queue-submitted", "待审核（送审）", rows(sub)},
		{"queue-approved", "已审核待发布（须先处理个人信息）", rows(appr)},
	}}
	s.render(w, r, http.StatusOK, "console_review", p)
	return nil
}

func init() {
	register("console_review", &ReviewQueuePage{Tables: []ReviewQueueTable{
		{"queue-submitted", "待审核", []ReviewQueueRow{{ID: "it-1", Title: "通知", Agency: "某局", Overdue: true}}},
		{"queue-approved", "待发布", nil},
	}})
}
