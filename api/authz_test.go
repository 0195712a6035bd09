package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gongkai"
)

// publicRoutes may be called without signing in.
var publicRoutes = []string{
	"GET /api/v1/openapi.json",
	"POST /api/v1/session",
	"DELETE /api/v1/session",
	"GET /api/v1/agencies",
	"GET /api/v1/agencies/{id}",
	"GET /api/v1/agencies/{id}/reports/{year}",
	"GET /api/v1/search",
	"GET /api/v1/items/{id}",
}

// authzCase is one call of a clerk-only route on a resource of the
// township (agency B), which the education bureau's clerk (agency A) may
// not touch and the township's clerk may.
type authzCase struct {
	name  string
	route string // the pattern it exercises
	req   func() req
	ok    int // the township clerk's status
}

func authzCases() []authzCase {
	v := 2
	return []authzCase{
		{"session", "GET /api/v1/session",
			func() req { return req{method: "GET", path: "/api/v1/session"} }, 200},
		{"read request", "GET /api/v1/requests/{id}",
			func() req { return req{method: "GET", path: "/api/v1/requests/R-TOWN"} }, 200},
		{"append event", "POST /api/v1/requests/{id}/events",
			func() req {
				return req{method: "POST", path: "/api/v1/requests/R-TOWN/events",
					body: AppendEvent{ExpectedVersion: &v, Event: EventInput{Kind: "reopened", On: gongkai.MustParseDate("2025-06-02"), Ref: "复议A-TOWN"}}}
			}, 200},
		{"create request", "POST /api/v1/requests",
			func() req {
				return req{method: "POST", path: "/api/v1/requests", body: CreateRequest{AgencyID: "town", Subject: "x",
					Applicant: Applicant{Type: "natural_person", Name: "测试"}, Received: EventInput{Channel: "in_person", ArrivedOn: gongkai.MustParseDate("2025-06-02")}}}
			}, 201},
		{"list requests", "GET /api/v1/agencies/{id}/requests",
			func() req { return req{method: "GET", path: "/api/v1/agencies/town/requests"} }, 200},
		{"create appeal", "POST /api/v1/appeals",
			func() req {
				return req{method: "POST", path: "/api/v1/appeals", body: CreateAppeal{RequestID: "R-TOWN", Kind: "suit_direct", FiledOn: gongkai.MustParseDate("2025-06-02")}}
			}, 201},
		{"read appeal", "GET /api/v1/appeals/{id}",
			func() req { return req{method: "GET", path: "/api/v1/appeals/A-TOWN"} }, 200},
		{"close appeal", "POST /api/v1/appeals/{id}/close",
			func() req {
				v := 3 // R-TOWN's events after the "append event" case above
				return req{method: "POST", path: "/api/v1/appeals/A-TOWN/close",
					body: CloseAppeal{ExpectedVersion: &v, ClosedOn: gongkai.MustParseDate("2025-06-03"), Outcome: "upheld"}}
			}, 200},
		{"cell 三", "GET /api/v1/agencies/{id}/reports/{year}/cells/{table}/{row}/{column}",
			func() req {
				return req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/requests/granted/total"}
			}, 200},
		{"cell 四", "GET /api/v1/agencies/{id}/reports/{year}/cells/{table}/{row}/{column}",
			func() req {
				return req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/appeals/review/pending"}
			}, 200},
	}
}

// TestAuthz_Matrix: for every clerk-only route, the public gets 401, the
// clerk of another agency 403 or 404 (and nothing changes), the clerk of
// the agency succeeds. Every route is either public or in the matrix.
func TestAuthz_Matrix(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		cases := authzCases()
		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.route] = true
		}
		for _, r := range fx.srv.routes {
			if !slices.Contains(publicRoutes, r) && !covered[r] {
				t.Errorf("route %s is neither public nor in the authorization matrix", r)
			}
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := snapshot(t, fx)
				q := c.req()
				if e := fx.do(q).must(t, 401).errorBody(t); e.Code != gongkai.EUNAUTHORIZED {
					t.Errorf("public: code %q", e.Code)
				}
				if c.route != "GET /api/v1/session" {
					q = c.req()
					q.as = "edu"
					res := fx.do(q)
					if res.status != 403 && res.status != 404 {
						t.Fatalf("other agency's clerk: status %d, want 403 or 404: %s", res.status, res.body)
					}
					res.errorBody(t)
					if strings.Contains(string(res.body), "测试申请人") {
						t.Errorf("personal data in a refusal: %s", res.body)
					}
				}
				if after := snapshot(t, fx); after != before {
					t.Fatalf("a refused call changed the records:\n%s\n→\n%s", before, after)
				}
				q = c.req()
				q.as = "town"
				fx.do(q).must(t, c.ok)
			})
		}
		// The county's clerk without the subtree may not open the
		// subtree's cells; the admin may.
		q := req{method: "GET", path: "/api/v1/agencies/county/reports/2025/cells/requests/granted/total?scope=subtree"}
		q.as = "county"
		fx.do(q).must(t, 403).errorBody(t)
		q.as = "edu"
		fx.do(q).must(t, 403).errorBody(t)
		q.as = "admin"
		fx.do(q).must(t, 200)
		// The public reads every report.
		for _, id := range []string{"county", "edu", "town"} {
			fx.do(req{method: "GET", path: "/api/v1/agencies/" + id + "/reports/2025"}).must(t, 200)
		}
	})
}

// snapshot summarises the township's records: its requests' versions and
// its cases.
func snapshot(t *testing.T, fx *fixture) string {
	t.Helper()
	ctx := t.Context()
	reqs, err := fx.db.Requests(ctx, gongkai.RequestFilter{Agencies: []string{"town"}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "%s:%d ", r.ID, len(r.Events))
	}
	as, err := fx.db.Appeals(ctx, gongkai.AppealFilter{Agencies: []string{"town"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		fmt.Fprintf(&b, "%s ", a.ID)
	}
	return b.String()
}
