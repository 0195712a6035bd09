package reader

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai/report"
)

// narrativeText joins the text lines (not the table cells) of the input.
func narrativeText(items []item) string {
	var b strings.Builder
	for _, it := range items {
		if !it.cell && !it.brk && !it.maybeBlank {
			b.WriteString(it.text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// heading finds a section heading: a Chinese numeral and "、" (or, for
// section 一, "1." too) right before word, at most a few runes earlier.
func heading(text, word string) (start, end int) {
	from := 0
	for {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return -1, -1
		}
		at := from + i
		lo := max(0, at-12)
		pre := strings.TrimRight(text[lo:at], " 　")
		pre = strings.TrimSuffix(strings.TrimSuffix(pre, "政府信息公开工作"), "政府信息公开")
		for _, sep := range []string{"、", ".", "．"} {
			if !strings.HasSuffix(pre, sep) {
				continue
			}
			r, w := utf8.DecodeLastRuneInString(pre[:len(pre)-len(sep)])
			if w > 0 && strings.ContainsRune("一二三四五六七八九十1", r) {
				return lo + len(pre) - len(sep) - w, at + len(word)
			}
		}
		from = at + len(word)
	}
}

const maxNarrative = 20000 // runes kept of one narrative section

// narrative cuts sections 一, 五 and 六 out of the text lines.
func narrative(items []item) report.Narrative {
	text := narrativeText(items)
	var n report.Narrative
	if _, e := heading(text, "总体情况"); e >= 0 {
		rest := text[e:]
		if i := nextHeading(rest); i >= 0 {
			rest = rest[:i]
		}
		n.Overview = clip(rest)
	}
	if _, e := heading(text, "存在的主要问题"); e >= 0 {
		rest := text[e:]
		if i := strings.IndexByte(rest, '\n'); i >= 0 && i < 80 {
			rest = rest[i+1:]
		}
		if s, _ := heading(rest, "其他需要报告的事项"); s >= 0 {
			rest = rest[:s]
		}
		n.Problems = clip(rest)
	}
	if _, e := heading(text, "其他需要报告的事项"); e >= 0 {
		n.Other = clip(text[e:])
	}
	return n
}

// nextHeading returns the offset of the next top-level heading ("二、" at
// the start of a line or after a full stop or space), or -1.
func nextHeading(s string) int {
	from := 0
	for {
		i := strings.Index(s[from:], "、")
		if i < 0 {
			return -1
		}
		at := from + i
		r, w := utf8.DecodeLastRuneInString(s[:at])
		if w > 0 && strings.ContainsRune("二三四五六七八九十", r) {
			b, _ := utf8.DecodeLastRuneInString(s[:at-w])
			if at-w == 0 || b == '\n' || b == ' ' || b == '。' || b == '\t' {
				return at - w
			}
		}
		from = at + len("、")
	}
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > maxNarrative {
		s = string(r[:maxNarrative])
	}
	return s
}

// factPattern is a figure the text states about requests or appeals.
type factPattern struct {
	quantity string
	need     []string // words one of which the text must hold for the pattern to match
	re       *regexp.Regexp
}

var factPatterns = []factPattern{
	{"requests.new_received.total", []string{"收到", "受理", "新收"}, regexp.MustCompile(`(?:收到|受理|新收)[^，。；,;]{0,12}?(?:政府信息公开|信息公开|依申请公开|公开)[^，。；,;]{0,6}?申请(?:共|数量为|数为)?(\d+)(?:件|份|个|条)`)},
	{"requests.new_received.total", []string{"收到", "受理", "新收"}, regexp.MustCompile(`(?:收到|受理|新收)(?:依申请(?:信息)?公开|政府信息公开申请)(?:共)?(\d+)(?:件|份)`)},
	{"requests.new_received.total", []string{"收到", "受理", "新收"}, regexp.MustCompile(`(?:共|累计)?收到(\d+)(?:件|份)(?:政府信息公开|信息公开|依申请公开)`)},
	{"requests.carried_over.total", []string{"结转"}, regexp.MustCompile(`上年(?:度)?结转[^，。；,;]{0,12}?(\d+)件`)},
	{"requests.carried_forward.total", []string{"下年度", "下一年度"}, regexp.MustCompile(`(?:结转(?:至|到)?下(?:一)?年度|转(?:入)?下(?:一)?年度)[^，。；,;]{0,10}?(\d+)件`)},
	{"requests.granted.total", []string{"予以公开", "同意公开"}, regexp.MustCompile(`(?:予以公开|同意公开)(?:答复)?(?:的)?(\d+)件`)},
	{"requests.partly_granted.total", []string{"部分公开"}, regexp.MustCompile(`部分公开(?:答复)?(?:的)?(\d+)件`)},
	{"requests.withheld.total", []string{"不予公开"}, regexp.MustCompile(`不予公开(?:答复)?(?:的)?(\d+)件`)},
	{"requests.unavailable.total", []string{"无法提供"}, regexp.MustCompile(`无法提供(?:答复)?(?:的)?(\d+)件`)},
	{"requests.declined.total", []string{"不予处理"}, regexp.MustCompile(`不予处理(?:答复)?(?:的)?(\d+)件`)},
	{"requests.other_group.total", []string{"其他处理"}, regexp.MustCompile(`其他处理(?:答复)?(?:的)?(\d+)件`)},
	{"requests.total_handled.total", []string{"办结"}, regexp.MustCompile(`办结(?:政府信息公开申请|申请)?(?:共)?(\d+)件`)},
	{"appeals.review.total", []string{"行政复议"}, regexp.MustCompile(`(?:有|发生|收到)(\d+)(?:件|起)[^，。；,;]{0,20}?行政复议`)},
	{"appeals.review.total", []string{"行政复议"}, regexp.MustCompile(`行政复议(?:案件)?(?:数为|数量为|共)?(\d+)(?:件|起)`)},
	{"appeals.suit.total", []string{"行政诉讼"}, regexp.MustCompile(`行政诉讼(?:案件)?(?:数为|数量为|共)?(\d+)(?:件|起)`)},
}

// ProcessingFee is the Quantity of the fact "信息处理费" that section 六
// states (in 元); no table has it, so it is reported, not checked.
const ProcessingFee = "narrative.processing_fee_yuan"

var (
	feeRE   = regexp.MustCompile(`(?:收取|收缴)(?:政府)?信息(?:公开)?处理费(?:共计|合计|共)?(\d+(?:\.\d+)?)(万)?元`)
	noFeeRE = regexp.MustCompile(`(?:未|没有|无)(?:收取|收缴|发生)[^，。；]{0,12}?信息(?:公开)?处理费`)
)

// factWords are every word a fact pattern needs.
var factWords = func() []string {
	var w []string
	for _, p := range factPatterns {
		w = append(w, p.need...)
	}
	return w
}()

// combined: the figure counts this category together with the one before
// it ("予以公开及部分公开208件"), so it is no figure of either.
func combined(before string) bool {
	for _, w := range []string{"及", "和", "与", "、", "或", "以及"} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// facts reads the figures the narrative states, for narrative.mismatch.
// Only text outside the tables is read, with spaces removed.
func facts(r *report.Report, text string) []report.Fact {
	// Only sentences that count something in 件/份/起 can state a figure.
	var sentences []string
	for _, sent := range strings.FieldsFunc(text, func(r rune) bool { return r == '。' || r == '；' || r == ';' }) {
		if len(sent) > 3000 {
			continue // a table run together with its text, not a sentence
		}
		if strings.ContainsAny(sent, "件份起") && strings.ContainsAny(sent, "0123456789０１２３４５６７８９") && containsAny(sent, factWords) {
			sentences = append(sentences, squeeze(sent))
		}
	}
	var out []report.Fact
	seen := map[string]bool{}
	for _, p := range factPatterns {
		if seen[p.quantity] {
			continue
		}
		for _, s := range sentences {
			if !containsAny(s, p.need) {
				continue
			}
			m := p.re.FindStringSubmatchIndex(s)
			if m == nil || combined(s[:m[0]]) {
				continue
			}
			table, ok := r.Quantity(p.quantity)
			if !ok {
				break
			}
			v := float64(atoi(s[m[2]:m[3]]))
			if p.quantity == "requests.new_received.total" && v != table {
				// "受理N件" often counts the requests carried over too.
				if co, _ := r.Quantity("requests.carried_over.total"); v == table+co {
					break
				}
			}
			seen[p.quantity] = true
			out = append(out, report.Fact{Quantity: p.quantity, Value: v, Text: s[m[0]:m[1]]})
			break
		}
	}
	// The fee: only the text around each "处理费" is looked at.
	for from := 0; ; {
		i := strings.Index(text[from:], "处理费")
		if i < 0 {
			break
		}
		at := from + i
		from = at + len("处理费")
		w := squeeze(strings.ToValidUTF8(text[max(0, at-90):min(len(text), at+90)], ""))
		if m := feeRE.FindStringSubmatch(w); m != nil {
			v, _ := decimalShift(m[1], map[bool]int{true: 4, false: 0}[m[2] == "万"])
			out = append(out, report.Fact{Quantity: ProcessingFee, Value: v, Text: m[0]})
			break
		}
		if m := noFeeRE.FindString(w); m != "" {
			out = append(out, report.Fact{Quantity: ProcessingFee, Value: 0, Text: m})
			break
		}
	}
	return out
}
