package reader

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gongkai/report"
)

// sharedDir returns ../shared beside the repository (the real reports are
// never copied into the repository). A test that needs it skips when it is
// absent, or fails when GONGKAI_REQUIRE_SHARED=1.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared"))
	if err == nil {
		if _, err = os.Stat(filepath.Join(dir, "corpus")); err == nil {
			return dir
		}
	}
	if os.Getenv("GONGKAI_REQUIRE_SHARED") == "1" {
		t.Fatalf("the shared corpus is required (GONGKAI_REQUIRE_SHARED=1) but %s is absent: %v", dir, err)
	}
	t.Skipf("skipping: the shared corpus %s is absent", dir)
	return ""
}

// golden is the hand-checked expectation for one real report, written from
// its *.truth.json and by reading the source, never from the reader's output.
type golden struct {
	Source        string                        `json:"source"`
	Year          int                           `json:"year"`
	Format        string                        `json:"format"`
	Agency        string                        `json:"agency"`
	Proactive     map[string]map[string]float64 `json:"proactive"`
	Requests      map[string]map[string]float64 `json:"requests"`
	Appeals       map[string]map[string]float64 `json:"appeals"`
	Errors        [][2]string                   `json:"errors"`         // rule, row of every error finding
	UncertainRows [][2]string                   `json:"uncertain_rows"` // table, row of every uncertain finding
	MissingRows   [][2]string                   `json:"missing_rows"`   // table, row of value.missing findings
	BlankCells    [][3]string                   `json:"blank_cells"`    // table, row, column of value.blank findings
	SourceText    map[string]string             `json:"source_text"`
	MustFind      [][3]string                   `json:"must_find"` // rule, table, row of other findings
	Facts         map[string]float64            `json:"facts"`     // figures the narrative states
	Note          string                        `json:"note"`
}

func TestCorpus(t *testing.T) {
	shared := sharedDir(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	if len(files) < 5 {
		t.Fatalf("want a golden file for the seed and each of the four corpus reports, have %d", len(files))
	}
	for _, gf := range files {
		t.Run(strings.TrimSuffix(filepath.Base(gf), ".json"), func(t *testing.T) {
			data, err := os.ReadFile(gf)
			if err != nil {
				t.Fatal(err)
			}
			var g golden
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatal(err)
			}
			r, err := ReadFile(filepath.Join(shared, g.Source), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, r, &g)
		})
	}
}

func checkGolden(t *testing.T, r *report.Report, g *golden) {
	t.Helper()
	if r.Year != g.Year || string(r.Format) != g.Format {
		t.Errorf("year/format = %d/%s, want %d/%s", r.Year, r.Format, g.Year, g.Format)
	}
	if g.Agency != "" && r.Agency != g.Agency {
		t.Errorf("agency = %q, want %q", r.Agency, g.Agency)
	}
	n := 0
	for key, rows := range map[string]map[string]map[string]float64{"proactive": g.Proactive, "requests": g.Requests, "appeals": g.Appeals} {
		tbl := r.Table(key)
		if len(rows) != len(tbl.Def.Rows) {
			t.Errorf("golden %s has %d rows, the %s format %d", key, len(rows), r.Format, len(tbl.Def.Rows))
		}
		for row, cols := range rows {
			for col, want := range cols {
				got, ok := tbl.Lookup(row, col)
				n++
				if !ok || got != want {
					t.Errorf("%s.%s.%s = %v (present %v), want %v", key, row, col, got, ok, want)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d cells compared", n)
	}
	var errs, unc [][2]string
	for _, f := range r.Findings {
		switch f.Severity {
		case report.Error:
			errs = append(errs, [2]string{f.Rule, f.Row})
		case report.Uncertain:
			unc = append(unc, [2]string{f.Table, f.Row})
		}
	}
	if got, want := pairSet(errs), pairSet(g.Errors); got != want {
		t.Errorf("error findings:\n got %s\nwant %s", got, want)
	}
	if got, want := pairSet(unc), pairSet(g.UncertainRows); got != want {
		t.Errorf("rows with uncertain findings:\n got %s\nwant %s", got, want)
	}
	for _, m := range g.MissingRows {
		if !hasFinding(r, "value.missing", m[0], m[1], "") {
			t.Errorf("no value.missing on %v", m)
		}
	}
	for _, b := range g.BlankCells {
		if !hasFinding(r, "value.blank", b[0], b[1], b[2]) {
			t.Errorf("no value.blank on %v", b)
		}
	}
	for _, m := range g.MustFind {
		if !hasFinding(r, m[0], m[1], m[2], "") {
			t.Errorf("no %s finding on %s %s", m[0], m[1], m[2])
		}
	}
	for q, want := range g.Facts {
		found := false
		for _, f := range r.Facts {
			if f.Quantity == q && f.Value == want {
				found = true
			}
		}
		if !found {
			t.Errorf("fact %s = %v not read; facts %+v", q, want, r.Facts)
		}
	}
	for path, want := range g.SourceText {
		if got := r.SourceText[path]; got != want {
			t.Errorf("source text of %s = %q, want %q", path, got, want)
		}
	}
}

func hasFinding(r *report.Report, rule, table, row, col string) bool {
	for _, f := range r.Findings {
		if f.Rule == rule && f.Table == table && f.Row == row && (col == "" || f.Column == col) {
			return true
		}
	}
	return false
}

func pairSet(ps [][2]string) string {
	m := map[string]bool{}
	for _, p := range ps {
		m[p[0]+":"+p[1]] = true
	}
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}
