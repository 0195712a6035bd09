package reader

import (
	"sort"
	"strings"
	"unicode/utf8"

	"gongkai/report"
)

// labelKind says what a recognised label is.
type labelKind int

const (
	lkRow     labelKind = iota // a data row of table 二/三 (or a group of table 四)
	lkGroup                    // a group label of table 三 (（三）不予公开)
	lkHeader                   // a column header or a table note
	lkCaption                  // a table 二 block caption (第二十条第（一）项)
)

// label is one label of the national format, normalised.
type label struct {
	table string // "二", "三", "四"
	kind  labelKind
	id    string // row or group id (empty for headers)
	text  string // as defined in report/layout.go
	key   string // normalised
	// keyRunes is key as runes.
	keyRunes []rune
	num      string // numbering of the key ("一", "1", ...)
	core     string // key without its numbering
	// version the label belongs to; "" when both versions have it.
	version report.Version
	// only: the one format version whose tables have this label ("" when
	// both have it); it tells the version of a report.
	only report.Version
	// trigger: seeing this label means its table has started.
	trigger bool
}

// dict is the set of labels of one format version (plus the labels of the
// other version, marked, so that they are recognised and reported).
type dict struct {
	v      report.Version
	labels []*label
	// search holds the labels worth finding inside running text, longest first.
	search []*label
	// byFirst indexes search by the first rune of the key; byCore the
	// labels by their core, byCoreFirst by the first rune of the core.
	byFirst     map[rune][]*label
	byCore      map[string][]*label
	byCoreFirst map[rune][]*label
	maxKey      int // runes of the longest key
}

// index builds byFirst from search.
func (d *dict) index() {
	d.byFirst = map[rune][]*label{}
	d.byCore = map[string][]*label{}
	d.byCoreFirst = map[rune][]*label{}
	for _, l := range d.labels {
		d.byCore[l.core] = append(d.byCore[l.core], l)
		if r, _ := utf8.DecodeRuneInString(l.core); l.core != "" {
			d.byCoreFirst[r] = append(d.byCoreFirst[r], l)
		}
	}
	for _, l := range d.search {
		if len(l.key) < 4 { // one Chinese character is never a label
			continue
		}
		r := []rune(l.key)
		d.byFirst[r[0]] = append(d.byFirst[r[0]], l)
		if len(r) > d.maxKey {
			d.maxKey = len(r)
		}
	}
}

var dicts = map[report.Version]*dict{}

func init() {
	for _, v := range report.Versions {
		dicts[v] = buildDict(v)
	}
}

func buildDict(v report.Version) *dict {
	d := &dict{v: v}
	seen := map[string]bool{}
	add := func(l *label) {
		l.key = key(l.text)
		if l.key == "" {
			return
		}
		sig := l.table + "|" + l.key
		if seen[sig] {
			return
		}
		seen[sig] = true
		l.num, l.core = splitNumbering(l.key)
		l.keyRunes = []rune(l.key)
		if m := markerOf[l.key]; m != nil {
			l.only = m.version
		}
		d.labels = append(d.labels, l)
	}
	cur := report.LayoutOf(v)
	order := []report.Version{v}
	for _, o := range report.Versions {
		if o != v {
			order = append(order, o)
		}
	}
	for _, lv := range order {
		other := lv != v
		for _, t := range report.LayoutOf(lv).Tables() {
			ct := cur.Table(t.ID)
			for _, row := range t.Rows {
				ver := report.Version("")
				if other && ct.Row(row.ID) == nil {
					ver = lv // a row of the other version only
				}
				add(&label{table: t.ID, kind: lkRow, id: row.ID, text: row.Label, version: ver, trigger: t.ID == "三"})
				for _, c := range row.Columns {
					cv := report.Version("")
					if !columnInBoth(t.ID, c.Label) {
						cv = lv
					}
					add(&label{table: t.ID, kind: lkHeader, text: c.Label, version: cv, trigger: t.ID == "二" && len([]rune(c.Label)) >= 4})
				}
			}
			for _, g := range t.Groups {
				kind := lkGroup
				if t.ID == "四" {
					kind = lkHeader
				}
				add(&label{table: t.ID, kind: kind, id: g.ID, text: g.Label})
			}
			for _, b := range t.Blocks {
				add(&label{table: t.ID, kind: lkCaption, text: b.Caption, trigger: true})
			}
		}
	}
	add(&label{table: "二", kind: lkHeader, text: report.ProactiveHeader, trigger: true})
	add(&label{table: "三", kind: lkHeader, text: report.RequestsCorner, trigger: true})
	add(&label{table: "三", kind: lkHeader, text: report.RequestsApplicantHeader, trigger: true})
	add(&label{table: "三", kind: lkHeader, text: report.RequestsOrgHeader, trigger: true})
	for _, l := range d.labels {
		if l.table == "四" {
			// Table 四 starts at 行政复议, 行政诉讼 or an outcome header.
			l.trigger = l.kind == lkRow || l.key == key(report.AppealsSuitHeader) || strings.HasPrefix(l.core, "结果") || l.core == "尚未审结"
		}
		if l.table == "三" && l.kind == lkHeader && (l.key == "其他" || l.key == "总计") {
			l.trigger = false
		}
	}
	d.search = append(d.search, d.labels...)
	sort.SliceStable(d.search, func(i, j int) bool { return len(d.search[i].key) > len(d.search[j].key) })
	d.index()
	return d
}

// columnInBoth reports whether a column label of table tid exists in both versions.
func columnInBoth(tid, lbl string) bool {
	for _, v := range report.Versions {
		found := false
		for _, row := range report.LayoutOf(v).Table(tid).Rows {
			for _, c := range row.Columns {
				if c.Label == lbl {
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// matchWhole finds the label that a whole cell or line is, allowing for
// truncation ("本年新" is not enough, "部分公开" is) and for a trailing
// parenthesis ("现行有效件数（历史累计）"). It returns nil when the text is no label.
func (d *dict) matchWhole(k string) *label {
	if k == "" || len(k) > 3*(d.maxKey+12) {
		return nil
	}
	num, core := splitNumbering(k)
	if core == "" {
		return nil
	}
	// Candidates: the same core, the core before a parenthesis, or labels
	// whose core starts like this one (a truncated label).
	first, _ := utf8.DecodeRuneInString(core)
	cands := d.byCoreFirst[first]
	var best *label
	bestScore := 0
	for _, l := range cands {
		if num != "" && l.num != "" && num != l.num {
			continue
		}
		score := 0
		switch {
		case core == l.core:
			if len([]rune(l.core)) < 4 && l.num != "" && num == "" && !(l.kind == lkRow && l.table == "二") {
				continue // "其他" alone is the column, not row 3.其他
			}
			if len([]rune(l.core)) < 4 && num != "" && l.num == "" {
				continue
			}
			score = 3
			if num != "" && num == l.num {
				score = 4
			}
		case strings.HasPrefix(core, l.core) && isParenthetical(core[len(l.core):]):
			score = 2
		case len([]rune(core)) >= 4 && strings.HasPrefix(l.core, core) && (num == "" || num == l.num):
			score = 1
		}
		if score > bestScore || (score == bestScore && score > 0 && l.version == "" && best.version != "") {
			best, bestScore = l, score
		}
	}
	if best == nil && num != "" && len([]rune(core)) >= 4 && !strings.ContainsAny(core, "0123456789") {
		best = d.similar(num, core)
	}
	return best
}

// similar finds the row label with the same numbering whose wording is
// closest to core ("1.本机关不掌握相关信息" for "1.本机关不掌握相关政府信息"):
// bigram overlap (Dice) of at least 0.6, and clearly ahead of the next.
func (d *dict) similar(num, core string) *label {
	var best *label
	bestSim, second := 0.0, 0.0
	for _, l := range d.labels {
		if l.num != num || l.kind != lkRow {
			continue
		}
		sim := dice(core, l.core)
		switch {
		case sim > bestSim:
			best, bestSim, second = l, sim, bestSim
		case sim > second:
			second = sim
		}
	}
	if bestSim >= 0.6 && bestSim-second >= 0.2 {
		return best
	}
	return nil
}

// dice is the Dice coefficient of the character bigrams of a and b.
func dice(a, b string) float64 {
	bg := func(s string) map[[2]rune]int {
		r := []rune(s)
		m := map[[2]rune]int{}
		for i := 0; i+1 < len(r); i++ {
			m[[2]rune{r[i], r[i+1]}]++
		}
		return m
	}
	ma, mb := bg(a), bg(b)
	na, nb, common := 0, 0, 0
	for k, n := range ma {
		na += n
		common += min(n, mb[k])
	}
	for _, n := range mb {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(common) / float64(na+nb)
}

// isParenthetical: "(…)" with nothing after it ("(历史累计)", "(单位:万元)").
func isParenthetical(s string) bool {
	return strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1 && strings.Count(s, ")") == 1
}

// labelHit is one label found inside a text.
type labelHit struct {
	l          *label
	start, end int // rune positions in the normalised text
}

// findAll finds the labels inside a normalised text, leftmost first and,
// at one position, longest first; hits do not overlap.
func (d *dict) findAll(n normText) []labelHit {
	rs := n.runes
	var out []labelHit
	for i := 0; i < len(rs); i++ {
		cands := d.byFirst[rs[i]]
		if len(cands) == 0 {
			continue
		}
		for _, l := range cands { // longest first
			k := l.keyRunes
			if len(k) > len(rs)-i {
				continue
			}
			match := true
			for m := 1; m < len(k); m++ {
				if rs[i+m] != k[m] {
					match = false
					break
				}
			}
			if match {
				out = append(out, labelHit{l: l, start: i, end: i + len(k)})
				i += len(k) - 1
				break
			}
		}
	}
	return out
}
