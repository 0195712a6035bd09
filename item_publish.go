package gongkai

import (
	"context"
	"strings"

	"gongkai/privacy"
)

// PrivacyKindChinese names the kind of a PrivacyHit (a privacy.Kind) in
// Chinese, for the reviewer.
func PrivacyKindChinese(k string) string {
	switch privacy.Kind(k) {
	case privacy.IDCard:
		return "居民身份证号码"
	case privacy.IDCard15:
		return "15位身份证号码"
	case privacy.CreditCode:
		return "统一社会信用代码"
	case privacy.Mobile:
		return "手机号码"
	case privacy.Landline:
		return "固定电话号码"
	case privacy.BankCard:
		return "银行卡号"
	case privacy.Email:
		return "电子邮箱"
	case privacy.Name:
		return "申请人姓名"
	case privacy.Unscanned:
		return "无法自动检查的内容"
	}
	return k
}

// ItemPrivacy scans an item's body and attachments as they are stored and
// returns what the reviewer must clear before publishing, with the
// decisions already taken. The hits' Text is personal data: show it to the
// item's staff only.
func (s *Service) ItemPrivacy(ctx context.Context, u *User, id string) ([]PrivacyHit, error) {
	it, err := s.CatalogItem(ctx, u, id)
	if err != nil {
		return nil, err
	}
	docs, err := s.scanItem(ctx, s.Store, it)
	if err != nil {
		return nil, err
	}
	return privacyHits(it, docs), nil
}

// ResolvePrivacy clears privacy hits of an item not yet published: the
// hits with a key in mask are masked in the content itself (the body is
// rewritten, a masked attachment is stored as a new file replacing the
// old), the hits in accept are recorded as accepted by u. Accepting is the
// reviewer's decision (条例第十五条: personal privacy is disclosed only with
// consent or for an overriding public interest), so only a reviewer who
// is not the drafter may accept. Masking does not change what was approved
// beyond the personal data, so the status stays.
func (s *Service) ResolvePrivacy(ctx context.Context, u *User, id string, version int, mask, accept []string) (*Item, error) {
	if len(accept) > 0 && !CanReview(u) {
		return nil, itemInvalid("条例第十五条", "只有审核人可以确认个人信息可以公开")
	}
	ctx = actorContext(ctx, u)
	return s.changeItem(ctx, u, id, version, func(st Store, it *Item) error {
		if !it.statusIn(ItemDraft, ItemSubmitted, ItemApproved, ItemAmended) {
			return wrongStatus(it, "处理个人信息", ItemDraft, ItemSubmitted, ItemApproved, ItemAmended)
		}
		if len(accept) > 0 && u.ID == it.DraftedBy {
			return itemInvalid("条例第十七条", "起草人不能确认自己起草内容中的个人信息可以公开")
		}
		docs, err := s.scanItem(ctx, st, it)
		if err != nil {
			return err
		}
		hits := map[string]PrivacyHit{}
		for _, h := range privacyHits(it, docs) {
			hits[h.Key] = h
		}
		maskSet := map[string]bool{}
		for _, k := range mask {
			h, ok := hits[k]
			switch {
			case !ok:
				return Errorf(ECONFLICT, "要遮盖的内容已不存在，请刷新后重试")
			case !h.Maskable:
				return Errorf(EINVALID, "%s无法自动遮盖：请上传处理后的文件替换，或由审核人确认可以公开", describeHit(h))
			}
			maskSet[k] = true
		}
		for _, k := range accept {
			h, ok := hits[k]
			if !ok {
				return Errorf(ECONFLICT, "要确认的内容已不存在，请刷新后重试")
			}
			h.Text, h.AcceptedBy = "", u.ID
			it.PrivacyAccepted = append(it.PrivacyAccepted, h)
		}
		if len(maskSet) == 0 {
			return nil
		}
		title, body, files, err := maskDocs(docs, maskSet)
		if err != nil {
			return err
		}
		it.Title, it.Body = title, body
		for i, data := range files {
			a, err := putFile(ctx, st, it.Attachments[i].Name, it.Attachments[i].MediaType, data)
			if err != nil {
				return err
			}
			it.Attachments[i] = a
		}
		return nil
	})
}

// PublishItem publishes an approved item. In one transaction it gives the
// item its 索引号 when it has none (国办秘函〔2009〕6号), scans the content
// and refuses while a privacy hit is neither masked nor accepted by the
// reviewer (条例第十五条, CatalogPolicy.Publish), then verifies: the bytes
// that will be served — the stored body and each stored attachment,
// re-read from the store — are scanned again and must hold nothing but
// accepted hits.
func (s *Service) PublishItem(ctx context.Context, u *User, id string, version int) (*Item, error) {
	if !CanReview(u) {
		return nil, Errorf(EFORBIDDEN, "只有审核人可以发布（先审后发，条例第十七条）")
	}
	ctx = actorContext(ctx, u)
	return s.changeItem(ctx, u, id, version, func(st Store, it *Item) error {
		docs, err := s.scanItem(ctx, st, it)
		if err != nil {
			return err
		}
		if it.IndexNo == "" && it.statusIn(ItemApproved) {
			ag, err := st.Agency(ctx, it.Agency)
			if err != nil {
				return err
			}
			no, err := st.NextIndexNo(ctx, ag.Code, DateOf(s.catalog().now()).Year)
			if err != nil {
				return err
			}
			it.IndexNo = no
		}
		if err := s.catalog().Publish(it, privacyHits(it, docs)); err != nil {
			return err
		}
		return s.verifyPublished(ctx, st, it)
	})
}

// verifyPublished re-reads what is to be served and finds nothing but
// accepted hits, or refuses.
func (s *Service) verifyPublished(ctx context.Context, st Store, it *Item) error {
	again, err := s.scanItem(ctx, st, it)
	if err != nil {
		return err
	}
	var left []string
	for _, h := range privacyHits(it, again) {
		if h.AcceptedBy == "" {
			left = append(left, describeHit(h))
		}
	}
	if len(left) > 0 {
		return itemInvalid("条例第十五条", "发布前核验仍发现未处理的个人信息：%s", strings.Join(left, "、"))
	}
	return nil
}
