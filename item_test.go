package gongkai

import (
	"strings"
	"testing"
)

const testCreditCode = "11350524003661111Q"

// mustItem returns a valid proactive draft.
func mustItem() *Item {
	return &Item{
		ID: "i1", Agency: "a1", Title: "关于做好2024年秋季学期学前教育资助工作的通知",
		DocNo: "某教〔2024〕12号", WrittenOn: MustParseDate("2024-09-27"), Issuer: "某某县教育局",
		Topic: [2]string{"教育", "学前教育"}, Article20Item: 11, Attribute: AttrProactive,
		Body: "<p>各乡镇中心学校：</p>", Status: ItemDraft, DraftedBy: "u-drafter",
		Attachments: []Attachment{{Name: "附件1.pdf", MediaType: "application/pdf", SHA256: strings.Repeat("ab", 32), Size: 1024}},
	}
}

func TestItem_Validate(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Item)
		rule string // "" when valid
		ok   bool
	}{
		{"OK", func(*Item) {}, "", true},
		{"OKImportedIndexNo", func(it *Item) { it.IndexNo = "0142768-8/2022-00185" }, "", true},
		{"OKWithheld", func(it *Item) {
			it.Attribute, it.Article20Item, it.AttributeReason = AttrWithheld, 0, "属于内部事务信息，依据条例第十六条第一款不予公开"
		}, "", true},
		{"OKOnRequestList", func(it *Item) {
			it.Attribute, it.AttributeReason = AttrOnRequest, "涉及个人隐私（条例第十五、十六条）"
		}, "", true},
		{"OKNormative", func(it *Item) {
			it.Normative = &NormativeDoc{Validity: NormativeRepealed, EffectiveOn: MustParseDate("2024-10-01"), RepealedOn: MustParseDate("2025-06-01")}
		}, "", true},
		{"ErrNoAttribute", func(it *Item) { it.Attribute = "" }, "条例第十三条", false},
		{"ErrWithheldNoCitation", func(it *Item) { it.Attribute, it.AttributeReason = AttrWithheld, "涉密" }, "条例第十三条", false},
		{"ErrCites26NotTheRightArticle", func(it *Item) { it.Attribute, it.AttributeReason = AttrOnRequest, "依据条例第二十六条" }, "条例第十三条", false},
		{"ErrArticle20Missing", func(it *Item) { it.Article20Item = 0 }, "条例第二十条", false},
		{"ErrArticle20Range", func(it *Item) { it.Article20Item = 16 }, "条例第二十条", false},
		{"ErrDocNoBrackets", func(it *Item) { it.DocNo = "某教[2024]12号" }, "文号格式", false},
		{"ErrPublishedBeforeWritten", func(it *Item) { it.PublishedOn = MustParseDate("2024-09-01") }, "", false},
		{"ErrTopicSecondOnly", func(it *Item) { it.Topic = [2]string{"", "学前教育"} }, "", false},
		{"ErrAttachmentType", func(it *Item) { it.Attachments[0].MediaType = "application/zip" }, "", false},
		{"ErrAttachmentDigest", func(it *Item) { it.Attachments[0].SHA256 = "xyz" }, "", false},
		{"ErrRepealedNoDate", func(it *Item) { it.Normative = &NormativeDoc{Validity: NormativeRepealed} }, "", false},
		{"ErrWithdrawnNoNote", func(it *Item) { it.Status = ItemWithdrawn }, RuleWorkflow, false},
		{"ErrPublishedNoIndexNo", func(it *Item) { it.Status, it.PublishedOn = ItemPublished, it.WrittenOn }, "", false},
		{"ErrNoTitle", func(it *Item) { it.Title = " " }, "", false},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			it := mustItem()
			test.edit(it)
			err := it.Validate()
			if test.ok {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate = %v, want EINVALID", err)
			}
			if test.rule != "" {
				if e, _ := err.(*Error); e == nil || e.Rule != test.rule {
					t.Errorf("Rule of %v, want %q", err, test.rule)
				}
			}
		})
	}
}

func TestItem_CitesArticles14to16(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"依据条例第十四条", true},
		{"条例第14条", true},
		{"条例第十四、十五、十六条", true},
		{"第十五条和第十六条", true},
		{"条例第二十六条", false},
		{"条例第十六项", false},
		{"不予公开", false},
		{"", false},
	}
	for _, test := range tests {
		if got := CitesArticles14to16(test.in); got != test.want {
			t.Errorf("CitesArticles14to16(%q) = %v, want %v", test.in, got, test.want)
		}
	}
}
