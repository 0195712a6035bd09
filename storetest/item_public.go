package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"gongkai"
)

// testItemList checks ItemPage, ItemCounts and ItemByIndexNo: newest
// publication first with the total, filters, counts per facet.
func testItemList(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	MustCreateAgency(t, s, "civil", "county")
	items := []*gongkai.Item{
		Item("P1", "county", gongkai.ItemPublished, "2024-03-01", "000014349/2024-00001", "学前教育资助", ""),
		Item("P2", "civil", gongkai.ItemPublished, "2023-06-01", "000014349/2023-00001", "低保标准", ""),
		Item("P3", "county", gongkai.ItemPublished, "2024-05-01", "000014349/2024-00002", "财政预算", ""),
		Item("D1", "county", gongkai.ItemDraft, "", "", "草稿", ""),
	}
	items[1].Topic, items[1].Article20Item = [2]string{"民政", "社会救助"}, 11
	items[2].Topic, items[2].Article20Item = [2]string{"财政", ""}, 7
	for _, it := range items {
		must(t, s.CreateItem(c, it))
	}
	ids := func(its []*gongkai.Item) []string {
		var out []string
		for _, it := range its {
			out = append(out, it.ID)
		}
		return out
	}
	pub := gongkai.ItemPublished
	for _, test := range []struct {
		name  string
		f     gongkai.ItemFilter
		total int
		want  []string
	}{
		{"All", gongkai.ItemFilter{Status: pub}, 3, []string{"P3", "P1", "P2"}},
		{"Page", gongkai.ItemFilter{Status: pub, Limit: 2, Offset: 1}, 3, []string{"P1", "P2"}},
		{"PastEnd", gongkai.ItemFilter{Status: pub, Limit: 2, Offset: 3}, 3, nil},
		{"Agency", gongkai.ItemFilter{Status: pub, Agency: "civil"}, 1, []string{"P2"}},
		{"Year", gongkai.ItemFilter{Status: pub, Year: 2024}, 2, []string{"P3", "P1"}},
		{"Article20", gongkai.ItemFilter{Status: pub, Article20Item: 7}, 1, []string{"P3"}},
		{"Topic", gongkai.ItemFilter{Status: pub, Topic: "社会救助"}, 1, []string{"P2"}},
		{"Drafts", gongkai.ItemFilter{Status: gongkai.ItemDraft}, 1, []string{"D1"}},
	} {
		t.Run(test.name, func(t *testing.T) {
			total, got, err := s.ItemPage(c, test.f)
			must(t, err)
			if total != test.total {
				t.Fatalf("total = %d, want %d", total, test.total)
			}
			sameJSON(t, "items", test.want, ids(got))
		})
	}
	counts, err := s.ItemCounts(c, gongkai.ItemFilter{Status: pub, Limit: 1})
	must(t, err)
	sameJSON(t, "counts", &gongkai.ItemCounts{
		Article20: map[int]int{7: 1, 11: 2},
		Topics:    map[string]int{"教育": 1, "民政": 1, "财政": 1},
		Agencies:  map[string]int{"county": 2, "civil": 1},
		Years:     map[int]int{2023: 1, 2024: 2},
	}, counts)
	counts, err = s.ItemCounts(c, gongkai.ItemFilter{Status: pub, Agency: "nobody"})
	must(t, err)
	if len(counts.Article20)+len(counts.Topics)+len(counts.Agencies)+len(counts.Years) != 0 {
		t.Fatalf("counts of nothing: %+v", counts)
	}

	got, err := s.ItemByIndexNo(c, "000014349/2023-00001")
	must(t, err)
	if got.ID != "P2" {
		t.Fatalf("ItemByIndexNo gave %s", got.ID)
	}
	_, err = s.ItemByIndexNo(c, "000014349/2099-00001")
	wantCode(t, err, gongkai.ENOTFOUND)
	_, err = s.ItemByIndexNo(c, "")
	wantCode(t, err, gongkai.ENOTFOUND)

	// StoredIndexNos: the stored ones of many, whatever their number.
	nos := []string{"000014349/2099-00001", "000014349/2023-00001", "", "000014349/2023-00001'"}
	for i := range 5000 {
		nos = append(nos, fmt.Sprintf("000014349/2098-%05d", i))
	}
	stored, err := s.StoredIndexNos(c, nos)
	must(t, err)
	if len(stored) != 1 || stored[0] != "000014349/2023-00001" {
		t.Fatalf("StoredIndexNos gave %q", stored)
	}
	if stored, err := s.StoredIndexNos(c, nil); err != nil || len(stored) != 0 {
		t.Fatalf("StoredIndexNos(nil) = %q, %v", stored, err)
	}
}

// Catalog is what MustCreateCatalog stored: the items' IDs and the digests
// of the files the public may and may not download.
type Catalog struct {
	Edu, Dibao, Budget, Draft, Withdrawn string // item IDs
	EduIndexNo                           string
	MaskedSHA                            string // the masked list, current attachment of Edu
	OriginalSHA                          string // the unmasked list, attachment of Edu's first version
	DraftSHA                             string // attachment of the draft
	GoneSHA                              string // attachment of the withdrawn item
}

// MustCreateCatalog stores a small catalog for the public-side tests, with
// agency a publishing the education items and agency b the 低保 one: three
// published items (one a repealed 规范性文件, one amended before with its
// unmasked attachment in its first version), a draft and a withdrawn item,
// each with attachment files stored.
func MustCreateCatalog(tb testing.TB, s gongkai.Store, a, b string) *Catalog {
	tb.Helper()
	c := ctx()
	file := func(data string) gongkai.Attachment {
		sum := sha256.Sum256([]byte(data))
		f := &gongkai.ItemFile{SHA256: hex.EncodeToString(sum[:]), MediaType: "application/pdf", Data: []byte(data)}
		must(tb, s.PutItemFile(c, f))
		return gongkai.Attachment{Name: "附件.pdf", MediaType: f.MediaType, SHA256: f.SHA256, Size: int64(len(data))}
	}
	cat := &Catalog{Edu: "P-EDU", Dibao: "P-DIBAO", Budget: "P-BUDGET", Draft: "D-DRAFT", Withdrawn: "W-GONE",
		EduIndexNo: "000000002/2025-00001"}
	edu := Item(cat.Edu, a, gongkai.ItemPublished, "2025-03-01", cat.EduIndexNo,
		"关于做好2025年学前教育资助工作的通知", `<p>各乡镇：请做好<b>学前教育</b>资助工作。</p><script>alert("x")</script><p onclick="x()">资助名单见附件。</p>`)
	edu.WrittenOn, edu.DocNo, edu.Issuer = d("2025-02-20"), "示教〔2025〕3号", "示例县教育局"
	masked, original := file("%PDF 资助对象名单 张** 350***"), file("%PDF 资助对象名单 张三 350102199001011234")
	masked.Name = "2025年学前教育资助对象名单（去标识化）.pdf"
	original.Name = masked.Name
	edu.Attachments = []gongkai.Attachment{masked}
	edu.Versions = []gongkai.ItemVersion{{No: 1, Title: edu.Title, Body: "<p>旧正文</p>", Attachments: []gongkai.Attachment{original},
		ChangedOn: d("2025-02-20"), PublishedOn: d("2025-02-25"), Note: "遮盖个人信息"}}
	cat.MaskedSHA, cat.OriginalSHA = masked.SHA256, original.SHA256

	dibao := Item(cat.Dibao, b, gongkai.ItemPublished, "2024-06-01", "000000003/2024-00001",
		"城乡居民最低生活保障标准调整", "<p>提高城乡低保标准，每人每月增加50元。</p>")
	dibao.WrittenOn, dibao.Topic = d("2024-05-20"), [2]string{"民政", "社会救助"}
	dibao.Normative = &gongkai.NormativeDoc{Validity: gongkai.NormativeRepealed, EffectiveOn: d("2024-07-01"), RepealedOn: d("2025-07-01")}

	budget := Item(cat.Budget, a, gongkai.ItemPublished, "2025-01-10", "000000002/2025-00002", "2025年部门预算公开", "<p>部门预算。</p>")
	budget.WrittenOn, budget.Topic, budget.Article20Item = d("2025-01-05"), [2]string{"财政", ""}, 7

	draft := Item(cat.Draft, a, gongkai.ItemDraft, "", "", "教育低保草稿（不应公开）", "<p>草稿：教育、低保</p>")
	draftFile := file("%PDF 草稿附件")
	draft.Attachments = []gongkai.Attachment{draftFile}
	cat.DraftSHA = draftFile.SHA256

	gone := Item(cat.Withdrawn, a, gongkai.ItemPublished, "2024-05-01", "000000002/2024-00001", "学前教育收费标准（已撤回）", "<p>撤回前的教育正文</p>")
	goneFile := file("%PDF 撤回的附件")
	gone.Attachments = []gongkai.Attachment{goneFile}
	cat.GoneSHA = goneFile.SHA256
	for _, it := range []*gongkai.Item{edu, dibao, budget, draft, gone} {
		must(tb, s.CreateItem(c, it))
	}
	gone.Status, gone.WithdrawnOn, gone.WithdrawalNote = gongkai.ItemWithdrawn, d("2024-06-01"), "因内容有误已撤回，更正后的信息另行发布。"
	must(tb, s.UpdateItem(c, gone))
	return cat
}
