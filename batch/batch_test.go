package batch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func md(year, issued, repealed, inForce string) string {
	return "# 某某局" + year + "年政府信息公开工作年度报告\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n| 规章 | " +
		issued + " | " + repealed + " | " + inForce + " |\n"
}

func TestFilesAndRun(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "2022.md"), md("2022", "1", "0", "5"))
	write(t, filepath.Join(dir, "a", "2023.md"), md("2023", "2", "1", "9"))
	write(t, filepath.Join(dir, "b", "bad.txt"), "not a report")
	write(t, filepath.Join(dir, ".hidden", "x.md"), md("2021", "0", "0", "0"))
	write(t, filepath.Join(dir, "b", "x.truth.json"), "{}")
	write(t, filepath.Join(dir, "b", "notes.xyz"), "")
	files, err := Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("files %v, want the two reports and bad.txt", files)
	}
	var got []Finding
	sums, err := Run(files, Options{Workers: 2}, func(f Finding) error { got = append(got, f); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if sums[0].Year != 2022 || sums[1].Year != 2023 || sums[2].ReadError == "" {
		t.Errorf("summaries out of order or wrong: %+v", sums)
	}
	cross := 0
	for _, f := range got {
		if strings.HasPrefix(f.Rule, "cross_year.") {
			cross++
			if f.Rule != "cross_year.in_force" || !strings.HasSuffix(f.File, "2023.md") {
				t.Errorf("unexpected %+v", f)
			}
		}
	}
	// 2023: 5 + 2 − 1 = 6 ≠ 9.
	if cross != 1 {
		t.Errorf("%d cross_year findings, want 1 (in_force)", cross)
	}
	if sums[1].Warnings == 0 {
		t.Error("the cross_year warning is not counted in the summary")
	}
}
