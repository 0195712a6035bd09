package gongkai

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
)

// The catalog workflow on the Service: the drafter (a clerk of the agency)
// drafts, attaches files and submits; a reviewer (role reviewer or admin,
// never the drafter) returns or approves with the 保密审查 recorded, clears
// the privacy hits (masking them or accepting them) and publishes. Every
// step runs in one transaction with its audit entry.

// catalog returns the workflow rules with the Service's calendar and clock.
func (s *Service) catalog() *CatalogPolicy {
	return &CatalogPolicy{Calendar: s.Policy.Calendar, Now: s.Policy.Now}
}

// PublicationDue returns the date by which a proactive item must be
// published (条例第二十六条, CatalogPolicy.PublicationDue) on the Service's
// calendar.
func (s *Service) PublicationDue(it *Item) (Due, error) { return s.catalog().PublicationDue(it) }

// CanReview reports whether u may review (approve, accept privacy hits):
// the jurisdiction's reviewers and the 公开办's admins. The 保密审查 of
// 条例第十七条 is done by them, not by the agency's clerks.
func CanReview(u *User) bool {
	return u != nil && !u.Disabled && (u.Role == RoleReviewer || u.Role == RoleAdmin)
}

// MayAcceptPrivacy reports whether u may accept the privacy hits of it as
// publishable: a reviewer who did not draft it (条例第十五、十七条).
func MayAcceptPrivacy(u *User, it *Item) bool { return CanReview(u) && u.ID != it.DraftedBy }

// authorizeItem returns nil when u may work on the items of agencyID: its
// clerks and admins, and every reviewer.
func (s *Service) authorizeItem(ctx context.Context, st Store, u *User, agencyID string) error {
	if CanReview(u) {
		_, err := st.Agency(ctx, agencyID)
		return err
	}
	_, err := (&Service{Store: st}).authorize(ctx, u, agencyID)
	return err
}

func newItemID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "it-" + hex.EncodeToString(b)
}

// CatalogItem returns an item, in any status, to a user who may work on it.
func (s *Service) CatalogItem(ctx context.Context, u *User, id string) (*Item, error) {
	it, err := s.Store.Item(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeItem(ctx, s.Store, u, it.Agency); err != nil {
		return nil, err
	}
	return it, nil
}

// CatalogItems returns the items of an agency, any status, for its staff.
func (s *Service) CatalogItems(ctx context.Context, u *User, agencyID string, f ItemFilter) ([]*Item, error) {
	if err := s.authorizeItem(ctx, s.Store, u, agencyID); err != nil {
		return nil, err
	}
	f.Agency, f.Agencies = agencyID, nil
	return s.Store.Items(ctx, f)
}

// ReviewQueue returns the items of every agency that wait for a reviewer:
// submitted (送审, to approve or return) and approved (审核通过, to clear and
// publish), each list by the time it was last changed, oldest first; at
// most limit of each (the store's first by ID when there are more).
func (s *Service) ReviewQueue(ctx context.Context, u *User, limit int) (submitted, approved []*Item, err error) {
	if !CanReview(u) {
		return nil, nil, Errorf(EFORBIDDEN, "只有审核人可以查看待审核的事项")
	}
	if submitted, err = s.Store.Items(ctx, ItemFilter{Status: ItemSubmitted, Limit: limit}); err != nil {
		return nil, nil, err
	}
	if approved, err = s.Store.Items(ctx, ItemFilter{Status: ItemApproved, Limit: limit}); err != nil {
		return nil, nil, err
	}
	for _, l := range [][]*Item{submitted, approved} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].UpdatedAt.Before(l[j].UpdatedAt) })
	}
	return submitted, approved, nil
}

// CreateItem stores a new draft by u: the ID is generated, u is the
// drafter, the body is sanitized (SanitizeHTML). Workflow fields given by
// the caller are ignored.
func (s *Service) CreateItem(ctx context.Context, u *User, it *Item) error {
	if err := s.authorizeItem(ctx, s.Store, u, it.Agency); err != nil {
		return err
	}
	if it.ID == "" {
		it.ID = newItemID()
	}
	it.IndexNo, it.PublishedOn, it.ChangedOn = "", Date{}, Date{}
	it.Status, it.DraftedBy, it.Review, it.Versions = ItemDraft, u.ID, Review{}, nil
	it.WithdrawnOn, it.WithdrawalNote, it.PrivacyAccepted = Date{}, "", nil
	it.Body = SanitizeHTML(it.Body)
	return s.Store.CreateItem(actorContext(ctx, u), it)
}

// changeItem runs fn on the item id at version, in a transaction, and
// stores what fn leaves. ECONFLICT when the item moved on.
func (s *Service) changeItem(ctx context.Context, u *User, id string, version int, fn func(st Store, it *Item) error) (*Item, error) {
	var out *Item
	err := s.Store.WithTx(actorContext(ctx, u), func(st Store) error {
		it, err := st.Item(ctx, id)
		if err != nil {
			return err
		}
		if err := s.authorizeItem(ctx, st, u, it.Agency); err != nil {
			return err
		}
		if it.Version != version {
			return Errorf(ECONFLICT, "公开事项已被他人更新（第%d版，而非第%d版），请刷新后重试", it.Version, version)
		}
		if err := fn(st, it); err != nil {
			return err
		}
		if err := st.UpdateItem(actorContext(ctx, u), it); err != nil {
			return err
		}
		out = it
		return nil
	})
	return out, err
}

// ItemEdit is the content a drafter edits.
type ItemEdit struct {
	Title, DocNo, Issuer string
	WrittenOn            Date
	Topic                [2]string
	Article20Item        int
	Attribute            Attribute
	AttributeReason      string
	Normative            *NormativeDoc
	Body                 string // HTML, sanitized when stored
}

// editable refuses changes to an item under review or published: the
// content a reviewer approved is what gets published (条例第十七条).
func editable(it *Item) error {
	if !it.statusIn(ItemDraft, ItemAmended) {
		return wrongStatus(it, "修改", ItemDraft, ItemAmended)
	}
	return nil
}

// EditItem replaces the content of a draft (or an amended item).
func (s *Service) EditItem(ctx context.Context, u *User, id string, version int, e ItemEdit) (*Item, error) {
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		if err := editable(it); err != nil {
			return err
		}
		it.Title, it.DocNo, it.Issuer, it.WrittenOn = e.Title, e.DocNo, e.Issuer, e.WrittenOn
		it.Topic, it.Article20Item, it.Attribute, it.AttributeReason = e.Topic, e.Article20Item, e.Attribute, e.AttributeReason
		it.Normative, it.Body = e.Normative, SanitizeHTML(e.Body)
		it.PrivacyAccepted = nil // new content, new review
		return it.Validate()
	})
}

// AttachmentType returns the media type of an attachment from its bytes
// (the declared type is not trusted) and checks that the file name's
// extension agrees. EINVALID for anything but PDF, DOCX, XLSX and images.
func AttachmentType(name string, data []byte) (string, error) {
	ext := strings.ToLower(path.Ext(name))
	var mt string
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		mt = MediaPDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && ext == ".docx" && bytes.Contains(data, []byte("word/")):
		mt = MediaDOCX
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && ext == ".xlsx" && bytes.Contains(data, []byte("xl/")):
		mt = MediaXLSX
	default:
		mt = http.DetectContentType(data)
		if !strings.HasPrefix(mt, "image/") {
			mt = ""
		}
	}
	want := map[string][]string{MediaPDF: {".pdf"}, MediaDOCX: {".docx"}, MediaXLSX: {".xlsx"},
		"image/png": {".png"}, "image/jpeg": {".jpg", ".jpeg"}, "image/gif": {".gif"}, "image/webp": {".webp"}}[mt]
	if mt == "" || !AttachmentTypes[mt] {
		return "", Errorf(EINVALID, "附件《%s》的格式不受支持：只能上传 PDF、DOCX、XLSX 或图片", name)
	}
	for _, w := range want {
		if ext == w {
			return mt, nil
		}
	}
	return "", Errorf(EINVALID, "附件《%s》的扩展名与内容（%s）不符", name, mt)
}

// putFile stores data and returns its attachment record.
func putFile(ctx context.Context, st Store, name, mediaType string, data []byte) (Attachment, error) {
	sum := sha256.Sum256(data)
	a := Attachment{Name: name, MediaType: mediaType, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	if err := a.Validate(); err != nil {
		return a, err
	}
	return a, st.PutItemFile(ctx, &ItemFile{SHA256: a.SHA256, MediaType: mediaType, Data: data})
}

// AttachItemFile adds a file to a draft. Its type comes from its bytes.
func (s *Service) AttachItemFile(ctx context.Context, u *User, id string, version int, name string, data []byte) (*Item, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	mt, err := AttachmentType(name, data)
	if err != nil {
		return nil, err
	}
	return s.changeItem(ctx, u, id, version, func(st Store, it *Item) error {
		if err := editable(it); err != nil {
			return err
		}
		for _, a := range it.Attachments {
			if a.Name == name {
				return Errorf(ECONFLICT, "已有同名附件《%s》，请先删除", name)
			}
		}
		a, err := putFile(actorContext(ctx, u), st, name, mt, data)
		if err != nil {
			return err
		}
		it.Attachments = append(it.Attachments, a)
		it.PrivacyAccepted = nil
		return nil
	})
}

// RemoveItemFile removes an attachment from a draft. The bytes stay in the
// store (an earlier version may refer to them) but are no longer served.
func (s *Service) RemoveItemFile(ctx context.Context, u *User, id string, version int, sha string) (*Item, error) {
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		if err := editable(it); err != nil {
			return err
		}
		for i, a := range it.Attachments {
			if a.SHA256 == sha {
				it.Attachments = append(it.Attachments[:i:i], it.Attachments[i+1:]...)
				return nil
			}
		}
		return Errorf(ENOTFOUND, "附件不存在")
	})
}

// SubmitItem sends a draft to review (送审).
func (s *Service) SubmitItem(ctx context.Context, u *User, id string, version int) (*Item, error) {
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		return s.catalog().Submit(it, u.ID)
	})
}

// ReturnItem sends an item under review back to its drafter (退回修改).
func (s *Service) ReturnItem(ctx context.Context, u *User, id string, version int, note string) (*Item, error) {
	if !CanReview(u) {
		return nil, Errorf(EFORBIDDEN, "只有审核人可以退回")
	}
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		return s.catalog().Return(it, u.ID, note)
	})
}

// ApproveItem records u's review with the 保密审查 (条例第十七条).
func (s *Service) ApproveItem(ctx context.Context, u *User, id string, version int, secrecyReviewed bool, note string) (*Item, error) {
	if !CanReview(u) {
		return nil, Errorf(EFORBIDDEN, "只有审核人可以审核（先审后发，条例第十七条）")
	}
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		return s.catalog().Approve(it, Review{Reviewer: u.ID, SecrecyReviewed: secrecyReviewed, Note: note})
	})
}

// AmendItem starts a new version of a published item (变更).
func (s *Service) AmendItem(ctx context.Context, u *User, id string, version int, note string) (*Item, error) {
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		return s.catalog().Amend(it, u.ID, note)
	})
}

// WithdrawItem takes a published item down, leaving the public note.
func (s *Service) WithdrawItem(ctx context.Context, u *User, id string, version int, note string) (*Item, error) {
	if !CanReview(u) {
		return nil, Errorf(EFORBIDDEN, "只有审核人可以撤回已公开的信息")
	}
	return s.changeItem(ctx, u, id, version, func(_ Store, it *Item) error {
		return s.catalog().Withdraw(it, note)
	})
}

// OverdueItems returns the agency's proactive items not published within
// the 20 working days of 条例第二十六条, as of the policy's today.
func (s *Service) OverdueItems(ctx context.Context, u *User, agencyID string) ([]OverdueItem, error) {
	if err := s.authorizeItem(ctx, s.Store, u, agencyID); err != nil {
		return nil, err
	}
	var pending []*Item
	for _, st := range []ItemStatus{ItemDraft, ItemSubmitted, ItemApproved, ItemAmended} {
		items, err := s.Store.Items(ctx, ItemFilter{Agency: agencyID, Status: st})
		if err != nil {
			return nil, err
		}
		pending = append(pending, items...)
	}
	return s.catalog().Overdue(pending, DateOf(s.catalog().now()))
}

// describeHit is how a blocked publication names a hit to the reviewer.
func describeHit(h PrivacyHit) string {
	return fmt.Sprintf("%s的%s", h.Where, PrivacyKindChinese(h.Kind))
}
