package gongkai

import (
	"context"
	"strings"
	"unicode/utf8"
)

// The public side of the 政府信息公开目录: what the portal and the JSON API
// may show. 条例第十九、二十条 make published proactive information public;
// nothing else is (drafts, items in review and anything 依申请公开 or 不予公开
// never leave the console).

// Limits of the public reads.
const (
	PublicPageSize  = 20             // items per page by default
	MaxPublicLimit  = 1000           // most items one PublicItems call returns
	MaxSearchLimit  = 50             // most hits one SearchItems call returns
	MaxSearchOffset = MaxSearchTotal // no hit past it is served: they are not counted either
	MaxListOffset   = 10000          // the catalog lists' deepest row (their counts are exact)
	MinQueryRunes   = 2              // two characters: 教育, 低保 (search.Bigrams)
	MaxQueryRunes   = 100
)

// PublicItems returns a page of the published items f selects, the latest
// 发布日期 first, and their number. The lists show published items only:
// withdrawn ones keep their page (PublicItem, with the withdrawal note) but
// leave the lists, as they leave the search index; an item being amended
// (变更, back in review) is out of the lists until it is published again.
// f.Status is ignored; a Limit of 0 is PublicPageSize, above MaxPublicLimit
// it is EINVALID, as is a negative Offset. The items are public copies
// (publicCopy).
func (s *Service) PublicItems(ctx context.Context, f ItemFilter) (int, []*Item, error) {
	return s.publicItems(ctx, f, publicCopy)
}

// PublicItemList is PublicItems for a list that shows no content (the
// catalog page, the sitemap): the same items and total, as publicCopy
// makes them but without their body and attachments, which it does not
// sanitize (11% of the time of a catalog page computed at 200,000 items).
func (s *Service) PublicItemList(ctx context.Context, f ItemFilter) (int, []*Item, error) {
	return s.publicItems(ctx, f, func(it *Item) *Item {
		c := *it
		c.Body, c.Attachments = "", nil
		return publicCopy(&c)
	})
}

func (s *Service) publicItems(ctx context.Context, f ItemFilter, public func(*Item) *Item) (int, []*Item, error) {
	switch {
	case f.Limit < 0 || f.Limit > MaxPublicLimit:
		return 0, nil, Errorf(EINVALID, "每页条数应为1至%d", MaxPublicLimit)
	case f.Offset < 0:
		return 0, nil, Errorf(EINVALID, "起始位置不能为负数")
	case f.Limit == 0:
		f.Limit = PublicPageSize
	}
	f.Status = ItemPublished
	total, items, err := s.Store.ItemPage(ctx, f)
	if err != nil {
		return 0, nil, err
	}
	for i, it := range items {
		items[i] = public(it)
	}
	return total, items, nil
}

// PublicItemCounts returns the facet counts of the published items f
// selects (agency, year, 条例第二十条 item, topic), for the browse page.
func (s *Service) PublicItemCounts(ctx context.Context, f ItemFilter) (*ItemCounts, error) {
	f.Status = ItemPublished
	return s.Store.ItemCounts(ctx, f)
}

// PublicItem returns the item whose ID or 索引号 is key as the public may see
// it: a published item whole (its body sanitized); a withdrawn one
// (已撤回) with its metadata and the withdrawal note but no body or
// attachments; an item being amended with the metadata of its published
// version and no content until the new version is published. ENOTFOUND for
// anything else, so that a draft or an item in review cannot be told from
// one that does not exist.
func (s *Service) PublicItem(ctx context.Context, key string) (*Item, error) {
	notFound := Errorf(ENOTFOUND, "公开信息 %s 不存在", key)
	if key == "" {
		return nil, notFound
	}
	it, err := s.Store.Item(ctx, key)
	if ErrorCode(err) == ENOTFOUND {
		it, err = s.Store.ItemByIndexNo(ctx, key)
	}
	if ErrorCode(err) == ENOTFOUND {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	switch it.Status {
	case ItemPublished, ItemWithdrawn:
	case ItemAmended:
		if len(it.Versions) == 0 || it.IndexNo == "" {
			return nil, notFound
		}
	default:
		return nil, notFound
	}
	return publicCopy(it), nil
}

// publicCopy returns what the public sees of a published, withdrawn or
// amended item: no drafter, reviewer, review notes, privacy decisions,
// source request or earlier versions;
// the body sanitized (SanitizeHTML); for a withdrawn item no body and no
// attachments; for an amended one the title, 文号 and 发布日期 of the version
// that was published, without content.
func publicCopy(it *Item) *Item {
	c := *it
	c.DraftedBy, c.Review, c.Versions, c.AttributeReason = "", Review{}, nil, ""
	c.PrivacyAccepted, c.FromRequest = nil, ""
	c.Attachments = append([]Attachment(nil), it.Attachments...)
	if it.Normative != nil {
		n := *it.Normative
		c.Normative = &n
	}
	switch it.Status {
	case ItemWithdrawn:
		c.Body, c.Attachments = "", nil
	case ItemAmended:
		v := it.Versions[len(it.Versions)-1]
		c.Title, c.DocNo, c.PublishedOn = v.Title, v.DocNo, v.PublishedOn
		c.Body, c.Attachments = "", nil
	default:
		c.Body = SanitizeHTML(it.Body)
	}
	return &c
}

// PublicItemFile returns an attachment of a published item for download:
// sha256 must be the digest of an attachment of the item's current version.
// A withdrawn item's files, an earlier version's files and a file that a
// masked copy replaced (去标识化: the masked file is a new file, and the item
// then names only it) are ENOTFOUND, so that bytes held back for privacy
// (条例第十五条) are never served. The Attachment carries the file name to
// send.
func (s *Service) PublicItemFile(ctx context.Context, itemID, sha256 string) (*Attachment, *ItemFile, error) {
	notFound := Errorf(ENOTFOUND, "附件不存在")
	it, err := s.Store.Item(ctx, itemID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil, notFound
	}
	if err != nil {
		return nil, nil, err
	}
	if it.Status != ItemPublished {
		return nil, nil, notFound
	}
	for _, a := range it.Attachments {
		if a.SHA256 != sha256 {
			continue
		}
		f, err := s.Store.ItemFile(ctx, sha256)
		if ErrorCode(err) == ENOTFOUND {
			return nil, nil, notFound
		}
		if err != nil {
			return nil, nil, err
		}
		a := a
		return &a, f, nil
	}
	return nil, nil, notFound
}

// SearchItems searches the published items (the store's index holds no
// other). The words must be MinQueryRunes to MaxQueryRunes characters (an
// empty query with a filter lists the filtered items); Limit 0 is
// PublicPageSize and at most MaxSearchLimit; Offset below
// MaxSearchOffset, which keeps deep pages from scanning the whole index,
// and a page that would reach past it cut there, so that no hit past
// the counted ones (MaxSearchTotal) is served. EINVALID otherwise.
func (s *Service) SearchItems(ctx context.Context, q SearchQuery) (int, []SearchHit, error) {
	q.Q = strings.Join(strings.Fields(q.Q), " ")
	n := utf8.RuneCountInString(strings.ReplaceAll(q.Q, " ", ""))
	switch {
	case q.Q != "" && n < MinQueryRunes:
		return 0, nil, Errorf(EINVALID, "检索词过短，请至少输入%d个字", MinQueryRunes)
	case n > MaxQueryRunes:
		return 0, nil, Errorf(EINVALID, "检索词过长，请不超过%d个字", MaxQueryRunes)
	case q.Limit < 0 || q.Limit > MaxSearchLimit:
		return 0, nil, Errorf(EINVALID, "每页条数应为1至%d", MaxSearchLimit)
	case q.Offset < 0 || q.Offset >= MaxSearchOffset:
		return 0, nil, Errorf(EINVALID, "只能查看前%d条结果，请缩小检索范围", MaxSearchOffset)
	case q.Year != 0 && (q.Year < 1949 || q.Year > 2200):
		return 0, nil, Errorf(EINVALID, "年份 %d 无效", q.Year)
	case q.Limit == 0:
		q.Limit = PublicPageSize
	}
	q.Limit = min(q.Limit, MaxSearchOffset-q.Offset)
	return s.Store.SearchItems(ctx, q)
}
