package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/demo"
	"gongkai/internal/ooxmltest"

	"github.com/chromedp/chromedp"
)

// The catalog's review in a real browser: a clerk drafts an item whose body
// and DOCX attachment hold an ID number and submits it; the reviewer
// approves with the 保密审查, is refused 发布 (the message is on the page),
// masks everything on the privacy page and publishes; neither the public
// page nor the public download holds the number.
func TestBrowserCatalog(t *testing.T) {
	fx, ctx, run := browserFixture(t)
	base := fx.ts.URL
	docx := filepath.Join(t.TempDir(), "资助名单.docx")
	if err := os.WriteFile(docx, ooxmltest.DOCX("教育局", "2026年学前教育资助名单", "张某 "+plantedID), 0o644); err != nil {
		t.Fatal(err)
	}
	title := "2026年学前教育资助名单公示（浏览器）"

	run("the clerk drafts",
		chromedp.Navigate(base+"/console/login"), chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "clerk-anxi-jyj"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.ClerkPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#inbox")),
		chromedp.Navigate(base+"/console/catalog/anxi-jyj"), chromedp.WaitVisible(chromedp.CSS("#new-item")),
		chromedp.Click(chromedp.CSS("#new-item")), chromedp.WaitVisible(chromedp.CSS("#title")),
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#doc_no"), "安教〔2026〕22号"),
		chromedp.SetValue(chromedp.CSS("#written_on"), "2026-11-20"),
		chromedp.SendKeys(chromedp.CSS("#topic1"), "教育"),
		chromedp.SendKeys(chromedp.CSS("#topic2"), "学前教育"),
		chromedp.SetValue(chromedp.CSS("#article20"), "11"),
		chromedp.SendKeys(chromedp.CSS("#body"), "<p>资助对象：张某，公民身份号码 "+plantedID+"。</p>"))
	checkLabels(t, ctx, "/console/catalog/anxi-jyj/new")
	run("save", chromedp.Click(chromedp.CSS("#btn-save")), chromedp.WaitVisible(chromedp.CSS("#item-status")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	item := strings.TrimPrefix(loc[:strings.Index(loc+"?", "?")], base)
	if !strings.HasPrefix(item, "/console/items/it-") {
		t.Fatalf("after saving the draft the browser is at %s", loc)
	}
	id := strings.TrimPrefix(item, "/console/items/")
	checkLabels(t, ctx, item)
	run("upload the DOCX and submit",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{docx}),
		chromedp.Click(chromedp.CSS("#btn-upload")), chromedp.WaitVisible(chromedp.CSS("#files")),
		chromedp.Click(chromedp.CSS("#act-submit button")), chromedp.WaitNotPresent(chromedp.CSS("#act-submit")),
		chromedp.WaitVisible(chromedp.CSS("#item-status")))
	if files, st := read(t, ctx, "#files"), read(t, ctx, "#item-status"); !strings.Contains(files, "资助名单.docx") || st != "待审核" {
		t.Fatalf("after submitting: files %q, status %q", files, st)
	}
	run("sign out", chromedp.Click(chromedp.CSS(".who button")), chromedp.WaitVisible(chromedp.CSS("#pick")))

	run("the reviewer approves with the 保密审查",
		chromedp.Navigate(base+"/console/login?next="+item), chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "reviewer"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.ClerkPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#act-approve")),
		chromedp.Click(chromedp.CSS("#secrecy_reviewed")),
		chromedp.SendKeys(chromedp.CSS("#approve-note"), "经保密审查，同意主动公开。"),
		chromedp.Click(chromedp.CSS("#act-approve button")), chromedp.WaitVisible(chromedp.CSS("#btn-publish")))
	run("publishing is refused", chromedp.Click(chromedp.CSS("#btn-publish")), chromedp.WaitVisible(chromedp.CSS("#item-error")))
	if msg := read(t, ctx, "#item-error"); !strings.Contains(msg, "条例第十五条") || !strings.Contains(msg, "居民身份证号码") || !strings.Contains(msg, "个人信息检查") {
		t.Fatalf("refusal message %q", msg)
	}
	run("the privacy page",
		chromedp.Click(chromedp.CSS("#privacy-link")), chromedp.WaitVisible(chromedp.CSS("#hits")),
		shot(t, "catalog-privacy", false))
	checkLabels(t, ctx, item+"/privacy")
	if hits := read(t, ctx, "#hits"); strings.Count(hits, plantedID) != 2 || !strings.Contains(hits, "校验位正确") {
		t.Fatalf("privacy table %q: want the number in the body and the attachment", hits)
	}
	run("mask all and publish",
		chromedp.Click(chromedp.CSS("#btn-mask-all")), chromedp.WaitVisible(chromedp.CSS("#no-hits")),
		chromedp.Navigate(base+item), chromedp.WaitVisible(chromedp.CSS("#btn-publish")),
		chromedp.Click(chromedp.CSS("#btn-publish")), chromedp.WaitNotPresent(chromedp.CSS("#act-publish")),
		chromedp.WaitVisible(chromedp.CSS("#item-status")))
	if st := read(t, ctx, "#item-status"); st != "已公开" {
		t.Fatalf("status after publishing %q", st)
	}

	run("the public page", chromedp.Navigate(base+"/gongkai/items/"+id), chromedp.WaitVisible(chromedp.CSS("h1")))
	if page := read(t, ctx, "main"); !strings.Contains(page, title) || strings.Contains(page, plantedID) {
		t.Errorf("public page: title shown %v, ID number shown %v", strings.Contains(page, title), strings.Contains(page, plantedID))
	}
	it, err := fx.db.Item(context.Background(), id)
	if err != nil || len(it.Attachments) != 1 {
		t.Fatalf("published item: %v (%v)", it, err)
	}
	f := fx.client(t).get("/gongkai/items/" + id + "/files/" + it.Attachments[0].SHA256)
	text, err := ooxmltest.Text([]byte(f.body))
	if f.status != 200 || err != nil || strings.Contains(text, plantedID) || !strings.Contains(text, "资助名单") {
		t.Errorf("public download: status %d, text %q (%v)", f.status, text, err)
	}
}
