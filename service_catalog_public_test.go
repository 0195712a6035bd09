package gongkai_test

import (
	"context"
	"strings"
	"testing"

	"gongkai"
	"gongkai/storetest"
)

// The public reads of the catalog: published items only in the lists, a
// draft indistinguishable from a missing item, a withdrawn item with its
// note and no content, and downloads only of the current version's files.
func TestService_PublicCatalog(t *testing.T) {
	s, _ := mustOpenService(t)
	ctx := context.Background()
	cat := storetest.MustCreateCatalog(t, s.Store, "edu", "town")

	total, items, err := s.PublicItems(ctx, gongkai.ItemFilter{Status: gongkai.ItemDraft})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range items {
		ids = append(ids, it.ID)
		if it.DraftedBy != "" || it.Versions != nil || strings.Contains(it.Body, "<script") {
			t.Errorf("%s is not a public copy: %+v", it.ID, it)
		}
	}
	if want := "P-EDU P-BUDGET P-DIBAO"; total != 3 || strings.Join(ids, " ") != want {
		t.Fatalf("PublicItems = %d %v, want 3 %s", total, ids, want)
	}
	if _, _, err := s.PublicItems(ctx, gongkai.ItemFilter{Limit: gongkai.MaxPublicLimit + 1}); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("over-long page: %v", err)
	}
	// The list for pages that show no content: the same items, public
	// copies without body or attachments.
	ltotal, list, err := s.PublicItemList(ctx, gongkai.ItemFilter{Status: gongkai.ItemDraft})
	if err != nil || ltotal != total || len(list) != len(items) {
		t.Fatalf("PublicItemList = %d, %d items, %v; want %d, %d", ltotal, len(list), err, total, len(items))
	}
	for i, it := range list {
		if it.ID != items[i].ID || it.Title != items[i].Title || it.IndexNo != items[i].IndexNo || it.Body != "" ||
			it.Attachments != nil || it.DraftedBy != "" || it.Versions != nil {
			t.Errorf("PublicItemList[%d] = %+v, want %s without content", i, it, items[i].ID)
		}
	}
	if _, _, err := s.PublicItemList(ctx, gongkai.ItemFilter{Offset: -1}); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("negative offset: %v", err)
	}
	counts, err := s.PublicItemCounts(ctx, gongkai.ItemFilter{})
	if err != nil || counts.Agencies["edu"] != 2 || counts.Article20[11] != 2 || counts.Years[2025] != 2 {
		t.Fatalf("counts %+v, %v", counts, err)
	}

	for _, key := range []string{cat.Edu, cat.EduIndexNo} {
		it, err := s.PublicItem(ctx, key)
		if err != nil || it.ID != cat.Edu || !strings.Contains(it.Body, "<b>学前教育</b>") || strings.Contains(it.Body, "script") ||
			strings.Contains(it.Body, "onclick") || len(it.Attachments) != 1 {
			t.Fatalf("PublicItem(%s) = %+v, %v", key, it, err)
		}
	}
	for _, key := range []string{cat.Draft, "nope", ""} {
		if _, err := s.PublicItem(ctx, key); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("PublicItem(%q): %v, want ENOTFOUND", key, err)
		}
	}
	gone, err := s.PublicItem(ctx, cat.Withdrawn)
	if err != nil || gone.Status != gongkai.ItemWithdrawn || gone.Body != "" || gone.Attachments != nil || gone.WithdrawalNote == "" {
		t.Fatalf("withdrawn item %+v, %v", gone, err)
	}

	a, f, err := s.PublicItemFile(ctx, cat.Edu, cat.MaskedSHA)
	if err != nil || a.SHA256 != cat.MaskedSHA || f.SHA256 != cat.MaskedSHA || !strings.Contains(a.Name, "去标识化") {
		t.Fatalf("masked file: %+v %v", a, err)
	}
	for name, c := range map[string][2]string{
		"original of the masked file": {cat.Edu, cat.OriginalSHA},
		"another item's file":         {cat.Budget, cat.MaskedSHA},
		"draft's file":                {cat.Draft, cat.DraftSHA},
		"withdrawn item's file":       {cat.Withdrawn, cat.GoneSHA},
		"no item":                     {"nope", cat.MaskedSHA},
	} {
		if _, _, err := s.PublicItemFile(ctx, c[0], c[1]); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("%s: %v, want ENOTFOUND", name, err)
		}
	}

	// An item being amended keeps its page, without content.
	wctx := gongkai.WithActor(ctx, "setup")
	edu, _ := s.Store.Item(ctx, cat.Edu)
	edu.Versions = append(edu.Versions, gongkai.ItemVersion{No: 2, Title: edu.Title, Body: edu.Body, PublishedOn: edu.PublishedOn})
	edu.Status, edu.Title = gongkai.ItemAmended, "修改中的标题"
	if err := s.Store.UpdateItem(wctx, edu); err != nil {
		t.Fatal(err)
	}
	if it, err := s.PublicItem(ctx, cat.Edu); err != nil || it.Title == "修改中的标题" || it.Body != "" || it.Attachments != nil {
		t.Fatalf("amended item %+v, %v", it, err)
	}
	if _, _, err := s.PublicItemFile(ctx, cat.Edu, cat.MaskedSHA); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Errorf("file of an amended item: %v", err)
	}
}

func TestService_SearchItems(t *testing.T) {
	s, _ := mustOpenService(t)
	ctx := context.Background()
	storetest.MustCreateCatalog(t, s.Store, "edu", "town")
	for _, c := range []struct {
		q     gongkai.SearchQuery
		total int
		code  string
	}{
		{gongkai.SearchQuery{Q: "教育"}, 1, ""},
		{gongkai.SearchQuery{Q: " 低保 "}, 1, ""},
		{gongkai.SearchQuery{Q: "低保", Agency: "edu"}, 0, ""},
		{gongkai.SearchQuery{Year: 2025}, 2, ""},
		{gongkai.SearchQuery{Q: "教"}, 0, gongkai.EINVALID},
		{gongkai.SearchQuery{Q: strings.Repeat("教育", 51)}, 0, gongkai.EINVALID},
		{gongkai.SearchQuery{Limit: gongkai.MaxSearchLimit + 1}, 0, gongkai.EINVALID},
		{gongkai.SearchQuery{Offset: gongkai.MaxSearchOffset}, 0, gongkai.EINVALID},
		{gongkai.SearchQuery{Offset: -1}, 0, gongkai.EINVALID},
		{gongkai.SearchQuery{Year: 99}, 0, gongkai.EINVALID},
	} {
		total, _, err := s.SearchItems(ctx, c.q)
		if gongkai.ErrorCode(err) != c.code && !(c.code == "" && err == nil) || total != c.total {
			t.Errorf("SearchItems(%+v) = %d, %v; want %d, %q", c.q, total, err, c.total, c.code)
		}
	}
}

// searchSpy records the queries that reach the store.
type searchSpy struct {
	gongkai.Store
	got []gongkai.SearchQuery
}

func (s *searchSpy) SearchItems(ctx context.Context, q gongkai.SearchQuery) (int, []gongkai.SearchHit, error) {
	s.got = append(s.got, q)
	return s.Store.SearchItems(ctx, q)
}

// TestService_SearchItemsLastPage: no page reaches past the hits counted
// (MaxSearchTotal): the last one is cut there, and the store never sees
// an offset at or past it.
func TestService_SearchItemsLastPage(t *testing.T) {
	s, _ := mustOpenService(t)
	spy := &searchSpy{Store: s.Store}
	s.Store = spy
	ctx := context.Background()
	m := gongkai.MaxSearchOffset
	for _, c := range []struct {
		in, want gongkai.SearchQuery
	}{
		{gongkai.SearchQuery{Q: "教育"}, gongkai.SearchQuery{Q: "教育", Limit: gongkai.PublicPageSize}},
		{gongkai.SearchQuery{Q: "教育", Offset: m - 20, Limit: 20}, gongkai.SearchQuery{Q: "教育", Offset: m - 20, Limit: 20}},
		{gongkai.SearchQuery{Q: "教育", Offset: m - 10, Limit: 30}, gongkai.SearchQuery{Q: "教育", Offset: m - 10, Limit: 10}},
		{gongkai.SearchQuery{Q: "教育", Offset: m - 1}, gongkai.SearchQuery{Q: "教育", Offset: m - 1, Limit: 1}},
	} {
		spy.got = nil
		if _, _, err := s.SearchItems(ctx, c.in); err != nil {
			t.Fatalf("%+v: %v", c.in, err)
		}
		if len(spy.got) != 1 || spy.got[0] != c.want {
			t.Errorf("SearchItems(%+v) asked the store %+v, want %+v", c.in, spy.got, c.want)
		}
	}
	spy.got = nil
	if _, _, err := s.SearchItems(ctx, gongkai.SearchQuery{Q: "教育", Offset: m}); gongkai.ErrorCode(err) != gongkai.EINVALID || spy.got != nil {
		t.Errorf("offset %d: %v, store asked %+v", m, err, spy.got)
	}
}
