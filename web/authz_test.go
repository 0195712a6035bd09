package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai/demo"
)

// route is one console route with concrete paths for the clerk's own
// agency and for another agency.
type route struct {
	pattern     string // as registered
	method      string
	own, other  string
	ownOK       int // the status the clerk gets on their own agency's path
	form        url.Values
	adminOnly   bool
	noAgencyArg bool // the route names no agency or request
}

// Every console route: a clerk of 教育局 (anxi-jyj) gets 403 or 404 on the
// 公安局's (anxi-gaj) requests, actions, letters, cells, cases, inputs and
// reports, and 403 on the admin pages; the public is sent to sign in. The
// table must name every registered /console route.
func TestConsoleAuthorization(t *testing.T) {
	fx := mustFixture(t)
	var own, other, otherAppeal string
	for _, r := range fx.ds.Requests {
		if r.Agency == "anxi-jyj" && own == "" {
			own = r.ID
		}
		if r.Agency == "anxi-gaj" && other == "" {
			other = r.ID
		}
	}
	agencyOf := map[string]string{}
	for _, r := range fx.ds.Requests {
		agencyOf[r.ID] = r.Agency
	}
	for _, a := range fx.ds.Appeals {
		if agencyOf[a.RequestID] != "anxi-jyj" {
			otherAppeal = a.ID
			break
		}
	}
	if own == "" || other == "" || otherAppeal == "" {
		t.Fatalf("demo lacks requests or cases: %q %q %q", own, other, otherAppeal)
	}
	ev := url.Values{"kind": {"withdrawn"}, "expected_version": {"1"}, "on": {"2026-11-25"}}
	oi := consoleItemFor(t, fx, "anxi-gaj") // an item of the 公安局's (catalog_console_test.go)
	routes := []route{
		{pattern: "GET /console", method: "GET", own: "/console", ownOK: 200, noAgencyArg: true},
		{pattern: "GET /console/{$}", method: "GET", own: "/console/", ownOK: 200, noAgencyArg: true},
		{pattern: "GET /console/requests/{id}", method: "GET", own: "/console/requests/" + own, other: "/console/requests/" + other, ownOK: 200},
		{pattern: "POST /console/requests/{id}/events", method: "POST", own: "", other: "/console/requests/" + other + "/events", form: ev},
		{pattern: "GET /console/requests/{id}/letters/{file}", method: "GET", own: "/console/requests/" + own + "/letters/0", other: "/console/requests/" + other + "/letters/0", ownOK: 200},
		{pattern: "GET /console/requests/{id}/letters/{file}", method: "GET", own: "/console/requests/" + own + "/letters/0.docx", other: "/console/requests/" + other + "/letters/0.docx", ownOK: 200},
		{pattern: "GET /console/appeals", method: "GET", own: "/console/appeals", ownOK: 200, noAgencyArg: true},
		{pattern: "GET /console/appeals/new", method: "GET", own: "/console/appeals/new", ownOK: 200, noAgencyArg: true},
		{pattern: "POST /console/appeals", method: "POST", other: "/console/appeals", form: url.Values{"request": {other}, "kind": {"review"}, "filed_on": {"2026-11-25"}}},
		{pattern: "POST /console/appeals/{id}/close", method: "POST", other: "/console/appeals/" + otherAppeal + "/close", form: url.Values{"outcome": {"upheld"}, "closed_on": {"2026-11-25"}}},
		{pattern: "GET /console/inputs", method: "GET", own: "/console/inputs", ownOK: 303, noAgencyArg: true},
		{pattern: "GET /console/inputs/{agency}/{year}", method: "GET", own: "/console/inputs/anxi-jyj/2025", other: "/console/inputs/anxi-gaj/2025", ownOK: 200},
		{pattern: "GET /console/inputs/{agency}/{year}/template.xlsx", method: "GET", own: "/console/inputs/anxi-jyj/2025/template.xlsx", other: "/console/inputs/anxi-gaj/2025/template.xlsx", ownOK: 200},
		{pattern: "POST /console/inputs/{agency}/{year}", method: "POST", other: "/console/inputs/anxi-gaj/2025", form: url.Values{"licensing.decisions": {"1"}}},
		{pattern: "POST /console/inputs/{agency}/{year}/import", method: "POST", other: "/console/inputs/anxi-gaj/2025/import", form: url.Values{}},
		{pattern: "GET /console/reports", method: "GET", own: "/console/reports", ownOK: 200, noAgencyArg: true},
		{pattern: "POST /console/reports/{agency}/{year}/generate", method: "POST", other: "/console/reports/anxi-gaj/2024/generate", form: url.Values{}},
		{pattern: "GET /console/reports/{agency}/{year}", method: "GET", other: "/console/reports/anxi-gaj/2024"},
		{pattern: "POST /console/reports/{agency}/{year}/{op}", method: "POST", other: "/console/reports/anxi-gaj/2024/publish", form: url.Values{"version": {"1"}}},
		{pattern: "GET /console/agencies/{id}/reports/{year}/cells/{table}/{row}/{col}", method: "GET", own: "/console/agencies/anxi-jyj/reports/2021/cells/三/granted/total",
			other: "/console/agencies/anxi-gaj/reports/2021/cells/三/granted/total", ownOK: 200},
		{pattern: "GET /console/catalog", method: "GET", own: "/console/catalog", ownOK: 303, noAgencyArg: true},
		{pattern: "GET /console/catalog/{agency}", method: "GET", own: "/console/catalog/anxi-jyj", other: "/console/catalog/anxi-gaj", ownOK: 200},
		{pattern: "GET /console/catalog/{agency}/new", method: "GET", own: "/console/catalog/anxi-jyj/new", other: "/console/catalog/anxi-gaj/new", ownOK: 200},
		{pattern: "POST /console/catalog/{agency}/items", method: "POST", other: "/console/catalog/anxi-gaj/items", form: url.Values{"title": {"x"}, "written_on": {"2026-11-20"}, "article20": {"1"}, "attribute": {"proactive"}}},
		{pattern: "GET /console/catalog/{agency}/overdue", method: "GET", own: "/console/catalog/anxi-jyj/overdue", other: "/console/catalog/anxi-gaj/overdue", ownOK: 200},
		{pattern: "GET /console/items/{id}", method: "GET", other: "/console/items/" + oi.ID},
		{pattern: "GET /console/items/{id}/edit", method: "GET", other: "/console/items/" + oi.ID + "/edit"},
		{pattern: "POST /console/items/{id}/edit", method: "POST", other: "/console/items/" + oi.ID + "/edit", form: url.Values{"version": {"2"}, "title": {"改"}}},
		{pattern: "POST /console/items/{id}/files", method: "POST", other: "/console/items/" + oi.ID + "/files", form: url.Values{"version": {"2"}}},
		{pattern: "GET /console/items/{id}/files/{sha}", method: "GET", other: "/console/items/" + oi.ID + "/files/" + oi.Attachments[0].SHA256},
		{pattern: "POST /console/items/{id}/files/{sha}/remove", method: "POST", other: "/console/items/" + oi.ID + "/files/" + oi.Attachments[0].SHA256 + "/remove", form: url.Values{"version": {"2"}}},
		{pattern: "GET /console/items/{id}/privacy", method: "GET", other: "/console/items/" + oi.ID + "/privacy"},
		{pattern: "POST /console/items/{id}/privacy", method: "POST", other: "/console/items/" + oi.ID + "/privacy", form: url.Values{"version": {"2"}, "all": {"mask"}}},
		{pattern: "POST /console/items/{id}/{op}", method: "POST", other: "/console/items/" + oi.ID + "/submit", form: url.Values{"version": {"2"}}},
		{pattern: "GET /console/review", method: "GET", other: "/console/review", adminOnly: true},
		{pattern: "GET /console/admin/users", method: "GET", other: "/console/admin/users", adminOnly: true},
		{pattern: "POST /console/admin/users", method: "POST", other: "/console/admin/users", form: url.Values{"login": {"evil"}, "name": {"x"}, "role": {"admin"}, "password": {"0123456789ab"}}, adminOnly: true},
		{pattern: "POST /console/admin/agencies", method: "POST", other: "/console/admin/agencies", form: url.Values{"id": {"evil"}, "name": {"x"}, "scope": {"own"}}, adminOnly: true},
		{pattern: "POST /console/admin/users/{id}", method: "POST", other: "/console/admin/users/u-admin", form: url.Values{"disabled": {"1"}}, adminOnly: true},
		{pattern: "GET /console/admin/agencies", method: "GET", other: "/console/admin/agencies", adminOnly: true},
		{pattern: "POST /console/admin/agencies/{id}", method: "POST", other: "/console/admin/agencies/anxi-gaj", form: url.Values{"name": {"改名"}}, adminOnly: true},
		{pattern: "GET /console/admin/audit", method: "GET", other: "/console/admin/audit", adminOnly: true},
	}
	covered := map[string]bool{"GET /console/login": true, "POST /console/login": true, "POST /console/logout": true}
	for _, r := range routes {
		covered[r.pattern] = true
	}
	for _, p := range fx.srv.routes {
		if strings.Contains(p, " /console") && !covered[p] {
			t.Errorf("route %s is not in the authorization table", p)
		}
	}

	clerk := fx.client(t)
	csrf := clerk.login("clerk-anxi-jyj", demo.ClerkPassword)
	anon := fx.client(t)
	send := func(c *client, method, path string, form url.Values, token string) answer {
		if method == "GET" {
			return c.get(path)
		}
		f := url.Values{"csrf": {token}}
		for k, v := range form {
			f[k] = v
		}
		return c.post(path, f)
	}
	for _, r := range routes {
		if r.other != "" {
			p := send(clerk, r.method, r.other, r.form, csrf)
			if p.status != http.StatusForbidden && p.status != http.StatusNotFound {
				t.Errorf("clerk of 教育局 %s %s: %d, want 403 or 404", r.method, r.other, p.status)
			}
			if strings.Contains(p.body, "公安局经办") {
				t.Errorf("%s %s leaks another agency's page", r.method, r.other)
			}
			if a := send(anon, r.method, r.other, r.form, ""); a.status != http.StatusSeeOther && a.status != http.StatusUnauthorized {
				t.Errorf("public %s %s: %d, want a sign-in", r.method, r.other, a.status)
			}
		}
		if r.own != "" && r.ownOK != 0 {
			if p := send(clerk, r.method, r.own, r.form, csrf); p.status != r.ownOK {
				t.Errorf("clerk of 教育局 %s %s: %d, want %d", r.method, r.own, p.status, r.ownOK)
			}
		}
	}
	// The clerk's inbox holds no other agency's request.
	if p := clerk.get("/console"); strings.Contains(p.body, other) || !strings.Contains(p.body, "待办申请") {
		t.Error("the clerk's inbox shows another agency's request")
	}
	// An admin sees the admin pages, but not applicants' personal data.
	admin := fx.client(t)
	admin.login(demo.AdminUsername, demo.AdminPassword)
	for _, path := range []string{"/console/admin/users", "/console/admin/agencies", "/console/admin/audit", "/console/requests/" + other} {
		p := admin.get(path)
		if p.status != 200 {
			t.Errorf("admin GET %s: %d", path, p.status)
		}
		for _, a := range fx.ds.Applicants {
			if strings.Contains(p.body, a.IDNumber) || (a.Phone != "" && strings.Contains(p.body, a.Phone)) {
				t.Errorf("admin GET %s shows applicant data", path)
			}
		}
	}
}

// The table 二 inputs: the form saves, and an XLSX import lists its bad
// rows by number and stores nothing.
func TestInputsImport(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	csrf := c.login("clerk-anxi-jyj", demo.ClerkPassword)
	if p := c.post("/console/inputs/anxi-jyj/2024", url.Values{"csrf": {csrf}, "version": {"1"}, "licensing.decisions": {"-3"}}); p.status != http.StatusUnprocessableEntity {
		t.Errorf("negative figure: %d", p.status)
	}
	x := excelize.NewFile()
	x.SetSheetRow("Sheet1", "A1", &[]any{"单元格代码", "条目", "项目", "指标", "数值"})
	x.SetSheetRow("Sheet1", "A2", &[]any{"licensing.decisions", "", "", "", "12"})
	x.SetSheetRow("Sheet1", "A3", &[]any{"nonsense.cell", "", "", "", "1"})
	x.SetSheetRow("Sheet1", "A4", &[]any{"penalties.decisions", "", "", "", "abc"})
	var b bytes.Buffer
	x.Write(&b)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	mw.WriteField("version", "1")
	fw, _ := mw.CreateFormFile("file", "inputs.xlsx")
	fw.Write(b.Bytes())
	mw.Close()
	req, _ := http.NewRequest("POST", fx.ts.URL+"/console/inputs/anxi-jyj/2024/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", fx.ts.URL)
	p := c.do(req)
	if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "第3行") || !strings.Contains(p.body, "第4行") || strings.Contains(p.body, "第2行") {
		t.Errorf("import with bad rows: %d\n%s", p.status, p.body)
	}
}
