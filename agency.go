package gongkai

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ReportScope says what the annual report of an agency covers.
type ReportScope string

// The report scopes. An aggregate is never silently the sum of something
// else: an agency reports its own work (本级) unless it is explicitly set to
// report its whole subtree (汇总).
const (
	ScopeOwn     ReportScope = "own"     // 本级: the agency's own requests, items and cases
	ScopeSubtree ReportScope = "subtree" // 汇总: the agency and every agency below it
)

// Agency is an administrative organ (行政机关) of the jurisdiction: the
// county government, a department (局) or a township (乡镇). Agencies form a
// tree through ParentID.
type Agency struct {
	ID       string
	ParentID string // "" for the root of the jurisdiction
	Name     string // full name, e.g. 某某县教育局
	// Code is the 统一社会信用代码 (18 characters, GB 32100) or the older
	// 组织机构代码 (9 characters, GB 11714); it is the first part of every
	// 索引号 (index_no) the agency issues.
	Code        string
	ReportScope ReportScope

	// Contact data printed in the 政府信息公开指南 (条例第十二条).
	Address string // 办公地址
	Hours   string // 办公时间
	Phone   string // 联系电话
	Fax     string // 传真
	Email   string // 电子邮箱
	Postal  string // 邮政编码
}

// AgencyFilter selects agencies. Zero fields do not filter.
type AgencyFilter struct {
	ParentID *string // direct children of this agency ("" for the roots)
	Code     string
	Offset   int
	Limit    int // 0 means no limit
}

// AgencyUpdate holds the fields to change; nil fields stay as they are.
type AgencyUpdate struct {
	ParentID    *string
	Name        *string
	Code        *string
	ReportScope *ReportScope
	Address     *string
	Hours       *string
	Phone       *string
	Fax         *string
	Email       *string
	Postal      *string
}

// Apply returns a copy of a with u applied.
func (u *AgencyUpdate) Apply(a Agency) Agency {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&a.ParentID, u.ParentID)
	set(&a.Name, u.Name)
	set(&a.Code, u.Code)
	if u.ReportScope != nil {
		a.ReportScope = *u.ReportScope
	}
	set(&a.Address, u.Address)
	set(&a.Hours, u.Hours)
	set(&a.Phone, u.Phone)
	set(&a.Fax, u.Fax)
	set(&a.Email, u.Email)
	set(&a.Postal, u.Postal)
	return a
}

// Validate checks a's own fields (the tree is checked by the store).
func (a *Agency) Validate() error {
	switch {
	case a.ID == "":
		return Errorf(EINVALID, "agency without an id")
	case strings.TrimSpace(a.Name) == "":
		return Errorf(EINVALID, "agency %s: name required", a.ID)
	case a.ParentID == a.ID:
		return Errorf(EINVALID, "agency %s cannot be its own parent", a.ID)
	case a.ReportScope != ScopeOwn && a.ReportScope != ScopeSubtree:
		return Errorf(EINVALID, "agency %s: report scope %q: want own (本级) or subtree (汇总)", a.ID, a.ReportScope)
	}
	if err := ValidateAgencyCode(a.Code); err != nil {
		return fmt.Errorf("agency %s: %w", a.ID, err)
	}
	return nil
}

// ValidateAgencyCode checks an agency code: empty (not yet known), a
// 9-character 组织机构代码 or an 18-character 统一社会信用代码 with a valid GB
// 32100 check character.
func ValidateAgencyCode(code string) error {
	if code == "" {
		return nil
	}
	switch utf8.RuneCountInString(code) {
	case 9:
		for _, r := range code {
			if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
				return Errorf(EINVALID, "组织机构代码 %q: only digits and capital letters", code)
			}
		}
		return nil
	case 18:
		if !creditCodeOK(code) {
			return Errorf(EINVALID, "统一社会信用代码 %q: check character does not match (GB 32100)", code)
		}
		return nil
	}
	return Errorf(EINVALID, "agency code %q: want a 9-character 组织机构代码 or an 18-character 统一社会信用代码", code)
}

// creditCodeOK reports whether code is a 统一社会信用代码 whose last character
// is the GB 32100 check character of the first 17.
func creditCodeOK(code string) bool {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	if len(code) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(alphabet, code[i])
		if v < 0 {
			return false
		}
		sum += v * weights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return code[17] == alphabet[c]
}
