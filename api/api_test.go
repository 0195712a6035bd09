package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"gongkai"
	"gongkai/report"
)

func TestAPI_Agencies(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		var as []map[string]any
		fx.do(req{method: "GET", path: "/api/v1/agencies"}).must(t, 200).decode(t, &as)
		if len(as) != 3 {
			t.Fatalf("%d agencies, want 3", len(as))
		}
		byID := map[string]map[string]any{}
		for _, a := range as {
			for _, k := range []string{"id", "name", "code", "parent_id"} {
				if _, ok := a[k]; !ok {
					t.Errorf("agency %v without %q", a, k)
				}
			}
			byID[a["id"].(string)] = a
		}
		if byID["county"]["parent_id"] != nil || byID["edu"]["parent_id"] != "county" || byID["edu"]["name"] != "示例县教育局" {
			t.Errorf("tree: %v", as)
		}
		var one AgencyDetail
		fx.do(req{method: "GET", path: "/api/v1/agencies/edu"}).must(t, 200).decode(t, &one)
		if one.Code != "000000002" || one.ReportScope != "own" {
			t.Errorf("agency: %+v", one)
		}
		e := fx.do(req{method: "GET", path: "/api/v1/agencies/nope"}).must(t, 404).errorBody(t)
		if e.Code != gongkai.ENOTFOUND {
			t.Errorf("code %q", e.Code)
		}
	})
}

func TestAPI_Report(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		// Public, the agency's own scope by default: the county's subtree
		// counts the township's granted request and its pending review.
		res := fx.do(req{method: "GET", path: "/api/v1/agencies/county/reports/2025"}).must(t, 200)
		rep, err := report.DecodeJSON(res.body)
		if err != nil {
			t.Fatalf("decode: %v\n%s", err, res.body)
		}
		if rep.Agency != "示例县人民政府" || rep.Year != 2025 {
			t.Errorf("agency %q year %d", rep.Agency, rep.Year)
		}
		if g, n, p := rep.Requests.Get("granted", "natural_person"), rep.Requests.Get("new_received", "total"), rep.Appeals.Get("review", "pending"); g != 1 || n != 2 || p != 1 {
			t.Errorf("subtree: granted %v, received %v, review pending %v; want 1 2 1", g, n, p)
		}
		if report.HasErrors(rep.Findings) {
			t.Errorf("findings: %+v", rep.Findings)
		}
		res = fx.do(req{method: "GET", path: "/api/v1/agencies/county/reports/2025?scope=own"}).must(t, 200)
		if rep, err = report.DecodeJSON(res.body); err != nil || rep.Requests.Get("new_received", "total") != 0 {
			t.Errorf("own scope: %v %v", err, rep.Requests.Get("new_received", "total"))
		}
		for _, c := range []struct {
			path   string
			status int
		}{
			{"/api/v1/agencies/county/reports/abc", 400},
			{"/api/v1/agencies/county/reports/1900", 400},
			{"/api/v1/agencies/county/reports/2025?scope=all", 400},
			{"/api/v1/agencies/nope/reports/2025", 404},
			{"/api/v1/agencies/nope/reports/2025?scope=own", 404},
		} {
			fx.do(req{method: "GET", path: c.path}).must(t, c.status).errorBody(t)
		}
	})
}

func TestAPI_Cells(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		var cr CellRecords
		fx.do(req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/%E4%B8%89/granted/natural_person", as: "town"}).must(t, 200).decode(t, &cr)
		if cr.Count != 1 || cr.Records[0].ID != "R-TOWN" || cr.Table != "三" || cr.Scope != "own" {
			t.Errorf("cell: %+v", cr)
		}
		fx.do(req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/appeals/review/pending", as: "town"}).must(t, 200).decode(t, &cr)
		if cr.Count != 1 || cr.Records[0].ID != "A-TOWN" || cr.Table != "四" || cr.Records[0].Kind != "appeal" {
			t.Errorf("cell: %+v", cr)
		}
		// The admin sees every agency's cells, in the subtree too.
		fx.do(req{method: "GET", path: "/api/v1/agencies/county/reports/2025/cells/requests/new_received/total?scope=subtree", as: "admin"}).must(t, 200).decode(t, &cr)
		if cr.Count != 2 {
			t.Errorf("subtree cell: %+v", cr)
		}
		// A row of the 2019 format in a 2025 report, and table 二.
		fx.do(req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/requests/other/total", as: "town"}).must(t, 400).errorBody(t)
		fx.do(req{method: "GET", path: "/api/v1/agencies/town/reports/2025/cells/proactive/rules/made", as: "town"}).must(t, 400).errorBody(t)
	})
}

func TestAPI_Requests(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		create := CreateRequest{AgencyID: "edu", Subject: "某小学扩建项目批复",
			Applicant: Applicant{Type: "natural_person", Name: "张测试", IDNumber: "11010519491231002X", Phone: "13900000000"},
			Received:  EventInput{Channel: "online", ArrivedOn: gongkai.MustParseDate("2025-12-01"), ConfirmedOn: gongkai.MustParseDate("2025-12-01")}}
		res := fx.do(req{method: "POST", path: "/api/v1/requests", as: "edu", body: create}).must(t, 201)
		var got Request
		res.decode(t, &got)
		if got.ID == "" || res.header.Get("Location") != "/api/v1/requests/"+got.ID {
			t.Errorf("id %q location %q", got.ID, res.header.Get("Location"))
		}
		if got.Version != 1 || got.State != "open" || got.ReceivedOn != gongkai.MustParseDate("2025-12-01") || got.DueOn.IsZero() || got.DueExplain == "" {
			t.Errorf("created: %+v", got)
		}
		if got.Applicant == nil || got.Applicant.Phone != "13900000000" || got.Events[0].By != "u-edu" {
			t.Errorf("the handling clerk sees the applicant: %+v %+v", got.Applicant, got.Events)
		}
		// The admin sees the request but not the applicant's personal data.
		res = fx.do(req{method: "GET", path: "/api/v1/requests/" + got.ID, as: "admin"}).must(t, 200)
		if strings.Contains(string(res.body), "张测试") || strings.Contains(string(res.body), "13900000000") {
			t.Errorf("admin sees personal data: %s", res.body)
		}
		// The agency's list: open ones only, no personal data.
		var list []RequestSummary
		res = fx.do(req{method: "GET", path: "/api/v1/agencies/edu/requests?open=true&year=2025", as: "edu"}).must(t, 200)
		res.decode(t, &list)
		if len(list) != 2 || strings.Contains(string(res.body), "张测试") {
			t.Errorf("list: %s", res.body)
		}
		fx.do(req{method: "GET", path: "/api/v1/agencies/edu/requests?open=maybe", as: "edu"}).must(t, 400).errorBody(t)
		fx.do(req{method: "GET", path: "/api/v1/agencies/edu/requests?limit=0", as: "edu"}).must(t, 400).errorBody(t)
		var page []RequestSummary
		fx.do(req{method: "GET", path: "/api/v1/agencies/edu/requests?limit=1&offset=1", as: "edu"}).must(t, 200).decode(t, &page)
		if len(page) != 1 || page[0].ID != list[1].ID {
			t.Errorf("page 2 of 1: %+v, list %+v", page, list)
		}

		// Append the decision at the version seen.
		decide := AppendEvent{ExpectedVersion: &got.Version, Event: EventInput{Kind: "decided", On: gongkai.MustParseDate("2025-12-10"), Outcome: "granted", Article: "条例第三十六条第（二）项"}}
		res = fx.do(req{method: "POST", path: "/api/v1/requests/" + got.ID + "/events", as: "edu", body: decide}).must(t, 200)
		var after Request
		res.decode(t, &after)
		if after.Version != 2 || after.State != "closed" || after.Outcome != "granted" || !after.DueOn.IsZero() {
			t.Errorf("after decision: %+v", after)
		}
		// The same version again is a conflict, and nothing is written.
		e := fx.do(req{method: "POST", path: "/api/v1/requests/" + got.ID + "/events", as: "edu", body: decide}).must(t, 409).errorBody(t)
		if e.Code != gongkai.ECONFLICT {
			t.Errorf("code %q", e.Code)
		}
		fx.do(req{method: "GET", path: "/api/v1/requests/" + got.ID, as: "edu"}).must(t, 200).decode(t, &after)
		if after.Version != 2 {
			t.Errorf("version %d after the conflict, want 2", after.Version)
		}
		// A step the statute forbids names its rule.
		v := 2
		e = fx.do(req{method: "POST", path: "/api/v1/requests/" + got.ID + "/events", as: "edu",
			body: AppendEvent{ExpectedVersion: &v, Event: EventInput{Kind: "extended", On: gongkai.MustParseDate("2025-12-11"), Days: 10}}}).must(t, 400).errorBody(t)
		if e.Rule == "" {
			t.Errorf("no rule in %+v", e)
		}
		fx.do(req{method: "POST", path: "/api/v1/requests/" + got.ID + "/events", as: "edu",
			body: `{"event":{"kind":"withdrawn","on":"2025-12-11"}}`}).must(t, 400).errorBody(t)
		fx.do(req{method: "GET", path: "/api/v1/requests/nope", as: "edu"}).must(t, 404).errorBody(t)
	})
}

// TestAPI_ConcurrentEvents: two clerks append at the same version at once;
// exactly one wins, the other gets 409, and no event is lost or doubled.
func TestAPI_ConcurrentEvents(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		const n = 8
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				v := 1
				body := AppendEvent{ExpectedVersion: &v, Event: EventInput{Kind: "decided", On: gongkai.MustParseDate("2025-03-10"), Outcome: "granted", Article: "条例第三十六条第（二）项"}}
				statuses[i] = fx.do(req{method: "POST", path: "/api/v1/requests/R-EDU/events", as: "edu", body: body}).status
			})
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, s := range statuses {
			switch s {
			case 200:
				ok++
			case 409:
				conflict++
			}
		}
		if ok != 1 || conflict != n-1 {
			t.Errorf("statuses %v: want one 200 and %d × 409", statuses, n-1)
		}
		var r Request
		fx.do(req{method: "GET", path: "/api/v1/requests/R-EDU", as: "edu"}).must(t, 200).decode(t, &r)
		if r.Version != 2 || len(r.Events) != 2 {
			t.Errorf("version %d events %d, want 2", r.Version, len(r.Events))
		}
	})
}

func TestAPI_Appeals(t *testing.T) {
	forEachBackend(t, func(t *testing.T, fx *fixture) {
		res := fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town",
			body: CreateAppeal{RequestID: "R-TOWN", Kind: "suit_direct", FiledOn: gongkai.MustParseDate("2025-06-02")}}).must(t, 201)
		var a Appeal
		res.decode(t, &a)
		if a.ID == "" || a.AgencyID != "town" || a.Outcome != "pending" || res.header.Get("Location") != "/api/v1/appeals/"+a.ID {
			t.Errorf("appeal: %+v", a)
		}
		fx.do(req{method: "GET", path: "/api/v1/appeals/" + a.ID, as: "town"}).must(t, 200)
		var r Request
		fx.do(req{method: "GET", path: "/api/v1/requests/R-TOWN", as: "town"}).must(t, 200).decode(t, &r)
		if len(r.Appeals) != 2 {
			t.Errorf("request's appeals: %+v", r.Appeals)
		}
		fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town",
			body: CreateAppeal{RequestID: "R-TOWN", Kind: "petition", FiledOn: gongkai.MustParseDate("2025-06-02")}}).must(t, 400).errorBody(t)
		fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town",
			body: CreateAppeal{RequestID: "R-NONE", Kind: "review", FiledOn: gongkai.MustParseDate("2025-06-02")}}).must(t, 404).errorBody(t)
		fx.do(req{method: "GET", path: "/api/v1/appeals/nope", as: "town"}).must(t, 404).errorBody(t)
	})
}

func TestAPI_Bodies(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	// An unknown field is named.
	e := fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town",
		body: `{"request_id":"R-TOWN","kind":"review","filed_on":"2025-06-02","judge":"x"}`}).must(t, 400).errorBody(t)
	if !strings.Contains(e.Message, `"judge"`) {
		t.Errorf("message %q does not name the field", e.Message)
	}
	e = fx.do(req{method: "POST", path: "/api/v1/requests", as: "edu",
		body: `{"agency_id":"edu","subject":"x","applicant":{"type":"natural_person","name":"a","ssn":"1"},"received":{}}`}).must(t, 400).errorBody(t)
	if !strings.Contains(e.Message, "ssn") {
		t.Errorf("message %q does not name the nested field", e.Message)
	}
	for name, body := range map[string]string{
		"syntax":   `{"request_id":`,
		"type":     `{"request_id":5}`,
		"date":     `{"request_id":"R-TOWN","kind":"review","filed_on":"2025-13-01"}`,
		"trailing": `{"request_id":"R-TOWN"} {}`,
		"empty":    ``,
	} {
		t.Run(name, func(t *testing.T) {
			fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town", body: body, header: map[string]string{"Content-Type": "application/json"}}).must(t, 400).errorBody(t)
		})
	}
	// More than 1 MiB is 413.
	big := `{"agency_id":"edu","subject":"` + strings.Repeat("很", MaxBodyBytes/3+10) + `"}`
	fx.do(req{method: "POST", path: "/api/v1/requests", as: "edu", body: big}).must(t, 413).errorBody(t)
	// Not JSON is 415.
	fx.do(req{method: "POST", path: "/api/v1/appeals", as: "town", body: `request_id=R-TOWN`,
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}).must(t, 415).errorBody(t)
}

func TestAPI_Routing(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	fx.do(req{method: "GET", path: "/api/v1/nothing"}).must(t, 404).errorBody(t)
	res := fx.do(req{method: "PUT", path: "/api/v1/agencies"}).must(t, 405)
	res.errorBody(t)
	if res.header.Get("Allow") != "GET" {
		t.Errorf("Allow %q", res.header.Get("Allow"))
	}
	res = fx.do(req{method: "GET", path: "/api/v1/openapi.json"}).must(t, 200)
	if string(res.body) != string(OpenAPI) {
		t.Error("openapi.json is not the embedded document")
	}
}

// failingStore is a store whose agency listing fails with an error that is
// not an application error.
type failingStore struct{ gongkai.Store }

func (failingStore) Agencies(context.Context, gongkai.AgencyFilter) ([]*gongkai.Agency, error) {
	return nil, errors.New("disk on fire at /var/lib/gongkai")
}

// TestAPI_InternalError: an error that is not an application error is 500
// "内部错误" for the client, with the detail only in the log.
func TestAPI_InternalError(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	fx.svc.Store = failingStore{fx.db}
	res := fx.do(req{method: "GET", path: "/api/v1/agencies"}).must(t, 500)
	if e := res.errorBody(t); e.Code != gongkai.EINTERNAL || e.Message != "内部错误" {
		t.Errorf("body %+v", e)
	}
	if strings.Contains(string(res.body), "fire") {
		t.Errorf("internal detail leaked: %s", res.body)
	}
	if !strings.Contains(fx.logs.String(), "level=ERROR") || !strings.Contains(fx.logs.String(), "disk on fire") {
		t.Errorf("log lacks the error:\n%s", fx.logs)
	}
}

// TestAPI_NoPersonalDataInLogs: creating and reading a request logs no
// applicant data.
func TestAPI_NoPersonalDataInLogs(t *testing.T) {
	fx := mustFixture(t, mustOpenSQLite)
	create := CreateRequest{AgencyID: "edu", Subject: "某项目", Applicant: Applicant{Type: "natural_person", Name: "王隐私", IDNumber: "11010519491231002X", Phone: "13712345678"},
		Received: EventInput{Channel: "in_person", ArrivedOn: gongkai.MustParseDate("2025-12-01")}}
	var r Request
	fx.do(req{method: "POST", path: "/api/v1/requests", as: "edu", body: create}).must(t, 201).decode(t, &r)
	fx.do(req{method: "GET", path: "/api/v1/requests/" + r.ID, as: "edu"}).must(t, 200)
	fx.do(req{method: "POST", path: "/api/v1/requests", as: "edu", body: `{"applicant":{"name":"王隐私","phone":"13712345678"}}`}).must(t, 400)
	for _, s := range []string{"王隐私", "13712345678", "11010519491231002X"} {
		if strings.Contains(fx.logs.String(), s) {
			t.Errorf("log contains %q:\n%s", s, fx.logs)
		}
	}
	if !strings.Contains(fx.logs.String(), "route=\"POST /api/v1/requests\"") {
		t.Errorf("no request log line:\n%s", fx.logs)
	}
	_ = http.StatusOK
}
