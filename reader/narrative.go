package reader

import (
	"regexp"
	"strings"

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

var (
	overviewRE = regexp.MustCompile(`[一1][、.．]\s*总体情况`)
	problemsRE = regexp.MustCompile(`[一二三四五六七八九十]、\s*(?:政府信息公开工作)?存在的?主要问题`)
	otherRE    = regexp.MustCompile(`[一二三四五六七八九十]、\s*其他需要报告的事项`)
	nextRE     = regexp.MustCompile(`(?:^|\n|\s|。)[二三四五六七八九十]、`)
)

const maxNarrative = 20000 // runes kept of one narrative section

// narrative cuts sections 一, 五 and 六 out of the text lines.
func narrative(items []item) report.Narrative {
	text := narrativeText(items)
	var n report.Narrative
	if loc := overviewRE.FindStringIndex(text); loc != nil {
		rest := text[loc[1]:]
		if m := nextRE.FindStringIndex(rest); m != nil {
			rest = rest[:m[0]]
		}
		n.Overview = clip(rest)
	}
	if loc := problemsRE.FindStringIndex(text); loc != nil {
		rest := text[loc[0]:]
		if i := strings.IndexByte(rest, '\n'); i > 0 && i < 80 {
			rest = rest[i+1:]
		} else {
			rest = rest[len(text[loc[0]:loc[1]]):]
		}
		if m := otherRE.FindStringIndex(rest); m != nil {
			rest = rest[:m[0]]
		}
		n.Problems = clip(rest)
	}
	if loc := otherRE.FindStringIndex(text); loc != nil {
		n.Other = clip(text[loc[1]:])
	}
	return n
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
	re       *regexp.Regexp
}

var factPatterns = []factPattern{
	{"requests.new_received.total", regexp.MustCompile(`(?:收到|受理|新收)[^，。；,;]{0,12}?(?:政府信息公开|信息公开|依申请公开|公开)[^，。；,;]{0,6}?申请(?:共|数量为|数为)?(\d+)(?:件|份|个|条)`)},
	{"requests.new_received.total", regexp.MustCompile(`(?:收到|受理|新收)(?:依申请(?:信息)?公开|政府信息公开申请)(?:共)?(\d+)(?:件|份)`)},
	{"requests.new_received.total", regexp.MustCompile(`(?:共|累计)?收到(\d+)(?:件|份)(?:政府信息公开|信息公开|依申请公开)`)},
	{"requests.carried_over.total", regexp.MustCompile(`上年(?:度)?结转[^，。；,;]{0,12}?(\d+)件`)},
	{"requests.carried_forward.total", regexp.MustCompile(`(?:结转(?:至|到)?下(?:一)?年度|转(?:入)?下(?:一)?年度)[^，。；,;]{0,10}?(\d+)件`)},
	{"requests.granted.total", regexp.MustCompile(`(?:予以公开|同意公开)(?:答复)?(?:的)?(\d+)件`)},
	{"requests.partly_granted.total", regexp.MustCompile(`部分公开(?:答复)?(?:的)?(\d+)件`)},
	{"requests.withheld.total", regexp.MustCompile(`不予公开(?:答复)?(?:的)?(\d+)件`)},
	{"requests.unavailable.total", regexp.MustCompile(`无法提供(?:答复)?(?:的)?(\d+)件`)},
	{"requests.declined.total", regexp.MustCompile(`不予处理(?:答复)?(?:的)?(\d+)件`)},
	{"requests.other_group.total", regexp.MustCompile(`其他处理(?:答复)?(?:的)?(\d+)件`)},
	{"appeals.review.total", regexp.MustCompile(`(?:有|发生|收到)(\d+)(?:件|起)[^，。；,;]{0,20}?行政复议`)},
	{"appeals.review.total", regexp.MustCompile(`行政复议(?:案件)?(?:数为|数量为|共)?(\d+)(?:件|起)`)},
	{"appeals.suit.total", regexp.MustCompile(`行政诉讼(?:案件)?(?:数为|数量为|共)?(\d+)(?:件|起)`)},
}

// facts reads the figures the narrative states, for narrative.mismatch.
// Only text outside the tables is read, with spaces removed.
func facts(r *report.Report, text string) []report.Fact {
	s := squeeze(text)
	var out []report.Fact
	seen := map[string]bool{}
	for _, p := range factPatterns {
		if seen[p.quantity] {
			continue
		}
		m := p.re.FindStringSubmatchIndex(s)
		if m == nil {
			continue
		}
		if _, ok := r.Quantity(p.quantity); !ok {
			continue
		}
		seen[p.quantity] = true
		out = append(out, report.Fact{Quantity: p.quantity, Value: float64(atoi(s[m[2]:m[3]])), Text: s[m[0]:m[1]]})
	}
	return out
}
