package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai/demo"
)

// applyForm is a valid application to the education bureau.
func applyForm(name, id, subject string) url.Values {
	return url.Values{"agency": {"anxi-jyj"}, "type": {"natural_person"}, "name": {name}, "id_type": {"id_card"},
		"id_number": {id}, "phone": {"13905950000"}, "email": {"a@example.cn"}, "subject": {subject},
		"form": {"electronic"}, "delivery": {"email"}, "commitment": {"yes"}}
}

var trackRE = regexp.MustCompile(`href="(/track/[^"?]+\?t=[^"]+)"`)

// submit files an application and returns the receipt number and the
// tracking link.
func submit(t *testing.T, c *client, form url.Values) (string, string) {
	t.Helper()
	p := c.post("/apply", form)
	if p.status != http.StatusCreated {
		t.Fatalf("apply: status %d\n%s", p.status, p.body)
	}
	m := trackRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("receipt without tracking link")
	}
	link := strings.ReplaceAll(m[1], "&amp;", "&")
	id := strings.TrimPrefix(link[:strings.Index(link, "?")], "/track/")
	return id, link
}

// version reads the expected_version of a request page.
func version(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="expected_version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("request page without actions")
	}
	return m[1]
}

func TestApplyValidation(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	f := applyForm("", "350524190001011234", "短")
	f.Del("commitment")
	p := c.post("/apply", f)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", p.status)
	}
	for _, want := range []string{"请填写姓名或者名称", "居民身份证号码格式不正确", "不少于5个字", "请确认所填信息真实有效", `aria-invalid="true"`} {
		if !strings.Contains(p.body, want) {
			t.Errorf("validation page lacks %q", want)
		}
	}
}

// The whole life of a request over HTTP: filed by the public, clarified,
// extended, decided by the clerk; the letters render; the year's report
// counts the decision; a wrong token or another agency's clerk sees nothing.
func TestRequestFlow(t *testing.T) {
	fx := mustFixture(t)
	pub := fx.client(t)
	id, link := submit(t, pub, applyForm("王测试", "11010519491231002X", "2026年安溪县教育局部门预算及三公经费说明"))
	p := pub.get(link)
	if p.status != 200 || !strings.Contains(p.body, "办理中") || !strings.Contains(p.body, "受理回执") || !strings.Contains(p.body, "2026年12月23日") {
		t.Fatalf("tracking page: %d\n%s", p.status, p.body)
	}
	if strings.Contains(p.body, "王测试") || strings.Contains(p.body, "13905950000") || strings.Contains(p.body, "11010519491231002X") {
		t.Error("tracking page shows personal data")
	}
	if p := pub.get("/track/" + id + "?t=wrong"); p.status != 404 {
		t.Errorf("wrong token: %d", p.status)
	}
	// The receipt number and the identity number recover the link.
	if p := pub.post("/track", url.Values{"id": {id}, "id_number": {"11010519491231002X"}}); p.status != http.StatusSeeOther || p.header.Get("Location") != link {
		t.Errorf("lookup: %d %s, want %s", p.status, p.header.Get("Location"), link)
	}
	if p := pub.post("/track", url.Values{"id": {id}, "id_number": {"110105194912310011"}}); p.status != http.StatusNotFound || !strings.Contains(p.body, "回执编号或证件号码不正确") {
		t.Errorf("lookup with a wrong number: %d", p.status)
	}

	clerk := fx.client(t)
	csrf := clerk.login("clerk-anxi-jyj", demo.ClerkPassword)
	if p := clerk.get("/console"); !strings.Contains(p.body, id) {
		t.Error("inbox lacks the new request")
	}
	act := func(kind string, extra url.Values) answer {
		t.Helper()
		page := clerk.get("/console/requests/" + id)
		f := url.Values{"csrf": {csrf}, "kind": {kind}, "expected_version": {version(t, page.body)}, "on": {"2026-11-25"}}
		for k, v := range extra {
			f[k] = v
		}
		return clerk.post("/console/requests/"+id+"/events", f)
	}
	page := clerk.get("/console/requests/" + id)
	if !strings.Contains(page.body, "王测试") || !strings.Contains(page.body, `id="act-clarification_requested"`) || strings.Contains(page.body, `id="act-fee_paid"`) {
		t.Fatalf("request page: applicant or actions wrong\n%s", page.body)
	}
	// A stale version is a conflict with a Chinese message.
	p = clerk.post("/console/requests/"+id+"/events", url.Values{"csrf": {csrf}, "kind": {"withdrawn"}, "expected_version": {"0"}, "on": {"2026-11-25"}})
	if p.status != http.StatusConflict || !strings.Contains(p.body, "请刷新页面") {
		t.Errorf("stale version: %d", p.status)
	}
	// A missing CSRF token is refused.
	if p := clerk.post("/console/requests/"+id+"/events", url.Values{"kind": {"withdrawn"}, "expected_version": {"1"}, "on": {"2026-11-25"}}); p.status != http.StatusForbidden {
		t.Errorf("no csrf: %d", p.status)
	}
	// A refused step says in Chinese which rule refuses it.
	if p := act("extended", url.Values{"days": {"25"}, "approver": {"李主任"}, "notice_on": {"2026-11-25"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "延期答复只能一次、不超过20个工作日") {
		t.Errorf("extension of 25 days: %d", p.status)
	}
	if p := act("clarification_requested", url.Values{"days": {"10"}, "note": {"请说明所需预算的年度和科目"}}); p.status != http.StatusSeeOther {
		t.Fatalf("clarification: %d\n%s", p.status, p.body)
	}
	p = pub.get(link)
	if !strings.Contains(p.body, "待申请人补正") || !strings.Contains(p.body, "补正告知书") {
		t.Fatalf("tracking after clarification request:\n%s", p.body)
	}
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(p.body)
	tok := link[strings.Index(link, "t=")+2:]
	if p := pub.post("/track/"+id+"/clarification", url.Values{"t": {tok}, "version": {v[1]}, "text": {"2026年部门预算全文"}}); p.status != http.StatusSeeOther {
		t.Fatalf("clarification supplied: %d\n%s", p.status, p.body)
	}
	if p := act("extended", url.Values{"days": {"20"}, "approver": {"李主任"}, "notice_on": {"2026-11-25"}, "note": {"需要汇总多个科室的材料"}}); p.status != http.StatusSeeOther {
		t.Fatalf("extension: %d\n%s", p.status, p.body)
	}
	if p := act("decided", url.Values{"outcome": {"granted"}}); p.status != http.StatusSeeOther {
		t.Fatalf("decision: %d\n%s", p.status, p.body)
	}
	page = clerk.get("/console/requests/" + id)
	if !strings.Contains(page.body, "已办结") || !strings.Contains(page.body, "（一）予以公开") {
		t.Errorf("request not closed as granted")
	}
	n := strings.Count(page.body, "/letters/")
	if n < 8 { // 受理回执, 补正告知书, 延期答复告知书, 答复告知书 × (print, docx)
		t.Errorf("%d letter links", n)
	}
	last := strconv.Itoa(4)
	l := clerk.get("/console/requests/" + id + "/letters/" + last)
	for _, want := range []string{"答复告知书", "王测试", "第三十六条", "60日内", "6个月内", "2026年11月25日", "安溪县人民政府"} {
		if !strings.Contains(l.body, want) {
			t.Errorf("decision letter lacks %q", want)
		}
	}
	if d := clerk.get("/console/requests/" + id + "/letters/" + last + ".docx"); d.status != 200 || !strings.HasPrefix(d.body, "PK") {
		t.Errorf("letter docx: %d", d.status)
	}
	pl := pub.get("/track/" + id + "/letters/" + last + "?t=" + tok)
	if pl.status != 200 || strings.Contains(pl.body, "王测试") || !strings.Contains(pl.body, "答复告知书") {
		t.Errorf("public letter: %d", pl.status)
	}
	// A review decided 结果纠正 reopens the request for a new answer.
	if p := clerk.post("/console/appeals", url.Values{"csrf": {csrf}, "request": {id}, "kind": {"review"}, "filed_on": {"2026-11-25"}}); p.status != http.StatusSeeOther {
		t.Fatalf("register review: %d\n%s", p.status, p.body)
	}
	list := clerk.get("/console/appeals")
	m := regexp.MustCompile(`<tr id="(FY[0-9A-F]+)"><td>FY[0-9A-F]+</td><td><a href="/console/requests/` + id).FindStringSubmatch(list.body)
	if m == nil {
		t.Fatalf("the review is not listed:\n%s", list.body)
	}
	if p := clerk.post("/console/appeals/"+m[1]+"/close", url.Values{"csrf": {csrf}, "outcome": {"corrected"}, "closed_on": {"2026-11-25"}}); p.status != http.StatusSeeOther {
		t.Fatalf("close review: %d\n%s", p.status, p.body)
	}
	if p := clerk.get("/console/requests/" + id); !strings.Contains(p.body, "依复议决定或判决重新答复") || !strings.Contains(p.body, `id="stage">办理中`) {
		t.Errorf("the request is not reopened after 结果纠正")
	}
	// The 2026 report of the bureau counts the decision.
	rep := pub.get("/agencies/anxi-jyj/reports/2026.json")
	if !regexp.MustCompile(`"granted":\s*\{[^}]*"natural_person":\s*[1-9]`).MatchString(rep.body) {
		t.Errorf("2026 report does not count the decision:\n%.2000s", rep.body)
	}
}
