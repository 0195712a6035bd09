package web

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/internal/ooxmltest"
)

// plantedID is the example number of GB 11643, with a valid check digit.
const plantedID = "11010519491231002X"

// itemValues is a valid draft of the education bureau's, written on wo.
func itemValues(csrf, title, wo, body string) url.Values {
	return url.Values{"csrf": {csrf}, "title": {title}, "doc_no": {"安教〔2026〕21号"}, "issuer": {"安溪县教育局"},
		"written_on": {wo}, "topic1": {"教育"}, "topic2": {"学前教育"}, "article20": {"11"}, "attribute": {"proactive"}, "body": {body}}
}

var itemLocRE = regexp.MustCompile(`^/console/items/(it-[0-9a-f]+)\?`)

// createItem drafts an item through the form and returns its id.
func createItem(t *testing.T, c *client, agency string, form url.Values) string {
	t.Helper()
	p := c.post("/console/catalog/"+agency+"/items", form)
	m := itemLocRE.FindStringSubmatch(p.header.Get("Location"))
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("create item: %d %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	return m[1]
}

var itemVersionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// itemVersionOn returns the item's current version (the forms carry it in
// a hidden field; a user offered no form has none on the page).
func itemVersionOn(t *testing.T, c *client, id string) string {
	t.Helper()
	it, err := c.fx.db.Item(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(it.Version)
}

// op posts a workflow step at the item's current version.
func op(t *testing.T, c *client, csrf, id, step string, extra url.Values) answer {
	t.Helper()
	f := url.Values{"csrf": {csrf}, "version": {itemVersionOn(t, c, id)}}
	for k, v := range extra {
		f[k] = v
	}
	return c.post("/console/items/"+id+"/"+step, f)
}

// upload posts a file to the item's attachments.
func upload(t *testing.T, c *client, csrf, id, version, name string, data []byte) answer {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	mw.WriteField("version", version)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.fx.ts.URL+"/console/items/"+id+"/files", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.fx.ts.URL)
	return c.do(req)
}

func wantStatus(t *testing.T, what string, p answer, status int, contains ...string) {
	t.Helper()
	if p.status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, p.status, status, p.body)
	}
	for _, s := range contains {
		if !strings.Contains(p.body, s) {
			t.Errorf("%s: page lacks %q", what, s)
		}
	}
}

// The catalog in the console over HTTP: a clerk drafts (the form refuses a
// restricted attribute without its article), edits, uploads and removes
// attachments and submits; the clerk cannot approve or publish, another
// agency's clerk cannot see the item; the reviewer approves only with the
// 保密审查, is refused 发布 while the ID number is unmasked, masks all on the
// privacy page and publishes; nothing public holds the number; 变更 and
// 撤回 follow.
func TestCatalogConsoleFlow(t *testing.T) {
	fx := mustFixture(t)
	clerk := fx.client(t)
	csrf := clerk.login("clerk-anxi-jyj", demo.ClerkPassword)

	if p := clerk.get("/console/catalog"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/console/catalog/anxi-jyj" {
		t.Fatalf("catalog pick: %d %q", p.status, p.header.Get("Location"))
	}
	wantStatus(t, "list", clerk.get("/console/catalog/anxi-jyj"), 200, "目录管理：安溪县教育局", "新建公开事项", "逾期未公开")
	wantStatus(t, "new form", clerk.get("/console/catalog/anxi-jyj/new"), 200, "（十一）扶贫、教育、医疗、社会保障、促进就业", "公开属性", "规范性文件")

	bad := itemValues(csrf, "关于学前教育资助对象的说明", "2026-11-20", "<p>说明</p>")
	bad.Set("attribute", "on_request")
	bad.Set("attribute_reason", "内部事务")
	wantStatus(t, "restricted without article", clerk.post("/console/catalog/anxi-jyj/items", bad), http.StatusBadRequest,
		"须说明理由并引用条例第十四、十五或十六条", `value="关于学前教育资助对象的说明"`)
	bad.Del("article20")
	wantStatus(t, "no 第二十条 item", clerk.post("/console/catalog/anxi-jyj/items", bad), http.StatusBadRequest, "请选择属于条例第二十条的哪一项")
	bad.Set("written_on", "2026-13-40")
	wantStatus(t, "bad date", clerk.post("/console/catalog/anxi-jyj/items", bad), http.StatusBadRequest, "成文日期不正确")

	body := `<p onclick="x()">2026年学前教育资助对象：张某，公民身份号码 ` + plantedID + `。</p><script>alert(1)</script>`
	id := createItem(t, clerk, "anxi-jyj", itemValues(csrf, "2026年学前教育资助名单公示", "2026-11-20", body))
	wantStatus(t, "pending list", clerk.get("/console/catalog/anxi-jyj"), 200, "办理中的事项", "/console/items/"+id)
	p := clerk.get("/console/items/" + id)
	wantStatus(t, "draft page", p, 200, "起草中", "应于2026年12月18日前公开", "条例第二十六条", plantedID, "（十一）扶贫", "修改", "送审")
	if strings.Contains(p.body, "<script>alert") || strings.Contains(p.body, "onclick") {
		t.Error("the console shows the body unsanitized")
	}
	for _, absent := range []string{`id="act-approve"`, `id="act-publish"`} {
		if strings.Contains(p.body, absent) {
			t.Errorf("the clerk is offered %s on a draft", absent)
		}
	}

	// Edit at the version shown; a stale version is a conflict.
	v := itemVersionOn(t, clerk, id)
	if m := itemVersionRE.FindStringSubmatch(p.body); m == nil || m[1] != v {
		t.Fatalf("the draft's forms carry version %v, want %s", m, v)
	}
	edit := itemValues(csrf, "2026年学前教育资助名单公示", "2026-11-20", body)
	edit.Set("version", v)
	edit.Set("normative", "yes")
	edit.Set("validity", "valid")
	edit.Set("effective_on", "2026-12-01")
	wantStatus(t, "edit", clerk.post("/console/items/"+id+"/edit", edit), http.StatusSeeOther)
	wantStatus(t, "stale edit", clerk.post("/console/items/"+id+"/edit", edit), http.StatusConflict, "已被他人更新")
	wantStatus(t, "edit form", clerk.get("/console/items/"+id+"/edit"), 200, `value="2026-12-01"`, "修改公开事项")

	// Attachments: a DOCX with the number, a 5 MB picture (over the forms'
	// limit, under the uploads'), removed again; an executable is refused.
	docx := ooxmltest.DOCX("教育局", "资助名单", "张某 "+plantedID)
	wantStatus(t, "upload docx", upload(t, clerk, csrf, id, itemVersionOn(t, clerk, id), "资助名单.docx", docx), http.StatusSeeOther)
	wantStatus(t, "upload exe", upload(t, clerk, csrf, id, itemVersionOn(t, clerk, id), "名单.exe", []byte("MZ\x90\x00")), http.StatusBadRequest, "格式不受支持")
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 5<<20)...)
	wantStatus(t, "upload png", upload(t, clerk, csrf, id, itemVersionOn(t, clerk, id), "照片.png", png), http.StatusSeeOther)
	it, err := fx.svc.CatalogItem(context.Background(), mustUser(t, fx, "clerk-anxi-jyj"), id)
	if err != nil || len(it.Attachments) != 2 {
		t.Fatalf("attachments after upload: %v (%v)", it, err)
	}
	dl := clerk.get("/console/items/" + id + "/files/" + it.Attachments[0].SHA256)
	wantStatus(t, "console download", dl, 200)
	if dl.body != string(docx) || !strings.Contains(dl.header.Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Errorf("console download: %d bytes, Content-Disposition %q; want the uploaded DOCX under its name", len(dl.body), dl.header.Get("Content-Disposition"))
	}
	rm := url.Values{"csrf": {csrf}, "version": {itemVersionOn(t, clerk, id)}}
	wantStatus(t, "remove png", clerk.post("/console/items/"+id+"/files/"+it.Attachments[1].SHA256+"/remove", rm), http.StatusSeeOther)
	wantStatus(t, "removed", clerk.get("/console/items/"+id), 200, "资助名单.docx")
	if p := clerk.get("/console/items/" + id); strings.Contains(p.body, "照片.png") {
		t.Error("the removed picture is still listed")
	}

	wantStatus(t, "submit", op(t, clerk, csrf, id, "submit", nil), http.StatusSeeOther)
	wantStatus(t, "submitted", clerk.get("/console/items/"+id), 200, "待审核")
	wantStatus(t, "edit form under review", clerk.get("/console/items/"+id+"/edit"), 200, "不能修改")
	wantStatus(t, "clerk approves", op(t, clerk, csrf, id, "approve", url.Values{"secrecy_reviewed": {"yes"}}), http.StatusForbidden, "只有审核人")
	wantStatus(t, "clerk publishes", op(t, clerk, csrf, id, "publish", nil), http.StatusForbidden, "只有审核人")

	// Another agency's clerk sees and does nothing.
	other := fx.client(t)
	ocsrf := other.login("clerk-anxi-gaj", demo.ClerkPassword)
	for _, path := range []string{"/console/items/" + id, "/console/items/" + id + "/privacy", "/console/items/" + id + "/edit",
		"/console/items/" + id + "/files/" + it.Attachments[0].SHA256, "/console/catalog/anxi-jyj", "/console/catalog/anxi-jyj/overdue", "/console/catalog/anxi-jyj/new"} {
		if p := other.get(path); p.status != http.StatusForbidden || strings.Contains(p.body, plantedID) {
			t.Errorf("clerk of 公安局 GET %s: %d, want 403", path, p.status)
		}
	}
	if p := other.post("/console/items/"+id+"/return", url.Values{"csrf": {ocsrf}, "version": {"1"}, "note": {"x"}}); p.status != http.StatusForbidden && p.status != http.StatusBadRequest {
		t.Errorf("clerk of 公安局 returns the item: %d", p.status)
	}
	if p := other.post("/console/catalog/anxi-jyj/items", itemValues(ocsrf, "越权", "2026-11-20", "")); p.status != http.StatusForbidden {
		t.Errorf("clerk of 公安局 drafts for 教育局: %d", p.status)
	}

	rev := fx.client(t)
	rcsrf := rev.login("reviewer", demo.ClerkPassword)
	wantStatus(t, "reviewer's page", rev.get("/console/items/"+id), 200, `id="act-approve"`, `id="act-return"`, "已完成保密审查")
	wantStatus(t, "approve without 保密审查", op(t, rev, rcsrf, id, "approve", nil), http.StatusBadRequest, "须完成并记录保密审查", "条例第十七条")
	wantStatus(t, "approve", op(t, rev, rcsrf, id, "approve", url.Values{"secrecy_reviewed": {"yes"}, "note": {"同意公开"}}), http.StatusSeeOther)
	wantStatus(t, "approved", rev.get("/console/items/"+id), 200, "审核通过待发布", "审核员（演示）", "同意公开", `id="act-publish"`)
	wantStatus(t, "publish blocked", op(t, rev, rcsrf, id, "publish", nil), http.StatusBadRequest,
		"条例第十五条", "居民身份证号码", `href="/console/items/`+id+`/privacy"`)

	// The privacy page: the number with its check digit, the decisions.
	pp := rev.get("/console/items/" + id + "/privacy")
	wantStatus(t, "privacy page", pp, 200, plantedID, "居民身份证号码", "校验位正确", "正文", "附件《资助名单.docx》", `name="accept"`, "全部遮盖（2处）")
	cp := clerk.get("/console/items/" + id + "/privacy")
	wantStatus(t, "clerk's privacy page", cp, 200, plantedID, `name="mask"`)
	if strings.Contains(cp.body, `name="accept"`) {
		t.Error("the drafter is offered 确认可公开")
	}
	key := privacyBox(t, pp.body, "accept")
	pv := url.Values{"csrf": {csrf}, "version": {itemVersionOn(t, clerk, id)}, "accept": {key}}
	wantStatus(t, "clerk accepts", clerk.post("/console/items/"+id+"/privacy", pv), http.StatusBadRequest, "只有审核人可以确认")
	pv = url.Values{"csrf": {rcsrf}, "version": {itemVersionOn(t, rev, id)}}
	wantStatus(t, "nothing ticked", rev.post("/console/items/"+id+"/privacy", pv), http.StatusBadRequest, "请选择")
	pv.Set("all", "mask")
	wantStatus(t, "mask all", rev.post("/console/items/"+id+"/privacy", pv), http.StatusSeeOther)
	wantStatus(t, "masked", rev.get("/console/items/"+id+"/privacy"), 200, "未发现个人信息")

	wantStatus(t, "publish", op(t, rev, rcsrf, id, "publish", nil), http.StatusSeeOther)
	p = rev.get("/console/items/" + id)
	wantStatus(t, "published", p, 200, "已公开", "按期公开")
	if !regexp.MustCompile(`id="index-no">[0-9A-Z]+/2026-\d{5}<`).MatchString(p.body) {
		t.Error("the published item shows no 索引号")
	}
	if strings.Contains(p.body, plantedID) {
		t.Error("the published body still holds the ID number")
	}
	it, _ = fx.svc.CatalogItem(context.Background(), mustUser(t, fx, "reviewer"), id)
	file := clerk.get("/console/items/" + id + "/files/" + it.Attachments[0].SHA256)
	if text, err := ooxmltest.Text([]byte(file.body)); err != nil || strings.Contains(text, plantedID) || !strings.Contains(text, "资助名单") {
		t.Errorf("published attachment text %q (%v)", text, err)
	}
	// The public pages of the published item hold no number either.
	pub := fx.client(t)
	page := pub.get("/gongkai/items/" + id)
	wantStatus(t, "public page", page, 200, "2026年学前教育资助名单公示")
	if strings.Contains(page.body, plantedID) {
		t.Error("the public page holds the ID number")
	}
	f := pub.get("/gongkai/items/" + id + "/files/" + it.Attachments[0].SHA256)
	if text, err := ooxmltest.Text([]byte(f.body)); f.status != 200 || err != nil || strings.Contains(text, plantedID) {
		t.Errorf("public download: %d %q (%v)", f.status, text, err)
	}

	// 变更 by the clerk opens the form; 撤回 is the reviewer's, with a note.
	wantStatus(t, "amend without note", op(t, clerk, csrf, id, "amend", nil), http.StatusBadRequest, "变更须说明理由")
	wantStatus(t, "clerk withdraws", op(t, clerk, csrf, id, "withdraw", url.Values{"note": {"x"}}), http.StatusForbidden)
	wantStatus(t, "withdraw without note", op(t, rev, rcsrf, id, "withdraw", nil), http.StatusBadRequest, "撤回说明")
	wantStatus(t, "amend", op(t, clerk, csrf, id, "amend", url.Values{"note": {"更正名单"}}), http.StatusSeeOther)
	wantStatus(t, "amended", clerk.get("/console/items/"+id), 200, "变更中", "历史版本", "更正名单", "第1版")
	wantStatus(t, "withdraw", op(t, rev, rcsrf, id, "withdraw", url.Values{"note": {"名单有误，已撤回"}}), http.StatusSeeOther)
	wantStatus(t, "withdrawn", rev.get("/console/items/"+id), 200, "已撤回", "名单有误，已撤回", "没有可办理的操作")
	wantStatus(t, "list by status", clerk.get("/console/catalog/anxi-jyj?status=withdrawn&year=2026"), 200, id)
	if p := clerk.get("/console/catalog/anxi-jyj?status=draft"); strings.Contains(p.body, id) {
		t.Error("the draft filter lists a withdrawn item")
	}
}

// mustUser loads a user of the fixture by login.
func mustUser(t *testing.T, fx *fixture, login string) *gongkai.User {
	t.Helper()
	u, err := fx.db.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// A proactive item written long before today is on the 逾期未公开 list with
// its due date; the reviewer who drafted an item cannot accept its hits.
func TestCatalogConsoleOverdueAndDrafterReviewer(t *testing.T) {
	fx := mustFixture(t)
	clerk := fx.client(t)
	csrf := clerk.login("clerk-anxi-jyj", demo.ClerkPassword)
	id := createItem(t, clerk, "anxi-jyj", itemValues(csrf, "2026年秋季学期教育收费标准", "2026-09-01", "<p>收费标准</p>"))
	p := clerk.get("/console/catalog/anxi-jyj/overdue")
	wantStatus(t, "overdue", p, 200, "2026年秋季学期教育收费标准", "2026年9月29日", "个工作日")
	if !strings.Contains(p.body, "/console/items/"+id) {
		t.Error("the overdue list does not link the item")
	}
	wantStatus(t, "late draft", clerk.get("/console/items/"+id), 200, "已逾期")

	admin := fx.client(t)
	acsrf := admin.login(demo.AdminUsername, demo.AdminPassword)
	own := createItem(t, admin, "anxi-jyj", itemValues(acsrf, "管理员起草的公示", "2026-11-20", "<p>联系人身份证 "+plantedID+"</p>"))
	pp := admin.get("/console/items/" + own + "/privacy")
	wantStatus(t, "drafter's privacy page", pp, 200, plantedID, `name="mask"`)
	if strings.Contains(pp.body, `name="accept"`) {
		t.Error("the drafting admin is offered 确认可公开")
	}
	key := privacyBox(t, pp.body, "mask")
	f := url.Values{"csrf": {acsrf}, "version": {itemVersionOn(t, admin, own)}, "accept": {key}}
	wantStatus(t, "drafter accepts", admin.post("/console/items/"+own+"/privacy", f), http.StatusBadRequest, "起草人不能确认")
	f = url.Values{"csrf": {acsrf}, "version": {itemVersionOn(t, admin, own)}, "mask": {key}}
	wantStatus(t, "drafter masks", admin.post("/console/items/"+own+"/privacy", f), http.StatusSeeOther)
	if p := admin.get("/console/items/" + own); strings.Contains(p.body, plantedID) {
		t.Error("the masked draft still holds the number")
	}
	// A form without its CSRF token is refused.
	if p := admin.post("/console/items/"+own+"/submit", url.Values{"version": {"3"}}); p.status != http.StatusForbidden {
		t.Errorf("submit without CSRF: %d", p.status)
	}
}

// consoleItemFor drafts an item of agency through the service, as its
// clerk, with a DOCX attached: the other agency's item of the authorization
// table (authz_test.go).
func consoleItemFor(t *testing.T, fx *fixture, agency string) *gongkai.Item {
	t.Helper()
	ctx := context.Background()
	u := mustUser(t, fx, "clerk-"+agency)
	it := &gongkai.Item{Agency: agency, Title: "授权测试事项", WrittenOn: gongkai.NewDate(2026, 11, 20), Article20Item: 1,
		Attribute: gongkai.AttrProactive, Body: "<p>正文</p>"}
	if err := fx.svc.CreateItem(ctx, u, it); err != nil {
		t.Fatal(err)
	}
	it, err := fx.svc.AttachItemFile(ctx, u, it.ID, it.Version, "附件.docx", ooxmltest.DOCX("", "附件"))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// privacyBox returns the key of the first hit's box named name ("accept"
// or "mask") on a privacy page.
func privacyBox(t *testing.T, body, name string) string {
	t.Helper()
	m := regexp.MustCompile(`name="` + name + `" id="` + name + `-0" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no " + name + " box")
	}
	return m[1]
}
