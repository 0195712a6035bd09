package web

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/demo"
	"gongkai/internal/testenv"

	"github.com/chromedp/chromedp"
)

var update = flag.Bool("update", false, "rewrite the screenshots in docs/screenshots")

// shot saves a screenshot of the viewport under docs/screenshots when
// -update is given.
func shot(t *testing.T, name string, _ bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if !*update {
			return nil
		}
		b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return err
		}
		t.Logf("screenshot %s.png (%d bytes)", name, len(b))
		return os.WriteFile(filepath.Join("..", "docs", "screenshots", name+".png"), b, 0o644)
	})
}

// unlabelled lists the form fields of the current page that have no label.
const unlabelledJS = `Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea')).filter(e => e.labels.length === 0).map(e => e.name || e.id).join(',')`

func checkLabels(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](unlabelledJS))
	if err != nil || got != "" {
		t.Errorf("%s: fields without a label: %q (%v)", page, got, err)
	}
}

// read returns the text of the first element matching the CSS selector.
func read(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// browserFixture returns the demo fixture, a browser tab, and run, which
// does the actions in the tab and fails t with what when one fails.
func browserFixture(t *testing.T) (*fixture, context.Context, func(what string, actions ...chromedp.Action[chromedp.Void])) {
	t.Helper()
	fx := mustFixture(t)
	ctx := testenv.Browser(t, 1000, 1200, 90*time.Second)
	return fx, ctx, func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// The scenario of the issue in a real browser: a member of the public files
// a request and follows it; the clerk asks for a clarification; the public
// supplies it; the clerk extends and decides; the letter renders; the year's
// report counts the decision; publishing a report with an error is refused.
func TestBrowser(t *testing.T) {
	fx, ctx, run := browserFixture(t)
	base := fx.ts.URL
	cell := `#c-三-granted-natural_person`
	run("portal and report",
		chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#pick")), shot(t, "portal-home", false),
		chromedp.Navigate(base+"/agencies/anxi/reports/2020"), chromedp.WaitVisible(chromedp.CSS(`#c-三-new_received-total`)), shot(t, "report-page", false),
		chromedp.Navigate(base+"/agencies/anxi-jyj/reports/2026"))
	before := read(t, ctx, cell)

	run("apply",
		chromedp.Navigate(base+"/apply"), chromedp.WaitVisible(chromedp.CSS("#subject")),
		chromedp.SetValue(chromedp.CSS("#agency"), "anxi-jyj"),
		chromedp.SendKeys(chromedp.CSS("#name"), "浏览器测试申请人"),
		chromedp.SendKeys(chromedp.CSS("#id_number"), "11010519491231002X"),
		chromedp.SendKeys(chromedp.CSS("#phone"), "13905950001"),
		chromedp.SendKeys(chromedp.CSS("#email"), "browser@example.cn"),
		chromedp.SendKeys(chromedp.CSS("#subject"), "2026年安溪县义务教育阶段学校招生计划"),
		chromedp.Click(chromedp.CSS("#commitment")), shot(t, "apply-form", false))
	checkLabels(t, ctx, "/apply")
	run("submit",
		chromedp.Click(chromedp.CSS(`form[action="/apply"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("#receipt-number")))
	receipt := read(t, ctx, "#receipt-number")
	href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("#track-link"), "href"))
	if err != nil {
		t.Fatal(err)
	}
	track := href.Value
	if !strings.HasPrefix(receipt, "YS20261125") || !strings.Contains(track, "?t=") {
		t.Fatalf("receipt %q, tracking link %q", receipt, track)
	}
	req := "/console/requests/" + receipt
	run("clerk asks for a clarification",
		chromedp.Navigate(base+"/console/login"), chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "clerk-anxi-jyj"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.ClerkPassword),
		chromedp.Submit(chromedp.CSS("#password")), chromedp.WaitVisible(chromedp.CSS("#inbox")), shot(t, "console-inbox", false),
		chromedp.Navigate(base+req), chromedp.WaitVisible(chromedp.CSS("#cl-note")),
		chromedp.SendKeys(chromedp.CSS("#cl-note"), "请说明所需招生计划的学段"),
		chromedp.Click(chromedp.CSS(`#act-clarification_requested button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	run("the public supplies it",
		chromedp.Navigate(base+track), chromedp.WaitVisible(chromedp.CSS("#text")),
		chromedp.SendKeys(chromedp.CSS("#text"), "小学和初中阶段的招生计划"),
		chromedp.Click(chromedp.CSS(`form[action$="/clarification"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash")))
	run("clerk's request page", chromedp.Navigate(base+req), chromedp.WaitVisible(chromedp.CSS("#ex-approver")))
	checkLabels(t, ctx, req)
	run("clerk extends and decides",
		chromedp.SendKeys(chromedp.CSS("#ex-approver"), "李主任"),
		chromedp.SendKeys(chromedp.CSS("#ex-note"), "需要汇总各学校的数据"),
		chromedp.Click(chromedp.CSS(`#act-extended button`)), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.SetValue(chromedp.CSS("#de-outcome"), "granted"),
		chromedp.SendKeys(chromedp.CSS("#de-note"), "现将2026年招生计划提供给您。"),
		chromedp.Click(chromedp.CSS(`#act-decided button`)), chromedp.WaitVisible(chromedp.CSS("#outcome")),
		shot(t, "console-request", false))
	outcome := read(t, ctx, "#outcome")
	if !strings.Contains(outcome, "予以公开") {
		t.Errorf("outcome %q", outcome)
	}
	run("the letter renders",
		chromedp.Navigate(base+req+"/letters/4"), chromedp.WaitVisible(chromedp.CSS("main.sheet")), shot(t, "letter", false))
	letter := read(t, ctx, "main.sheet")
	run("sign out; the tracking page lists the letters",
		chromedp.Navigate(base+"/console"), chromedp.WaitVisible(chromedp.CSS("#inbox")),
		chromedp.Click(chromedp.CSS(".who button")), chromedp.WaitVisible(chromedp.CSS("#pick")),
		chromedp.Navigate(base+track), chromedp.WaitVisible(chromedp.CSS("#stage")), shot(t, "tracking", false))
	for _, want := range []string{"答复告知书", "浏览器测试申请人", "60日内", "6个月内", "2026年11月25日"} {
		if !strings.Contains(letter, want) {
			t.Errorf("letter lacks %q", want)
		}
	}
	run("the report counts it",
		chromedp.Navigate(base+"/agencies/anxi-jyj/reports/2026"), chromedp.WaitVisible(chromedp.CSS(cell)))
	after := read(t, ctx, cell)
	b, _ := strconv.Atoi(before)
	a, _ := strconv.Atoi(after)
	if a != b+1 {
		t.Errorf("2026 granted/natural_person: %s before, %s after; want one more", before, after)
	}
	run("publishing a report with an error is refused",
		chromedp.Navigate(base+"/console/reports"), chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "clerk-anxi-jyj"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.ClerkPassword),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.Click(chromedp.CSS(`form[action="/console/reports/anxi-jyj/2026/generate"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#corrections")),
		chromedp.SendKeys(chromedp.CSS("#corrections"), "requests.carried_over.total=7"),
		chromedp.Click(chromedp.CSS("#btn-save")), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Click(chromedp.CSS("#btn-publish")), chromedp.WaitVisible(chromedp.CSS("#workspace-error")),
		shot(t, "report-workspace", false))
	wsErr, status := read(t, ctx, "#workspace-error"), read(t, ctx, "#report-status")
	if !strings.Contains(wsErr, "不能发布") || status != "草稿" {
		t.Errorf("publish with an error: message %q, status %q", wsErr, status)
	}

	run("sign out", chromedp.Click(chromedp.CSS(".who button")), chromedp.WaitVisible(chromedp.CSS("#pick")))
	// Keyboard: the first Tab reaches the skip link. Phone: the form and the
	// report fit a 390 px screen without sideways scrolling (tables scroll
	// inside their own box).
	run("keyboard and phone",
		chromedp.Navigate(base+"/apply"), chromedp.WaitVisible(chromedp.CSS("#subject")), chromedp.KeyEvent("\t"))
	if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.activeElement.className")); err != nil || focused != "skip" {
		t.Errorf("first Tab focuses %q (%v), want the skip link", focused, err)
	}
	for _, path := range []string{"/apply", "/agencies/anxi/reports/2020", track} {
		run("phone "+path, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth + 1"))
		if err != nil || !fits {
			t.Errorf("%s is wider than a phone screen (%v)", path, err)
		}
		if path == "/apply" {
			run("phone screenshot", shot(t, "apply-phone", false))
		}
	}
}
