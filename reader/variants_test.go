package reader

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gongkai/report"
)

// TestSeedVariants reads the seed rewritten the ways scrapers and
// publishers rewrite reports; every number must still be right, or its row
// flagged uncertain.
func TestSeedVariants(t *testing.T) {
	shared := sharedDir(t)
	data, err := os.ReadFile(filepath.Join(shared, "seed", "000_7e69af88cfc75a8c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	gdata, err := os.ReadFile(filepath.Join("testdata", "golden", "seed-anxi-2020.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(gdata, &g); err != nil {
		t.Fatal(err)
	}
	seed := string(data)
	lines := strings.Split(seed, "\n")
	mapLines := func(f func(string) string) string {
		out := make([]string, 0, len(lines))
		for _, l := range lines {
			if s := f(l); s != "\x00" {
				out = append(out, s)
			}
		}
		return strings.Join(out, "\n")
	}
	pipe := regexp.MustCompile(`\s*\|+\s*$`)
	fullWidth := strings.NewReplacer("(", "（", ")", "）", ",", "，", "0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６")
	variants := map[string]string{
		"no pipes": mapLines(func(l string) string {
			if strings.Trim(l, "| ") == "" {
				return "\x00"
			}
			return pipe.ReplaceAllString(l, "")
		}),
		"full width":        fullWidth.Replace(seed),
		"spaces in labels":  strings.NewReplacer("本年新收", "本年 新收", "商业企业", "商业 企业", "属于国家秘密", "属于 国家 秘密", "（七）", "( 七 )").Replace(seed),
		"straight quotes":   strings.NewReplacer("“", "\"", "”", "\"").Replace(seed),
		"windows line ends": strings.ReplaceAll(seed, "\n", "\r\n"),
		"row per line, tabs": func() string {
			var b strings.Builder
			for _, l := range lines {
				if strings.Trim(l, "| ") == "" {
					b.WriteString("\n")
					continue
				}
				if strings.HasSuffix(strings.TrimSpace(l), "|") {
					b.WriteString(pipe.ReplaceAllString(l, "") + "\t")
					continue
				}
				b.WriteString("\n" + l + "\n")
			}
			return b.String()
		}(),
		"boundaries lost": func() string {
			var b strings.Builder
			inTable := false
			for _, l := range lines {
				if strings.HasPrefix(l, "二、") {
					inTable = true
				}
				if strings.HasPrefix(l, "五、") {
					inTable = false
					b.WriteString("\n")
				}
				if inTable {
					if strings.Trim(l, "| ") != "" {
						b.WriteString(pipe.ReplaceAllString(l, ""))
					}
					continue
				}
				b.WriteString(l + "\n")
			}
			return b.String()
		}(),
	}
	for name, doc := range variants {
		t.Run(name, func(t *testing.T) {
			r, err := Read([]byte(doc), "", Options{})
			if err != nil {
				t.Fatal(err)
			}
			for key, rows := range map[string]map[string]map[string]float64{"proactive": g.Proactive, "requests": g.Requests, "appeals": g.Appeals} {
				tbl := r.Table(key)
				for row, cols := range rows {
					for col, want := range cols {
						if got, _ := tbl.Lookup(row, col); got != want && !flagged(r, tbl.Def.ID, row) {
							t.Errorf("%s.%s.%s = %v, want %v, not flagged", key, row, col, got, want)
						}
					}
				}
			}
			if d := diffGolden(r, &g); d > 0 {
				t.Logf("%d cells differ (flagged uncertain)", d)
			}
			if r.Year != 2020 || r.Format != "2019" {
				t.Errorf("year/format %d/%s", r.Year, r.Format)
			}
		})
	}
}

// diffGolden counts the cells of r that differ from the golden file.
func diffGolden(r *report.Report, g *golden) int {
	n := 0
	for key, rows := range map[string]map[string]map[string]float64{"proactive": g.Proactive, "requests": g.Requests, "appeals": g.Appeals} {
		for row, cols := range rows {
			for col, want := range cols {
				if got, _ := r.Table(key).Lookup(row, col); got != want {
					n++
				}
			}
		}
	}
	return n
}
