package render

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/report"
)

var update = flag.Bool("update", false, "rewrite the golden files (and the screenshot) from the current output")

// fixtures are the reports every writer is tested on: the seed's numbers in
// the 2019 format (one error finding) and a consistent 2021-format example.
var fixtures = []struct {
	name, path string
}{
	{"anxi-2020", "../report/testdata/anxi-2020.json"},
	{"example-2024", "../examples/example-2024.json"},
}

// MustLoad reads a report in the open JSON format and fills its findings
// with report.Recheck, as the caller of a writer does.
func MustLoad(tb testing.TB, path string) *report.Report {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := report.DecodeJSON(data)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	report.Recheck(r, nil)
	return r
}

// compareGolden compares got with testdata/name, or rewrites it with -update.
func compareGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test ./render -update and review the diff):\n%s", path, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n-want " + w + "\n+got  " + g
		}
	}
	return "(same lines, different bytes)"
}

// writers are the text writers with golden files.
var writers = []struct {
	ext   string
	write func(io.Writer, *report.Report) error
}{
	{"html", HTML},
	{"md", Markdown},
	{"txt", Text},
}

func TestWriters_Golden(t *testing.T) {
	for _, fx := range fixtures {
		r := MustLoad(t, fx.path)
		for _, wr := range writers {
			t.Run(fx.name+"."+wr.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := wr.write(&b, r); err != nil {
					t.Fatal(err)
				}
				compareGolden(t, fx.name+".golden."+wr.ext, b.Bytes())
			})
		}
	}
}
