package privacy

import (
	"sort"
	"strings"
)

// MaskRune replaces every masked character.
const MaskRune = '*'

// How each kind is masked. Masks keep the number of characters (so a mask
// can be written back into the text nodes of a document whatever their
// split) and never leave enough of a number to be found again:
//
//   - id_card, id_card_15: only the first and the last character stay
//     (3****************4). The first 6 digits are the address region and
//     the next 8 the birth date; with the applicant's name, region and the
//     last 4 (sequence, sex, check) would narrow the number to a few
//     candidates, and nothing published needs any of it.
//   - credit_code: the first 2 characters (registration authority and
//     type) stay. An organisation's code is usually public; the reviewer
//     accepts it instead of masking it when it is an agency or a company.
//   - mobile: the first 3 and the last 4 digits stay (138****5678), the
//     common practice; with +86 the country code stays too.
//   - landline: the area code and the last 4 digits stay (0595-****5678).
//   - bank_card: the last 4 digits stay.
//   - email: the first character of the local part and the domain stay
//     (z***@example.com).
//   - name: the first character (the surname) stays (张**).
//
// Separators (spaces, hyphens, parentheses) are kept as they are.

// MaskText returns s masked as a hit of kind k.
func MaskText(k Kind, s string) string {
	rs := []rune(s)
	// sig are the positions of the characters that carry the value.
	var sig []int
	for i, r := range rs {
		if k == Name || k == Email || isAlnum(foldRune(r)) {
			sig = append(sig, i)
		}
	}
	keepHead, keepTail := 0, 0
	switch k {
	case IDCard, IDCard15:
		keepHead, keepTail = 1, 1
	case CreditCode:
		keepHead = 2
	case Mobile:
		keepHead, keepTail = 3, 4
		if len(sig) == 13 {
			keepHead = 5 // 86 138
		} else if len(sig) == 15 {
			keepHead = 7 // 0086 138
		}
	case Landline:
		keepTail = 4
		keepHead = 4
		if len(sig) > 2 && (foldRune(rs[sig[1]]) == '1' || foldRune(rs[sig[1]]) == '2') {
			keepHead = 3 // 010, 02x
		}
	case BankCard:
		keepTail = 4
	case Email:
		at := strings.LastIndexByte(string(rs), '@')
		local := len([]rune(string(rs)[:max(at, 0)]))
		for i := 1; i < local; i++ {
			rs[i] = MaskRune
		}
		return string(rs)
	case Name:
		keepHead = 1
	}
	if keepHead+keepTail >= len(sig) {
		keepHead, keepTail = min(keepHead, len(sig)/3), 0
	}
	for n, i := range sig {
		if n >= keepHead && n < len(sig)-keepTail {
			rs[i] = MaskRune
		}
	}
	return string(rs)
}

// Mask returns text with each hit masked (MaskText). hits are offsets into
// text, as Scan returns them; overlapping hits after the first are ignored.
func Mask(text string, hits []Hit) string {
	hs := append([]Hit(nil), hits...)
	sort.Slice(hs, func(i, j int) bool { return hs[i].Start < hs[j].Start })
	var b strings.Builder
	pos := 0
	for _, h := range hs {
		if h.Start < pos || h.End > len(text) || h.Start > h.End {
			continue
		}
		b.WriteString(text[pos:h.Start])
		b.WriteString(MaskText(h.Kind, text[h.Start:h.End]))
		pos = h.End
	}
	b.WriteString(text[pos:])
	return b.String()
}
