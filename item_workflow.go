package gongkai

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// PublicationDays is the publication period of 条例第二十六条: "属于主动公开范围
// 的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开". Day 0 is the
// 成文日期 (or the 变更 date), as for the reply clock.
const PublicationDays = 20

// PrivacyHit is a finding of the privacy scan (gongkai/privacy) on an item's
// body or one of its attachments, with what the reviewer did about it.
type PrivacyHit struct {
	// Key identifies the hit across scans (a digest of where, kind and
	// text); the item records accepted hits by it.
	Key   string
	Where string // "正文", or the attachment name and part
	Kind  string // id_card, mobile, name, …
	// Text is the text found, shown to the reviewer; never stored or
	// published (Item.PrivacyAccepted keeps the Key only).
	Text string `json:",omitempty"`
	// Valid reports a matching check digit (id_card, credit_code,
	// bank_card): such a hit is certainly an identifier.
	Valid bool `json:",omitempty"`
	// Maskable reports whether gongkai can mask it (body, DOCX, XLSX); a
	// hit in a PDF or an image must be accepted or the file replaced.
	Maskable bool `json:",omitempty"`
	// Masked reports whether the published content has it masked.
	Masked bool
	// AcceptedBy is the reviewer who decided it may be published as is
	// (e.g. a company's 统一社会信用代码, which is public anyway); it must be
	// the item's reviewer (Review.Reviewer).
	AcceptedBy string
}

// CatalogPolicy checks the transitions of the catalog workflow and computes
// the publication clock. Calendar nil means DefaultCalendar; Now nil means
// time.Now.
type CatalogPolicy struct {
	Calendar *Calendar
	Now      func() time.Time
}

func (p *CatalogPolicy) cal() *Calendar {
	if p.Calendar == nil {
		return sharedDefault()
	}
	return p.Calendar
}

func (p *CatalogPolicy) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}

// RuleWorkflow names the catalog's own consistency rules (the order of the
// workflow, the notes it requires), which no article of the 条例 states.
const RuleWorkflow = "公开事项流程"

// wrongStatus refuses an action in the wrong status. Publishing anything
// not approved breaks the review of 条例第十七条 (先审后发); the other orders
// are the workflow's own.
func wrongStatus(it *Item, action string, want ...ItemStatus) *Error {
	ws := make([]string, len(want))
	for i, w := range want {
		ws[i] = string(w)
	}
	rule := RuleWorkflow
	if action == "发布" {
		rule = "条例第十七条"
	}
	return itemInvalid(rule, "事项状态为 %s，不能%s（须为 %s）", it.Status, action, strings.Join(ws, " 或 "))
}

func (it *Item) statusIn(ss ...ItemStatus) bool {
	for _, s := range ss {
		if it.Status == s {
			return true
		}
	}
	return false
}

// Submit sends a draft (or an amended item) for review. The attribute must
// have been decided at drafting with its reason (条例第十三条), and the item
// must be valid. by becomes the drafter when none is recorded.
func (p *CatalogPolicy) Submit(it *Item, by string) error {
	if !it.statusIn(ItemDraft, ItemAmended) {
		return wrongStatus(it, "送审", ItemDraft, ItemAmended)
	}
	if it.DraftedBy == "" {
		it.DraftedBy = by
	}
	if it.DraftedBy == "" {
		// 条例第十七条: the review needs a drafter to be independent of.
		return itemInvalid("条例第十七条", "送审须记录起草人")
	}
	if err := it.Validate(); err != nil {
		return err
	}
	it.Status = ItemSubmitted
	return nil
}

// Return sends an item under review back to drafting (退回修改) with the
// reviewer's note; the drafter stays.
func (p *CatalogPolicy) Return(it *Item, by, note string) error {
	if !it.statusIn(ItemSubmitted, ItemApproved) {
		return wrongStatus(it, "退回", ItemSubmitted, ItemApproved)
	}
	if strings.TrimSpace(note) == "" {
		return itemInvalid(RuleWorkflow, "退回须说明修改意见")
	}
	it.Review = Review{Reviewer: by, ReviewedAt: p.now(), Note: note}
	it.Status = ItemDraft
	if len(it.Versions) > 0 && !it.ChangedOn.IsZero() {
		it.Status = ItemAmended
	}
	return nil
}

// Approve records the review before publishing. 条例第十七条 requires a
// 审查机制 and the 保密审查 of what is to be disclosed: the reviewer must not
// be the drafter and must record that the secrecy review was done. The
// review time is the policy's clock.
func (p *CatalogPolicy) Approve(it *Item, r Review) error {
	if !it.statusIn(ItemSubmitted) {
		return wrongStatus(it, "审核", ItemSubmitted)
	}
	switch {
	case r.Reviewer == "":
		return itemInvalid("条例第十七条", "审核须记录审核人")
	case r.Reviewer == it.DraftedBy:
		return itemInvalid("条例第十七条", "审核人不能是起草人")
	case !r.SecrecyReviewed:
		return itemInvalid("条例第十七条", "须完成并记录保密审查")
	}
	r.ReviewedAt = p.now()
	it.Review = r
	it.Status = ItemApproved
	return nil
}

// Publish publishes an approved item today. Only 主动公开 items are published
// (条例第十九、二十条; 依申请公开 and 不予公开 information is not, 条例第十四至十六条),
// the item needs its 索引号 (国办秘函〔2009〕6号), and every privacy hit on its
// content must be masked or accepted by the item's reviewer (not the drafter):
// personal privacy may not be disclosed (条例第十五条).
func (p *CatalogPolicy) Publish(it *Item, hits []PrivacyHit) error {
	if !it.statusIn(ItemApproved) {
		return wrongStatus(it, "发布", ItemApproved)
	}
	if it.Attribute != AttrProactive {
		return itemInvalid("条例第十九条", "只有主动公开的事项可以发布，本事项为%s", it.Attribute.Chinese())
	}
	if it.IndexNo == "" {
		return itemInvalid("国办秘函〔2009〕6号", "发布前须生成索引号")
	}
	var open []string
	for _, h := range hits {
		if h.Masked {
			continue
		}
		if h.AcceptedBy == "" || h.AcceptedBy != it.Review.Reviewer || h.AcceptedBy == it.DraftedBy {
			open = append(open, describeHit(h))
		}
	}
	if len(open) > 0 {
		return itemInvalid("条例第十五条", "有 %d 处个人信息未遮盖也未经审核人确认：%s", len(open), strings.Join(open, "、"))
	}
	today := DateOf(p.now())
	if today.Before(it.WrittenOn) {
		return itemInvalid(RuleWorkflow, "发布日期 %s 早于成文日期 %s", today, it.WrittenOn)
	}
	it.PublishedOn = today
	it.Status = ItemPublished
	return nil
}

// Amend starts a new version of a published item (变更): the current content
// goes to Versions with note, the item returns to review, and the publication
// clock of 条例第二十六条 runs again from today ("自该政府信息…变更之日起").
// The caller then edits the content and submits it. The 索引号 stays: it
// never changes (国办秘函〔2009〕6号).
func (p *CatalogPolicy) Amend(it *Item, by, note string) error {
	if !it.statusIn(ItemPublished) {
		return wrongStatus(it, "变更", ItemPublished)
	}
	if strings.TrimSpace(note) == "" {
		return itemInvalid(RuleWorkflow, "变更须说明理由")
	}
	start := it.WrittenOn
	if !it.ChangedOn.IsZero() {
		start = it.ChangedOn
	}
	it.Versions = append(it.Versions, ItemVersion{
		No: len(it.Versions) + 1, Title: it.Title, DocNo: it.DocNo, Body: it.Body,
		Attachments: append([]Attachment(nil), it.Attachments...),
		ChangedOn:   start, PublishedOn: it.PublishedOn, Review: it.Review, Note: note,
	})
	it.ChangedOn = DateOf(p.now())
	it.DraftedBy = by
	it.Review = Review{}
	it.Status = ItemAmended
	return nil
}

// Withdraw takes a published (or amended) item down. A note explaining the withdrawal
// stays public in its place (the catalog keeps the 索引号, which is never
// reused).
func (p *CatalogPolicy) Withdraw(it *Item, note string) error {
	// An amended item is withdrawable too: its previous version is public.
	if !it.statusIn(ItemPublished, ItemAmended) {
		return wrongStatus(it, "撤回", ItemPublished, ItemAmended)
	}
	if strings.TrimSpace(note) == "" {
		// Not in the 条例: the issue requires a public note in place of a
		// withdrawn item, so the public sees why it is gone.
		return itemInvalid(RuleWorkflow, "撤回须填写向公众说明的撤回说明")
	}
	it.WithdrawnOn = DateOf(p.now())
	it.WithdrawalNote = note
	it.Status = ItemWithdrawn
	return nil
}

// PublicationDue returns the date by which a proactive item must be
// published: 20 working days after its 成文日期, or after its last 变更
// (条例第二十六条), with the explanation in Chinese.
func (p *CatalogPolicy) PublicationDue(it *Item) (Due, error) {
	start, what := it.WrittenOn, "成文"
	if !it.ChangedOn.IsZero() {
		start, what = it.ChangedOn, "变更"
	}
	if start.IsZero() {
		return Due{}, Errorf(EINVALID, "事项没有成文日期")
	}
	c := p.cal()
	date, err := c.AddWorkingDays(start, PublicationDays)
	if err != nil {
		return Due{}, err
	}
	d := Due{Date: date, Start: start, Days: PublicationDays}
	d.Trace = append(d.Trace, fmt.Sprintf("%s（%s）%s（第0日）", start.Chinese(), start.WeekdayChinese(), what))
	var names []string
	seen := map[string]bool{}
	for x := start.AddDays(1); !x.After(date); x = x.AddDays(1) {
		if e := c.Day(x); e.Kind != DayOrdinary && !seen[e.Name+e.Kind.String()] {
			seen[e.Name+e.Kind.String()] = true
			if e.Kind == DayHoliday {
				names = append(names, e.Name+"放假不计")
			} else {
				names = append(names, e.Name+"调休上班日计入")
			}
		}
	}
	if len(names) > 0 {
		d.Trace = append(d.Trace, "其间"+strings.Join(names, "，"))
	}
	d.Trace = append(d.Trace, fmt.Sprintf("第%d个工作日为%s（%s），应于该日前公开（条例第二十六条）",
		PublicationDays, date.Chinese(), date.WeekdayChinese()))
	return d, nil
}

// OverdueItem is a proactive item not published by its due date.
type OverdueItem struct {
	Agency string
	Item   *Item
	Due    Due
	// DaysLate is the number of working days after the due date up to and
	// including today.
	DaysLate int
}

// Overdue returns the proactive items among items that are not published
// (draft, submitted, approved or amended) and whose PublicationDue is before
// today, ordered by agency and due date: the overdue list per agency.
func (p *CatalogPolicy) Overdue(items []*Item, today Date) ([]OverdueItem, error) {
	var out []OverdueItem
	for _, it := range items {
		if it.Attribute != AttrProactive || !it.statusIn(ItemDraft, ItemSubmitted, ItemApproved, ItemAmended) {
			continue
		}
		// Not yet 20 working days since the start: not overdue, even when
		// the due date falls in a year whose calendar is not loaded yet.
		start := it.WrittenOn
		if !it.ChangedOn.IsZero() {
			start = it.ChangedOn
		}
		if n, err := p.cal().WorkingDaysBetween(start, today); err == nil && n <= PublicationDays {
			continue
		}
		due, err := p.PublicationDue(it)
		if err != nil {
			return nil, fmt.Errorf("item %s: %w", it.ID, err)
		}
		if !due.Date.Before(today) {
			continue
		}
		late, err := p.cal().WorkingDaysBetween(due.Date, today)
		if err != nil {
			return nil, fmt.Errorf("item %s: %w", it.ID, err)
		}
		out = append(out, OverdueItem{Agency: it.Agency, Item: it, Due: due, DaysLate: late})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Agency != out[j].Agency {
			return out[i].Agency < out[j].Agency
		}
		return out[i].Due.Date.Before(out[j].Due.Date)
	})
	return out, nil
}
