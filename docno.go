package gongkai

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// 文号 (doc_no), the 发文字号 of a document: 发文机关代字, the year in 六角括号
// 〔〕 (U+3014, U+3015), the serial number and 号: 国办函〔2020〕109号. Drafts
// and imports often use [2020], 【2020】, (2020) or （2020）; NormalizeDocNo
// rewrites them. Orders are numbered without a year: 国务院令第711号.

// DocNo is a parsed 文号.
type DocNo struct {
	Prefix string // 发文机关代字, e.g. 国办函; 国务院令 for an order
	Year   int    // 0 for an order (令第N号)
	Number int
}

// String formats n in the standard form.
func (n DocNo) String() string {
	if n.Year == 0 {
		return n.Prefix + "第" + strconv.Itoa(n.Number) + "号"
	}
	return n.Prefix + "〔" + strconv.Itoa(n.Year) + "〕" + strconv.Itoa(n.Number) + "号"
}

// NormalizeDocNo returns s with surrounding and inner spaces removed,
// full-width digits made ASCII, and the brackets around a 4-digit year made
// 〔〕. Anything it does not recognise is returned trimmed but otherwise as is.
func NormalizeDocNo(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case unicode.IsSpace(r):
		default:
			b.WriteRune(r)
		}
	}
	out := []rune(b.String())
	for i := 0; i+5 < len(out); i++ {
		if !isOpenBracket(out[i]) || !isCloseBracket(out[i+5]) {
			continue
		}
		if year := string(out[i+1 : i+5]); allDigits(year) {
			out[i], out[i+5] = '〔', '〕'
		}
	}
	return string(out)
}

func isOpenBracket(r rune) bool  { return strings.ContainsRune("[【(（〔［〖", r) }
func isCloseBracket(r rune) bool { return strings.ContainsRune("]】)）〕］〗", r) }

// ParseDocNo parses a 文号 already in the standard form (see NormalizeDocNo).
func ParseDocNo(s string) (DocNo, error) {
	bad := func(why string) (DocNo, error) {
		return DocNo{}, itemInvalid("文号格式", "文号 %q %s", s, why)
	}
	if !strings.HasSuffix(s, "号") {
		return bad("应以“号”结尾")
	}
	body := strings.TrimSuffix(s, "号")
	if open := strings.Index(body, "〔"); open >= 0 {
		closeAt := strings.Index(body, "〕")
		if closeAt < open {
			return bad("的年份括号不完整")
		}
		prefix, year, num := body[:open], body[open+len("〔"):closeAt], body[closeAt+len("〕"):]
		if !validPrefix(prefix) {
			return bad("缺少发文机关代字")
		}
		if len(year) != 4 || !allDigits(year) {
			return bad("的年份应为4位数字")
		}
		num = strings.TrimPrefix(num, "第")
		if num == "" || !allDigits(num) || len(num) > 6 {
			return bad("的序号应为数字")
		}
		y, _ := strconv.Atoi(year)
		n, _ := strconv.Atoi(num)
		return DocNo{Prefix: prefix, Year: y, Number: n}, nil
	}
	for _, r := range []rune("[]【】()（）") {
		if strings.ContainsRune(s, r) {
			return bad("的年份应使用六角括号〔〕")
		}
	}
	if i := strings.LastIndex(body, "第"); i > 0 {
		num := body[i+len("第"):]
		if validPrefix(body[:i]) && num != "" && allDigits(num) && len(num) <= 6 {
			n, _ := strconv.Atoi(num)
			return DocNo{Prefix: body[:i], Number: n}, nil
		}
	}
	return bad("不是“机关代字〔年份〕序号号”或“机关令第N号”的形式")
}

func validPrefix(p string) bool {
	if p == "" || utf8.RuneCountInString(p) > 30 {
		return false
	}
	for _, r := range p {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// ValidateDocNo checks a 文号 in the standard form: it must be its own
// normalisation and parse.
func ValidateDocNo(s string) error {
	if n := NormalizeDocNo(s); n != s {
		return itemInvalid("文号格式", "文号 %q 应写作 %q（年份使用六角括号〔〕）", s, n)
	}
	_, err := ParseDocNo(s)
	return err
}
