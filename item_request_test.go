package gongkai_test

import (
	"context"
	"strings"
	"testing"

	"gongkai"
)

// An answered, disclosed request becomes a draft item (条例第四十四条); the
// applicant's name, planted in the subject, is found by the privacy scan
// and must be masked before the item can be published and searched.
func TestService_ItemFromRequest(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	edu, admin := users["edu"], users["admin"]
	r := &gongkai.Request{ID: "R1", Agency: "edu", Subject: "测试申请人申请公开2025年义务教育招生计划"}
	must(t, s.CreateRequest(ctx, edu, r, applicant("ap-1", gongkai.NaturalPerson), received("2025-03-03")))
	if _, err := s.ItemFromRequest(ctx, edu, "R1"); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("open request made an item: %v", err)
	}
	decide := gongkai.Event{Kind: gongkai.EventDecided, On: gongkai.MustParseDate("2025-03-10"), Outcome: "granted", Article: "条例第三十六条第（二）项"}
	if _, err := s.RecordEvent(ctx, edu, "R1", 1, decide); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ItemFromRequest(ctx, users["town"], "R1"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("another agency's clerk: %v", err)
	}
	it, err := s.ItemFromRequest(ctx, edu, "R1")
	if err != nil {
		t.Fatal(err)
	}
	if it.Status != gongkai.ItemDraft || it.FromRequest != "R1" || !strings.Contains(it.Body, "义务教育招生计划") {
		t.Fatalf("item %+v", it)
	}
	it, err = s.SubmitItem(ctx, edu, it.ID, it.Version)
	must(t, err)
	it, err = s.ApproveItem(ctx, admin, it.ID, it.Version, true, "")
	must(t, err)
	_, err = s.PublishItem(ctx, admin, it.ID, it.Version)
	wantErr(t, err, gongkai.EINVALID, "申请人姓名")
	hits, err := s.ItemPrivacy(ctx, admin, it.ID)
	must(t, err)
	var keys []string
	for _, h := range hits {
		keys = append(keys, h.Key)
	}
	it, err = s.ResolvePrivacy(ctx, admin, it.ID, it.Version, keys, nil)
	must(t, err)
	it, err = s.PublishItem(ctx, admin, it.ID, it.Version)
	must(t, err)
	n, found, err := s.Store.SearchItems(ctx, gongkai.SearchQuery{Q: "招生"})
	if err != nil || n != 1 || strings.Contains(found[0].Snippet, "测试申请人") {
		t.Fatalf("search: %d %+v %v: want the item, without the applicant's name", n, found, err)
	}
}
