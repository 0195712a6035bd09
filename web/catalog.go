package web

import (
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/api"
)

// The public catalog (政府信息公开目录): 法定主动公开内容 browsed by the items
// of 条例第二十条, topic, agency and year; the page of one item; its
// attachments; and the search. The rules of what is public are in
// gongkai.Service (service_catalog_public.go); this file only shows.

// CatalogPage is /gongkai: the published items a filter selects, newest
// first, with the counts of each facet.
type CatalogPage struct {
	Base
	Filter   CatalogFilter
	Total    int
	Items    []CatalogRow
	Article  []FacetLink // (一)–(十五) of 条例第二十条
	Topics   []FacetLink
	Agencies []FacetLink
	Years    []FacetLink
	Pager    Pager
	Heading  string // what the filter selects, e.g. 财政预算、决算 · 2025年
	Capped   bool   // more items than the pages reach
	Shown    int    // how many the pages reach (gongkai.MaxListOffset)
}

// CatalogFilter is the browse page's query: ?item=&topic=&agency=&year=&page=.
type CatalogFilter struct {
	Article20 int
	Topic     string
	Agency    string
	Year      int
	Page      int
}

// query returns the filter as a query string, with one field changed by
// set (nil: none), page reset to 1.
func (f CatalogFilter) query(set func(*CatalogFilter)) string {
	if set != nil {
		set(&f)
		f.Page = 1
	}
	v := url.Values{}
	if f.Article20 != 0 {
		v.Set("item", strconv.Itoa(f.Article20))
	}
	if f.Topic != "" {
		v.Set("topic", f.Topic)
	}
	if f.Agency != "" {
		v.Set("agency", f.Agency)
	}
	if f.Year != 0 {
		v.Set("year", strconv.Itoa(f.Year))
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	if len(v) == 0 {
		return "/gongkai"
	}
	return "/gongkai?" + v.Encode()
}

// CatalogRow is one item of a list.
type CatalogRow struct {
	ID, IndexNo, Title, DocNo, AgencyName string
	PublishedOn                           gongkai.Date
}

// FacetLink is one value of a facet with its count and the link that
// selects it (or, when Selected, the link that clears it).
type FacetLink struct {
	Label    string
	Count    int
	Href     string
	Selected bool
}

// Pager is the pagination of a list.
type Pager struct {
	Page, Last int
	Prev, Next string // links, "" at the ends
}

// ItemPage is /gongkai/items/{key}: one item with the metadata block of
// government sites.
type ItemPage struct {
	Base
	Item       *gongkai.Item
	AgencyName string
	Topic      string
	Article20  string // e.g. （十一）扶贫、教育、医疗、社会保障、促进就业
	Validity   string // 有效、失效 or 废止, only for a 规范性文件
	Body       template.HTML
	Files      []FileLink
	Withdrawn  bool
	Amending   bool
}

// FileLink is an attachment with its download link.
type FileLink struct {
	Name, Href, Size string
}

func init() {
	it := sampleItem()
	register("catalog", &CatalogPage{Total: 1, Items: []CatalogRow{{ID: it.ID, IndexNo: it.IndexNo, Title: it.Title, DocNo: it.DocNo,
		AgencyName: "安溪县教育局", PublishedOn: it.PublishedOn}},
		Article: []FacetLink{{Label: article20Text(11), Count: 1, Href: "/gongkai?item=11"}}, Topics: []FacetLink{{Label: "教育", Count: 1, Href: "/gongkai?topic=教育", Selected: true}},
		Agencies: []FacetLink{{Label: "安溪县教育局", Count: 1, Href: "/gongkai?agency=anxi-jyj"}}, Years: []FacetLink{{Label: "2025年", Count: 1, Href: "/gongkai?year=2025"}},
		Pager: Pager{Page: 1, Last: 2, Next: "/gongkai?page=2"}, Heading: "教育"})
	register("item", &ItemPage{Item: it, AgencyName: "安溪县教育局", Topic: "教育 / 学前教育", Article20: article20Text(11), Validity: "有效",
		Body: "<p>正文</p>", Files: []FileLink{{Name: "附件.pdf", Href: "/gongkai/items/x/files/y", Size: "1 KB"}}})
	register("search", &SearchPage{Q: "教育", Searched: true, Total: gongkai.MaxSearchTotal, TotalMore: true, First: 1, Hits: []SearchRow{{Href: "/gongkai/items/x", Title: it.Title, IndexNo: it.IndexNo,
		AgencyName: "安溪县教育局", PublishedOn: it.PublishedOn, Snippet: "<mark>教育</mark>"}},
		Agencies: []AgencyOption{{ID: "anxi", Name: "安溪县人民政府", Selected: true}}, Years: []int{2025}, Pager: Pager{Page: 1, Last: 1}})
}

func sampleItem() *gongkai.Item {
	return &gongkai.Item{ID: "x", IndexNo: "000000002/2025-00001", Agency: "anxi-jyj", Title: "关于做好学前教育资助工作的通知",
		DocNo: "安教〔2025〕3号", WrittenOn: gongkai.NewDate(2025, 2, 20), PublishedOn: gongkai.NewDate(2025, 3, 1), Issuer: "安溪县教育局",
		Topic: [2]string{"教育", "学前教育"}, Article20Item: 11, Status: gongkai.ItemPublished,
		Normative:      &gongkai.NormativeDoc{Validity: gongkai.NormativeRepealed, EffectiveOn: gongkai.NewDate(2025, 3, 1), RepealedOn: gongkai.NewDate(2026, 1, 1)},
		WithdrawalNote: "说明", WithdrawnOn: gongkai.NewDate(2026, 1, 1)}
}

func (s *Server) registerCatalogRoutes() {
	s.handle("GET /gongkai", s.handleCatalog)
	s.handle("GET /gongkai/items/{key...}", s.handleItem)
	s.handle("GET /gongkai/items/{id}/files/{sha}", s.handleItemFile)
	s.handle("GET /search", s.handleSearch)
	s.handle("GET /agencies/{id}/feed.atom", s.handleFeed)
	s.handle("GET /sitemap.xml", s.handleSitemapIndex)
	s.handle("GET /sitemaps/{name}", s.handleSitemap)
}

// catalogPath reports whether p is a public catalog page the page cache may
// keep (web/cache.go): the browse page, an item page and the search, and
// the JSON API's search and item reads. The feed and the sitemaps carry
// absolute URLs built from the request's Host and are therefore never
// cached; attachments are not cached either.
func catalogPath(p string) bool {
	if p == "/gongkai" || p == "/search" || p == api.Prefix+"/search" {
		return true
	}
	if id, ok := strings.CutPrefix(p, api.Prefix+"/items/"); ok {
		return id != "" && !strings.Contains(id, "/")
	}
	rest, ok := strings.CutPrefix(p, "/gongkai/items/")
	return ok && rest != "" && !strings.Contains(rest, "/files/")
}

// intParam parses a positive integer query parameter; "" is 0.
func intParam(v url.Values, name string, max int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, gongkai.Errorf(gongkai.EINVALID, "参数 %s 的值 %q 无效", name, s)
	}
	return n, nil
}

// pageParam returns the "page" parameter of v like intParam, with last
// the last page served; a page past it is EINVALID with the message past,
// which says how to narrow the list instead.
func pageParam(v url.Values, last int, past string) (int, error) {
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > last {
		return 0, gongkai.Errorf(gongkai.EINVALID, "%s", past)
	}
	return intParam(v, "page", last)
}

// pager returns the pager of page (1-based) over total rows, size a page;
// link gives the URL of a page.
func pager(page, total, size int, link func(int) string) Pager {
	last := (total + size - 1) / size
	if last < 1 {
		last = 1
	}
	p := Pager{Page: page, Last: last}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < last {
		p.Next = link(page + 1)
	}
	return p
}

// maxFacetAgencies is how many agencies the browse page lists (the most
// items first): a province has thousands.
const maxFacetAgencies = 30

// handleCatalog handles the "GET /gongkai" route: the published items
// (条例第二十条) by item, topic, agency and year, 20 a page, newest first.
func (s *Server) handleCatalog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var f CatalogFilter
	var err error
	if f.Article20, err = intParam(q, "item", 15); err != nil {
		return err
	}
	if f.Year, err = intParam(q, "year", 2200); err != nil {
		return err
	}
	if f.Page, err = pageParam(q, gongkai.MaxListOffset/gongkai.PublicPageSize,
		fmt.Sprintf("列表只显示最新的%d条，更早的信息请按机关、年份、事项筛选或检索", gongkai.MaxListOffset)); err != nil {
		return err
	}
	f.Page = max(f.Page, 1)
	f.Topic, f.Agency = q.Get("topic"), q.Get("agency")
	filter := gongkai.ItemFilter{Article20Item: f.Article20, Topic: f.Topic, Agency: f.Agency, Year: f.Year,
		Limit: gongkai.PublicPageSize, Offset: (f.Page - 1) * gongkai.PublicPageSize}
	total, items, err := s.svc.PublicItemList(r.Context(), filter)
	if err != nil {
		return err
	}
	counts, err := s.svc.PublicItemCounts(r.Context(), filter)
	if err != nil {
		return err
	}
	p := &CatalogPage{Base: Base{Title: "法定主动公开内容"}, Filter: f, Total: total}
	for _, it := range items {
		p.Items = append(p.Items, CatalogRow{ID: it.ID, IndexNo: it.IndexNo, Title: it.Title, DocNo: it.DocNo,
			AgencyName: s.agencyName(r, it.Agency), PublishedOn: it.PublishedOn})
	}
	var heading []string
	for n := 1; n <= 15; n++ {
		sel := f.Article20 == n
		link := FacetLink{Label: article20Text(n), Count: counts.Article20[n], Selected: sel,
			Href: f.query(func(g *CatalogFilter) { g.Article20 = n })}
		if sel {
			link.Href = f.query(func(g *CatalogFilter) { g.Article20 = 0 })
			heading = append(heading, link.Label)
		}
		p.Article = append(p.Article, link)
	}
	for _, t := range sortedKeys(counts.Topics) {
		sel := f.Topic == t
		link := FacetLink{Label: t, Count: counts.Topics[t], Selected: sel, Href: f.query(func(g *CatalogFilter) { g.Topic = t })}
		if sel {
			link.Href = f.query(func(g *CatalogFilter) { g.Topic = "" })
		}
		p.Topics = append(p.Topics, link)
	}
	if f.Topic != "" {
		heading = append(heading, f.Topic)
	}
	ags := sortedKeys(counts.Agencies)
	sort.SliceStable(ags, func(i, j int) bool { return counts.Agencies[ags[i]] > counts.Agencies[ags[j]] })
	if len(ags) > maxFacetAgencies {
		ags = ags[:maxFacetAgencies]
	}
	for _, id := range ags {
		sel := f.Agency == id
		link := FacetLink{Label: s.agencyName(r, id), Count: counts.Agencies[id], Selected: sel,
			Href: f.query(func(g *CatalogFilter) { g.Agency = id })}
		if sel {
			link.Href = f.query(func(g *CatalogFilter) { g.Agency = "" })
		}
		p.Agencies = append(p.Agencies, link)
	}
	if f.Agency != "" {
		heading = append(heading, s.agencyName(r, f.Agency))
	}
	var years []int
	for y := range counts.Years {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	for _, y := range years {
		sel := f.Year == y
		link := FacetLink{Label: strconv.Itoa(y) + "年", Count: counts.Years[y], Selected: sel, Href: f.query(func(g *CatalogFilter) { g.Year = y })}
		if sel {
			link.Href = f.query(func(g *CatalogFilter) { g.Year = 0 })
		}
		p.Years = append(p.Years, link)
	}
	if f.Year != 0 {
		heading = append(heading, strconv.Itoa(f.Year)+"年")
	}
	p.Heading = strings.Join(heading, " · ")
	// Deep pages are not served (gongkai.MaxListOffset): the filters
	// narrow a list faster than paging through it.
	p.Capped, p.Shown = total > gongkai.MaxListOffset, gongkai.MaxListOffset
	p.Pager = pager(f.Page, min(total, gongkai.MaxListOffset), gongkai.PublicPageSize, func(n int) string {
		g := f
		g.Page = n
		return g.query(nil)
	})
	s.render(w, r, http.StatusOK, "catalog", p)
	return nil
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// itemURL is the public address of an item.
func itemURL(id string) string { return "/gongkai/items/" + url.PathEscape(id) }

// handleItem handles the "GET /gongkai/items/{key...}" route: an item by its
// ID or its 索引号 (which contains a "/"), with the metadata block (索引号,
// 主题分类, 发文机关, 成文日期, 文号, 发布日期, 有效性 of a 规范性文件), the
// body and the attachments; a withdrawn item shows 已撤回 with the date and
// the note instead.
func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) error {
	it, err := s.svc.PublicItem(r.Context(), r.PathValue("key"))
	if err != nil {
		return err
	}
	p := &ItemPage{Base: Base{Title: it.Title}, Item: it, AgencyName: s.agencyName(r, it.Agency),
		Article20: article20Text(it.Article20Item), Withdrawn: it.Status == gongkai.ItemWithdrawn, Amending: it.Status == gongkai.ItemAmended}
	p.Topic = it.Topic[0]
	if it.Topic[1] != "" {
		p.Topic += " / " + it.Topic[1]
	}
	if n := it.Normative; n != nil {
		p.Validity = n.Validity.Chinese()
	}
	// PublicItem returns the body sanitized; sanitizing again (a fixed point)
	// keeps this page safe whatever the service's callers did to the copy.
	p.Body = template.HTML(gongkai.SanitizeHTML(it.Body))
	for _, a := range it.Attachments {
		p.Files = append(p.Files, FileLink{Name: a.Name, Href: itemURL(it.ID) + "/files/" + a.SHA256, Size: fileSize(a.Size)})
	}
	s.render(w, r, http.StatusOK, "item", p)
	return nil
}

// fileSize formats a size in bytes as KB or MB.
func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+1023)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// handleItemFile handles the "GET /gongkai/items/{id}/files/{sha}" route:
// an attachment of the current version of a published item, as a download
// under its Chinese name (RFC 6266 with the RFC 5987 filename*).
func (s *Server) handleItemFile(w http.ResponseWriter, r *http.Request) error {
	a, f, err := s.svc.PublicItemFile(r.Context(), r.PathValue("id"), r.PathValue("sha"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.MediaType)
	h.Set("Content-Disposition", contentDisposition(a.Name, a.SHA256))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	// Short: a withdrawal must take the file down soon.
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(f.Data)
	}
	return nil
}

// contentDisposition returns an attachment disposition naming the file:
// an ASCII fallback (the digest's start and the extension) for old
// clients, and filename* with the UTF-8 name percent-encoded (RFC 5987,
// by report.go's pathEscape).
func contentDisposition(name, sha string) string {
	ext := path.Ext(name)
	if strings.Trim(ext, ".abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" || len(ext) > 8 {
		ext = ""
	}
	fallback := "file-" + sha[:min(12, len(sha))] + ext
	v := mime.FormatMediaType("attachment", map[string]string{"filename": fallback})
	return v + "; filename*=UTF-8''" + pathEscape(name)
}
