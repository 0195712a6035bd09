package gongkai

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// 索引号 (index_no). 国办秘函〔2009〕6号《政府信息公开目录系统实施指引（试行）》:
// "前段码/后段码"; the front part is the publishing unit's 组织机构代码 without
// its "-" (9 characters), the back part a 4-digit year, "-", and a 5-digit
// serial number: 000014349/2018-00222. It is "每条信息唯一不变的标识，一经生成
// 不因发布机构变更而更改", so a number is never reused, not even after a
// withdrawal. Agencies that only have an 18-character 统一社会信用代码 use it as
// the front part (a common practice, not a national rule).

// IndexNo is a parsed 索引号.
type IndexNo struct {
	Raw    string // the number as written; imported numbers are kept as is
	Prefix string // 前段码: the agency code (with any "-" of an imported number)
	Year   int    // 0 when the back part has no recognisable year
	Month  int    // for imported yyyymm back parts (11341702486344515H/202110-00013)
	Seq    int    // the serial number, 0 when none was recognised
	// Standard reports whether Raw is in the form this system issues:
	// 9- or 18-character code, "/", YYYY, "-", 5 digits.
	Standard bool
}

// IndexNoGenerator issues new index numbers. Implementations (the stores)
// keep one counter per agency code and year, never hand out a number twice
// and never reuse the number of a withdrawn item (国办秘函〔2009〕6号).
//
// The stores increment the counter in the transaction NextIndexNo runs in.
// Called on its own, that transaction commits before the number is
// returned: the number is used up even if storing the item fails later.
// Called within Store.WithTx, the increment commits or rolls back with the
// caller's writes; a number rolled back was never stored or shown, and is
// the next one handed out. A number an (imported) item already holds is
// skipped.
type IndexNoGenerator interface {
	// NextIndexNo returns the next number of agencyCode in year. EINVALID
	// for a bad code or year, EINVALID when the 99999 numbers of the year
	// are used up.
	NextIndexNo(ctx context.Context, agencyCode string, year int) (string, error)
}

// NextIndexNo formats the index number with serial number seq:
// agencyCode + "/" + YYYY + "-" + 5 digits. agencyCode must be a valid
// 9-character 组织机构代码 (a "-" is dropped, as the 指引 says) or an
// 18-character 统一社会信用代码; seq is 1–99999.
func NextIndexNo(agencyCode string, year, seq int) (string, error) {
	code := strings.ReplaceAll(agencyCode, "-", "")
	if code == "" {
		return "", itemInvalid("国办秘函〔2009〕6号", "机构没有组织机构代码或统一社会信用代码，无法生成索引号")
	}
	if err := ValidateAgencyCode(code); err != nil {
		return "", err
	}
	if year < 1000 || year > 9999 {
		return "", itemInvalid("国办秘函〔2009〕6号", "索引号年份 %d 须为4位", year)
	}
	if seq < 1 || seq > 99999 {
		return "", itemInvalid("国办秘函〔2009〕6号", "索引号流水号 %d 须在1至99999之间", seq)
	}
	return fmt.Sprintf("%s/%04d-%05d", code, year, seq), nil
}

// ParseIndexNo parses an index number in the standard form and returns an
// error for anything else: it is the check for the numbers this system
// issues.
func ParseIndexNo(s string) (IndexNo, error) {
	n, err := ParseImportedIndexNo(s)
	if err != nil {
		return IndexNo{}, err
	}
	if !n.Standard {
		return IndexNo{}, itemInvalid("国办秘函〔2009〕6号", "索引号 %q 不符合“机构代码/年份-5位流水号”格式", s)
	}
	if err := ValidateAgencyCode(n.Prefix); err != nil {
		return IndexNo{}, err
	}
	return n, nil
}

// ValidateIndexNo checks a number this system issues (ParseIndexNo).
func ValidateIndexNo(s string) error {
	_, err := ParseIndexNo(s)
	return err
}

// ParseImportedIndexNo parses an index number leniently, as found on real
// sites: 0142768-8/2022-00185 (hyphenated code), 11341702486344515H/202110-00013
// (yyyymm), or a local scheme it does not understand (kept with Year and Seq
// zero). It rejects only what cannot be an index number: empty, longer than
// 64 characters, or containing spaces or control characters.
func ParseImportedIndexNo(s string) (IndexNo, error) {
	n := IndexNo{Raw: s}
	if s == "" || len(s) > 64 {
		return n, Errorf(EINVALID, "索引号 %q 无效", s)
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return n, Errorf(EINVALID, "索引号 %q 含空白或控制字符", s)
		}
	}
	prefix, back, ok := strings.Cut(s, "/")
	if !ok {
		return n, nil // a local scheme without a front part
	}
	n.Prefix = prefix
	date, seq, ok := strings.Cut(back, "-")
	if !ok || !allDigits(date) || !allDigits(seq) || seq == "" {
		return n, nil
	}
	switch len(date) {
	case 4:
		n.Year, _ = strconv.Atoi(date)
	case 6:
		n.Year, _ = strconv.Atoi(date[:4])
		n.Month, _ = strconv.Atoi(date[4:])
		if n.Month < 1 || n.Month > 12 {
			n.Month = 0
		}
	default:
		return n, nil
	}
	n.Seq, _ = strconv.Atoi(seq)
	n.Standard = len(date) == 4 && len(seq) == 5 && n.Seq > 0 &&
		(len(prefix) == 9 || len(prefix) == 18) && isCodeChars(prefix)
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isCodeChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
