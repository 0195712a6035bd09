package render

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"gongkai/internal/testenv"

	"github.com/chromedp/chromedp"
)

// screenshotPath is the committed screenshot of the example report, written
// with -update.
const screenshotPath = "../docs/screenshots/annual-report.png"

// mustBrowser returns a chromedp context on a headless Chromium; without
// chromium the test skips, or fails in CI (testenv.Browser).
func mustBrowser(t *testing.T) context.Context {
	t.Helper()
	return testenv.Browser(t, 1000, 1200, 90*time.Second)
}

var mediaBoxRE = regexp.MustCompile(`/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]`)

// The example report's page must render in a real browser: three tables,
// the merged cells where the national format has them, a known value cell
// visible with its number, no table wider than the page, and A4 pages when
// printed.
func TestHTML_Browser(t *testing.T) {
	ctx := mustBrowser(t)
	r := MustLoad(t, fixtures[1].path)
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := HTML(f, r); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	const cell = `td[data-cell="requests.new_received.total"]`
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+path),
		chromedp.WaitVisible(chromedp.CSS(cell)),
	); err != nil {
		t.Fatal(err)
	}
	values := 0
	for _, tab := range r.Tables() {
		for _, row := range tab.Def.Rows {
			values += len(row.Columns)
		}
	}
	checks := []struct {
		name, expr, want string
	}{
		{"tables", `String(document.querySelectorAll("table").length)`, "3"},
		{"title", `document.title`, Title(r)},
		{"h1", `document.querySelector("h1").innerText`, Title(r)},
		{"known value", `document.querySelector('` + cell + `').innerText`, "133"},
		{"corner spans 3×3", `(c => c.colSpan + "x" + c.rowSpan)(document.querySelector("th.corner"))`, "3x3"},
		{"三、本年度办理结果 spans its 22 rows", `String(document.querySelector("table.t-requests th.group").rowSpan)`, "22"},
		{"value cells", `String(document.querySelectorAll("td[data-cell]").length)`, strconv.Itoa(values)},
		// Every row of table 三 is as wide as the table: the spans add up.
		{"rows of table 三 are 10 wide", `String(new Set([...document.querySelectorAll("table.t-requests tr")].map(tr => Math.round(tr.getBoundingClientRect().width))).size)`, "1"},
		{"value cell visible", `(e => { const b = e.getBoundingClientRect(); return String(b.width > 0 && b.height > 0 && getComputedStyle(e).visibility === "visible") })(document.querySelector('` + cell + `'))`, "true"},
		{"no table wider than the page", `String([...document.querySelectorAll("table")].every(t => t.scrollWidth <= document.querySelector("main").clientWidth))`, "true"},
	}
	for _, c := range checks {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](c.expr))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	// Printed, the page is A4 (595×842 pt) and the report takes a few pages.
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	boxes := mediaBoxRE.FindAllSubmatch(pdf, -1)
	if len(boxes) < 2 || len(boxes) > 4 {
		t.Errorf("printed on %d pages, want 2 to 4", len(boxes))
	}
	for _, m := range boxes {
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		h, _ := strconv.ParseFloat(string(m[2]), 64)
		if math.Abs(w-595.3) > 2 || math.Abs(h-841.9) > 2 {
			t.Errorf("printed page is %.1f×%.1f pt, want A4 595.3×841.9", w, h)
		}
	}
	if !*update {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(screenshotPath, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", screenshotPath, len(png))
}
