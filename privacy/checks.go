package privacy

import "strings"

// creditAlphabet is the character set of the 统一社会信用代码 (GB 32100-2015):
// digits and capital letters without I, O, S, V, Z.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheck returns the GB 32100 check character of the first 17
// characters of a 统一社会信用代码, and false for a wrong length or a character
// outside the code's alphabet.
func CreditCheck(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31], true
}

// ValidCreditCode reports whether code is 18 characters whose last is the
// GB 32100 check character of the first 17.
func ValidCreditCode(code string) bool {
	if len(code) != 18 {
		return false
	}
	c, ok := CreditCheck(code[:17])
	return ok && c == code[17]
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheck returns the GB 11643 check character ('0'–'9' or 'X') of the
// first 17 digits of a 居民身份证号码, and false when body is not 17 digits.
func IDCheck(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11], true
}

// ValidIDNumber reports whether id is 18 characters whose last is the GB
// 11643 check character of the first 17 digits (an upper-case X).
func ValidIDNumber(id string) bool {
	if len(id) != 18 {
		return false
	}
	c, ok := IDCheck(id[:17])
	return ok && c == id[17]
}

// Luhn reports whether digits (ASCII digits only) passes the Luhn check
// (ISO/IEC 7812), as bank card numbers do.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// plausibleDate reports whether s (8 digits YYYYMMDD) is a date from 1900 to
// 2099.
func plausibleDate(s string) bool {
	if len(s) != 8 {
		return false
	}
	y := atoi(s[:4])
	m := atoi(s[4:6])
	d := atoi(s[6:])
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 28
	}
	return d <= days
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
