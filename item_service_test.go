package gongkai_test

import (
	"context"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/ooxmltest"
)

// plantedID is the example number of GB 11643 (valid check digit).
const plantedID = "11010519491231002X"

func wantErr(t *testing.T, err error, code, contains string) {
	t.Helper()
	if gongkai.ErrorCode(err) != code || !strings.Contains(gongkai.ErrorMessage(err), contains) {
		t.Fatalf("error = %v (%s), want %s containing %q", err, gongkai.ErrorCode(err), code, contains)
	}
}

func draftItem(agency string) *gongkai.Item {
	return &gongkai.Item{
		Agency: agency, Title: "关于2025年学前教育资助名单的公示", Issuer: "示例县教育局",
		WrittenOn: gongkai.MustParseDate("2025-12-01"), Topic: [2]string{"教育", "学前教育"},
		Article20Item: 11, Attribute: gongkai.AttrProactive,
		Body: `<p onclick="x()">受助幼儿家长张某，身份证号 ` + plantedID + `，联系电话 13800138000。</p><script>alert(1)</script>`,
	}
}

func TestService_CatalogWorkflowPrivacy(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	clerk, admin := users["edu"], users["admin"]
	it := draftItem("edu")
	if err := s.CreateItem(ctx, users["town"], it); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("another agency's clerk created an item: %v", err)
	}
	if err := s.CreateItem(ctx, clerk, it); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(it.Body, "script") || strings.Contains(it.Body, "onclick") || it.DraftedBy != clerk.ID {
		t.Fatalf("draft body %q drafter %q: want sanitized, drafted by the clerk", it.Body, it.DraftedBy)
	}
	if _, err := s.AttachItemFile(ctx, clerk, it.ID, it.Version, "名单.exe", []byte("MZ\x90\x00")); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("executable attached: %v", err)
	}
	docx := ooxmltest.DOCX("张某", "资助名单", "张某 "+plantedID)
	it, err := s.AttachItemFile(ctx, clerk, it.ID, it.Version, "资助名单.docx", docx)
	if err != nil {
		t.Fatal(err)
	}
	original := it.Attachments[0].SHA256
	if _, err := s.SubmitItem(ctx, clerk, it.ID, it.Version-1); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("stale version: %v, want ECONFLICT", err)
	}
	if it, err = s.SubmitItem(ctx, clerk, it.ID, it.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditItem(ctx, clerk, it.ID, it.Version, gongkai.ItemEdit{Title: "改"}); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Fatalf("edit under review: %v", err)
	}
	if _, err := s.ApproveItem(ctx, clerk, it.ID, it.Version, true, ""); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("a clerk approved: %v", err)
	}
	_, err = s.ApproveItem(ctx, admin, it.ID, it.Version, false, "")
	wantErr(t, err, gongkai.EINVALID, "保密审查")
	if it, err = s.ApproveItem(ctx, admin, it.ID, it.Version, true, "同意公开"); err != nil {
		t.Fatal(err)
	}

	// Blocked: the ID number is in the body and in the attachment.
	_, err = s.PublishItem(ctx, admin, it.ID, it.Version)
	wantErr(t, err, gongkai.EINVALID, "居民身份证号码")
	if got, _ := s.CatalogItem(ctx, admin, it.ID); got.Status != gongkai.ItemApproved || got.IndexNo != "" {
		t.Fatalf("after the refusal: status %s index %q, want approved without a number", got.Status, got.IndexNo)
	}
	hits, err := s.ItemPrivacy(ctx, admin, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mask, accept []string
	kinds := map[string]int{}
	for _, h := range hits {
		kinds[h.Kind]++
		if h.Kind == "mobile" {
			accept = append(accept, h.Key) // the office's public number, say
		} else {
			mask = append(mask, h.Key)
		}
	}
	if kinds["id_card"] != 2 || kinds["mobile"] != 1 {
		t.Fatalf("hits by kind %v: want the ID number in the body and the attachment, and the phone", kinds)
	}
	if _, err := s.ResolvePrivacy(ctx, clerk, it.ID, it.Version, nil, accept); err == nil {
		t.Fatal("the drafter accepted personal data")
	}
	if it, err = s.ResolvePrivacy(ctx, admin, it.ID, it.Version, mask, accept); err != nil {
		t.Fatal(err)
	}
	if it, err = s.PublishItem(ctx, admin, it.ID, it.Version); err != nil {
		t.Fatal(err)
	}
	if it.Status != gongkai.ItemPublished || it.IndexNo != "000000002/2025-00001" || it.PublishedOn.String() != "2025-12-31" {
		t.Fatalf("published: status %s index %q on %s", it.Status, it.IndexNo, it.PublishedOn)
	}
	stored, _ := s.CatalogItem(ctx, admin, it.ID)
	if strings.Contains(stored.Body, plantedID) || !strings.Contains(stored.Body, "13800138000") {
		t.Fatalf("published body %q: want the ID masked and the accepted phone kept", stored.Body)
	}
	if stored.Attachments[0].SHA256 == original {
		t.Fatal("the attachment still refers to the unmasked file")
	}
	f, err := s.Store.ItemFile(ctx, stored.Attachments[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	text, err := ooxmltest.Text(f.Data)
	if err != nil || strings.Contains(text, plantedID) || strings.Contains(text, "张某") && strings.Contains(text, "1101") {
		t.Fatalf("masked attachment text %q (%v)", text, err)
	}
	for _, a := range stored.PrivacyAccepted {
		if a.Text != "" || a.AcceptedBy != admin.ID {
			t.Fatalf("accepted hit stored as %+v: want no text, accepted by the reviewer", a)
		}
	}
	if pub, err := s.PublicItem(ctx, it.IndexNo); err != nil || pub.PrivacyAccepted != nil || pub.Review.Reviewer != "" || pub.DraftedBy != "" {
		t.Fatalf("public copy %+v, %v: want no review record", pub, err)
	}
	if results, _, err := s.Store.SearchItems(ctx, gongkai.SearchQuery{Q: "学前教育"}); err != nil || results != 1 {
		t.Fatalf("search after publishing: %d, %v", results, err)
	}

	// Amend, then withdraw with a note.
	if _, err := s.WithdrawItem(ctx, clerk, it.ID, it.Version, "撤回"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("a clerk withdrew: %v", err)
	}
	if it, err = s.AmendItem(ctx, clerk, it.ID, it.Version, "更正名单"); err != nil {
		t.Fatal(err)
	}
	if len(it.Versions) != 1 || it.Status != gongkai.ItemAmended || it.IndexNo != "000000002/2025-00001" {
		t.Fatalf("amended: %d versions, status %s, index %q", len(it.Versions), it.Status, it.IndexNo)
	}
	_, err = s.WithdrawItem(ctx, admin, it.ID, it.Version, "")
	wantErr(t, err, gongkai.EINVALID, "撤回说明")
	if it, err = s.WithdrawItem(ctx, admin, it.ID, it.Version, "名单有误，已撤回"); err != nil || it.Status != gongkai.ItemWithdrawn {
		t.Fatalf("withdraw: %v, status %s", err, it.Status)
	}
}

func TestService_ResolvePrivacyUnmaskable(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := context.Background()
	it := draftItem("edu")
	it.Body = "<p>无个人信息。</p>"
	must(t, s.CreateItem(ctx, users["edu"], it))
	it, err := s.AttachItemFile(ctx, users["edu"], it.ID, it.Version, "照片.png", pngBytes)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.ItemPrivacy(ctx, users["edu"], it.ID)
	if err != nil || len(hits) != 1 || hits[0].Kind != "unscanned" || hits[0].Maskable {
		t.Fatalf("image hits %+v, %v: want one unscanned, not maskable", hits, err)
	}
	_, err = s.ResolvePrivacy(ctx, users["edu"], it.ID, it.Version, []string{hits[0].Key}, nil)
	wantErr(t, err, gongkai.EINVALID, "无法自动遮盖")
}

func TestService_OverdueItems(t *testing.T) {
	s, users := mustOpenService(t) // today is 2025-12-31
	ctx := context.Background()
	late := draftItem("edu")
	late.WrittenOn = gongkai.MustParseDate("2025-11-03")
	fresh := draftItem("edu")
	fresh.WrittenOn = gongkai.MustParseDate("2025-12-20")
	must(t, s.CreateItem(ctx, users["edu"], late))
	must(t, s.CreateItem(ctx, users["edu"], fresh))
	got, err := s.OverdueItems(ctx, users["edu"], "edu")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Item.ID != late.ID || got[0].Due.Date.String() != "2025-12-01" {
		t.Fatalf("overdue %+v: want the item written on 3 November, due 1 December", got)
	}
	if _, err := s.OverdueItems(ctx, users["town"], "edu"); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
		t.Fatalf("another agency's overdue list: %v", err)
	}
}

// pngBytes is a 1×1 PNG.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82")

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
