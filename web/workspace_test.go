package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/demo"
)

// A report without errors goes draft → checked → published; the check
// cannot be skipped; the portal then shows the published revision, which
// can no longer be edited.
func TestWorkspacePublish(t *testing.T) {
	fx := mustFixture(t)
	c := fx.client(t)
	csrf := c.login("clerk-anxi-jyj", demo.ClerkPassword)
	const ws = "/console/reports/anxi-jyj/2024"
	post := func(op string, extra url.Values) answer {
		t.Helper()
		page := c.get(ws)
		m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page.body)
		f := url.Values{"csrf": {csrf}}
		if m != nil {
			f.Set("version", m[1])
		}
		for k, v := range extra {
			f[k] = v
		}
		return c.post(ws+"/"+op, f)
	}
	if p := c.post(ws+"/generate", url.Values{"csrf": {csrf}}); p.status != http.StatusSeeOther {
		t.Fatalf("generate: %d", p.status)
	}
	page := c.get(ws)
	if !strings.Contains(page.body, "2024年，安溪县教育局") || !strings.Contains(page.body, "草稿") {
		t.Fatalf("draft without the prefilled narrative:\n%.3000s", page.body)
	}
	if p := post("publish", nil); p.status != http.StatusBadRequest || !strings.Contains(p.body, "须先通过勾稽关系检查") {
		t.Errorf("publish a draft: %d", p.status)
	}
	if p := post("save", url.Values{"overview": {"本年度总体情况（已审定）。"}, "problems": {"问题"}, "other": {"其他"}}); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", p.status, p.body)
	}
	if p := post("check", nil); p.status != http.StatusSeeOther {
		t.Fatalf("check: %d\n%s", p.status, p.body)
	}
	if p := post("publish", nil); p.status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", p.status, p.body)
	}
	pub := fx.client(t).get("/agencies/anxi-jyj/reports/2024")
	if !strings.Contains(pub.body, "已发布") || !strings.Contains(pub.body, "本年度总体情况（已审定）。") {
		t.Errorf("portal does not show the published revision")
	}
	if list := fx.client(t).get("/reports"); !regexp.MustCompile(`anxi-jyj/reports/2024">2024年</a> <span class="badge pub">`).MatchString(list.body) {
		t.Errorf("report list does not mark 2024 published")
	}
	if p := c.post(ws+"/save", url.Values{"csrf": {csrf}, "version": {"3"}, "overview": {"改"}}); p.status != http.StatusConflict {
		t.Errorf("edit after publishing: %d, want 409", p.status)
	}
}
