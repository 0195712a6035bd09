package gongkai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Attribute is the 政府信息公开属性 of an item, decided when it is drafted and
// approved with it ("随公文一并报批", 国办发〔2016〕80号 实施细则).
type Attribute string

// The three attributes. Anything not covered by 条例第十四、十五、十六条 is to be
// disclosed (条例第十三条); the two restricted attributes must say which of
// those articles applies.
const (
	AttrProactive Attribute = "proactive"  // 主动公开 (条例第十九、二十条)
	AttrOnRequest Attribute = "on_request" // 依申请公开
	AttrWithheld  Attribute = "withheld"   // 不予公开 (条例第十四、十五、十六条)
)

// Chinese returns 主动公开, 依申请公开 or 不予公开.
func (a Attribute) Chinese() string {
	switch a {
	case AttrProactive:
		return "主动公开"
	case AttrOnRequest:
		return "依申请公开"
	case AttrWithheld:
		return "不予公开"
	}
	return string(a)
}

// ItemStatus is where an item is in the catalog workflow: draft → submitted
// → approved → published, then withdrawn, or amended (a new version that goes
// through submit and approve again).
type ItemStatus string

// The item statuses.
const (
	ItemDraft     ItemStatus = "draft"     // 起草
	ItemSubmitted ItemStatus = "submitted" // 送审
	ItemApproved  ItemStatus = "approved"  // 审核通过 (先审后发, 条例第十七条)
	ItemPublished ItemStatus = "published" // 已公开
	ItemWithdrawn ItemStatus = "withdrawn" // 已撤回 (a public note stays)
	ItemAmended   ItemStatus = "amended"   // 已变更, the new version awaits review
)

// Validity is the 有效性 of a 规范性文件.
type Validity string

// The validity states of a normative document.
const (
	NormativeValid    Validity = "valid"    // 有效
	NormativeExpired  Validity = "expired"  // 失效 (its term ran out)
	NormativeRepealed Validity = "repealed" // 废止
)

// Chinese returns 有效, 失效 or 废止.
func (v Validity) Chinese() string {
	switch v {
	case NormativeValid:
		return "有效"
	case NormativeExpired:
		return "失效"
	case NormativeRepealed:
		return "废止"
	}
	return string(v)
}

// NormativeDoc is the 规范性文件 data of an item (条例第二十条第（一）项); it
// feeds the 规范性文件 rows of table 二 of the annual report.
type NormativeDoc struct {
	Validity    Validity
	EffectiveOn Date // 实施日期
	ExpiresOn   Date // 有效期至 (zero: no fixed term)
	ExpiredOn   Date // the date it lost force, when Expired
	RepealedOn  Date // 废止日期, when Repealed
}

// Attachment is a file published with an item. The bytes live in the store;
// the item carries their identity.
type Attachment struct {
	Name      string // file name shown to the public
	MediaType string // one of AttachmentTypes
	SHA256    string // lower-case hex digest of the bytes
	Size      int64  // bytes
}

// AttachmentTypes are the media types an item may carry: PDF, DOCX, XLSX
// and images.
var AttachmentTypes = map[string]bool{
	"application/pdf": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       true,
	"image/png":  true,
	"image/jpeg": true,
	"image/gif":  true,
	"image/webp": true,
}

// Review is the review before publishing (先审后发): who reviewed, when, and
// whether the 保密审查 of 条例第十七条 was done.
type Review struct {
	Reviewer        string    // user ID; never the drafter
	ReviewedAt      time.Time // set by CatalogPolicy.Approve
	SecrecyReviewed bool      // 保密审查 recorded (条例第十七条)
	Note            string    // 审查意见
}

// ItemVersion is a past state of an item's content, kept when it is amended.
type ItemVersion struct {
	No          int // 1 for the first version
	Title       string
	DocNo       string
	Body        string
	Attachments []Attachment
	ChangedOn   Date // the 成文 or 变更 date this version's clock ran from
	PublishedOn Date
	Review      Review
	Note        string // what the next version changed and why
}

// Item is one entry of the 政府信息公开目录: a piece of government information
// with its catalog metadata (国办秘函〔2009〕6号; the gov.cn metadata block).
type Item struct {
	ID      string
	IndexNo string // 索引号, see indexno.go; imported items keep their own
	Agency  string // Agency.ID of the publishing agency
	Title   string // 标题 (main title only)
	DocNo   string // 文号, e.g. 某政办〔2024〕12号 (docno.go); may be empty
	// WrittenOn is the 成文日期; with ChangedOn it starts the publication
	// clock of 条例第二十六条.
	WrittenOn Date
	// ChangedOn is the date of the last 变更 (amendment); zero when never
	// changed. The 20 working days run again from it (条例第二十六条).
	ChangedOn   Date
	PublishedOn Date   // 发布日期 (of the current version)
	Issuer      string // 发文机关
	// Topic is the 主题分类 in two levels, e.g. {"教育", "学前教育"}; the
	// second level may be empty.
	Topic [2]string
	// Article20Item is the item (一)–(十五) of 条例第二十条 the information falls
	// under, 1–15; required for proactive items, 0 otherwise allowed.
	Article20Item int
	Attribute     Attribute
	// AttributeReason explains a restricted attribute and must cite 条例第十四、
	// 十五 or 十六条.
	AttributeReason string
	Normative       *NormativeDoc // nil when the item is not a 规范性文件
	Body            string        // sanitized HTML
	Attachments     []Attachment
	Status          ItemStatus
	DraftedBy       string // user ID of the drafter
	Review          Review
	Versions        []ItemVersion // earlier versions, oldest first
	// FromRequest is the ID of the answered request the item was made
	// from (条例第四十四条, ItemFromRequest); never shown to the public.
	FromRequest string `json:",omitempty"`
	// PrivacyAccepted are the privacy hits the reviewer decided may be
	// published as they are (Key, Where, Kind, AcceptedBy; no Text).
	PrivacyAccepted []PrivacyHit `json:",omitempty"`
	WithdrawnOn     Date
	WithdrawalNote  string // shown to the public in place of the item
	// Version is the store's edit counter, the optimistic lock of
	// ItemStore.UpdateItem: 1 after CreateItem, one more per update.
	Version int
	// UpdatedAt is when the store last wrote the item.
	UpdatedAt time.Time
}

// Article20Items are the 15 items of 条例第二十条, short form, indexed 1–15.
var Article20Items = [16]string{"",
	"行政法规、规章和规范性文件", "机关职能、机构设置等", "规划及相关政策", "统计信息",
	"行政许可和其他对外管理服务事项", "行政处罚、行政强制", "财政预算、决算", "行政事业性收费",
	"政府集中采购", "重大建设项目", "扶贫、教育、医疗、社会保障、促进就业", "突发公共事件",
	"环境保护、公共卫生、安全生产、食品药品、产品质量监督检查", "公务员招考", "其他应当主动公开的信息",
}

func itemInvalid(rule, format string, args ...any) *Error {
	e := Errorf(EINVALID, format, args...)
	e.Rule = rule
	return e
}

// Validate checks the item's own fields. The index number is parsed
// leniently (imports keep their own numbers); numbers this system issues are
// checked strictly when they are generated.
func (it *Item) Validate() error {
	switch {
	case it.Agency == "":
		return Errorf(EINVALID, "公开事项缺少发布机关")
	case strings.TrimSpace(it.Title) == "":
		return Errorf(EINVALID, "公开事项缺少标题")
	case it.WrittenOn.IsZero():
		return Errorf(EINVALID, "公开事项缺少成文日期")
	case !it.PublishedOn.IsZero() && it.PublishedOn.Before(it.WrittenOn):
		return Errorf(EINVALID, "发布日期 %s 早于成文日期 %s", it.PublishedOn, it.WrittenOn)
	case !it.ChangedOn.IsZero() && it.ChangedOn.Before(it.WrittenOn):
		return Errorf(EINVALID, "变更日期 %s 早于成文日期 %s", it.ChangedOn, it.WrittenOn)
	case it.Topic[0] == "" && it.Topic[1] != "":
		return Errorf(EINVALID, "主题分类缺少一级分类")
	}
	if it.IndexNo != "" {
		if _, err := ParseImportedIndexNo(it.IndexNo); err != nil {
			return err
		}
	}
	if it.DocNo != "" {
		if err := ValidateDocNo(it.DocNo); err != nil {
			return err
		}
	}
	if err := it.validateAttribute(); err != nil {
		return err
	}
	if n := it.Normative; n != nil {
		if err := n.validate(); err != nil {
			return err
		}
	}
	for _, a := range it.Attachments {
		if err := a.Validate(); err != nil {
			return err
		}
	}
	switch it.Status {
	case ItemDraft, ItemSubmitted, ItemApproved, ItemAmended:
	case ItemPublished:
		if it.PublishedOn.IsZero() || it.IndexNo == "" {
			return Errorf(EINVALID, "已公开的事项须有索引号和发布日期")
		}
	case ItemWithdrawn:
		if strings.TrimSpace(it.WithdrawalNote) == "" {
			return itemInvalid(RuleWorkflow, "撤回的事项须有公开说明")
		}
	default:
		return Errorf(EINVALID, "未知的事项状态 %q", it.Status)
	}
	return nil
}

// validateAttribute checks the 公开属性 and its reason.
func (it *Item) validateAttribute() error {
	switch it.Attribute {
	case AttrProactive:
		// 条例第二十条: a proactive item names the item (一)–(十五) it falls under.
		if it.Article20Item < 1 || it.Article20Item > 15 {
			return itemInvalid("条例第二十条", "主动公开的事项须注明属于条例第二十条第（一）至（十五）项中的哪一项")
		}
	case AttrOnRequest, AttrWithheld:
		if it.Article20Item < 0 || it.Article20Item > 15 {
			return itemInvalid("条例第二十条", "条例第二十条只有（一）至（十五）项")
		}
		// 条例第十三条: information is disclosed unless 第十四、十五、十六条 apply,
		// so a restricted attribute must cite one of them.
		if !CitesArticles14to16(it.AttributeReason) {
			return itemInvalid("条例第十三条", "%s须说明理由并引用条例第十四、十五或十六条", it.Attribute.Chinese())
		}
	case "":
		return itemInvalid("条例第十三条", "起草时须确定公开属性（主动公开、依申请公开或不予公开）")
	default:
		return Errorf(EINVALID, "未知的公开属性 %q", it.Attribute)
	}
	return nil
}

func (n *NormativeDoc) validate() error {
	switch n.Validity {
	case NormativeValid:
	case NormativeExpired:
		if n.ExpiredOn.IsZero() {
			return Errorf(EINVALID, "失效的规范性文件须有失效日期")
		}
	case NormativeRepealed:
		if n.RepealedOn.IsZero() {
			return Errorf(EINVALID, "废止的规范性文件须有废止日期")
		}
	default:
		return Errorf(EINVALID, "规范性文件有效性 %q：应为 valid、expired 或 repealed", n.Validity)
	}
	for _, d := range []Date{n.ExpiresOn, n.ExpiredOn, n.RepealedOn} {
		if !d.IsZero() && !n.EffectiveOn.IsZero() && d.Before(n.EffectiveOn) {
			return Errorf(EINVALID, "规范性文件的日期 %s 早于实施日期 %s", d, n.EffectiveOn)
		}
	}
	return nil
}

// Validate checks an attachment's name, type, digest and size.
func (a Attachment) Validate() error {
	switch {
	case strings.TrimSpace(a.Name) == "" || strings.ContainsAny(a.Name, "/\\\x00"):
		return Errorf(EINVALID, "附件名 %q 无效", a.Name)
	case !AttachmentTypes[a.MediaType]:
		return Errorf(EINVALID, "附件 %s 的类型 %q 不受支持（PDF、DOCX、XLSX、图片）", a.Name, a.MediaType)
	case len(a.SHA256) != 64 || strings.Trim(a.SHA256, "0123456789abcdef") != "":
		return Errorf(EINVALID, "附件 %s 的 SHA-256 摘要无效", a.Name)
	case a.Size <= 0:
		return Errorf(EINVALID, "附件 %s 为空", a.Name)
	}
	return nil
}

// CitesArticles14to16 reports whether reason cites 第十四条, 第十五条 or
// 第十六条 (also written 第14条, or in a list such as 第十五、十六条). 第二十六条
// does not count.
func CitesArticles14to16(reason string) bool {
	for rest := reason; ; {
		i := strings.Index(rest, "第")
		if i < 0 {
			return false
		}
		rest = rest[i+len("第"):]
		j := strings.Index(rest, "条")
		if j < 0 || utf8.RuneCountInString(rest[:j]) > 20 {
			continue
		}
		for _, n := range strings.FieldsFunc(rest[:j], func(r rune) bool { return strings.ContainsRune("、，,和及与 ", r) }) {
			switch n {
			case "十四", "十五", "十六", "14", "15", "16":
				return true
			}
		}
	}
}
