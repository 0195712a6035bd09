package reader

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/report"
)

var (
	titleYearRE  = regexp.MustCompile(`((?:19|20)\d{2})年度?[^。；;！？!?]{0,40}?(?:政府信息公开|政务公开|信息公开)[^。；;，,]{0,15}?报告`)
	titleYear2RE = regexp.MustCompile(`(?:政府信息公开|政务公开)[^。；;，,]{0,10}?((?:19|20)\d{2})年度?(?:工作)?(?:年度)?报告`)
	periodYearRE = regexp.MustCompile(`统计(?:期限|时限|周期|时间|区间|范围)?[^。]{0,20}?((?:19|20)\d{2})年1月1日`)
	dateRE       = regexp.MustCompile(`((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日`)
)

// squeeze removes white space (a title broken over lines, "2024 年").
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == 0x3000 || r == 0xA0 {
			return -1
		}
		return r
	}, foldDigits(s))
}

// head returns about the first n characters of s (3n bytes, cut at a rune).
func head(s string, n int) string {
	if len(s) <= 3*n {
		return s
	}
	s = s[:3*n]
	for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	if len(s) > 0 {
		s = s[:len(s)-1] // the last rune may be cut
	}
	return s
}

// tail returns about the last n characters of s.
func tail(s string, n int) string {
	if len(s) <= 3*n {
		return s
	}
	s = s[len(s)-3*n:]
	for len(s) > 0 && !utf8.RuneStart(s[0]) {
		s = s[1:]
	}
	return s
}

// findYear reads the report's year from its title, its statistics period,
// the date under its signature (the report is published early the next
// year), or, failing those, the year the overview names most often.
func findYear(text string) int {
	h := squeeze(head(text, 2000))
	// The title regexp runs only where a year is written.
	for _, at := range yearPositions(h, 12) {
		w := h[at:min(len(h), at+240)]
		if !strings.Contains(w, "报告") {
			continue
		}
		if m := titleYearRE.FindStringSubmatch(w); m != nil && strings.HasPrefix(h[at:], m[0][:4]) {
			return atoi(m[1])
		}
	}
	if m := titleYear2RE.FindStringSubmatch(head(h, 600)); m != nil {
		return atoi(m[1])
	}
	if i := strings.Index(h, "统计"); i >= 0 {
		if m := periodYearRE.FindStringSubmatch(h[i:min(len(h), i+200)]); m != nil {
			return atoi(m[1])
		}
	}
	t := squeeze(tail(text, 1500))
	if ms := dateRE.FindAllStringSubmatch(t, -1); len(ms) > 0 {
		m := ms[len(ms)-1]
		y, mo := atoi(m[1]), atoi(m[2])
		if mo <= 6 {
			return y - 1
		}
		return y
	}
	counts := map[int]int{}
	for _, at := range yearPositions(h, -1) {
		counts[atoi(h[at:at+4])]++
	}
	best, bestN := 0, 0
	for y, n := range counts {
		if n > bestN || (n == bestN && y > best) {
			best, bestN = y, n
		}
	}
	return best
}

// yearPositions returns the byte offsets of up to max "19xx年"/"20xx年" in s.
func yearPositions(s string, max int) []int {
	var out []int
	from := 0
	for max < 0 || len(out) < max {
		i := strings.Index(s[from:], "年")
		if i < 0 {
			break
		}
		at := from + i - 4
		if at >= 0 && (s[at] == '1' && s[at+1] == '9' || s[at] == '2' && s[at+1] == '0') && isDigit(rune(s[at+2])) && isDigit(rune(s[at+3])) {
			out = append(out, at)
		}
		from += i + len("年")
	}
	return out
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var ()

// agencySuffixes are the last characters of agency names.
var agencySuffixes = []string{"政府", "办公室", "办公厅", "管委会", "委员会", "局", "厅", "委", "院", "中心", "办事处", "公司",
	"所", "站", "队", "会", "处", "部", "署", "镇", "乡", "街道", "区", "县", "市", "省", "州", "盟", "旗", "馆", "园", "社", "行", "校", "学"}

func hasAgencySuffix(s string) bool {
	for _, x := range agencySuffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// findAgency reads the agency from the title ("XX县人民政府2020年政府信息公开
// 工作年度报告"), a publisher line, or the signature above the date.
func findAgency(text string, year int) string {
	y := strconv.Itoa(year)
	for _, line := range strings.Split(head(text, 4000), "\n") {
		if len(line) > 300 || !strings.Contains(line, "公开") || !strings.Contains(line, y) {
			continue
		}
		l := squeeze(line)
		i := strings.Index(l, y+"年")
		if i < 0 || len([]rune(l)) > 60 || !(strings.Contains(l, "信息公开") || strings.Contains(l, "政务公开")) {
			continue
		}
		before := cleanAgency(l[:i])
		if before != "" {
			return before
		}
		after := l[i+len(y)+len("年"):]
		after = strings.TrimPrefix(after, "度")
		if j := strings.Index(after, "政府信息公开"); j > 0 {
			if a := cleanAgency(after[:j]); a != "" {
				return a
			}
		}
		if j := strings.Index(after, "政务公开"); j > 0 {
			if a := cleanAgency(after[:j]); a != "" {
				return a
			}
		}
	}
	h := head(text, 4000)
	for _, k := range []string{"发布机构", "发文机关", "信息来源", "来源单位", "单位"} {
		for _, sep := range []string{"：", ":"} {
			if i := strings.Index(h, k+sep); i >= 0 {
				v := strings.TrimSpace(h[i+len(k+sep):])
				if j := strings.IndexAny(v, " \t\n|，,。"); j >= 0 {
					v = v[:j]
				}
				if a := cleanAgency(v); a != "" {
					return a
				}
			}
		}
	}
	// The signature: the last short line ending like an agency name.
	lines := strings.Split(tail(text, 1500), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := squeeze(lines[i])
		if l == "" || len([]rune(l)) > 30 {
			continue
		}
		if hasAgencySuffix(l) && !strings.ContainsAny(l, "。，,；") {
			return l
		}
	}
	return ""
}

// cleanAgency trims labels ("标题:") and punctuation around an agency name.
func cleanAgency(s string) string {
	if i := strings.LastIndexAny(s, ":：】]》"); i >= 0 {
		_, w := utf8.DecodeRuneInString(s[i:])
		s = s[i+w:]
	}
	s = strings.Trim(s, " 《》“”\"'（）()-—_·.,，。")
	// An agency's name begins with a Chinese character: what comes before
	// it on the line is a page header, a time or a list marker ("7:13 PM",
	// "#", "1.").
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.Is(unicode.Han, r) })
	if n := len([]rune(s)); n < 2 || n > 40 {
		return ""
	}
	if strings.ContainsAny(s, "，。；,;、") || !hasAgencySuffix(s) || strings.Count(s, "年") > 0 {
		return ""
	}
	return s
}

// markers maps the normalised labels that exist in one format version only
// to that version.
var markers = buildMarkers()

// markerOf indexes markers by key.
var markerOf = func() map[string]*label {
	m := map[string]*label{}
	for _, l := range markers.labels {
		m[l.key] = l
	}
	return m
}()

func buildMarkers() *dict {
	d := &dict{}
	count := map[string]map[report.Version]bool{}
	text := map[string]string{}
	for _, v := range report.Versions {
		for _, t := range report.LayoutOf(v).Tables() {
			var labels []string
			for _, row := range t.Rows {
				// A row both versions have, worded differently (规范性文件 /
				// 行政规范性文件), says nothing about the version: agencies
				// keep the old wording in the new table.
				if other := otherLayout(v).Table(t.ID).Row(row.ID); other != nil && other.Label != row.Label {
					for _, c := range row.Columns {
						labels = append(labels, c.Label)
					}
					continue
				}
				labels = append(labels, row.Label)
				for _, c := range row.Columns {
					labels = append(labels, c.Label)
				}
			}
			for _, g := range t.Groups {
				labels = append(labels, g.Label)
			}
			for _, l := range labels {
				k := key(l)
				if count[k] == nil {
					count[k] = map[report.Version]bool{}
				}
				count[k][v] = true
				text[k] = l
			}
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l := &label{text: text[k], key: k, keyRunes: []rune(k)}
		if len(count[k]) == 1 {
			for v := range count[k] {
				l.version = v
			}
		}
		d.labels = append(d.labels, l)
	}
	d.search = append(d.search, d.labels...)
	sort.SliceStable(d.search, func(i, j int) bool { return len(d.search[i].key) > len(d.search[j].key) })
	d.index()
	return d
}

func otherLayout(v report.Version) *report.Layout {
	if v == report.V2019 {
		return report.LayoutOf(report.V2021)
	}
	return report.LayoutOf(report.V2019)
}

// detectVersion tells the format version from the labels; when they say
// nothing, from the year. evidence is non-empty when labels of both
// versions were found.
func detectVersion(toks []token, year int) (report.Version, string) {
	n := map[report.Version]int{}
	examples := map[report.Version]string{}
	for _, t := range toks {
		if t.kind == tkLabel && t.l.only != "" {
			n[t.l.only]++
			if examples[t.l.only] == "" {
				examples[t.l.only] = t.l.text
			}
		}
	}
	v := report.VersionForYear(year)
	if year == 0 {
		v = report.V2021
	}
	switch {
	case n[report.V2019] > n[report.V2021]:
		v = report.V2019
	case n[report.V2021] > n[report.V2019]:
		v = report.V2021
	}
	evidence := ""
	if n[report.V2019] > 0 && n[report.V2021] > 0 {
		evidence = fmt.Sprintf("表格混用了2019年版（如“%s”，%d处）和2021年版（如“%s”，%d处）格式的标签，按%s年版读取",
			examples[report.V2019], n[report.V2019], examples[report.V2021], n[report.V2021], v)
	}
	return v, evidence
}
