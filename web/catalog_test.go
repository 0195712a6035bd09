package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/api"
	"gongkai/internal/sqlitetest"
	"gongkai/password"
	"gongkai/sqlite"
	"gongkai/storetest"
)

// catalogFixture is the portal over its own SQLite store holding
// storetest.MustCreateCatalog: the county, its education bureau (the
// education and budget items, a draft, a withdrawn item) and a township
// (the 低保 item).
type catalogFixture struct {
	db  *sqlite.DB
	srv *Server
	ts  *httptest.Server
	cat *storetest.Catalog
}

func newCatalogFixture(t *testing.T) *catalogFixture {
	t.Helper()
	ctx := gongkai.WithActor(context.Background(), "test")
	db, _ := sqlitetest.Open(t)
	for _, a := range []*gongkai.Agency{
		{ID: "county", Name: "示例县人民政府", Code: "000000001", ReportScope: gongkai.ScopeSubtree},
		{ID: "edu", ParentID: "county", Name: "示例县教育局", Code: "000000002", ReportScope: gongkai.ScopeOwn},
		{ID: "town", ParentID: "county", Name: "示例县某某镇人民政府", Code: "000000003", ReportScope: gongkai.ScopeOwn},
	} {
		if err := db.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	cat := storetest.MustCreateCatalog(t, db, "edu", "town")
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar(), Now: func() time.Time { return testNow }}
	svc := gongkai.NewService(db, p)
	key := bytes.Repeat([]byte("k"), 32)
	auth, err := api.NewAuth(key, password.Fast(), db)
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(Config{Service: svc, Auth: auth, Key: key, Now: func() time.Time { return testNow }, API: api.New(svc, auth, nil)})
	srv.cache.markTTL = 0 // see every store write at once
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &catalogFixture{db: db, srv: srv, ts: ts, cat: cat}
}

// get fetches path and returns the status, headers and body.
func (fx *catalogFixture) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(fx.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func (fx *catalogFixture) mustGet(t *testing.T, path string, status int) string {
	t.Helper()
	code, h, body := fx.get(t, path)
	if code != status {
		t.Fatalf("GET %s: %d, want %d\n%s", path, code, status, body)
	}
	if strings.HasPrefix(h.Get("Content-Type"), "text/html") && (h.Get("Content-Security-Policy") == "" || strings.Contains(body, " style=")) {
		t.Fatalf("GET %s: no CSP or an inline style", path)
	}
	return body
}

// addItems publishes n more items of agency, one a day from 2023-01-01.
func (fx *catalogFixture) addItems(t *testing.T, agency string, n int) {
	t.Helper()
	ctx := gongkai.WithActor(context.Background(), "test")
	for i := range n {
		day := gongkai.NewDate(2023, 1, 1).AddDays(i)
		it := storetest.Item(fmt.Sprintf("X%03d", i), agency, gongkai.ItemPublished, day.String(),
			fmt.Sprintf("000000003/2023-%05d", i+100), fmt.Sprintf("第%d号教育通知", i), "<p>学前教育</p>")
		it.WrittenOn = day
		if err := fx.db.CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
}

const (
	draftTitle = "教育低保草稿"
	goneTitle  = "学前教育收费标准（已撤回）"
)

func TestCatalogBrowse(t *testing.T) {
	fx := newCatalogFixture(t)
	body := fx.mustGet(t, "/gongkai", http.StatusOK)
	for _, want := range []string{"关于做好2025年学前教育资助工作的通知", "城乡居民最低生活保障标准调整", "2025年部门预算公开",
		"共 3 条", "（十一）扶贫、教育、医疗、社会保障、促进就业（2）", "（七）财政预算、决算（1）", "示例县某某镇人民政府（1）", "2024年（1）",
		`href="/gongkai"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/gongkai lacks %q", want)
		}
	}
	if strings.Contains(body, draftTitle) || strings.Contains(body, goneTitle) {
		t.Error("/gongkai lists the draft or the withdrawn item")
	}
	// The newest first.
	if i, j := strings.Index(body, "学前教育资助"), strings.Index(body, "部门预算公开"); i < 0 || j < 0 || i > j {
		t.Error("not newest first")
	}
	for path, want := range map[string][]string{
		"/gongkai?item=7":                         {"2025年部门预算公开", "共 1 条"},
		"/gongkai?agency=town":                    {"城乡居民最低生活保障标准调整", "共 1 条"},
		"/gongkai?year=2024":                      {"城乡居民最低生活保障标准调整", "共 1 条"},
		"/gongkai?topic=" + url.QueryEscape("民政"): {"城乡居民最低生活保障标准调整", "共 1 条"},
		"/gongkai?item=11&year=2025":              {"学前教育资助", "共 1 条"},
		"/gongkai?item=1":                         {"共 0 条", "暂无符合条件的信息"},
	} {
		body := fx.mustGet(t, path, http.StatusOK)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
	}
	for _, path := range []string{"/gongkai?item=16", "/gongkai?year=x", "/gongkai?page=0"} {
		fx.mustGet(t, path, http.StatusBadRequest)
	}

	// 20 a page.
	fx.addItems(t, "town", 25)
	body = fx.mustGet(t, "/gongkai?agency=town", http.StatusOK)
	if !strings.Contains(body, "共 26 条") || !strings.Contains(body, "第1页，共2页") || strings.Count(body, "<tr><td>") != 20 ||
		!strings.Contains(body, `href="/gongkai?agency=town&amp;page=2"`) {
		t.Fatalf("first page of 26:\n%s", body)
	}
	body = fx.mustGet(t, "/gongkai?agency=town&page=2", http.StatusOK)
	if strings.Count(body, "<tr><td>") != 6 || !strings.Contains(body, "第0号教育通知") {
		t.Fatalf("second page of 26:\n%s", body)
	}
}

func TestCatalogItem(t *testing.T) {
	fx := newCatalogFixture(t)
	cat := fx.cat
	for _, key := range []string{cat.Edu, cat.EduIndexNo} {
		body := fx.mustGet(t, "/gongkai/items/"+key, http.StatusOK)
		for _, want := range []string{"<h1>关于做好2025年学前教育资助工作的通知</h1>", cat.EduIndexNo, "教育 / 学前教育", "示例县教育局",
			"2025年2月20日", "示教〔2025〕3号", "2025年3月1日", "<b>学前教育</b>", "资助名单见附件",
			"/gongkai/items/" + cat.Edu + "/files/" + cat.MaskedSHA, "去标识化"} {
			if !strings.Contains(body, want) {
				t.Errorf("item page %s lacks %q", key, want)
			}
		}
		for _, bad := range []string{"<script", "onclick", "有效性", cat.OriginalSHA, "旧正文"} {
			if strings.Contains(body, bad) {
				t.Errorf("item page %s contains %q", key, bad)
			}
		}
	}
	body := fx.mustGet(t, "/gongkai/items/"+cat.Dibao, http.StatusOK)
	for _, want := range []string{"有效性", "废止", "2024年7月1日起施行", "废止日期：2025年7月1日"} {
		if !strings.Contains(body, want) {
			t.Errorf("normative item lacks %q", want)
		}
	}
	body = fx.mustGet(t, "/gongkai/items/"+cat.Withdrawn, http.StatusOK)
	for _, want := range []string{"已撤回", "本信息已于2024年6月1日撤回", "因内容有误已撤回，更正后的信息另行发布。"} {
		if !strings.Contains(body, want) {
			t.Errorf("withdrawn item lacks %q", want)
		}
	}
	if strings.Contains(body, "撤回前的教育正文") || strings.Contains(body, cat.GoneSHA) {
		t.Error("withdrawn item shows its content")
	}
	fx.mustGet(t, "/gongkai/items/"+cat.Draft, http.StatusNotFound)
	fx.mustGet(t, "/gongkai/items/nope", http.StatusNotFound)

	// Downloads: the current file only, under its Chinese name.
	code, h, data := fx.get(t, "/gongkai/items/"+cat.Edu+"/files/"+cat.MaskedSHA)
	if code != http.StatusOK || data != "%PDF 资助对象名单 张** 350***" || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download: %d %q %v", code, data, h)
	}
	cd := h.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, "filename*=UTF-8''"+url.PathEscape("2025年学前教育资助对象名单（去标识化）.pdf")) {
		t.Errorf("Content-Disposition %q", cd)
	}
	for _, p := range [][2]string{{cat.Edu, cat.OriginalSHA}, {cat.Draft, cat.DraftSHA}, {cat.Withdrawn, cat.GoneSHA}, {cat.Budget, cat.MaskedSHA}} {
		if code, _, _ := fx.get(t, "/gongkai/items/"+p[0]+"/files/"+p[1]); code != http.StatusNotFound {
			t.Errorf("file %s of %s: %d, want 404", p[1][:8], p[0], code)
		}
	}
}

func TestCatalogSearch(t *testing.T) {
	fx := newCatalogFixture(t)
	body := fx.mustGet(t, "/search?q="+url.QueryEscape("教育"), http.StatusOK)
	if !strings.Contains(body, "共找到 1 条") || !strings.Contains(body, "<mark>教育</mark>") || !strings.Contains(body, "/gongkai/items/"+fx.cat.Edu) {
		t.Fatalf("search 教育:\n%s", body)
	}
	body = fx.mustGet(t, "/search?q="+url.QueryEscape("低保"), http.StatusOK)
	if !strings.Contains(body, "共找到 1 条") || !strings.Contains(body, "<mark>低保</mark>") || strings.Contains(body, draftTitle) {
		t.Fatalf("search 低保:\n%s", body)
	}
	body = fx.mustGet(t, "/search?q="+url.QueryEscape("低保")+"&agency=edu", http.StatusOK)
	if !strings.Contains(body, "共找到 0 条") || !strings.Contains(body, "没有找到符合条件的信息") {
		t.Fatalf("search 低保 in edu:\n%s", body)
	}
	body = fx.mustGet(t, "/search?q="+url.QueryEscape("教"), http.StatusBadRequest)
	if !strings.Contains(body, "检索词过短") {
		t.Fatalf("one-character query:\n%s", body)
	}
	fx.mustGet(t, "/search?q=x&year=abc", http.StatusBadRequest)
	// The pages reach the hits the total counts, and no further.
	last := gongkai.MaxSearchOffset / gongkai.PublicPageSize
	fx.mustGet(t, fmt.Sprintf("/search?q=%s&page=%d", url.QueryEscape("教育"), last), http.StatusOK)
	body = fx.mustGet(t, fmt.Sprintf("/search?q=%s&page=%d", url.QueryEscape("教育"), last+1), http.StatusBadRequest)
	if !strings.Contains(body, fmt.Sprintf("只能查看前%d条结果", gongkai.MaxSearchOffset)) {
		t.Fatalf("a page past the count:\n%s", body)
	}
	fx.mustGet(t, "/search?agency=nobody", http.StatusBadRequest)
	if body := fx.mustGet(t, "/search", http.StatusOK); !strings.Contains(body, "至少输入两个字") {
		t.Fatal("the empty search page lacks its hint")
	}
	fx.addItems(t, "town", 25)
	body = fx.mustGet(t, "/search?q="+url.QueryEscape("教育")+"&year=2023", http.StatusOK)
	if !strings.Contains(body, "共找到 25 条") || strings.Count(body, `<p class="snippet">`) != 20 || !strings.Contains(body, "page=2") ||
		!strings.Contains(body, `<ol class="hits" start="1">`) {
		t.Fatalf("first page of 25:\n%s", body)
	}
	// The second page's hits are numbered on from the first's: 21 to 25.
	body = fx.mustGet(t, "/search?q="+url.QueryEscape("教育")+"&year=2023&page=2", http.StatusOK)
	if strings.Count(body, `<p class="snippet">`) != 5 || !strings.Contains(body, `<ol class="hits" start="21">`) {
		t.Fatalf("second page of 25:\n%s", body)
	}
}

// Publishing (any store write) shows on the cached public pages at once.
func TestCatalogCacheSeesPublishing(t *testing.T) {
	fx := newCatalogFixture(t)
	for range 2 {
		if body := fx.mustGet(t, "/gongkai", http.StatusOK); strings.Contains(body, draftTitle) {
			t.Fatal("draft listed")
		}
		fx.mustGet(t, "/search?q="+url.QueryEscape("低保"), http.StatusOK)
		if body := fx.mustGet(t, "/api/v1/search?q="+url.QueryEscape("低保"), http.StatusOK); !strings.Contains(body, `"total":1`) {
			t.Fatalf("API search: %s", body)
		}
	}
	if fx.srv.cache.hits.Load() < 3 {
		t.Fatal("the catalog pages are not cached")
	}
	ctx := gongkai.WithActor(context.Background(), "test")
	it, err := fx.db.Item(ctx, fx.cat.Draft)
	if err != nil {
		t.Fatal(err)
	}
	it.Status, it.PublishedOn, it.IndexNo = gongkai.ItemPublished, gongkai.NewDate(2025, 6, 1), "000000002/2025-00003"
	if err := fx.db.UpdateItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	if body := fx.mustGet(t, "/gongkai", http.StatusOK); !strings.Contains(body, draftTitle) {
		t.Fatal("published item not listed after the write")
	}
	if body := fx.mustGet(t, "/search?q="+url.QueryEscape("低保"), http.StatusOK); !strings.Contains(body, "共找到 2 条") {
		t.Fatal("published item not found after the write")
	}
	if body := fx.mustGet(t, "/api/v1/search?q="+url.QueryEscape("低保"), http.StatusOK); !strings.Contains(body, `"total":2`) {
		t.Fatalf("the API does not find the published item after the write: %s", body)
	}
}

type testAtom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestCatalogFeed(t *testing.T) {
	fx := newCatalogFixture(t)
	code, h, body := fx.get(t, "/agencies/edu/feed.atom")
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %v", code, h)
	}
	var f testAtom
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	if !strings.HasPrefix(f.ID, "urn:uuid:") || f.Title == "" || len(f.Entries) != 2 {
		t.Fatalf("feed %+v", f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	e := f.Entries[0]
	if e.Title != "关于做好2025年学前教育资助工作的通知" || e.Link.Href != fx.ts.URL+"/gongkai/items/"+fx.cat.Edu ||
		!strings.HasPrefix(e.ID, "urn:uuid:") || e.Published != "2025-03-01T00:00:00+08:00" || e.ID == f.Entries[1].ID {
		t.Errorf("entry %+v", e)
	}
	if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
		t.Errorf("entry updated %q: %v", e.Updated, err)
	}
	if strings.Contains(body, draftTitle) || strings.Contains(body, goneTitle) {
		t.Error("the feed carries the draft or the withdrawn item")
	}
	fx.mustGet(t, "/agencies/nobody/feed.atom", http.StatusNotFound)
}

func TestCatalogSitemap(t *testing.T) {
	fx := newCatalogFixture(t)
	var idx struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(fx.mustGet(t, "/sitemap.xml", http.StatusOK)), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Sitemaps) != 2 {
		t.Fatalf("index %+v", idx)
	}
	var all []string
	for _, s := range idx.Sitemaps {
		path := strings.TrimPrefix(s.Loc, fx.ts.URL)
		var set struct {
			XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
			URLs    []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(fx.mustGet(t, path, http.StatusOK)), &set); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, u := range set.URLs {
			all = append(all, u.Loc)
		}
	}
	joined := strings.Join(all, "\n")
	for _, want := range []string{"/gongkai/items/" + fx.cat.Edu, "/gongkai/items/" + fx.cat.Dibao, "/agencies/edu/guide", "/agencies/town/reports/2025", fx.ts.URL + "/gongkai\n"} {
		if !strings.Contains(joined, want) {
			t.Errorf("sitemaps lack %s", want)
		}
	}
	for _, bad := range []string{fx.cat.Draft, fx.cat.Withdrawn} {
		if strings.Contains(joined, bad) {
			t.Errorf("sitemaps list %s", bad)
		}
	}
	for _, path := range []string{"/sitemaps/items-2.xml", "/sitemaps/agencies-2.xml", "/sitemaps/items-01.xml", "/sitemaps/x.xml"} {
		fx.mustGet(t, path, http.StatusNotFound)
	}
}

func TestContentDisposition(t *testing.T) {
	got := contentDisposition("名单 (1).pdf", "0123456789abcdef")
	want := `attachment; filename=file-0123456789ab.pdf; filename*=UTF-8''%E5%90%8D%E5%8D%95%20%281%29.pdf`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// More items than one sitemap file holds: the index lists a second items
// file; and more than the list pages reach: the list says so.
func TestCatalogSitemapChunks(t *testing.T) {
	fx := newCatalogFixture(t)
	var items []*gongkai.Item
	for i := range gongkai.MaxListOffset + 1 {
		day := gongkai.NewDate(2020, 1, 1).AddDays(i % 1500)
		it := storetest.Item(fmt.Sprintf("B%05d", i), "town", gongkai.ItemPublished, day.String(),
			fmt.Sprintf("000000003/%d-%05d", day.Year, i+1), "批量公开信息", "<p>正文</p>")
		it.WrittenOn = day
		items = append(items, it)
	}
	if err := fx.db.CreateItems(gongkai.WithActor(context.Background(), "test"), items); err != nil {
		t.Fatal(err)
	}
	idx := fx.mustGet(t, "/sitemap.xml", http.StatusOK)
	last := fmt.Sprintf("/sitemaps/items-%d.xml", (len(items)+3+sitemapItems-1)/sitemapItems)
	if !strings.Contains(idx, last) || strings.Contains(idx, fmt.Sprintf("/sitemaps/items-%d.xml", (len(items)+3+sitemapItems-1)/sitemapItems+1)) {
		t.Fatalf("sitemap index:\n%s", idx)
	}
	if n := strings.Count(fx.mustGet(t, last, http.StatusOK), "<url>"); n != (len(items)+3)%sitemapItems {
		t.Errorf("%s has %d URLs", last, n)
	}
	if n := strings.Count(fx.mustGet(t, "/sitemaps/items-1.xml", http.StatusOK), "<url>"); n != sitemapItems {
		t.Errorf("items-1.xml has %d URLs", n)
	}
	body := fx.mustGet(t, "/gongkai", http.StatusOK)
	if !strings.Contains(body, "列表只显示最新的10000条") || !strings.Contains(body, "共500页") {
		t.Errorf("the list does not say it is capped:\n%s", body)
	}
	fx.mustGet(t, "/gongkai?page=500", http.StatusOK)
	if body := fx.mustGet(t, "/gongkai?page=501", http.StatusBadRequest); !strings.Contains(body, "列表只显示最新的10000条") {
		t.Errorf("a page past the list does not say why:\n%s", body)
	}
}
