package reader

import (
	"bytes"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"

	"gongkai/render"
	"gongkai/report"
)

// TestPerturbedNeverSilent damages rendered reports the ways scraping does —
// a line lost, a label lost, a line repeated, the page cut — and checks the
// promise: every number that differs from the report carries an uncertain
// finding on its row (or its table).
func TestPerturbedNeverSilent(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	n := 300
	if os.Getenv("GONGKAI_PERTURB") != "" {
		n, _ = strconv.Atoi(os.Getenv("GONGKAI_PERTURB"))
	}
	if testing.Short() {
		n = 60
	}
	silent := 0
	for i := 0; i < n; i++ {
		want := randomReport(rng, []int{2020, 2023}[i%2])
		var b bytes.Buffer
		switch i % 5 {
		case 0:
			render.Text(&b, want)
		case 1:
			render.Markdown(&b, want)
		case 2:
			render.HTML(&b, want)
		case 3:
			b.WriteString(layoutText(want))
		default:
			// Boundaries lost, then one line per table row so that the
			// damage hits a row, not a whole table.
			lostBoundaries(&b, want)
		}
		lines := strings.Split(b.String(), "\n")
		// Damage only the tables: from the first table line on.
		start := 0
		for k, l := range lines {
			if strings.Contains(l, "第二十条") {
				start = k
				break
			}
		}
		k := start + rng.Intn(len(lines)-start)
		what := rng.Intn(5)
		if what == 2 {
			// Two cells swapped in a row keep every rule; no reader can tell.
			// Scrapers lose and repeat lines and cut pages; they do not swap.
			what = 0
		}
		switch what {
		case 0: // a line lost
			lines = append(lines[:k], lines[k+1:]...)
		case 1: // a line repeated
			lines = append(lines[:k+1], lines[k:]...)
		case 2: // two lines swapped
			if k+1 < len(lines) {
				lines[k], lines[k+1] = lines[k+1], lines[k]
			}
		case 3: // the page cut
			lines = lines[:k]
		case 4: // a character that is no digit lost (a separator, part of a label):
			// a digit lost changes what the source says, not how it is read
			if r := []rune(lines[k]); len(r) > 0 {
				j := rng.Intn(len(r))
				if r[j] < '0' || r[j] > '9' {
					lines[k] = string(append(r[:j:j], r[j+1:]...))
				}
			}
		}
		doc := strings.Join(lines, "\n")
		got, err := Read([]byte(doc), "", Options{})
		if err != nil {
			continue // not a report any more: said so
		}
		for _, d := range diffTables(got, want) {
			if !flagged(got, d[0], d[1]) {
				silent++
				if silent <= 10 {
					t.Errorf("report %d (damage %d at line %d: %q): %s.%s.%s = %s, want %s, not flagged",
						i, what, k, safeLine(b.String(), k), d[0], d[1], d[2], d[3], d[4])
				}
				break
			}
		}
	}
	if silent > 0 {
		t.Errorf("%d of %d damaged reports have a silent wrong number", silent, n)
	}
}

// layoutText writes a report the way pdftotext -layout lays a PDF out: one
// row per line, long labels cut at the column's width, numbers spaced apart.
func layoutText(r *report.Report) string {
	var b strings.Builder
	b.WriteString(render.Title(r) + "\n")
	for k, tbl := range r.Tables() {
		b.WriteString(report.Sections[k+1] + "\n")
		if tbl.Def.ID == "四" {
			b.WriteString("行政复议        行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n")
			var nums []string
			for _, row := range tbl.Def.Rows {
				for _, c := range row.Columns {
					nums = append(nums, report.FormatNumber(tbl.Get(row.ID, c.ID)))
				}
			}
			b.WriteString(strings.Join(nums, "   ") + "\n")
			continue
		}
		for _, row := range tbl.Def.Rows {
			lbl := []rune(row.Label)
			if len(lbl) > 14 {
				lbl = lbl[:14]
			}
			var nums []string
			for _, c := range row.Columns {
				nums = append(nums, report.FormatNumber(tbl.Get(row.ID, c.ID)))
			}
			b.WriteString("    " + string(lbl) + "        " + strings.Join(nums, "     ") + "\n")
		}
	}
	return b.String()
}

func safeLine(s string, k int) string {
	ls := strings.Split(s, "\n")
	if k < len(ls) {
		l := ls[k]
		if len(l) > 80 {
			l = l[:80]
		}
		return l
	}
	return ""
}

var _ = report.Schema
