package web

import (
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/api"
)

// ConsoleItemPage is one item in the console: its facts and content, the
// publication clock, the review, the history and the steps the user may
// take now.
type ConsoleItemPage struct {
	Base
	Item        *gongkai.Item
	AgencyName  string
	Status      string
	Attribute   string
	Article20   string
	Topic       string
	Validity    string
	Body        template.HTML
	Files       []ConsoleFile
	Due         *gongkai.Due // the clock of 条例第二十六条, proactive items only
	Late        bool         // not published and past the due date
	OnTime      string       // for a published item: 按期公开 or 逾期公开
	DraftedBy   string
	Reviewer    string
	Versions    []gongkai.ItemVersion
	Trail       []ConsoleTrailEntry
	Can         ItemActions
	Error       string
	PrivacyLink bool // the error is a refusal for personal data: link the review
}

// ItemActions are the steps offered to the user in the item's status. The
// service checks each again.
type ItemActions struct {
	Edit, Submit, Return, Approve, Publish, Amend, Withdraw, Privacy bool
}

// ConsoleFile is an attachment with its console download link.
type ConsoleFile struct {
	Name, SHA256, MediaType, Href string
	Size                          int64
}

// ConsoleTrailEntry is one write of the item from the audit log.
type ConsoleTrailEntry struct {
	At, Actor, Action, Status string
	Version                   int
}

func init() {
	it := &gongkai.Item{ID: "it-1", Title: "通知", Status: gongkai.ItemApproved, Version: 3,
		Versions: []gongkai.ItemVersion{{No: 1, Title: "旧", Note: "更正"}}, Review: gongkai.Review{Reviewer: "u", SecrecyReviewed: true, Note: "同意"}}
	register("console_item", &ConsoleItemPage{Item: it, Status: "审核通过待发布", Attribute: "主动公开", Body: "<p>正文</p>",
		Files: []ConsoleFile{{Name: "a.docx", SHA256: "ab", Href: "/f", Size: 10}}, Due: &gongkai.Due{Trace: []string{"x"}}, Late: true,
		OnTime: "按期公开", Versions: it.Versions, Trail: []ConsoleTrailEntry{{At: "2026-01-01 10:00", Actor: "张", Action: "create", Status: "起草中", Version: 1}},
		Can: ItemActions{true, true, true, true, true, true, true, true}, Error: "错误", PrivacyLink: true})
}

func (s *Server) registerConsoleItemRoutes() {
	s.handle("GET /console/items/{id}", s.handleConsoleItem)
	s.handle("GET /console/items/{id}/edit", s.handleItemEditForm)
	s.handle("POST /console/items/{id}/edit", s.handleItemEdit)
	s.handle("POST /console/items/{id}/files", s.handleItemUpload)
	s.handle("GET /console/items/{id}/files/{sha}", s.handleConsoleItemFile)
	s.handle("POST /console/items/{id}/files/{sha}/remove", s.handleItemFileRemove)
	s.handle("GET /console/items/{id}/privacy", s.handleItemPrivacy)
	s.handle("POST /console/items/{id}/privacy", s.handleItemPrivacyResolve)
	s.handle("POST /console/items/{id}/{op}", s.handleItemOp)
}

// userName names a user by id for the page ("" stays "").
func (s *Server) userName(r *http.Request, names map[string]string, id string) string {
	id = strings.TrimPrefix(id, "user:")
	if id == "" {
		return ""
	}
	if n, ok := names[id]; ok {
		return n
	}
	n := id
	if u, err := s.store.User(r.Context(), id); err == nil {
		n = u.Name
	}
	names[id] = n
	return n
}

// itemPage loads an item for u (authorization in Service.CatalogItem).
func (s *Server) itemPage(r *http.Request, u *gongkai.User, id string) (*ConsoleItemPage, error) {
	it, err := s.svc.CatalogItem(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	p := &ConsoleItemPage{Base: Base{Title: it.Title}, Item: it, Status: itemStatusLabel(it.Status), Attribute: it.Attribute.Chinese(),
		Article20: article20Text(it.Article20Item), Topic: strings.Trim(it.Topic[0]+" / "+it.Topic[1], " /"),
		Body: template.HTML(gongkai.SanitizeHTML(it.Body)), Versions: it.Versions,
		DraftedBy: s.userName(r, names, it.DraftedBy), Reviewer: s.userName(r, names, it.Review.Reviewer)}
	if a, err := s.store.Agency(r.Context(), it.Agency); err == nil {
		p.AgencyName = a.Name
	}
	if n := it.Normative; n != nil {
		p.Validity = n.Validity.Chinese()
	}
	for _, a := range it.Attachments {
		p.Files = append(p.Files, ConsoleFile{Name: a.Name, SHA256: a.SHA256, MediaType: a.MediaType, Size: a.Size,
			Href: "/console/items/" + it.ID + "/files/" + a.SHA256})
	}
	if it.Attribute == gongkai.AttrProactive {
		if d, err := s.svc.PublicationDue(it); err == nil {
			p.Due = &d
			switch {
			case it.Status == gongkai.ItemPublished:
				p.OnTime = "按期公开"
				if it.PublishedOn.After(d.Date) {
					p.OnTime = "逾期公开"
				}
			case it.Status != gongkai.ItemWithdrawn && s.today().After(d.Date):
				p.Late = true
			}
		}
	}
	p.Can = itemActions(u, it)
	entries, err := s.store.AuditEntries(r.Context(), gongkai.AuditFilter{Entity: gongkai.EntityItem, EntityID: it.ID, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		// Only the status and the version of the record: its content may
		// hold personal data not yet masked.
		var after struct {
			Status  gongkai.ItemStatus
			Version int
		}
		json.Unmarshal(e.After, &after)
		p.Trail = append(p.Trail, ConsoleTrailEntry{At: e.At.In(cst).Format("2006-01-02 15:04"), Actor: s.userName(r, names, e.Actor),
			Action: trailActions[e.Action], Status: itemStatusLabel(after.Status), Version: after.Version})
	}
	return p, nil
}

// trailActions names the audit actions of an item (the store writes the
// new status as the action of a status change).
var trailActions = map[string]string{"create": "新建", "update": "修改", "submitted": "送审", "draft": "退回修改",
	"approved": "审核通过", "published": "发布", "amended": "变更", "withdrawn": "撤回"}

// itemActions chooses the buttons for u in the item's status; reviewing,
// publishing and withdrawing are for reviewers (Service checks again).
func itemActions(u *gongkai.User, it *gongkai.Item) ItemActions {
	rev := gongkai.CanReview(u)
	var a ItemActions
	switch it.Status {
	case gongkai.ItemDraft, gongkai.ItemAmended:
		a.Edit, a.Submit, a.Privacy = true, true, true
		a.Withdraw = rev && it.Status == gongkai.ItemAmended
	case gongkai.ItemSubmitted:
		a.Return, a.Approve, a.Privacy = rev, rev && u.ID != it.DraftedBy, true
	case gongkai.ItemApproved:
		a.Return, a.Publish, a.Privacy = rev, rev, true
	case gongkai.ItemPublished:
		a.Amend, a.Withdraw = true, rev
	}
	return a
}

// handleConsoleItem handles the "GET /console/items/{id}" route.
func (s *Server) handleConsoleItem(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.itemPage(r, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "console_item", p)
	return nil
}

// itemPost reads what every POST on an item carries: the user (after the
// form's CSRF check), the item's id and the version the form was made at.
func (s *Server) itemPost(r *http.Request) (u *gongkai.User, id string, version int, err error) {
	if u, err = s.checkForm(r); err != nil {
		return nil, "", 0, err
	}
	if version, err = itemVersion(r); err != nil {
		return nil, "", 0, err
	}
	return u, r.PathValue("id"), version, nil
}

// itemVersion reads the version the form was made from.
func itemVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		return 0, gongkai.Errorf(gongkai.EINVALID, "表单缺少版本号，请刷新页面")
	}
	return v, nil
}

// itemRefused shows the item page again with the message of a refused step
// (a rule or a concurrent change); other errors go to the error page.
func (s *Server) itemRefused(w http.ResponseWriter, r *http.Request, u *gongkai.User, id string, err error) error {
	if !userFacing(err) {
		return err
	}
	p, perr := s.itemPage(r, u, id)
	if perr != nil {
		return perr
	}
	p.Error = itemErrorMessage(err)
	var e *gongkai.Error
	p.PrivacyLink = errors.As(err, &e) && e.Rule == "条例第十五条"
	s.render(w, r, status(err), "console_item", p)
	return nil
}

// itemOps are the workflow steps of handleItemOp with their confirmations.
var itemOps = map[string]string{"submit": "已送审", "return": "已退回", "approve": "审核通过", "publish": "已发布", "amend": "已变更", "withdraw": "已撤回"}

// handleItemOp handles the "POST /console/items/{id}/{op}" route: 送审,
// 退回 (with the note), 审核通过 (with the 保密审查 box of 条例第十七条), 发布,
// 变更 (with the note) and 撤回 (with the public note).
func (s *Server) handleItemOp(w http.ResponseWriter, r *http.Request) error {
	u, err := s.checkForm(r)
	if err != nil {
		return err
	}
	id, op := r.PathValue("id"), r.PathValue("op")
	done, ok := itemOps[op]
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "页面不存在")
	}
	version, err := itemVersion(r)
	if err != nil {
		return err
	}
	ctx, note := r.Context(), strings.TrimSpace(r.PostFormValue("note"))
	switch op {
	case "submit":
		_, err = s.svc.SubmitItem(ctx, u, id, version)
	case "return":
		_, err = s.svc.ReturnItem(ctx, u, id, version, note)
	case "approve":
		_, err = s.svc.ApproveItem(ctx, u, id, version, r.PostFormValue("secrecy_reviewed") == "yes", note)
	case "publish":
		_, err = s.svc.PublishItem(ctx, u, id, version)
	case "amend":
		_, err = s.svc.AmendItem(ctx, u, id, version, note)
	case "withdraw":
		_, err = s.svc.WithdrawItem(ctx, u, id, version, note)
	}
	if err != nil {
		return s.itemRefused(w, r, u, id, err)
	}
	if op == "amend" {
		return seeOther(w, r, "/console/items/"+id+"/edit?ok="+urlQuery(done))
	}
	return seeOther(w, r, "/console/items/"+id+"?ok="+urlQuery(done))
}

// consoleItem loads the item of the path for its signed-in staff
// (authorization in Service.CatalogItem).
func (s *Server) consoleItem(r *http.Request) (*gongkai.User, *gongkai.Item, error) {
	u, err := api.RequireUser(r)
	if err != nil {
		return nil, nil, err
	}
	it, err := s.svc.CatalogItem(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	return u, it, nil
}

// handleItemEditForm handles the "GET /console/items/{id}/edit" route.
func (s *Server) handleItemEditForm(w http.ResponseWriter, r *http.Request) error {
	u, it, err := s.consoleItem(r)
	if err != nil {
		return err
	}
	p, err := s.editPage(r, it)
	if err != nil {
		return err
	}
	p.Form = formOf(it)
	if !itemActions(u, it).Edit {
		p.Error = "该事项" + itemStatusLabel(it.Status) + "，不能修改：审核中的事项须先退回，已公开的事项须先变更。"
	}
	s.render(w, r, http.StatusOK, "console_item_form", p)
	return nil
}

func (s *Server) editPage(r *http.Request, it *gongkai.Item) (*ConsoleItemFormPage, error) {
	ag, err := s.store.Agency(r.Context(), it.Agency)
	if err != nil {
		return nil, err
	}
	return &ConsoleItemFormPage{Base: Base{Title: "修改公开事项"}, Agency: ag, Item: it, Action: "/console/items/" + it.ID + "/edit",
		Article20: article20Options()}, nil
}

// handleItemEdit handles the "POST /console/items/{id}/edit" route
// (Service.EditItem: a draft or an amended item, at the version shown).
func (s *Server) handleItemEdit(w http.ResponseWriter, r *http.Request) error {
	u, id, version, err := s.itemPost(r)
	if err != nil {
		return err
	}
	f, e, err := parseItemForm(r)
	if err == nil {
		if _, err = s.svc.EditItem(r.Context(), u, id, version, e); err == nil {
			return seeOther(w, r, "/console/items/"+id+"?ok="+urlQuery("已保存"))
		}
	}
	if !userFacing(err) {
		return err
	}
	it, ierr := s.svc.CatalogItem(r.Context(), u, id)
	if ierr != nil {
		return ierr
	}
	p, perr := s.editPage(r, it)
	if perr != nil {
		return perr
	}
	// The version shown stays the one the user edited: a conflict asks to
	// reload instead of silently overwriting.
	it.Version = version
	p.Form, p.Error = f, itemErrorMessage(err)
	s.render(w, r, status(err), "console_item_form", p)
	return nil
}

// handleItemUpload handles the "POST /console/items/{id}/files" route: a
// multipart upload (up to MaxAttachment) stored by Service.AttachItemFile,
// which reads the type from the bytes.
func (s *Server) handleItemUpload(w http.ResponseWriter, r *http.Request) error {
	u, id, version, err := s.itemPost(r)
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return s.itemRefused(w, r, u, id, gongkai.Errorf(gongkai.EINVALID, "请选择要上传的附件"))
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return formError(err)
	}
	if _, err := s.svc.AttachItemFile(r.Context(), u, id, version, hdr.Filename, data); err != nil {
		return s.itemRefused(w, r, u, id, err)
	}
	return seeOther(w, r, "/console/items/"+id+"?ok="+urlQuery("已上传附件"))
}

// handleItemFileRemove handles the
// "POST /console/items/{id}/files/{sha}/remove" route.
func (s *Server) handleItemFileRemove(w http.ResponseWriter, r *http.Request) error {
	u, id, version, err := s.itemPost(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.RemoveItemFile(r.Context(), u, id, version, r.PathValue("sha")); err != nil {
		return s.itemRefused(w, r, u, id, err)
	}
	return seeOther(w, r, "/console/items/"+id+"?ok="+urlQuery("已删除附件"))
}

// handleConsoleItemFile handles the "GET /console/items/{id}/files/{sha}"
// route: an attachment of the item (current or earlier version) for its
// staff, whatever the status.
func (s *Server) handleConsoleItemFile(w http.ResponseWriter, r *http.Request) error {
	_, it, err := s.consoleItem(r)
	if err != nil {
		return err
	}
	sha := r.PathValue("sha")
	var found *gongkai.Attachment
	all := append([]gongkai.Attachment(nil), it.Attachments...)
	for _, v := range it.Versions {
		all = append(all, v.Attachments...)
	}
	for i := range all {
		if all[i].SHA256 == sha {
			found = &all[i]
			break
		}
	}
	if found == nil {
		return gongkai.Errorf(gongkai.ENOTFOUND, "附件不存在")
	}
	f, err := s.store.ItemFile(r.Context(), sha)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", found.MediaType)
	h.Set("Content-Disposition", contentDisposition(found.Name, found.SHA256))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "no-store")
	w.Write(f.Data)
	return nil
}
