package reader

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gongkai/report"
)

// Cell boundaries lost: "规范性文件898989" holds three numbers whose
// boundaries the scraper dropped. The functions here enumerate the ways to
// read such runs as a row's numbers; the caller keeps the readings that the
// consistency rules allow and, where several remain, reports them.

// maxSplits caps the readings kept for one row, and maxSteps the work spent
// enumerating them, so that no input can make the reader hang.
const (
	maxSplits = 2000
	maxSteps  = 30000  // one row (real reports need fewer than 100)
	docSteps  = 300000 // one document
	maxPart   = 13     // digits of one number
)

// chunk is one run of digits with the sign word before it and the unit after it.
type chunk struct{ pre, body, suf string }

var chunkRE = regexp.MustCompile(`^(增加|减少|新增|\+|-|−)?([\d.]+)(.*)$`)

func toChunk(t token) (chunk, bool) {
	s := strings.ReplaceAll(foldDigits(strings.TrimSpace(t.text)), ",", "")
	m := chunkRE.FindStringSubmatch(s)
	if m == nil {
		return chunk{}, false
	}
	return chunk{m[1], m[2], m[3]}, true
}

// reading is one way to read a row: the text of each number.
type reading []string

// splitter enumerates readings of chunks as exactly n numbers of the given kinds.
type splitter struct {
	chunks []chunk
	kinds  []report.ColumnKind
	// sumEvery > 0: in each group of sumEvery numbers the last is the sum of
	// the others (table 三 rows: 7; table 四: 5). The sum is then not
	// enumerated but computed, and must be what the digits say next.
	sumEvery int
	out      []reading
	steps    int
	// truncated: the enumeration stopped at a cap.
	truncated bool
	parts     []string
	vals      []float64
	budget    *int // steps left for the whole document
	// The total of the last group is the end of the last chunk: run tries
	// each ending as that total and then enumerates only numbers adding up
	// to it (need is then one less than the columns).
	need      int
	hasTarget bool
	target    float64
	tail      string
}

func (s *splitter) run() {
	n := len(s.kinds)
	s.need = n
	if s.sumEvery <= 0 || len(s.chunks) == 0 || n%s.sumEvery != 0 {
		s.rec(0, 0)
		return
	}
	all := s.chunks
	last := all[len(all)-1]
	for l := 1; l <= len(last.body) && l <= maxPart; l++ {
		tot := last.body[len(last.body)-l:]
		if !validPart(tot, s.kinds[n-1]) {
			continue
		}
		cs := append([]chunk(nil), all...)
		s.tail = tot + last.suf
		if l == len(last.body) {
			s.tail = last.pre + s.tail
			cs = cs[:len(cs)-1]
		} else {
			cs[len(cs)-1] = chunk{pre: last.pre, body: last.body[:len(last.body)-l]}
		}
		s.chunks, s.need, s.hasTarget, s.target = cs, n-1, true, partValue(tot)
		s.rec(0, 0)
		if s.truncated {
			break
		}
	}
	s.chunks = all
}

func (s *splitter) rec(ci, pos int) {
	if s.truncated {
		return
	}
	s.steps++
	*s.budget--
	if s.steps > maxSteps || *s.budget < 0 || len(s.out) >= maxSplits {
		s.truncated = true
		return
	}
	n := s.need
	j := len(s.parts)
	if ci == len(s.chunks) {
		if j == n {
			if s.hasTarget {
				var sum float64
				for _, v := range s.vals[len(s.kinds)-s.sumEvery:] {
					sum += v
				}
				if !approx(sum, s.target) {
					return
				}
				s.out = append(s.out, append(append(reading(nil), s.parts...), s.tail))
				return
			}
			s.out = append(s.out, append(reading(nil), s.parts...))
		}
		return
	}
	c := s.chunks[ci]
	body := c.body
	if pos == len(body) || j >= n {
		return
	}
	left := len(s.chunks) - ci - 1 // chunks after this one: one number each at least
	// Inside the last group, with its total known: the numbers so far.
	var groupSum float64
	inLast := s.hasTarget && j >= len(s.kinds)-s.sumEvery
	if inLast {
		for _, v := range s.vals[len(s.kinds)-s.sumEvery:] {
			groupSum += v
		}
	}
	over := false
	try := func(end int) {
		p := body[pos:end]
		if !validPart(p, s.kinds[j]) {
			return
		}
		if inLast && groupSum+partValue(p) > s.target+1e-9 {
			over = true
			return
		}
		last := end == len(body)
		if last && n-j-1 < left {
			return
		}
		if !last && n-j-1 < left+1 {
			return
		}
		text := p
		if pos == 0 {
			text = c.pre + text
		}
		if last {
			text += c.suf
		}
		s.parts = append(s.parts, text)
		s.vals = append(s.vals, partValue(text))
		if last {
			s.rec(ci+1, 0)
		} else {
			s.rec(ci, end)
		}
		s.parts = s.parts[:len(s.parts)-1]
		s.vals = s.vals[:len(s.vals)-1]
	}
	if s.sumEvery > 0 && (j+1)%s.sumEvery == 0 && !(s.hasTarget && j == len(s.kinds)-1) {
		// The total: the sum of the numbers before it in its group.
		var sum float64
		for _, v := range s.vals[j+1-s.sumEvery:] {
			sum += v
		}
		want := strconv.FormatFloat(sum, 'f', -1, 64)
		if strings.HasPrefix(body[pos:], want) {
			try(pos + len(want))
		}
		return
	}
	// A total to come must be at least as long as any number of its group.
	for end := pos + 1; end <= len(body) && end-pos <= maxPart; end++ {
		if s.sumEvery > 0 && !inLast && s.remaining(ci, end) < end-pos {
			break
		}
		try(end)
		if over {
			break
		}
	}
}

// remaining counts the digits after position end of chunk ci.
func (s *splitter) remaining(ci, end int) int {
	n := len(s.chunks[ci].body) - end
	for _, c := range s.chunks[ci+1:] {
		n += len(c.body)
	}
	return n
}

// partValue is the number a part of a reading says.
func partValue(p string) float64 {
	if len(p) <= 15 {
		var n int64
		ok := true
		for i := 0; i < len(p); i++ {
			c := p[i]
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			return float64(n)
		}
	}
	if v, err := strconv.ParseFloat(p, 64); err == nil {
		return v
	}
	return parseCell(p).value
}

// validPart: a number without leading zeros (a lone 0 is fine); a decimal
// point only in an amount, with digits on both sides.
func validPart(p string, k report.ColumnKind) bool {
	if strings.Count(p, ".") > 0 {
		if k != report.Amount || strings.Count(p, ".") > 1 || p[0] == '.' || p[len(p)-1] == '.' {
			return false
		}
		if p[0] == '0' && p[1] != '.' {
			return false
		}
		return true
	}
	return p == "0" || p[0] != '0'
}

func readingValues(parts []string) []float64 {
	vs := make([]float64, len(parts))
	for i, p := range parts {
		vs[i] = partValue(p)
	}
	return vs
}

// splitRun enumerates the readings of a run's chunks as the row's columns.
// sumEvery > 0 says that in each group of that many numbers the last is
// the sum of the others.
func splitRun(vals []token, cols []report.Column, sumEvery int, budget *int) ([]reading, bool) {
	var chunks []chunk
	for _, t := range vals {
		if t.kind != tkValue {
			continue
		}
		if t.cell.kind == cellBlank {
			chunks = append(chunks, chunk{body: "0"})
			continue
		}
		c, ok := toChunk(t)
		if !ok {
			return nil, false
		}
		chunks = append(chunks, c)
	}
	kinds := make([]report.ColumnKind, len(cols))
	for i, c := range cols {
		kinds[i] = c.Kind
	}
	s := &splitter{chunks: chunks, kinds: kinds, sumEvery: sumEvery, budget: budget}
	s.run()
	return s.out, s.truncated
}

// splitRuled enumerates the readings the sum rule allows; when none does
// but the digits admit a single reading whatever the rules (as many digits
// as numbers), that reading is what the source says — the rule's finding
// will report the inconsistency.
func splitRuled(vals []token, cols []report.Column, sumEvery int, budget *int) ([]reading, bool) {
	rs, truncated := splitRun(vals, cols, sumEvery, budget)
	if len(rs) > 0 || truncated || sumEvery == 0 {
		return rs, truncated
	}
	if all, tr := splitRun(vals, cols, 0, budget); len(all) == 1 && !tr {
		return all, false
	}
	return nil, false
}

// readingTokens turns a reading into value tokens.
func readingTokens(r reading) []token {
	ts := make([]token, len(r))
	for i, p := range r {
		ts[i] = token{kind: tkValue, text: p, cell: parseCell(p)}
	}
	return ts
}

// plausibility scores a reading of a row that no rule constrains (table
// 二, and 三 when the rules leave a choice): lower is more plausible. The
// heuristic, documented in the package comment: a 本年增/减 of a lone 0 is
// the usual case; the numbers of one row tend to have similar lengths (then
// the smaller change); a procurement's average amount per project is near
// 10^5.5 元; in table 三, fewer organisations' cells filled.
func plausibility(r reading, cols []report.Column) float64 {
	score := 0.0
	if len(cols) > 1 && cols[0].ID == "natural_person" {
		// Table 三: most requests come from natural persons; a reading with
		// fewer organisations' cells filled is the more plausible.
		for i := 1; i < len(r)-1 && i < len(cols)-1; i++ {
			if partValue(r[i]) != 0 {
				score++
			}
		}
		return score
	}
	var lens []float64
	var projects float64
	for i, p := range r {
		body := strings.TrimRight(strings.TrimLeft(p, "增加减少新+-−"), "万亿元件项条个起次篇家宗份")
		switch {
		case cols[i].Kind == report.SignedCount:
			// A lone 0 is always one digit: it does not count in the
			// balance of lengths, but a non-zero change costs 2.
			if body != "0" {
				score += 2
				lens = append(lens, float64(len(body)))
				// Among equally balanced readings, the smaller change.
				score += math.Log10(math.Abs(partValue(body))+1) * 0.01
			}
		case cols[i].Kind == report.Amount && cols[i].ID == "amount_yuan":
			if projects > 0 {
				v := parseCell(p).value
				if v > 0 {
					score += 3 * math.Abs(math.Log10(v/projects)-5.5)
				} else {
					score += 20
				}
			}
		default:
			if cols[i].ID == "projects" {
				projects = parseCell(p).value
			}
			lens = append(lens, float64(len(body)))
		}
	}
	if len(lens) > 1 {
		var mean float64
		for _, l := range lens {
			mean += l
		}
		mean /= float64(len(lens))
		for _, l := range lens {
			score += (l - mean) * (l - mean)
		}
	}
	return score
}

// sortReadings orders readings from most to least plausible (stable).
func sortReadings(rs []reading, cols []report.Column) {
	sc := make(map[int]float64, len(rs))
	idx := make([]int, len(rs))
	for i := range rs {
		idx[i] = i
		sc[i] = plausibility(rs[i], cols)
	}
	sort.SliceStable(idx, func(a, b int) bool { return sc[idx[a]] < sc[idx[b]] })
	out := make([]reading, len(rs))
	for i, k := range idx {
		out[i] = rs[k]
	}
	copy(rs, out)
}

// maxAlternatives caps the alternatives listed in one finding.
const maxAlternatives = 8

func alternatives(rs []reading, skip int) [][]float64 {
	var out [][]float64
	for i, r := range rs {
		if i == skip {
			continue
		}
		if len(out) == maxAlternatives {
			break
		}
		out = append(out, readingValues(r))
	}
	return out
}
