package reader

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// item is what every input kind turns into: a text line, a table cell, or
// the boundary of a table row.
type item struct {
	text string
	// cell: the text is one table cell (its boundaries are known).
	cell bool
	// brk: a table row starts here (text is empty).
	brk bool
	// maybeBlank: a bare "|" line of scraped text: an empty cell, or padding.
	maybeBlank bool
	// weak: an empty line, an empty cell only between two values of a row.
	weak bool
}

// tokKind says what a token is.
type tokKind int

const (
	tkText  tokKind = iota // words that are no label and no number
	tkLabel                // a label of the format
	tkValue                // a number or a blank cell
	tkMaybe                // a bare "|": an empty cell if the row still lacks one
	tkBreak                // a table row boundary
)

// token is one classified piece of the input.
type token struct {
	kind tokKind
	text string
	l    *label
	cell parsedCell
	// run: the value came from running text and may hold several numbers
	// whose boundaries were lost ("898989").
	run bool
	// whole: the label was a whole cell or line, not a word inside a sentence.
	whole bool
	// weak: a tkMaybe from an empty line.
	weak bool
}

// numberChunkRE finds the numbers in a gap of running text between labels.
var numberChunkRE = regexp.MustCompile(`(?:增加|减少|新增|\+|-|−)?(?:\d+(?:,\d{3})*(?:\.\d+)?)(?:万|亿)?(?:万元|亿元|元|件|项|条|个|起|次|篇|家|宗|份)?|[/无]|-+`)

// numberish: a rune a number, its sign or its unit can start or end with.
func numberish(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune("+-−/无万亿元件项条个起次篇家宗份增减新—－", r)
}

// pureValue: a gap that holds nothing but numbers, units, signs and spaces.
func pureValue(s string) bool {
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == ' ', r == '\t', r == '\n', r == '\r', r == ',', r == '.', r == '+', r == '-', r == '/':
		case strings.ContainsRune("−无万亿元件项条个起次篇家宗份增加减少新\u00a0\u3000", r):
		default:
			return false
		}
	}
	return true
}

// tokenize classifies items into tokens with the labels of d.
func tokenize(items []item, d *dict) []token {
	toks := make([]token, 0, len(items))
	var n normText // reused for every item
	for _, it := range items {
		switch {
		case it.brk:
			toks = append(toks, token{kind: tkBreak})
			continue
		case it.maybeBlank:
			toks = append(toks, token{kind: tkMaybe, weak: it.weak})
			continue
		}
		t := strings.TrimSpace(it.text)
		if it.cell && t == "" {
			toks = append(toks, token{kind: tkValue, cell: parsedCell{kind: cellBlank}})
			continue
		}
		if t == "" {
			continue
		}
		if p := parseCell(t); p.kind != cellText {
			if it.cell || p.kind == cellNumber {
				toks = append(toks, token{kind: tkValue, text: t, cell: p, run: !it.cell && p.kind == cellNumber && !strings.ContainsAny(t, " \t")})
				continue
			}
		}
		n.normalizeInto(t)
		if l := d.matchWhole(string(n.runes)); l != nil {
			toks = append(toks, token{kind: tkLabel, text: t, l: l, whole: true})
			continue
		}
		toks = appendSegmented(toks, t, n, d, it.cell)
	}
	return toks
}

// appendSegmented cuts a text that holds labels and numbers run together
// ("规章000规范性文件898989") at the labels it contains.
func appendSegmented(toks []token, t string, n normText, d *dict, cell bool) []token {
	hits := d.findAll(n)
	pos := 0 // byte offset in t
	emitGap := func(g string) {
		if strings.TrimSpace(g) == "" {
			return
		}
		toks = appendGap(toks, g, cell, d)
	}
	for _, h := range hits {
		s, e := n.off[h.start], n.off[h.end]
		emitGap(t[pos:s])
		toks = append(toks, token{kind: tkLabel, text: t[s:e], l: h.l})
		pos = e
	}
	emitGap(t[pos:])
	return toks
}

// appendGap adds the text between two labels: numbers if it holds only
// numbers (a leading parenthesis, the rest of a longer label, is skipped),
// else one text token.
func appendGap(toks []token, g string, cell bool, d *dict) []token {
	s := strings.TrimSpace(g)
	// Words that neither start nor end like a number: text (the cheap
	// test first: most gaps are sentences).
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if first == '(' || first == '（' {
		if i := strings.IndexAny(s, ")）"); i > 0 {
			first, _ = utf8.DecodeRuneInString(strings.TrimLeft(s[i:], ")） "))
		}
	}
	if !numberish(first) && !numberish(last) {
		return append(toks, token{kind: tkText, text: s})
	}
	if strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(") {
		if i := strings.IndexAny(s, "）)"); i > 0 {
			rest := strings.TrimSpace(s[i+len(")"):])
			if strings.HasPrefix(s[i:], "）") {
				rest = strings.TrimSpace(s[i+len("）"):])
			}
			if rest != "" && pureValue(foldDigits(rest)) {
				s = rest
			}
		}
	}
	f := foldDigits(s)
	if !pureValue(f) || !strings.ContainsAny(f, "0123456789/无-") {
		// Numbers followed by the next section's heading, run together:
		// "0 0 00 00 0 四、政府信息公开行政复议…".
		if loc := headingRE.FindStringIndex(f); loc != nil && loc[0] > 0 {
			pre := f[:loc[0]]
			if pureValue(pre) && strings.ContainsAny(pre, "0123456789") {
				toks = appendGap(toks, pre, cell, d)
				return append(toks, token{kind: tkText, text: strings.TrimSpace(f[loc[0]:])})
			}
		}
		// Words then numbers after a space, as a PDF's text layer puts a
		// wrapped label's last line beside the row's numbers:
		// "正、行政机关不再处理其政府    0   0   9   0   0   962   971".
		if i := trailingNumbers(f); i > 0 {
			words := strings.TrimSpace(f[:i])
			if l := d.matchWhole(key(words)); l != nil && l.kind == lkRow {
				// A label cut short by the line's width, then its numbers.
				toks = append(toks, token{kind: tkLabel, text: words, l: l, whole: true})
			} else {
				toks = append(toks, token{kind: tkText, text: words})
			}
			return appendGap(toks, f[i:], cell, d)
		}
		return append(toks, token{kind: tkText, text: s})
	}
	for _, c := range numberChunkRE.FindAllString(f, -1) {
		p := parseCell(c)
		if p.kind == cellText {
			return append(toks, token{kind: tkText, text: s})
		}
		toks = append(toks, token{kind: tkValue, text: c, cell: p, run: !cell && p.kind == cellNumber})
	}
	return toks
}

// trailingNumbers returns where a run of at least two numbers separated by
// white space ends a text, or -1.
func trailingNumbers(f string) int {
	start, count := -1, 0
	i := len(f)
	for i > 0 {
		j := strings.LastIndexAny(f[:i], " \t")
		word := f[j+1 : i]
		if word != "" {
			if !pureValue(word) || !strings.ContainsAny(word, "0123456789") {
				break
			}
			count++
			start = j + 1
		}
		if j < 0 {
			return -1 // numbers only: not words then numbers
		}
		i = j
	}
	if count < 2 || start <= 0 {
		return -1
	}
	return start
}

// headingRE finds the start of a numbered heading inside running text.
var headingRE = regexp.MustCompile(`[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]`)

// foldDigits folds full-width digits, letters and signs to half-width and
// the ideographic space to a space, keeping every other rune.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000 || r == 0xA0:
			return ' '
		}
		return r
	}, s)
}
