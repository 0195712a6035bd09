package gongkai

import (
	"strings"
	"testing"
	"time"
)

func testCatalog(now string) *CatalogPolicy {
	t, err := time.Parse("2006-01-02 15:04", now)
	if err != nil {
		panic(err)
	}
	return &CatalogPolicy{Calendar: DefaultCalendar(), Now: func() time.Time { return t }}
}

func wantRule(t *testing.T, err error, rule string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok || e.Code != EINVALID || e.Rule != rule {
		t.Fatalf("err = %v, want EINVALID with Rule %q", err, rule)
	}
}

// approvedItem returns an item that went through submit and approve.
func approvedItem(t *testing.T, p *CatalogPolicy) *Item {
	t.Helper()
	it := mustItem()
	it.IndexNo = testCreditCode + "/2024-00001"
	if err := p.Submit(it, "u-drafter"); err != nil {
		t.Fatal(err)
	}
	if err := p.Approve(it, Review{Reviewer: "u-reviewer", SecrecyReviewed: true}); err != nil {
		t.Fatal(err)
	}
	return it
}

func TestCatalog_Submit(t *testing.T) {
	p := testCatalog("2024-09-27 10:00")
	it := mustItem()
	it.Attribute = ""
	wantRule(t, p.Submit(it, "u-drafter"), "条例第十三条")
	it = mustItem()
	if err := p.Submit(it, "u-drafter"); err != nil || it.Status != ItemSubmitted {
		t.Fatalf("Submit: %v, status %s", err, it.Status)
	}
	wantRule(t, p.Submit(it, "u-drafter"), RuleWorkflow)
}

func TestCatalog_Approve(t *testing.T) {
	tests := []struct {
		name string
		r    Review
		rule string
	}{
		{"ErrNoReviewer", Review{SecrecyReviewed: true}, "条例第十七条"},
		{"ErrReviewerIsDrafter", Review{Reviewer: "u-drafter", SecrecyReviewed: true}, "条例第十七条"},
		{"ErrNoSecrecyReview", Review{Reviewer: "u-reviewer"}, "条例第十七条"},
		{"OK", Review{Reviewer: "u-reviewer", SecrecyReviewed: true, Note: "同意公开"}, ""},
	}
	p := testCatalog("2024-09-27 10:00")
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			it := mustItem()
			if err := p.Submit(it, "u-drafter"); err != nil {
				t.Fatal(err)
			}
			err := p.Approve(it, test.r)
			if test.rule != "" {
				wantRule(t, err, test.rule)
				return
			}
			if err != nil || it.Status != ItemApproved || it.Review.ReviewedAt != p.Now() {
				t.Fatalf("Approve: %v, %+v", err, it)
			}
		})
	}
	wantRule(t, p.Approve(mustItem(), Review{Reviewer: "x", SecrecyReviewed: true}), RuleWorkflow)
}

func TestCatalog_Publish(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Item)
		hits []PrivacyHit
		rule string
	}{
		{"OK", nil, nil, ""},
		{"OKMaskedAndAccepted", nil, []PrivacyHit{
			{Where: "正文", Kind: "mobile", Text: "13812345678", Masked: true},
			{Where: "附件1.pdf", Kind: "credit_code", Text: testCreditCode, AcceptedBy: "u-reviewer"},
		}, ""},
		{"ErrOpenHit", nil, []PrivacyHit{{Where: "正文", Kind: "id_card", Text: "x"}}, "条例第十五条"},
		{"ErrAcceptedByAnotherUser", nil, []PrivacyHit{{Where: "正文", Kind: "mobile", Text: "x", AcceptedBy: "u-other"}}, "条例第十五条"},
		{"ErrAcceptedByDrafter", nil, []PrivacyHit{{Where: "正文", Kind: "name", Text: "张三", AcceptedBy: "u-drafter"}}, "条例第十五条"},
		{"ErrOnRequest", func(it *Item) { it.Attribute, it.AttributeReason = AttrOnRequest, "条例第十五条" }, nil, "条例第十九条"},
		{"ErrNoIndexNo", func(it *Item) { it.IndexNo = "" }, nil, "国办秘函〔2009〕6号"},
		{"ErrNotApproved", func(it *Item) { it.Status = ItemSubmitted }, nil, "条例第十七条"},
	}
	p := testCatalog("2024-10-08 09:00")
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			it := approvedItem(t, p)
			if test.edit != nil {
				test.edit(it)
			}
			err := p.Publish(it, test.hits)
			if test.rule != "" {
				wantRule(t, err, test.rule)
				if it.Status == ItemPublished {
					t.Error("published after a refusal")
				}
				return
			}
			if err != nil || it.Status != ItemPublished || it.PublishedOn != MustParseDate("2024-10-08") {
				t.Fatalf("Publish: %v, %s %s", err, it.Status, it.PublishedOn)
			}
			if err := it.Validate(); err != nil {
				t.Fatalf("published item invalid: %v", err)
			}
		})
	}
}

func TestCatalog_AmendAndWithdraw(t *testing.T) {
	p := testCatalog("2024-10-08 09:00")
	it := approvedItem(t, p)
	if err := p.Publish(it, nil); err != nil {
		t.Fatal(err)
	}
	wantRule(t, p.Amend(it, "u-drafter", " "), RuleWorkflow)
	p2 := testCatalog("2024-12-02 09:00")
	if err := p2.Amend(it, "u-drafter2", "更正附件中的资助标准"); err != nil {
		t.Fatal(err)
	}
	if it.Status != ItemAmended || len(it.Versions) != 1 || it.Versions[0].PublishedOn != MustParseDate("2024-10-08") ||
		it.ChangedOn != MustParseDate("2024-12-02") || it.Review.Reviewer != "" || it.IndexNo != testCreditCode+"/2024-00001" {
		t.Fatalf("after Amend: %+v", it)
	}
	// The amended version goes through review again.
	wantRule(t, p2.Publish(it, nil), "条例第十七条")
	if err := p2.Submit(it, "u-drafter2"); err != nil {
		t.Fatal(err)
	}
	wantRule(t, p2.Approve(it, Review{Reviewer: "u-drafter2", SecrecyReviewed: true}), "条例第十七条")
	if err := p2.Approve(it, Review{Reviewer: "u-reviewer", SecrecyReviewed: true}); err != nil {
		t.Fatal(err)
	}
	if err := p2.Publish(it, nil); err != nil {
		t.Fatal(err)
	}
	wantRule(t, p2.Withdraw(it, ""), RuleWorkflow)
	if err := p2.Withdraw(it, "该通知已被某教〔2025〕1号替代"); err != nil || it.Status != ItemWithdrawn || it.WithdrawnOn != MustParseDate("2024-12-02") {
		t.Fatalf("Withdraw: %v, %+v", err, it)
	}
	if err := it.Validate(); err != nil {
		t.Fatal(err)
	}
	wantRule(t, p2.Amend(it, "u", "x"), RuleWorkflow)
}

func TestCatalog_PublicationDue(t *testing.T) {
	tests := []struct {
		name             string
		written, changed string
		want             string
		trace            []string
	}{
		// 2024 National Day: 10月1日–7日 off, 9月29日 (Sun) and 10月12日 (Sat) worked.
		{"NationalDay", "2024-09-27", "", "2024-10-30", []string{"2024年9月27日（星期五）成文", "国庆节放假不计", "2024年10月30日（星期三）"}},
		{"Ordinary", "2024-03-01", "", "2024-03-29", []string{"成文（第0日）"}},
		{"AmendmentRestarts", "2024-09-27", "2024-12-02", "2024-12-30", []string{"2024年12月2日（星期一）变更（第0日）"}},
	}
	p := testCatalog("2024-10-08 09:00")
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			it := mustItem()
			it.WrittenOn = MustParseDate(test.written)
			if test.changed != "" {
				it.ChangedOn = MustParseDate(test.changed)
			}
			d, err := p.PublicationDue(it)
			if err != nil {
				t.Fatal(err)
			}
			if d.Date != MustParseDate(test.want) {
				t.Errorf("due %s, want %s (%s)", d.Date, test.want, d.Explain())
			}
			for _, s := range test.trace {
				if !strings.Contains(d.Explain(), s) {
					t.Errorf("explanation %q lacks %q", d.Explain(), s)
				}
			}
		})
	}
}

func TestCatalog_Overdue(t *testing.T) {
	p := testCatalog("2024-11-01 09:00")
	mk := func(id, agency, written string, st ItemStatus, attr Attribute) *Item {
		it := mustItem()
		it.ID, it.Agency, it.WrittenOn, it.Status, it.Attribute = id, agency, MustParseDate(written), st, attr
		return it
	}
	amended := mk("amended", "a1", "2024-01-05", ItemAmended, AttrProactive)
	amended.ChangedOn = MustParseDate("2024-10-25") // the clock restarted: not overdue
	items := []*Item{
		mk("late-b", "b", "2024-09-27", ItemSubmitted, AttrProactive), // due 10-30
		mk("late-a2", "a1", "2024-09-02", ItemDraft, AttrProactive),   // due 09-30
		mk("late-a1", "a1", "2024-08-01", ItemApproved, AttrProactive),
		mk("on-time", "a1", "2024-10-28", ItemDraft, AttrProactive),
		mk("published", "a1", "2024-01-02", ItemPublished, AttrProactive),
		mk("withheld", "a1", "2024-01-02", ItemDraft, AttrWithheld),
		amended,
	}
	got, err := p.Overdue(items, MustParseDate("2024-11-01"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range got {
		ids = append(ids, o.Agency+"/"+o.Item.ID)
	}
	if want := "a1/late-a1 a1/late-a2 b/late-b"; strings.Join(ids, " ") != want {
		t.Fatalf("Overdue = %v, want %s", ids, want)
	}
	if got[2].DaysLate != 2 { // 10-31 and 11-01
		t.Errorf("late-b DaysLate = %d, want 2", got[2].DaysLate)
	}
	// Due in 2027, whose calendar is not loaded: not overdue on 2026-12-31.
	recent := mk("recent", "a1", "2026-12-28", ItemDraft, AttrProactive)
	if got, err := p.Overdue([]*Item{recent}, MustParseDate("2026-12-31")); err != nil || len(got) != 0 {
		t.Errorf("Overdue at the end of the last loaded year = %v, %v", got, err)
	}
}
