// Package privacy finds personal data (个人信息) in what gongkai is about to
// publish — item bodies, attachments, answered letters — masks it, and
// verifies the result by re-reading the bytes that will actually be
// published (去标识化). Personal privacy may not be disclosed
// (政府信息公开条例第十五条).
//
// It detects 居民身份证号 (GB 11643 check digit), 统一社会信用代码 (GB 32100),
// mobile and landline numbers, bank card numbers (Luhn), e-mail addresses and
// the names of applicants known to the system, in plain text, HTML, DOCX
// (body, headers, footers, foot- and endnotes, comments, tracked changes,
// document properties) and XLSX (every sheet including hidden ones, shared
// strings, comments, document properties).
package privacy

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of personal data a Hit is.
type Kind string

// The kinds detected. Valid is meaningful for the checksummed ones.
const (
	IDCard     Kind = "id_card"     // 18-digit 居民身份证号码, GB 11643 check digit
	IDCard15   Kind = "id_card_15"  // 15-digit first-generation number: no check digit, lower confidence
	CreditCode Kind = "credit_code" // 统一社会信用代码, GB 32100 check character
	Mobile     Kind = "mobile"      // 1[3-9]xxxxxxxxx, optionally +86
	Landline   Kind = "landline"    // 0xx(x)-xxxxxxx(x) with area code
	BankCard   Kind = "bank_card"   // 13–19 digits passing Luhn
	Email      Kind = "email"
	Name       Kind = "name" // a name given in Options.Names
	// Unscanned is a member of a DOCX or XLSX package whose content the
	// scanners cannot read: images (including the document thumbnail),
	// embedded objects, macros. It cannot be masked; the reviewer removes
	// it from the document or accepts it.
	Unscanned Kind = "unscanned"
)

// Checksummed reports whether k has a check digit, so that Valid hits of it
// are certain: id_card, credit_code and bank_card.
func (k Kind) Checksummed() bool { return k == IDCard || k == CreditCode || k == BankCard }

// Hit is one piece of personal data found.
type Hit struct {
	Kind Kind
	// Start and End are byte offsets of the hit in the scanned text; for the
	// file scanners, in the text of unit Unit of part Part.
	Start, End int
	Text       string // the text found, as written
	// Valid reports whether the check digit matched (id_card, credit_code,
	// bank_card); false for an 18-digit id number with a wrong check digit
	// and for the kinds without one.
	Valid bool
	// Part is the file inside a DOCX or XLSX (word/comments.xml), "" for
	// text and HTML.
	Part string
	// Unit numbers the text units of Part (a paragraph, a cell, a shared
	// string, an attribute value) as the scanner found them.
	Unit int
	// Context says where a file hit is, in Chinese: 正文, 批注, 修订（删除）,
	// 工作表“名单”（隐藏）, 文档属性, ….
	Context string
}

// Options configures a scan.
type Options struct {
	// Names are the names of applicants (and other people) known to the
	// system; each one of at least two characters is found wherever it
	// occurs exactly.
	Names []string
}

// folded is the text with full-width forms folded to ASCII, one rune per
// rune of the original, with the byte offset of each.
type folded struct {
	r   []rune
	off []int // off[i] is the byte offset of rune i; off[len(r)] = len(text)
}

func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return r - (0xFF01 - 0x21)
	case r == 0x3000:
		return ' '
	case r >= 0x2010 && r <= 0x2015: // hyphens and dashes
		return '-'
	}
	return r
}

func fold(text string) folded {
	f := folded{r: make([]rune, 0, len(text)), off: make([]int, 0, len(text)+1)}
	for i, r := range text {
		f.r = append(f.r, foldRune(r))
		f.off = append(f.off, i)
	}
	f.off = append(f.off, len(text))
	return f
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
}
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// Scan returns the personal data in text, ordered by position and not
// overlapping (the earlier, then the longer hit wins).
func Scan(text string, opts Options) []Hit {
	f := fold(text)
	emails := scanEmails(f)
	spans := append(emails, scanNumbers(f, emails)...)
	hits := make([]Hit, 0, len(spans))
	for _, s := range spans {
		a, b := f.off[s.from], f.off[s.to]
		hits = append(hits, Hit{Kind: s.kind, Start: a, End: b, Text: text[a:b], Valid: s.valid})
	}
	for _, n := range opts.Names {
		n = strings.TrimSpace(n)
		if utf8.RuneCountInString(n) < 2 {
			continue
		}
		for i := 0; ; {
			j := strings.Index(text[i:], n)
			if j < 0 {
				break
			}
			hits = append(hits, Hit{Kind: Name, Start: i + j, End: i + j + len(n), Text: n})
			i += j + len(n)
		}
	}
	return dedupe(hits)
}

// dedupe sorts hits and drops every hit that overlaps one kept before it.
func dedupe(hits []Hit) []Hit {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Start != hits[j].Start {
			return hits[i].Start < hits[j].Start
		}
		return hits[i].End > hits[j].End
	})
	out := hits[:0]
	end := -1
	for _, h := range hits {
		if h.Start < end {
			continue
		}
		out = append(out, h)
		end = h.End
	}
	return out
}

// span is a hit in rune offsets of the folded text.
type span struct {
	kind     Kind
	from, to int
	valid    bool
}

func overlaps(spans []span, from, to int) bool {
	// spans are sorted and do not overlap: find the first that ends after
	// from.
	k := sort.Search(len(spans), func(i int) bool { return spans[i].to > from })
	return k < len(spans) && spans[k].from < to
}

func isLocal(r rune) bool  { return isAlnum(r) || strings.ContainsRune("._%+-", r) }
func isDomain(r rune) bool { return isAlnum(r) || r == '.' || r == '-' }

// scanEmails finds addresses local@domain.tld, in order.
func scanEmails(f folded) []span {
	var spans []span
	for at, r := range f.r {
		if r != '@' {
			continue
		}
		a := at
		for a > 0 && isLocal(f.r[a-1]) {
			a--
		}
		for a < at && f.r[a] == '.' {
			a++
		}
		b := at + 1
		for b < len(f.r) && isDomain(f.r[b]) {
			b++
		}
		for b > at+1 && (f.r[b-1] == '.' || f.r[b-1] == '-') {
			b--
		}
		if a == at || b == at+1 {
			continue
		}
		dom := string(f.r[at+1 : b])
		dot := strings.LastIndexByte(dom, '.')
		if dot <= 0 || len(dom)-dot-1 < 2 || strings.Contains(dom, "..") {
			continue
		}
		tld := dom[dot+1:]
		if strings.IndexFunc(tld, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) >= 0 {
			continue
		}
		if !overlaps(spans, a, b) {
			spans = append(spans, span{Email, a, b, false})
		}
	}
	return spans
}
