package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/api"
)

// The catalog in the console (目录管理): an agency's items in every status,
// the form that drafts or edits one, and the items not published within the
// 20 working days of 条例第二十六条. The item page, its actions and its files
// are in catalog_console_items.go, its privacy review in
// catalog_console_privacy.go.

// MaxAttachment is the largest body of an attachment upload
// (POST /console/items/{id}/files); other forms keep MaxBody.
const MaxAttachment = 20 << 20

// ConsoleItemsPerPage is how many items a page of the 目录管理 list shows.
const ConsoleItemsPerPage = 50

// isAttachmentUpload reports whether r is an attachment upload, which may
// carry up to MaxAttachment bytes.
func isAttachmentUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/console/items/") && strings.HasSuffix(r.URL.Path, "/files")
}

// ConsoleCatalogPage is the 目录管理 list of one agency's items.
type ConsoleCatalogPage struct {
	Base
	Agency   *gongkai.Agency
	Agencies []*gongkai.Agency // the picker: the agencies the user works for
	Status   string            // the status filter, "" for all
	Year     int               // the year filter (ItemYear), 0 for all
	Statuses []Option
	Years    []int
	Rows     []ConsoleItemRow
	// Pending are the items in the workflow (起草, 待审核, 审核通过, 变更),
	// shown above the list on its first page when no status is chosen.
	Pending    []ConsoleItemRow
	Page       int
	Prev, Next string // links to the neighbouring pages, "" at the ends
}

// ConsoleItemRow is one item of the list.
type ConsoleItemRow struct {
	ID, Title, DocNo, IndexNo string
	Status                    string // the Chinese label
	Attribute                 string // 主动公开, 依申请公开 or 不予公开
	WrittenOn, PublishedOn    gongkai.Date
}

// ItemForm is the content of the drafting form as the user typed it.
type ItemForm struct {
	Title, DocNo, Issuer, WrittenOn string
	Topic1, Topic2                  string
	Article20                       string // "" until chosen
	Attribute, Reason               string
	Normative                       bool
	Validity                        string
	EffectiveOn, ExpiresOn          string
	ExpiredOn, RepealedOn           string
	Body                            string
}

// ConsoleItemFormPage drafts a new item (Item nil) or edits one.
type ConsoleItemFormPage struct {
	Base
	Agency    *gongkai.Agency
	Item      *gongkai.Item
	Form      ItemForm
	Action    string // where the form posts
	Article20 []Option
	Error     string
}

// ConsoleOverduePage lists an agency's items not published in time.
type ConsoleOverduePage struct {
	Base
	Agency   *gongkai.Agency
	Agencies []*gongkai.Agency
	Rows     []ConsoleOverdueRow
}

// ConsoleOverdueRow is one overdue item.
type ConsoleOverdueRow struct {
	ID, Title, Status string
	DueOn             gongkai.Date
	DaysLate          int
	Explain           string
}

// itemStatusLabels are the Chinese names of the workflow's statuses.
var itemStatusLabels = map[gongkai.ItemStatus]string{
	gongkai.ItemDraft:     "起草中",
	gongkai.ItemSubmitted: "待审核",
	gongkai.ItemApproved:  "审核通过待发布",
	gongkai.ItemPublished: "已公开",
	gongkai.ItemWithdrawn: "已撤回",
	gongkai.ItemAmended:   "变更中",
}

func itemStatusLabel(s gongkai.ItemStatus) string { return label(itemStatusLabels, s) }

// zhNumeral writes 1–19 as 一 … 十九.
func zhNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 1 || n > 19:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	}
	return "十" + digits[n-10]
}

// article20Text returns （n）name of the item n of 条例第二十条, "" for none.
func article20Text(n int) string {
	if n < 1 || n >= len(gongkai.Article20Items) {
		return ""
	}
	return "（" + zhNumeral(n) + "）" + gongkai.Article20Items[n]
}

// article20Options lists the 15 items of 条例第二十条 for the select.
func article20Options() []Option {
	out := []Option{{"", "（请选择）"}, {"0", "无（仅依申请公开、不予公开的事项可选）"}}
	for n := 1; n < len(gongkai.Article20Items); n++ {
		out = append(out, Option{strconv.Itoa(n), article20Text(n)})
	}
	return out
}

// catalogFlashes are the confirmations of the catalog pages.
var catalogFlashes = []string{"已创建", "已上传附件", "已删除附件", "已送审", "已退回", "审核通过", "已变更", "已撤回", "已处理个人信息"}

func init() {
	for _, f := range catalogFlashes {
		flashes[f] = true
	}
	ag := sampleAgency()
	register("console_catalog", &ConsoleCatalogPage{Agency: ag, Agencies: []*gongkai.Agency{ag}, Status: "draft", Year: 2026,
		Statuses: itemStatusOptions(), Years: []int{2026}, Page: 2, Prev: "/p1", Next: "/p3",
		Rows:    []ConsoleItemRow{{ID: "it-1", Title: "通知", DocNo: "安教〔2026〕1号", IndexNo: "x/2026-00001", Status: "已公开", Attribute: "主动公开"}},
		Pending: []ConsoleItemRow{{ID: "it-2", Title: "草稿", Status: "起草中", Attribute: "主动公开"}}})
	register("console_item_form", &ConsoleItemFormPage{Agency: ag, Item: &gongkai.Item{ID: "it-1", Version: 2},
		Form:   ItemForm{Title: "通知", Article20: "11", Attribute: "on_request", Reason: "条例第十五条", Normative: true, Validity: "valid"},
		Action: "/x", Article20: article20Options(), Error: "错误"})
	register("console_catalog_overdue", &ConsoleOverduePage{Agency: ag, Agencies: []*gongkai.Agency{ag},
		Rows: []ConsoleOverdueRow{{ID: "it-1", Title: "通知", Status: "起草中", DaysLate: 3, Explain: "说明"}}})
}

func itemStatusOptions() []Option {
	var out []Option
	for _, s := range []gongkai.ItemStatus{gongkai.ItemDraft, gongkai.ItemSubmitted, gongkai.ItemApproved, gongkai.ItemPublished, gongkai.ItemAmended, gongkai.ItemWithdrawn} {
		out = append(out, Option{string(s), itemStatusLabel(s)})
	}
	return out
}

func (s *Server) registerCatalogConsoleRoutes() {
	s.handle("GET /console/catalog", s.handleConsoleCatalogPick)
	s.handle("GET /console/catalog/{agency}", s.handleConsoleCatalog)
	s.handle("GET /console/catalog/{agency}/new", s.handleItemNew)
	s.handle("POST /console/catalog/{agency}/items", s.handleItemCreate)
	s.handle("GET /console/catalog/{agency}/overdue", s.handleItemsOverdue)
	s.registerConsoleItemRoutes()
	s.registerReviewQueueRoutes()
}

// catalogAgencies returns the agencies whose items u works on: every
// agency for a reviewer, the covered ones for others.
func (s *Server) catalogAgencies(r *http.Request, u *gongkai.User) ([]*gongkai.Agency, error) {
	if gongkai.CanReview(u) {
		return s.svc.Agencies(r.Context())
	}
	return s.coveredAgencies(r, u)
}

// handleConsoleCatalogPick handles the "GET /console/catalog" route: the
// list of the first agency the user works for.
func (s *Server) handleConsoleCatalogPick(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	ags, err := s.catalogAgencies(r, u)
	if err != nil {
		return err
	}
	if len(ags) == 0 {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "无权管理公开目录")
	}
	id := ags[0].ID
	if u.AgencyID != "" {
		id = u.AgencyID
	}
	return seeOther(w, r, "/console/catalog/"+id)
}

// catalogAgency authorizes u for the agency of the path (the service's
// rule, through CatalogItems with an empty result) and loads it.
func (s *Server) catalogAgency(r *http.Request, u *gongkai.User) (*gongkai.Agency, error) {
	id := r.PathValue("agency")
	if _, err := s.svc.CatalogItems(r.Context(), u, id, gongkai.ItemFilter{Limit: 1}); err != nil {
		return nil, err
	}
	return s.store.Agency(r.Context(), id)
}

// handleConsoleCatalog handles the
// "GET /console/catalog/{agency}?status=&year=&page=" route.
func (s *Server) handleConsoleCatalog(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("agency")
	q := r.URL.Query()
	p := &ConsoleCatalogPage{Base: Base{Title: "目录管理"}, Statuses: itemStatusOptions(), Page: 1}
	if st := q.Get("status"); itemStatusLabels[gongkai.ItemStatus(st)] != "" {
		p.Status = st
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 1990 && y <= s.today().Year+1 {
		p.Year = y
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 100000 {
		p.Page = n
	}
	items, err := s.svc.CatalogItems(r.Context(), u, id, gongkai.ItemFilter{Status: gongkai.ItemStatus(p.Status), Year: p.Year,
		Offset: (p.Page - 1) * ConsoleItemsPerPage, Limit: ConsoleItemsPerPage + 1})
	if err != nil {
		return err
	}
	if p.Agency, err = s.store.Agency(r.Context(), id); err != nil {
		return err
	}
	if p.Agencies, err = s.catalogAgencies(r, u); err != nil {
		return err
	}
	for y := s.today().Year; y >= s.today().Year-6; y-- {
		p.Years = append(p.Years, y)
	}
	link := func(page int) string {
		v := "/console/catalog/" + id + "?page=" + strconv.Itoa(page)
		if p.Status != "" {
			v += "&status=" + p.Status
		}
		if p.Year != 0 {
			v += "&year=" + strconv.Itoa(p.Year)
		}
		return v
	}
	if len(items) > ConsoleItemsPerPage {
		items, p.Next = items[:ConsoleItemsPerPage], link(p.Page+1)
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	for _, it := range items {
		p.Rows = append(p.Rows, itemRow(it))
	}
	if p.Status == "" && p.Page == 1 {
		// The store lists by id; the work in progress comes first here.
		for _, st := range []gongkai.ItemStatus{gongkai.ItemSubmitted, gongkai.ItemApproved, gongkai.ItemAmended, gongkai.ItemDraft} {
			pending, err := s.svc.CatalogItems(r.Context(), u, id, gongkai.ItemFilter{Status: st, Year: p.Year, Limit: ConsoleItemsPerPage})
			if err != nil {
				return err
			}
			for _, it := range pending {
				p.Pending = append(p.Pending, itemRow(it))
			}
		}
	}
	s.render(w, r, http.StatusOK, "console_catalog", p)
	return nil
}

func itemRow(it *gongkai.Item) ConsoleItemRow {
	return ConsoleItemRow{ID: it.ID, Title: it.Title, DocNo: it.DocNo, IndexNo: it.IndexNo,
		Status: itemStatusLabel(it.Status), Attribute: it.Attribute.Chinese(), WrittenOn: it.WrittenOn, PublishedOn: it.PublishedOn}
}

// handleItemNew handles the "GET /console/catalog/{agency}/new" route.
func (s *Server) handleItemNew(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	ag, err := s.catalogAgency(r, u)
	if err != nil {
		return err
	}
	p := newItemPage(ag, ItemForm{Issuer: ag.Name, WrittenOn: s.today().String(), Attribute: string(gongkai.AttrProactive)})
	s.render(w, r, http.StatusOK, "console_item_form", p)
	return nil
}

// newItemPage is the form drafting a new item of ag, filled with f.
func newItemPage(ag *gongkai.Agency, f ItemForm) *ConsoleItemFormPage {
	return &ConsoleItemFormPage{Base: Base{Title: "新建公开事项"}, Agency: ag, Action: "/console/catalog/" + ag.ID + "/items",
		Article20: article20Options(), Form: f}
}

// parseItemForm reads the drafting form. It returns what was typed (to
// show again) and the edit, or EINVALID for a date or number that does not
// parse; the rules of the content are the service's.
func parseItemForm(r *http.Request) (ItemForm, gongkai.ItemEdit, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := ItemForm{Title: v("title"), DocNo: v("doc_no"), Issuer: v("issuer"), WrittenOn: v("written_on"),
		Topic1: v("topic1"), Topic2: v("topic2"), Attribute: v("attribute"), Reason: v("attribute_reason"),
		Normative: v("normative") == "yes", Validity: v("validity"), EffectiveOn: v("effective_on"), ExpiresOn: v("expires_on"),
		ExpiredOn: v("expired_on"), RepealedOn: v("repealed_on"), Body: r.PostFormValue("body")}
	var errs []string
	f.Article20 = v("article20")
	n, err := strconv.Atoi(f.Article20)
	if err != nil || n < 0 || n > 15 {
		errs = append(errs, "请选择属于条例第二十条的哪一项")
	}
	date := func(text, what string, required bool) gongkai.Date {
		if text == "" {
			if required {
				errs = append(errs, "请填写"+what)
			}
			return gongkai.Date{}
		}
		d, err := gongkai.ParseDate(text)
		if err != nil {
			errs = append(errs, what+"不正确")
		}
		return d
	}
	e := gongkai.ItemEdit{Title: f.Title, DocNo: f.DocNo, Issuer: f.Issuer, WrittenOn: date(f.WrittenOn, "成文日期", true),
		Topic: [2]string{f.Topic1, f.Topic2}, Article20Item: n, Attribute: gongkai.Attribute(f.Attribute),
		AttributeReason: f.Reason, Body: f.Body}
	if f.Normative {
		e.Normative = &gongkai.NormativeDoc{Validity: gongkai.Validity(f.Validity), EffectiveOn: date(f.EffectiveOn, "实施日期", false),
			ExpiresOn: date(f.ExpiresOn, "有效期至", false), ExpiredOn: date(f.ExpiredOn, "失效日期", false), RepealedOn: date(f.RepealedOn, "废止日期", false)}
	}
	if len(errs) > 0 {
		return f, e, gongkai.Errorf(gongkai.EINVALID, "%s", strings.Join(errs, "；"))
	}
	return f, e, nil
}

// formOf returns the drafting form of a stored item.
func formOf(it *gongkai.Item) ItemForm {
	f := ItemForm{Title: it.Title, DocNo: it.DocNo, Issuer: it.Issuer, Topic1: it.Topic[0], Topic2: it.Topic[1],
		Article20: strconv.Itoa(it.Article20Item), Attribute: string(it.Attribute), Reason: it.AttributeReason, Body: it.Body,
		WrittenOn: it.WrittenOn.String()} // Date.String is "" for the zero date
	if n := it.Normative; n != nil {
		f.Normative, f.Validity = true, string(n.Validity)
		f.EffectiveOn, f.ExpiresOn, f.ExpiredOn, f.RepealedOn = n.EffectiveOn.String(), n.ExpiresOn.String(), n.ExpiredOn.String(), n.RepealedOn.String()
	}
	return f
}

// itemErrorMessage is what a page shows for a refused step: the service's
// message with the rule of the 条例 it cites, or a request to reload after
// a concurrent change.
func itemErrorMessage(err error) string {
	var e *gongkai.Error
	if errors.As(err, &e) && e.Code == gongkai.ECONFLICT {
		return "该事项已被他人更新，请刷新页面查看最新内容后重新操作。"
	}
	if errors.As(err, &e) && e.Rule != "" {
		return e.Message + "（" + e.Rule + "）"
	}
	return gongkai.ErrorMessage(err)
}

// userFacing reports whether err is one a form shows in place (a rule the
// content breaks, or a concurrent change) rather than an error page.
func userFacing(err error) bool {
	c := gongkai.ErrorCode(err)
	return c == gongkai.EINVALID || c == gongkai.ECONFLICT
}

// handleItemCreate handles the "POST /console/catalog/{agency}/items"
// route: Service.CreateItem stores a draft by the user; a refused draft
// shows the form again with the message.
func (s *Server) handleItemCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	ag, err := s.catalogAgency(r, u)
	if err != nil {
		return err
	}
	f, e, err := parseItemForm(r)
	if err == nil {
		it := &gongkai.Item{Agency: ag.ID, Title: e.Title, DocNo: e.DocNo, Issuer: e.Issuer, WrittenOn: e.WrittenOn, Topic: e.Topic,
			Article20Item: e.Article20Item, Attribute: e.Attribute, AttributeReason: e.AttributeReason, Normative: e.Normative, Body: e.Body}
		if err = s.svc.CreateItem(r.Context(), u, it); err == nil {
			return seeOther(w, r, "/console/items/"+it.ID+"?ok="+urlQuery("已创建"))
		}
	}
	if !userFacing(err) {
		return err
	}
	p := newItemPage(ag, f)
	p.Error = itemErrorMessage(err)
	s.render(w, r, status(err), "console_item_form", p)
	return nil
}

// handleItemsOverdue handles the "GET /console/catalog/{agency}/overdue"
// route: Service.OverdueItems, the proactive items not published within
// 20 working days of their 成文 or 变更 date (条例第二十六条).
func (s *Server) handleItemsOverdue(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("agency")
	late, err := s.svc.OverdueItems(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := &ConsoleOverduePage{Base: Base{Title: "逾期未公开"}}
	if p.Agency, err = s.store.Agency(r.Context(), id); err != nil {
		return err
	}
	if p.Agencies, err = s.catalogAgencies(r, u); err != nil {
		return err
	}
	for _, o := range late {
		p.Rows = append(p.Rows, ConsoleOverdueRow{ID: o.Item.ID, Title: o.Item.Title, Status: itemStatusLabel(o.Item.Status),
			DueOn: o.Due.Date, DaysLate: o.DaysLate, Explain: o.Due.Explain()})
	}
	s.render(w, r, http.StatusOK, "console_catalog_overdue", p)
	return nil
}
