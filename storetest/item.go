package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gongkai"
)

// Item returns a valid proactive item of agency in status, published on
// published ("" for none) with index number indexNo.
func Item(id, agency string, status gongkai.ItemStatus, published, indexNo, title, body string) *gongkai.Item {
	it := &gongkai.Item{ID: id, Agency: agency, Title: title, Body: body, IndexNo: indexNo,
		WrittenOn: d("2023-01-05"), Attribute: gongkai.AttrProactive, Article20Item: 11,
		Topic: [2]string{"教育", "学前教育"}, Status: status, DraftedBy: "drafter"}
	if published != "" {
		it.PublishedOn = d(published)
	}
	return it
}

func testItem(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	it := Item("I1", "county", gongkai.ItemDraft, "", "", "关于做好学前教育资助工作的通知", "<p>正文</p>")
	it.Versions = []gongkai.ItemVersion{{No: 1, Title: "旧标题", Body: "<p>旧正文</p>", ChangedOn: d("2023-01-05"),
		PublishedOn: d("2023-01-06"), Review: gongkai.Review{Reviewer: "reviewer", ReviewedAt: at, SecrecyReviewed: true}, Note: "更正数据"}}
	it.Normative = &gongkai.NormativeDoc{Validity: gongkai.NormativeValid, EffectiveOn: d("2023-02-01")}
	wantCode(t, s.CreateItem(context.Background(), it), gongkai.EUNAUTHORIZED)
	must(t, s.CreateItem(c, it))
	if it.Version != 1 || it.UpdatedAt.IsZero() || it.IndexNo != "" {
		t.Fatalf("created item: version %d, updated %v, index no %q", it.Version, it.UpdatedAt, it.IndexNo)
	}
	got, err := s.Item(c, "I1")
	must(t, err)
	sameJSON(t, "item", it, got)
	_, err = s.Item(c, "nope")
	wantCode(t, err, gongkai.ENOTFOUND)
	wantCode(t, s.CreateItem(c, Item("I1", "county", gongkai.ItemDraft, "", "", "标题", "")), gongkai.ECONFLICT)
	wantCode(t, s.CreateItem(c, Item("I2", "nope", gongkai.ItemDraft, "", "", "标题", "")), gongkai.ENOTFOUND)
	wantCode(t, s.CreateItem(c, Item("I2", "county", gongkai.ItemDraft, "", "", "", "")), gongkai.EINVALID)

	// Update with the version read; a second writer with the old one conflicts.
	stale := *got
	got.Title, got.IndexNo = "关于做好学前教育资助工作的通知（修订）", "000014349/2024-00001"
	must(t, s.UpdateItem(c, got))
	if got.Version != 2 {
		t.Fatalf("version after update = %d, want 2", got.Version)
	}
	stale.Title = "另一人的修改"
	wantCode(t, s.UpdateItem(c, &stale), gongkai.ECONFLICT)
	again, err := s.Item(c, "I1")
	must(t, err)
	sameJSON(t, "updated item", got, again)
	// An index number, once given, never changes; another item cannot take it.
	again.IndexNo = "000014349/2024-00002"
	wantCode(t, s.UpdateItem(c, again), gongkai.EINVALID)
	wantCode(t, s.CreateItem(c, Item("I3", "county", gongkai.ItemDraft, "", "000014349/2024-00001", "标题", "")), gongkai.ECONFLICT)
	missing := Item("nope", "county", gongkai.ItemDraft, "", "", "标题", "")
	wantCode(t, s.UpdateItem(c, missing), gongkai.ENOTFOUND)
	if n := auditCount(t, s, gongkai.EntityItem, "I1"); n != 2 {
		t.Fatalf("%d audit entries for I1, want 2 (create, update)", n)
	}
	if e := lastAudit(t, s, gongkai.EntityItem, "I1"); e.Action != "update" || e.Before == nil {
		t.Fatalf("audit entry %+v", e)
	}

	MustCreateAgency(t, s, "edu", "county")
	must(t, s.CreateItem(c, Item("I4", "edu", gongkai.ItemPublished, "2024-02-01", "000014349/2024-00009", "标题", "")))
	other := Item("I5", "edu", gongkai.ItemDraft, "", "", "标题", "")
	other.Topic, other.Article20Item = [2]string{"民政", ""}, 7
	must(t, s.CreateItem(c, other))
	for _, test := range []struct {
		name string
		f    gongkai.ItemFilter
		want []string
	}{
		{"All", gongkai.ItemFilter{}, []string{"I1", "I4", "I5"}},
		{"Agency", gongkai.ItemFilter{Agency: "edu"}, []string{"I4", "I5"}},
		{"Agencies", gongkai.ItemFilter{Agencies: []string{"county"}}, []string{"I1"}},
		{"Year", gongkai.ItemFilter{Year: 2024}, []string{"I4"}},
		{"Status", gongkai.ItemFilter{Status: gongkai.ItemDraft}, []string{"I1", "I5"}},
		{"Article20", gongkai.ItemFilter{Article20Item: 7}, []string{"I5"}},
		{"Topic1", gongkai.ItemFilter{Topic: "民政"}, []string{"I5"}},
		{"Topic2", gongkai.ItemFilter{Topic: "学前教育"}, []string{"I1", "I4"}},
		{"Page", gongkai.ItemFilter{Offset: 1, Limit: 1}, []string{"I4"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			items, err := s.Items(c, test.f)
			must(t, err)
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			sameJSON(t, "items", test.want, ids)
		})
	}
}

func testIndexNo(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	next := func(code string, year int) string {
		t.Helper()
		no, err := s.NextIndexNo(c, code, year)
		must(t, err)
		return no
	}
	var got []string
	for range 3 {
		got = append(got, next("000014349", 2024))
	}
	got = append(got, next("000014349", 2025), next("01427688-X", 2024))
	sameJSON(t, "index numbers", []string{"000014349/2024-00001", "000014349/2024-00002", "000014349/2024-00003",
		"000014349/2025-00001", "01427688X/2024-00001"}, got)
	for _, no := range got {
		must(t, gongkai.ValidateIndexNo(no))
	}

	// A number whose item was never stored is not handed out again.
	no := next("000014349", 2024)
	wantCode(t, s.CreateItem(c, Item("X", "nope", gongkai.ItemDraft, "", no, "标题", "")), gongkai.ENOTFOUND)
	if n := next("000014349", 2024); n != "000014349/2024-00005" {
		t.Fatalf("after a failed creation: %s, want 000014349/2024-00005", n)
	}
	// A number taken in a transaction that rolls back is not stored
	// anywhere, and is the next one handed out (IndexNoGenerator).
	var rolledBack string
	_ = s.WithTx(c, func(tx gongkai.Store) error {
		var err error
		rolledBack, err = tx.NextIndexNo(c, "000014349", 2024)
		must(t, err)
		must(t, tx.CreateItem(c, Item("Y", "county", gongkai.ItemDraft, "", rolledBack, "标题", "")))
		return fmt.Errorf("rolled back")
	})
	_, err := s.Item(c, "Y")
	wantCode(t, err, gongkai.ENOTFOUND)
	if n := next("000014349", 2024); n != rolledBack || n != "000014349/2024-00006" {
		t.Fatalf("after a rollback: %s, want %s (000014349/2024-00006)", n, rolledBack)
	}

	// An imported item's number of the same scheme is skipped.
	must(t, s.CreateItem(c, Item("IMP", "county", gongkai.ItemDraft, "", "00413123X/2024-00001", "标题", "")))
	if n := next("00413123X", 2024); n != "00413123X/2024-00002" {
		t.Fatalf("next after an import = %s, want 00413123X/2024-00002", n)
	}

	// Every number is unique.
	seen := map[string]bool{}
	for range 20 {
		n := next("000014349", 2026)
		if seen[n] {
			t.Fatalf("%s handed out twice", n)
		}
		seen[n] = true
	}
	_, err = s.NextIndexNo(c, "1234", 2024)
	wantCode(t, err, gongkai.EINVALID)
	_, err = s.NextIndexNo(c, "000014349", 24)
	wantCode(t, err, gongkai.EINVALID)
	_, err = s.NextIndexNo(context.Background(), "000014349", 2024)
	wantCode(t, err, gongkai.EUNAUTHORIZED)
	if e := lastAudit(t, s, gongkai.EntityIndexNo, "00413123X/2024-00002"); e.Action != "issue" {
		t.Fatalf("audit entry %+v", e)
	}
}

// testIndexNoConcurrent: writers asking for numbers of the same code and
// year at once get each number exactly once, with no gap.
func testIndexNoConcurrent(t *testing.T, s gongkai.Store) {
	c := ctx()
	const writers, each = 6, 10
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				no, err := s.NextIndexNo(c, "000014349", 2024)
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				if seen[no] {
					errs <- fmt.Errorf("%s handed out twice", no)
				}
				seen[no] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if gongkai.ErrorCode(err) != gongkai.ECONFLICT { // busy: the caller retries
			t.Fatal(err)
		}
	}
	for i := 1; i <= len(seen); i++ {
		if no := fmt.Sprintf("000014349/2024-%05d", i); !seen[no] {
			t.Fatalf("%d numbers handed out, but not %s", len(seen), no)
		}
	}
	if len(seen) < writers {
		t.Fatalf("only %d numbers handed out", len(seen))
	}
}

func testSearchItems(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "civil", "county")
	items := []*gongkai.Item{
		Item("P1", "county", gongkai.ItemPublished, "2024-03-01", "000014349/2024-00001",
			"关于做好2024年学前教育资助工作的通知", "<p>各乡镇：请做好<b>学前教育</b>资助工作。</p>"),
		Item("P2", "civil", gongkai.ItemPublished, "2023-06-01", "000014349/2023-00001",
			"城乡居民最低生活保障标准调整", "<p>提高城乡低保标准，每人每月增加50元。</p>"),
		Item("P3", "county", gongkai.ItemPublished, "2024-05-01", "000014349/2024-00002",
			"宗教 育才", "<p>教，育</p>"), // a decoy: 教育 across punctuation and a space
		Item("D1", "county", gongkai.ItemDraft, "", "", "教育和低保草稿", "<p>教育 低保</p>"),
	}
	items[1].Topic = [2]string{"民政", "社会救助"}
	for _, it := range items {
		must(t, s.CreateItem(c, it))
	}
	find := func(q gongkai.SearchQuery) (int, []string, []gongkai.SearchHit) {
		t.Helper()
		total, hits, err := s.SearchItems(c, q)
		must(t, err)
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ItemID)
		}
		return total, ids, hits
	}
	for _, test := range []struct {
		name  string
		q     gongkai.SearchQuery
		total int
		want  []string
	}{
		{"教育", gongkai.SearchQuery{Q: "教育"}, 1, []string{"P1"}},
		{"低保", gongkai.SearchQuery{Q: "低保"}, 1, []string{"P2"}},
		{"Phrase", gongkai.SearchQuery{Q: "学前教育 资助"}, 1, []string{"P1"}},
		{"NoMatch", gongkai.SearchQuery{Q: "教育 低保"}, 0, nil},
		{"Agency", gongkai.SearchQuery{Q: "教育", Agency: "civil"}, 0, nil},
		{"Year", gongkai.SearchQuery{Q: "标准", Year: 2023}, 1, []string{"P2"}},
		{"OtherYear", gongkai.SearchQuery{Q: "标准", Year: 2024}, 0, nil},
		{"Topic", gongkai.SearchQuery{Topic: "社会救助"}, 1, []string{"P2"}},
		{"AllPublished", gongkai.SearchQuery{}, 3, []string{"P3", "P1", "P2"}},
		{"Page", gongkai.SearchQuery{Limit: 1, Offset: 1}, 3, []string{"P1"}},
		{"ListAgencyYear", gongkai.SearchQuery{Agency: "county", Year: 2024}, 2, []string{"P3", "P1"}},
		{"ListOtherYear", gongkai.SearchQuery{Agency: "county", Year: 2023}, 0, nil},
		{"Latin", gongkai.SearchQuery{Q: "2024"}, 1, []string{"P1"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			total, ids, _ := find(test.q)
			if total != test.total {
				t.Fatalf("total = %d, want %d", total, test.total)
			}
			sameJSON(t, "hits", test.want, ids)
		})
	}
	_, _, hits := find(gongkai.SearchQuery{Q: "低保"})
	if h := hits[0]; !strings.Contains(h.Snippet, "<mark>低保</mark>") || h.IndexNo != "000014349/2023-00001" ||
		h.Agency != "civil" || h.PublishedOn != d("2023-06-01") || h.Title != items[1].Title {
		t.Fatalf("hit %+v", h)
	}

	// Publishing indexes the item in the same transaction; withdrawing
	// takes it out.
	draft, err := s.Item(c, "D1")
	must(t, err)
	draft.Status, draft.PublishedOn, draft.IndexNo = gongkai.ItemPublished, d("2024-07-01"), "000014349/2024-00003"
	must(t, s.UpdateItem(c, draft))
	if total, ids, _ := find(gongkai.SearchQuery{Q: "低保"}); total != 2 || ids[0] != "D1" {
		t.Fatalf("after publishing: %d %v", total, ids)
	}
	if e := lastAudit(t, s, gongkai.EntityItem, "D1"); e.Action != "published" {
		t.Fatalf("audit entry %+v", e)
	}
	draft.Title = "教育草稿（更正）"
	draft.Body = "<p>改为救助</p>"
	must(t, s.UpdateItem(c, draft))
	if total, _, _ := find(gongkai.SearchQuery{Q: "低保"}); total != 1 {
		t.Fatalf("the index still has the old text: %d hits", total)
	}
	draft.Status, draft.WithdrawnOn, draft.WithdrawalNote = gongkai.ItemWithdrawn, d("2024-08-01"), "已撤回"
	must(t, s.UpdateItem(c, draft))
	if total, _, _ := find(gongkai.SearchQuery{Q: "教育"}); total != 1 {
		t.Fatalf("a withdrawn item is still found: %d hits", total)
	}
}
