package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/demo"
)

// Every page template executes with a filled page struct.
func TestTemplates(t *testing.T) {
	for name, p := range pages {
		t.Run(name, func(t *testing.T) {
			b, err := executePage(name, p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), "<html lang=\"zh-CN\">") {
				t.Errorf("page %s has no zh-CN document", name)
			}
		})
	}
}

// The public pages answer with the security headers and never show an
// applicant's personal data.
func TestPublicPages(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	paths := []string{"/", "/reports", "/apply", "/track", "/agencies/anxi/guide", "/agencies/anxi/rules", "/agencies/anxi/proactive",
		"/agencies/anxi/reports/2020", "/agencies/anxi/reports/2025", "/agencies/anxi-jyj/reports/2021", "/agencies/anxi-jyj/guide"}
	for _, path := range paths {
		p := c.get(path)
		if p.status != http.StatusOK {
			t.Errorf("GET %s: status %d", path, p.status)
			continue
		}
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
			"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
		} {
			if got := p.header.Get(h); !strings.HasPrefix(got, want) {
				t.Errorf("GET %s: %s = %q, want %q", path, h, got, want)
			}
		}
		if regexp.MustCompile(`<script|style="|onclick=`).MatchString(p.body) {
			t.Errorf("GET %s: inline script or style", path)
		}
		for _, a := range fx.ds.Applicants {
			for _, v := range []string{a.Name, a.IDNumber, a.Phone} {
				if v != "" && strings.Contains(p.body, v) {
					t.Errorf("GET %s shows applicant data %q", path, v)
				}
			}
		}
	}
}

// The county's 2020 report page: the official tables, the findings, two
// SVG charts and the three downloads.
func TestReportPage(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	p := c.get("/agencies/anxi/reports/2020")
	for _, want := range []string{"安溪县人民政府2020年政府信息公开工作年度报告", "一、本年新收政府信息公开申请数量", "检查结果", "<svg", "办理结果分布", "历年收到和办结申请情况", "2020.docx", "2020.xlsx", "2020.json"} {
		if !strings.Contains(p.body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	if n := strings.Count(p.body, "<svg"); n != 2 {
		t.Errorf("%d charts, want 2", n)
	}
	for ext, magic := range map[string]string{"docx": "PK", "xlsx": "PK", "json": "{"} {
		d := c.get("/agencies/anxi/reports/2020." + ext)
		if d.status != http.StatusOK || !strings.HasPrefix(d.body, magic) || !strings.Contains(d.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("download %s: status %d, %q…", ext, d.status, d.body[:min(10, len(d.body))])
		}
	}
	if d := c.get("/agencies/anxi/reports/2020.pdf"); d.status != http.StatusNotFound {
		t.Errorf("pdf: status %d, want 404", d.status)
	}
	if d := c.get("/agencies/nobody/reports/2020"); d.status != http.StatusNotFound {
		t.Errorf("unknown agency: status %d, want 404", d.status)
	}
}

// Static files have content-hash names and long cache headers.
func TestStatic(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	p := c.get(staticURL("site.css"))
	if p.status != 200 || !strings.Contains(p.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(p.header.Get("Content-Type"), "text/css") {
		t.Errorf("site.css: %d %v", p.status, p.header)
	}
	if p := c.get("/static/site.css"); p.status != 404 {
		t.Errorf("unhashed name: %d", p.status)
	}
}

// Sign-in: a wrong password gets the generic message; the console needs a
// session; too many attempts are refused.
func TestLogin(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	if p := c.get("/console"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/console/login") {
		t.Errorf("console without session: %d %s", p.status, p.header.Get("Location"))
	}
	p := c.post("/console/login", url.Values{"login": {"admin"}, "password": {"wrong-password"}})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "用户名或密码错误") {
		t.Errorf("wrong password: %d", p.status)
	}
	p = c.post("/console/login", url.Values{"login": {"nobody"}, "password": {"wrong-password"}})
	if p.status != http.StatusUnauthorized || !strings.Contains(p.body, "用户名或密码错误") {
		t.Errorf("unknown login: %d", p.status)
	}
	ok := c.post("/console/login", url.Values{"login": {demo.AdminUsername}, "password": {demo.AdminPassword}, "next": {"//evil.example/console"}})
	if ck := ok.header.Get("Set-Cookie"); !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") || ok.header.Get("Location") != "/console" {
		t.Errorf("sign-in: cookie %q, redirect %q", ck, ok.header.Get("Location"))
	}
	if p := c.get("/console"); p.status != 200 || !strings.Contains(p.body, "待办申请") {
		t.Errorf("inbox: %d", p.status)
	}
	// A cross-site form post is refused.
	req, _ := http.NewRequest("POST", fx.ts.URL+"/console/login", strings.NewReader("login=admin"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if p := c.do(req); p.status != http.StatusForbidden {
		t.Errorf("cross-site post: %d", p.status)
	}
	// The limiter refuses after its burst.
	l := newLimiter(Rate{N: 3, Per: 60e9})
	for i := range 3 {
		if !l.allow("1.2.3.4") {
			t.Fatalf("attempt %d refused", i+1)
		}
	}
	if l.allow("1.2.3.4") || !l.allow("5.6.7.8") {
		t.Error("limiter: want the 4th attempt of one address refused and another address allowed")
	}
}

// A form body over the limit is refused with 413; the public form is
// rate-limited per address.
func TestLimits(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	big := url.Values{"subject": {strings.Repeat("长", MaxBody)}}
	if p := c.post("/apply", big); p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d", p.status)
	}
	srv := newServer(Config{Service: fx.svc, Auth: fx.srv.auth, Key: fx.srv.key, Now: fx.srv.now, ApplyRate: Rate{N: 1, Per: 3600e9}})
	post := func() int {
		req := httptest.NewRequest("POST", "/apply", strings.NewReader(applyForm("限流测试", "11010519491231002X", "限流测试的申请内容").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w.Code
	}
	if first, second := post(), post(); first != http.StatusCreated || second != http.StatusTooManyRequests {
		t.Errorf("two submissions from one address: %d, %d; want 201, 429", first, second)
	}
}

// The inbox lists open requests by due date with their badges.
func TestInbox(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	c.login("clerk-anxi-jyj", demo.ClerkPassword)
	p := c.get("/console")
	i1, i2 := strings.Index(p.body, "SEED-1"), strings.Index(p.body, "SEED-2")
	if i1 < 0 || i2 < 0 || i1 > i2 {
		t.Fatalf("inbox order: SEED-1 at %d, SEED-2 at %d", i1, i2)
	}
	row1, row2 := p.body[i1:i2], p.body[i2:]
	if !strings.Contains(row1, `badge overdue">逾期`) || !strings.Contains(row2[:min(len(row2), 600)], `badge soon">3日内到期`) {
		t.Errorf("badges wrong:\n%s", p.body[i1:])
	}
}

// Only the site's own confirmations are shown from ?ok=.
func TestFlash(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	if p := c.get("/?ok=" + url.QueryEscape("您的申请已被驳回，请致电")); strings.Contains(p.body, "请致电") {
		t.Error("a crafted confirmation is shown")
	}
	if p := c.get("/?ok=" + url.QueryEscape("已保存")); !strings.Contains(p.body, `class="flash"`) {
		t.Error("a real confirmation is not shown")
	}
}

// An admin creates an agency and a clerk for it, who can then sign in.
func TestAdminCreates(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	csrf := c.login(demo.AdminUsername, demo.AdminPassword)
	if p := c.post("/console/admin/agencies", url.Values{"csrf": {csrf}, "id": {"anxi-tjj"}, "parent": {"anxi"}, "name": {"安溪县统计局"}, "scope": {"own"}}); p.status != http.StatusSeeOther {
		t.Fatalf("create agency: %d\n%s", p.status, p.body)
	}
	if p := c.post("/console/admin/users", url.Values{"csrf": {csrf}, "login": {"clerk-tjj"}, "name": {"统计局经办人"}, "role": {"clerk"}, "agency": {"anxi-tjj"}, "password": {"short"}}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "密码至少10个字符") {
		t.Errorf("short password: %d", p.status)
	}
	if p := c.post("/console/admin/users", url.Values{"csrf": {csrf}, "login": {"clerk-tjj"}, "name": {"统计局经办人"}, "role": {"clerk"}, "agency": {"anxi-tjj"}, "password": {"tongji-clerk-2026"}}); p.status != http.StatusSeeOther {
		t.Fatalf("create user: %d\n%s", p.status, p.body)
	}
	fx.client(t).login("clerk-tjj", "tongji-clerk-2026")
}
