package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/testenv"
)

// tableRuns splits flattened text into the runs of consecutive table lines
// ("text |", "|", "|||"), one run per table.
func tableRuns(text string) [][]string {
	var runs [][]string
	var cur []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if strings.HasSuffix(line, "|") {
			cur = append(cur, line)
			continue
		}
		if cur != nil {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if cur != nil {
		runs = append(runs, cur)
	}
	return runs
}

// shape replaces each cell line by "cell", keeping the lines of bare pipes.
func shape(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if strings.Trim(l, "|") == "" && l != "|" {
			out[i] = l
		} else if l == "|" {
			out[i] = "| (empty cell or one covered position)"
		} else {
			out[i] = "cell"
		}
	}
	return out
}

var halfWidth = strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",")

// The text writer must reproduce the shape of the seed: the same cell lines
// and padding lines in the same places for all three tables, and for tables
// 三 and 四 (whose cells the seed prints as plain numbers and full labels) the
// very same lines, up to the seed's half-width punctuation.
func TestText_MatchesSeed(t *testing.T) {
	// The seed is a third-party document: it stays in ../shared.
	seed, err := os.ReadFile(filepath.Join(testenv.Shared(t), "seed", "000_7e69af88cfc75a8c.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Text(&b, MustLoad(t, fixtures[0].path)); err != nil {
		t.Fatal(err)
	}
	want, got := tableRuns(string(seed)), tableRuns(b.String())
	if len(want) != 3 || len(got) != 3 {
		t.Fatalf("found %d tables in the seed and %d in the output, want 3 and 3", len(want), len(got))
	}
	for i, name := range []string{"二", "三", "四"} {
		ws, gs := shape(want[i]), shape(got[i])
		if len(ws) != len(gs) {
			t.Errorf("表%s: %d lines, the seed has %d", name, len(gs), len(ws))
		}
		for j := 0; j < len(ws) && j < len(gs); j++ {
			if ws[j] != gs[j] {
				t.Errorf("表%s line %d: shape %q, the seed has %q (%q)", name, j+1, gs[j], ws[j], want[i][j])
				break
			}
		}
		if i == 0 {
			continue // the seed's table 二 has units in its cells and cut-off headers
		}
		for j := 0; j < len(want[i]) && j < len(got[i]); j++ {
			if g := halfWidth.Replace(got[i][j]); g != want[i][j] {
				t.Errorf("表%s line %d: %q, the seed has %q", name, j+1, got[i][j], want[i][j])
			}
		}
	}
}
