package demo

import (
	"fmt"
	"strings"
)

// creditAlphabet is the character set of the 统一社会信用代码 (GB 32100-2015):
// digits and capital letters without I, O, S, V, Z.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheck returns the GB 32100 check character of the first 17
// characters of a 统一社会信用代码, or an error for a character outside the
// code's alphabet or a wrong length.
func CreditCheck(body string) (byte, error) {
	if len(body) != 17 {
		return 0, fmt.Errorf("demo: credit code body %q: want 17 characters", body)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, body[i])
		if v < 0 {
			return 0, fmt.Errorf("demo: credit code body %q: %q is not a GB 32100 character", body, body[i])
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31], nil
}

// ValidCreditCode reports whether code is 18 characters whose last is the
// GB 32100 check character of the first 17.
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	c, err := CreditCheck(code[:17])
	return err == nil && c == code[17]
}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCheck returns the GB 11714 check character of the 8-character body of
// a 组织机构代码 (digits and capital letters).
func OrgCheck(body string) (byte, error) {
	if len(body) != 8 {
		return 0, fmt.Errorf("demo: organisation code body %q: want 8 characters", body)
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, fmt.Errorf("demo: organisation code body %q: bad character %q", body, c)
		}
		sum += v * orgWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', nil
	case 11:
		return '0', nil
	default:
		return byte('0' + c), nil
	}
}

// CreditCode builds a 统一社会信用代码 for an organ of government: 登记管理部门
// 1 (机构编制), 机构类别 1 (机关), the 6-digit region, a 组织机构代码 of the
// 8-character body org with its GB 11714 check, and the GB 32100 check
// character. It panics on a malformed region or body (a programming error).
func CreditCode(region, org string) string {
	return buildCredit("11", region, org)
}

// CompanyCreditCode builds a 统一社会信用代码 registered by 市场监管 (9) for
// an enterprise (1), as organisational applicants carry.
func CompanyCreditCode(region, org string) string {
	return buildCredit("91", region, org)
}

func buildCredit(prefix, region, org string) string {
	oc, err := OrgCheck(org)
	if err != nil {
		panic(err)
	}
	body := prefix + region + org + string(oc)
	c, err := CreditCheck(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheck returns the GB 11643 check character ('0'–'9' or 'X') of the first
// 17 digits of a 居民身份证号码.
func IDCheck(body string) (byte, error) {
	if len(body) != 17 {
		return 0, fmt.Errorf("demo: id number body %q: want 17 digits", body)
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("demo: id number body %q: not a digit %q", body, c)
		}
		sum += int(c-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11], nil
}

// ValidIDNumber reports whether id is 18 characters whose last is the GB
// 11643 check character of the first 17 digits.
func ValidIDNumber(id string) bool {
	if len(id) != 18 {
		return false
	}
	c, err := IDCheck(id[:17])
	return err == nil && c == id[17]
}

// SyntheticIDNumber returns a demo 居民身份证号码 with a valid GB 11643 check
// digit. The birth date is in 1900 (day-of-year from n), which marks it as
// synthetic for any reader; region is the 6-digit code of the address.
func SyntheticIDNumber(region string, n int) string {
	if n < 0 {
		n = -n
	}
	day := n % 360
	month, dom := day/30+1, day%30+1
	if month == 2 && dom > 28 {
		dom = 28
	}
	body := fmt.Sprintf("%s1900%02d%02d%03d", region, month, dom, (n/360)%1000)
	c, err := IDCheck(body)
	if err != nil {
		panic(err)
	}
	return body + string(c)
}
