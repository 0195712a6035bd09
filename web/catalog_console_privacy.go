package web

import (
	"net/http"

	"gongkai"
	"gongkai/api"
)

// The 个人信息检查 of an item in the console: the hits of the privacy scan
// of its body and attachments (Service.ItemPrivacy), masked or accepted
// through Service.ResolvePrivacy before the item may be published
// (条例第十五条).

// ConsolePrivacyPage is the 个人信息检查 of an item: the hits of the scan
// with the decisions taken and the forms to mask or accept them.
type ConsolePrivacyPage struct {
	Base
	Item       *gongkai.Item
	Hits       []PrivacyRow
	MayAccept  bool // a reviewer who is not the drafter
	CanResolve bool // the status still allows decisions
	Maskable   int  // undecided hits that can be masked
	Error      string
}

// PrivacyRow is one hit. Text is personal data: this page is for the
// item's staff only and it is never logged.
type PrivacyRow struct {
	Key, Where, Kind, Text string
	Valid, Maskable, Open  bool
	Decision               string
}

func init() {
	it := &gongkai.Item{ID: "it-1", Title: "通知", Status: gongkai.ItemApproved, Version: 3}
	register("console_item_privacy", &ConsolePrivacyPage{Item: it, MayAccept: true, CanResolve: true, Maskable: 1,
		Hits: []PrivacyRow{{Key: "k", Where: "正文", Kind: "居民身份证号码", Text: "x", Valid: true, Maskable: true, Open: true, Decision: "待处理"}}, Error: "错误"})
}

// privacyPage scans the item for u (Service.ItemPrivacy) and lists the hits.
func (s *Server) privacyPage(r *http.Request, u *gongkai.User, id string) (*ConsolePrivacyPage, error) {
	it, err := s.svc.CatalogItem(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	hits, err := s.svc.ItemPrivacy(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	p := &ConsolePrivacyPage{Base: Base{Title: "个人信息检查"}, Item: it, MayAccept: gongkai.MayAcceptPrivacy(u, it)}
	switch it.Status {
	case gongkai.ItemDraft, gongkai.ItemSubmitted, gongkai.ItemApproved, gongkai.ItemAmended:
		p.CanResolve = true
	}
	names := map[string]string{}
	for _, h := range hits {
		row := PrivacyRow{Key: h.Key, Where: h.Where, Kind: gongkai.PrivacyKindChinese(h.Kind), Text: h.Text, Valid: h.Valid, Maskable: h.Maskable}
		switch {
		case h.Masked:
			row.Decision = "已遮盖"
		case h.AcceptedBy != "":
			row.Decision = "已确认可公开（" + s.userName(r, names, h.AcceptedBy) + "）"
		default:
			row.Decision, row.Open = "待处理", true
			if h.Maskable {
				p.Maskable++
			}
		}
		p.Hits = append(p.Hits, row)
	}
	return p, nil
}

// handleItemPrivacy handles the "GET /console/items/{id}/privacy" route.
func (s *Server) handleItemPrivacy(w http.ResponseWriter, r *http.Request) error {
	u, err := api.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := s.privacyPage(r, u, r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "console_item_privacy", p)
	return nil
}

// handleItemPrivacyResolve handles the "POST /console/items/{id}/privacy"
// route: the hits ticked 遮盖 are masked in the content, those ticked
// 确认可公开 are accepted (Service.ResolvePrivacy); "全部遮盖" masks every
// undecided hit that can be masked.
func (s *Server) handleItemPrivacyResolve(w http.ResponseWriter, r *http.Request) error {
	u, id, version, err := s.itemPost(r)
	if err != nil {
		return err
	}
	mask, accept := r.PostForm["mask"], r.PostForm["accept"]
	if r.PostFormValue("all") == "mask" {
		hits, err := s.svc.ItemPrivacy(r.Context(), u, id)
		if err != nil {
			return err
		}
		mask = nil
		for _, h := range hits {
			if h.Maskable && !h.Masked && h.AcceptedBy == "" {
				mask = append(mask, h.Key)
			}
		}
	}
	if len(mask) == 0 && len(accept) == 0 {
		err = gongkai.Errorf(gongkai.EINVALID, "请选择要遮盖或确认可公开的内容")
	} else {
		_, err = s.svc.ResolvePrivacy(r.Context(), u, id, version, mask, accept)
	}
	if err != nil {
		if !userFacing(err) {
			return err
		}
		p, perr := s.privacyPage(r, u, id)
		if perr != nil {
			return perr
		}
		p.Error = itemErrorMessage(err)
		s.render(w, r, status(err), "console_item_privacy", p)
		return nil
	}
	return seeOther(w, r, "/console/items/"+id+"/privacy?ok="+urlQuery("已处理个人信息"))
}
