package reader

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"gongkai/render"
	"gongkai/report"
)

// randomReport returns a report of version v whose tables keep every rule:
// what a careful agency publishes.
func randomReport(rng *rand.Rand, year int) *report.Report {
	v := report.VersionForYear(year)
	r := report.New(year, v)
	r.Agency = "某某县人民政府办公室"
	small := func() float64 {
		switch rng.Intn(4) {
		case 0, 1:
			return 0
		case 2:
			return float64(rng.Intn(10))
		}
		return float64(rng.Intn(2000))
	}
	for _, row := range r.Proactive.Def.Rows {
		for _, c := range row.Columns {
			x := small()
			switch {
			case c.Kind == report.SignedCount && rng.Intn(3) == 0:
				x = -x
			case c.Kind == report.Amount && c.ID == "amount_yuan":
				x = float64(rng.Intn(100000000)) + float64(rng.Intn(100))/100
			case c.Kind == report.Amount:
				x = float64(rng.Intn(100000)) / 100
			}
			r.Proactive.Set(row.ID, c.ID, x)
		}
	}
	t := r.Requests
	cols := t.Def.Rows[0].Columns
	for _, c := range cols[:len(cols)-1] {
		var th float64
		for _, id := range report.OutcomeRows(v) {
			x := small()
			if c.ID != "natural_person" && rng.Intn(2) == 0 {
				x = 0
			}
			t.Set(id, c.ID, x)
			th += x
		}
		t.Set("total_handled", c.ID, th)
		cf, co := small(), small()
		if co > th+cf {
			co = 0
		}
		t.Set("carried_forward", c.ID, cf)
		t.Set("carried_over", c.ID, co)
		t.Set("new_received", c.ID, th+cf-co)
	}
	for _, row := range t.Def.Rows {
		var s float64
		for _, c := range cols[:len(cols)-1] {
			s += t.Get(row.ID, c.ID)
		}
		t.Set(row.ID, "total", s)
	}
	for _, row := range r.Appeals.Def.Rows {
		var s float64
		for _, c := range row.Columns[:4] {
			x := small()
			r.Appeals.Set(row.ID, c.ID, x)
			s += x
		}
		r.Appeals.Set(row.ID, "total", s)
	}
	r.Narrative.Overview = fmt.Sprintf("%d年，本机关认真贯彻《条例》，全面推进政务公开。", year)
	r.Narrative.Problems = "公开工作仍有不足。"
	r.Narrative.Other = "本年度未收取信息处理费。"
	report.Recheck(r, nil)
	return r
}

type writer struct {
	name, format string
	write        func(io.Writer, *report.Report) error
}

var writers = []writer{
	{"text", "", render.Text},
	{"html", "", render.HTML},
	{"md", "", render.Markdown},
	{"docx", "", render.DOCX},
	{"lost-boundaries", "", lostBoundaries},
}

// lostBoundaries writes a report the way a crawler that drops every cell
// boundary does: labels and numbers of a table run together on one line.
func lostBoundaries(w io.Writer, r *report.Report) error {
	var b strings.Builder
	b.WriteString(render.Title(r) + "\n一、总体情况\n" + r.Narrative.Overview + "\n")
	for k, t := range r.Tables() {
		b.WriteString(report.Sections[k+1])
		for _, row := range t.Grid().Rows {
			for _, c := range row {
				b.WriteString(c.Text)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("五、存在的主要问题及改进情况\n" + r.Narrative.Problems + "\n六、其他需要报告的事项\n" + r.Narrative.Other + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// TestRoundTrip: a report written by each writer reads back with the same
// numbers; for text whose cell boundaries were dropped, every number that
// differs carries an uncertain finding.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	n := 60
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		year := []int{2019, 2020, 2021, 2023}[i%4]
		want := randomReport(rng, year)
		for _, w := range writers {
			var buf bytes.Buffer
			if err := w.write(&buf, want); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			got, err := Read(buf.Bytes(), "", Options{Format: w.format})
			if err != nil {
				t.Fatalf("report %d, %s: %v", i, w.name, err)
			}
			if got.Year != want.Year || got.Format != want.Format {
				t.Errorf("report %d, %s: year/format %d/%s, want %d/%s", i, w.name, got.Year, got.Format, want.Year, want.Format)
				continue
			}
			lost := w.name == "lost-boundaries"
			for _, d := range diffTables(got, want) {
				if lost && flagged(got, d[0], d[1]) {
					continue
				}
				t.Errorf("report %d (%d), %s: %s.%s.%s = %s, want %s", i, year, w.name, d[0], d[1], d[2], d[3], d[4])
			}
			if !lost {
				if u := report.CountSeverity(got.Findings, report.Uncertain); u > 0 {
					t.Errorf("report %d, %s: %d uncertain findings on a clean document: %v", i, w.name, u, got.Findings)
				}
			}
		}
	}
}

// diffTables lists the cells that differ: table id, row, column, got, want.
func diffTables(got, want *report.Report) [][5]string {
	var out [][5]string
	for k, wt := range want.Tables() {
		gt := got.Tables()[k]
		for _, row := range wt.Def.Rows {
			for _, c := range row.Columns {
				g, _ := gt.Lookup(row.ID, c.ID)
				w := wt.Get(row.ID, c.ID)
				if g != w {
					out = append(out, [5]string{wt.Def.ID, row.ID, c.ID, report.FormatNumber(g), report.FormatNumber(w)})
				}
			}
		}
	}
	return out
}

func flagged(r *report.Report, table, row string) bool {
	for _, f := range r.Findings {
		if f.Severity == report.Uncertain && f.Table == table && (f.Row == row || f.Row == "") {
			return true
		}
	}
	return false
}
