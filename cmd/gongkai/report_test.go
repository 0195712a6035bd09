package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/report"
)

// runCLI runs the binary's entry point in-process.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

const seedJSON = "../../report/testdata/anxi-2020.json"
const exampleJSON = "../../examples/example-2024.json"

func TestReportCheck(t *testing.T) {
	for _, test := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"consistent report", []string{"report", "check", exampleJSON}, 0, "0 errors, 0 warnings, 0 uncertain"},
		{"seed has one error", []string{"report", "check", seedJSON}, 1, "appeals.group_sum"},
		{"missing file", []string{"report", "check", "no-such-file.json"}, 2, "no-such-file.json"},
		{"no file", []string{"report", "check"}, 2, "Usage"},
	} {
		t.Run(test.name, func(t *testing.T) {
			out, errs, code := runCLI(t, test.args...)
			if code != test.code {
				t.Errorf("exit code = %d, want %d\nstdout: %s\nstderr: %s", code, test.code, out, errs)
			}
			if !strings.Contains(out+errs, test.contains) {
				t.Errorf("output does not mention %q:\n%s%s", test.contains, out, errs)
			}
		})
	}
}

func TestReportCheck_JSON(t *testing.T) {
	out, _, code := runCLI(t, "report", "check", "--json", seedJSON)
	if code != 1 {
		t.Fatalf("exit code = %d, want 1", code)
	}
	var got struct {
		File     string
		Errors   int
		Findings []report.Finding
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Errors != 1 || len(got.Findings) != 1 || got.Findings[0].Row != "suit_direct" {
		t.Errorf("got %+v, want exactly one error on suit_direct", got)
	}
}

func TestReportCheck_BadJSONNamesFileAndPath(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	data, _ := os.ReadFile(exampleJSON)
	data = bytes.Replace(data, []byte(`"natural_person": 118`), []byte(`"natural_person": 118.5`), 1)
	os.WriteFile(bad, data, 0o644)
	_, errs, code := runCLI(t, "report", "check", bad)
	if code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	for _, want := range []string{bad, "$.requests.new_received.natural_person", "integer"} {
		if !strings.Contains(errs, want) {
			t.Errorf("error %q does not mention %q", errs, want)
		}
	}
}

func TestReportTemplate(t *testing.T) {
	out, errs, code := runCLI(t, "report", "template", "--format", "2021", "--year", "2025", "--agency", "某县")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r, err := report.DecodeJSON([]byte(out))
	if err != nil {
		t.Fatalf("template does not decode: %v", err)
	}
	if r.Year != 2025 || r.Format != report.V2021 || r.Agency != "某县" {
		t.Errorf("got year %d format %s agency %q", r.Year, r.Format, r.Agency)
	}
	if fs := report.Check(r, nil); len(fs) != 0 {
		t.Errorf("an all-zero template should pass every rule, got %+v", fs)
	}
	if _, _, code := runCLI(t, "report", "template", "--format", "2020", "--year", "2025"); code != 2 {
		t.Errorf("unknown format: exit %d, want 2", code)
	}
}

func TestReportRules(t *testing.T) {
	out, _, code := runCLI(t, "report", "rules")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, r := range report.Rules {
		if !strings.Contains(out, r.ID) {
			t.Errorf("rule table lacks %s", r.ID)
		}
	}
}

func TestReportRender_JSONRoundTrip(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.json")
	if _, errs, code := runCLI(t, "report", "render", "--to", "json", exampleJSON, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := report.DecodeJSON(data); err != nil {
		t.Errorf("rendered JSON does not decode: %v", err)
	}
}

// A render that fails must leave nothing at -o, not even an empty file.
func TestReportRender_NothingWrittenOnFailure(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	_, errs, code := runCLI(t, "report", "render", "--to", "json", filepath.Join(dir, "missing.json"), "-o", out)
	if code != 2 || !strings.Contains(errs, "missing.json") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
	_, errs, code = runCLI(t, "report", "render", "--to", "pdf", exampleJSON, "-o", out)
	if code != 2 || !strings.Contains(errs, "unknown --to") {
		t.Errorf("unknown kind: exit %d, stderr %q", code, errs)
	}
}

func TestWriteFileAtomic_KeepsOldFileOnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.txt")
	os.WriteFile(path, []byte("old"), 0o644)
	err := writeFileAtomic(path, func(f *os.File) error {
		f.WriteString("half")
		return os.ErrInvalid
	})
	if err == nil {
		t.Fatal("want an error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file = %q, want the old content", b)
	}
}

func TestVersionAndHelp(t *testing.T) {
	if out, _, code := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "gongkai ") {
		t.Errorf("version: %d %q", code, out)
	}
	out, _, code := runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "report") {
		t.Errorf("help: %d %q", code, out)
	}
	if _, _, code := runCLI(t, "nonsense"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// Every writer produces a non-empty file through the CLI, and the kind can
// come from the -o extension.
func TestReportRender_EveryKind(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"html", "md", "text", "docx", "xlsx", "json"} {
		out := filepath.Join(dir, "r."+kind)
		if _, errs, code := runCLI(t, "report", "render", "--to", kind, exampleJSON, "-o", out); code != 0 {
			t.Errorf("%s: exit %d: %s", kind, code, errs)
			continue
		}
		if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
			t.Errorf("%s: nothing written (%v)", kind, err)
		}
	}
	out := filepath.Join(dir, "by-extension.xlsx")
	if _, errs, code := runCLI(t, "report", "render", exampleJSON, "-o", out); code != 0 {
		t.Fatalf("by extension: exit %d: %s", code, errs)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("by-extension.xlsx is not a zip (xlsx) file")
	}
	if _, errs, code := runCLI(t, "report", "render", "--to", "docx", exampleJSON); code != 2 || !strings.Contains(errs, "-o") {
		t.Errorf("binary kind to a terminal: exit %d, %q", code, errs)
	}
}
