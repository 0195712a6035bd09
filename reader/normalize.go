package reader

import (
	"math/big"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normText is a label-normalised form of a piece of text together with the
// byte offset in the original text of every normalised rune, so that a
// label found in the normalised form can be cut out of the original.
type normText struct {
	runes []rune
	off   []int // off[i] is the byte offset of runes[i] in the original; off[len] = len(original)
}

// foldRune maps one rune to its normalised form: full-width ASCII to
// half-width, ideographic space to space, 它 to 他. It returns -1 for a rune
// that normalisation drops (spaces, quotes).
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	switch r {
	case '“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』', '〝', '〞':
		return -1
	case '它':
		return '他'
	case '〔', '【', '［':
		return '('
	case '〕', '】', '］':
		return ')'
	case '—', '－', '–', '―':
		return '-'
	}
	if unicode.IsSpace(r) || r == 0xA0 || r == 0x200B || r == 0xFEFF {
		return -1
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// normalize folds s for label matching: width, brackets, quotes, spaces;
// a digit followed by 、 becomes a digit followed by ".".
func normalize(s string) normText {
	var n normText
	n.normalizeInto(s)
	return n
}

// normalizeInto normalises s into n, reusing n's storage.
func (n *normText) normalizeInto(s string) {
	n.runes, n.off = n.runes[:0], n.off[:0]
	for i, r := range s {
		if r == utf8.RuneError {
			continue
		}
		f := foldRune(r)
		if f < 0 {
			continue
		}
		if f == '、' && len(n.runes) > 0 && isDigit(n.runes[len(n.runes)-1]) {
			f = '.'
		}
		n.runes = append(n.runes, f)
		n.off = append(n.off, i)
	}
	n.off = append(n.off, len(s))
}

// key returns the normalised form of s as a string.
func key(s string) string { return string(normalize(s).runes) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// splitNumbering splits a normalised label into its numbering ("一、",
// "(一)", "1.") and the rest; num is the numeral alone.
func splitNumbering(k string) (num, core string) {
	isCN := func(r rune) bool { return strings.ContainsRune("一二三四五六七八九十", r) }
	rs := k
	switch {
	case strings.HasPrefix(rs, "("):
		i := 1
		for i < len(rs) {
			r, w := utf8.DecodeRuneInString(rs[i:])
			if !isCN(r) {
				break
			}
			i += w
		}
		if i > 1 && i < len(rs) && rs[i] == ')' {
			return rs[1:i], rs[i+1:]
		}
	case len(rs) > 0 && isDigit(rune(rs[0])):
		i := 0
		for i < len(rs) && isDigit(rune(rs[i])) {
			i++
		}
		if i < len(rs) && rs[i] == '.' {
			return rs[:i], rs[i+1:]
		}
	default:
		i := 0
		for i < len(rs) {
			r, w := utf8.DecodeRuneInString(rs[i:])
			if !isCN(r) {
				break
			}
			i += w
		}
		if i > 0 && i < len(rs) {
			if strings.HasPrefix(rs[i:], "、") {
				return rs[:i], rs[i+len("、"):]
			}
			if rs[i] == '.' {
				return rs[:i], rs[i+1:]
			}
		}
	}
	return "", k
}

// cellKind says what a table cell holds.
type cellKind int

const (
	cellNumber cellKind = iota
	cellBlank           // blank, "/", "-", "—", "无": read as 0
	cellText            // not a number
)

// parsedCell is the number read from one cell.
type parsedCell struct {
	kind cellKind
	// digits is the number as a decimal string in base units (元 for money,
	// ones for counts), before any column-specific conversion.
	value float64
	// yuan / wan: the cell named a money unit (元, 万元, 亿元).
	moneyUnit string
	text      string // the original text, trimmed
}

var (
	cellRE = regexp.MustCompile(`^(增加|减少|新增|增|减|\+|-|−)?(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(万|亿)?(元|万元|亿元|件|项|条|个|起|次|篇|家|宗|份|人次|人|余件|余项|余条|余)?$`)
)

// blankWords are the texts a report uses for a cell left empty.
var blankWords = map[string]bool{"": true, "/": true, "-": true, "--": true, "---": true, "无": true, "空": true, "\\": true, "×": true, "---/": true}

// parseCell reads one cell: a count or amount, possibly with a sign word and
// a unit (31.2万件, 2.953亿元, 减少2487项, +1036), or a blank marker.
func parseCell(s string) parsedCell {
	t := strings.TrimSpace(s)
	p := parsedCell{text: t}
	if n := len(t); n > 0 && n <= 15 && (n == 1 || t[0] != '0') {
		// The common case: plain ASCII digits.
		var v int64
		plain := true
		for i := 0; i < n; i++ {
			if t[i] < '0' || t[i] > '9' {
				plain = false
				break
			}
			v = v*10 + int64(t[i]-'0')
		}
		if plain {
			p.value = float64(v)
			return p
		}
	}
	if t != "" && !mayBeNumber(t) || digitsApart(t) {
		p.kind = cellText
		return p
	}
	k := key(t)
	k = strings.ReplaceAll(k, "，", ",")
	if blankWords[k] {
		p.kind = cellBlank
		return p
	}
	m := cellRE.FindStringSubmatch(k)
	if m == nil {
		p.kind = cellText
		return p
	}
	digits := strings.ReplaceAll(m[2], ",", "")
	shift := 0
	switch m[3] {
	case "万":
		shift = 4
	case "亿":
		shift = 8
	}
	switch m[4] {
	case "万元":
		shift += 4
		p.moneyUnit = "元"
	case "亿元":
		shift += 8
		p.moneyUnit = "元"
	case "元":
		p.moneyUnit = "元"
	}
	v, ok := decimalShift(digits, shift)
	if !ok {
		p.kind = cellText
		return p
	}
	switch m[1] {
	case "减少", "减", "-", "−":
		if v != 0 {
			v = -v
		}
	}
	p.value = v
	p.kind = cellNumber
	return p
}

// digitsApart: white space between two digits ("0 0 239") means several
// numbers, never one.
func digitsApart(t string) bool {
	lastDigit, space := false, false
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9' || r >= '０' && r <= '９':
			if lastDigit && space {
				return true
			}
			lastDigit, space = true, false
		case unicode.IsSpace(r) || r == 0x3000 || r == 0xA0:
			space = true
		default:
			lastDigit, space = false, false
		}
	}
	return false
}

// mayBeNumber: a quick test on the first rune before the regular expression.
func mayBeNumber(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	switch {
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return true
	}
	switch r {
	case '增', '减', '新', '+', '-', '−', '—', '－', '–', '―', '/', '／', '无', '空', '\\', '×', '.', '＋':
		return true
	}
	return false
}

// decimalShift returns the decimal string digits multiplied by 10^shift,
// exactly (no binary rounding on the way), as the nearest float64.
func decimalShift(digits string, shift int) (float64, bool) {
	if shift == 0 && !strings.Contains(digits, ".") && len(digits) <= 15 {
		return partValue(digits), true
	}
	r, ok := new(big.Rat).SetString(digits)
	if !ok {
		return 0, false
	}
	if shift > 0 {
		r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil)))
	}
	f, _ := r.Float64()
	return f, true
}

// wanYuan converts a parsed money cell to 万元 for a column that is in 万元:
// a plain number is already in 万元; a number with a unit was converted to 元.
func wanYuan(p parsedCell) float64 {
	if p.moneyUnit == "" {
		return p.value
	}
	r := new(big.Rat).SetFloat64(p.value)
	if r == nil {
		return p.value / 10000
	}
	r.Quo(r, big.NewRat(10000, 1))
	f, _ := r.Float64()
	return f
}
