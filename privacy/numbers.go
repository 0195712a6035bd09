package privacy

import "strings"

// group is a maximal run of ASCII letters and digits, in rune offsets.
type group struct{ from, to int }

// scanNumbers finds the numeric kinds. A number is one run of letters and
// digits, or up to five runs of digits separated by single spaces or
// hyphens (138 1234 5678, 0595-2345678, 6222 0212 3456 7890 128); the
// longest reading that classifies wins. A run is never matched in part, so
// nothing is found inside a longer run of digits; inside a run that mixes
// letters and digits (ID350524…), its digit runs are tried alone.
//
// It returns the numbers found, in order, leaving out any that overlaps one
// of emails (sorted).
func scanNumbers(f folded, emails []span) []span {
	var spans []span
	taken := func(from, to int) bool { return overlaps(emails, from, to) || overlaps(spans, from, to) }
	var gs []group
	for i := 0; i < len(f.r); {
		if !isAlnum(f.r[i]) {
			i++
			continue
		}
		j := i
		for j < len(f.r) && isAlnum(f.r[j]) {
			j++
		}
		gs = append(gs, group{i, j})
		i = j
	}
	for i := 0; i < len(gs); {
		if taken(gs[i].from, gs[i].to) {
			i++
			continue
		}
		matched := false
		for j := min(i+4, len(gs)-1); j >= i && !matched; j-- {
			if !joinable(f, gs, i, j) || besideMask(f, gs[i].from, gs[j].to) {
				continue
			}
			if s, ok := classify(f, gs[i:j+1]); ok && !taken(s.from, s.to) {
				spans = append(spans, s)
				i = j + 1
				matched = true
			}
		}
		if !matched {
			spans = subRuns(f, gs[i], spans, taken)
			i++
		}
	}
	return spans
}

func text(f folded, g group) string { return strings.ToUpper(string(f.r[g.from:g.to])) }

// joinable reports whether groups i..j form one separated number.
func joinable(f folded, gs []group, i, j int) bool {
	for k := i; k < j; k++ {
		if !allDigits(text(f, gs[k])) || !allDigits(text(f, gs[k+1])) {
			return false
		}
		gap := string(f.r[gs[k].to:gs[k+1].from])
		switch gap {
		case " ", "-":
		case ")", ") ":
			// (0595)2345678: only after an opening parenthesis.
			if k != i || gs[i].from == 0 || f.r[gs[i].from-1] != '(' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// subRuns tries the digit runs inside a group that mixes letters and digits.
func subRuns(f folded, g group, spans []span, taken func(from, to int) bool) []span {
	for i := g.from; i < g.to; {
		if !isDigit(f.r[i]) {
			i++
			continue
		}
		j := i
		for j < g.to && isDigit(f.r[j]) {
			j++
		}
		if j-i == 17 && j < g.to && (f.r[j] == 'X' || f.r[j] == 'x') {
			j++
			if j < g.to && isDigit(f.r[j]) {
				// 17 digits, X, more digits: part of a longer code.
				for j < g.to && isAlnum(f.r[j]) {
					j++
				}
				i = j
				continue
			}
		}
		if j-i < g.to-g.from && !besideMask(f, i, j) {
			if s, ok := classify(f, []group{{i, j}}); ok && !taken(s.from, s.to) {
				spans = append(spans, s)
			}
		}
		i = j
	}
	return spans
}

func isMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && allDigits(d)
}

// classify reads the groups as one number.
func classify(f folded, gs []group) (span, bool) {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(text(f, g))
	}
	s := b.String()
	sep := len(gs) > 1
	from, to := gs[0].from, gs[len(gs)-1].to
	// An id number starts with a region code (never 0) and carries a birth
	// date in digits 7–14.
	idLike := len(s) == 18 && allDigits(s[:17]) && (isDigit(rune(s[17])) || s[17] == 'X') &&
		province(s[:2]) && plausibleDate(s[6:14])
	switch {
	case idLike && ValidIDNumber(s):
		return span{IDCard, from, to, true}, true
	case !sep && ValidCreditCode(s) && (province(s[2:4]) || s[2:8] == "100000"):
		return span{CreditCode, from, to, true}, true
	case !sep && idLike:
		return span{IDCard, from, to, false}, true
	case !sep && len(s) == 15 && allDigits(s) && province(s[:2]) && plausibleDate("19"+s[6:12]):
		return span{IDCard15, from, to, false}, true
	}
	if !allDigits(s) {
		return span{}, false
	}
	mobile := s
	switch {
	case len(s) == 13 && strings.HasPrefix(s, "86"):
		mobile = s[2:]
	case len(s) == 15 && strings.HasPrefix(s, "0086"):
		mobile = s[4:]
	}
	if isMobile(mobile) {
		if from > 0 && f.r[from-1] == '+' && mobile != s {
			from--
		}
		return span{Mobile, from, to, false}, true
	}
	if len(s) >= 13 && len(s) <= 19 && strings.IndexByte("345689", s[0]) >= 0 && Luhn(s) {
		return span{BankCard, from, to, true}, true
	}
	// Landline: an area code 0xx or 0xxx, a 7- or 8-digit number, and an
	// optional extension of up to 4 digits.
	if len(gs) == 2 || len(gs) == 3 {
		area, num := text(f, gs[0]), text(f, gs[1])
		ext := len(gs) == 2 || gs[2].from-gs[1].to == 1 && f.r[gs[1].to] == '-' && gs[2].to-gs[2].from <= 4
		if area[0] == '0' && len(area) >= 3 && len(area) <= 4 && area[1] != '0' &&
			(len(num) == 7 || len(num) == 8) && num[0] != '0' && num[0] != '1' && ext {
			if from > 0 && f.r[from-1] == '(' {
				from--
			}
			return span{Landline, from, to, false}, true
		}
	}
	return span{}, false
}

// provinces are the first two digits of the administrative division codes
// (GB/T 2260) that id numbers and credit codes carry: the provinces, and
// 71, 81, 82, 83 for Taiwan, Hong Kong and Macao residents.
const provinces = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83"

func province(s string) bool { return len(s) == 2 && allDigits(s) && strings.Contains(provinces, s) }

// besideMask reports whether the runes [from, to) touch a mask character,
// directly or across one separator: the kept digits of a masked number
// (138****5678, **** **** 6222) are not read again as the start or end of
// another number.
func besideMask(f folded, from, to int) bool {
	isSep := func(r rune) bool { return r == ' ' || r == '-' }
	before := from > 0 && (f.r[from-1] == MaskRune || isSep(f.r[from-1]) && from > 1 && f.r[from-2] == MaskRune)
	after := to < len(f.r) && (f.r[to] == MaskRune || isSep(f.r[to]) && to+1 < len(f.r) && f.r[to+1] == MaskRune)
	return before || after
}
