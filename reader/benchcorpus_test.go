package reader

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gongkai/render"
	"gongkai/report"
)

// benchReport returns a consistent report rendered as ~10 KB of text, like
// a scraped report: random tables and a long overview.
func benchReport(rng *rand.Rand, i int) []byte {
	r := randomReport(rng, 2019+i%6)
	r.Agency = fmt.Sprintf("第%d县人民政府办公室", i/6)
	var ov strings.Builder
	for ov.Len() < 7000 {
		fmt.Fprintf(&ov, "（%d）推进重点领域信息公开。全年主动公开政府信息%d条，其中政策文件%d件，政策解读%d篇，回应社会关切%d次。\n",
			ov.Len()%9+1, rng.Intn(5000), rng.Intn(100), rng.Intn(50), rng.Intn(30))
	}
	r.Narrative.Overview = ov.String()
	var b bytes.Buffer
	render.Text(&b, r)
	return b.Bytes()
}

// TestWriteBenchCorpus writes the corpus the throughput figures in
// docs/bench/reader.md are measured on, when GONGKAI_BENCH_CORPUS=DIR[:N];
// without it, a dozen reports to a temporary directory, each of which must
// read back without a finding (the corpus is what it claims to be).
func TestWriteBenchCorpus(t *testing.T) {
	spec := os.Getenv("GONGKAI_BENCH_CORPUS")
	check := spec == ""
	if check {
		spec = t.TempDir() + ":12"
	}
	dir, n := spec, 10000
	if i := strings.LastIndexByte(spec, ':'); i > 0 {
		dir = spec[:i]
		n, _ = strconv.Atoi(spec[i+1:])
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(2026))
	for i := 0; i < n; i++ {
		path := filepath.Join(dir, fmt.Sprintf("r%05d.txt", i))
		if err := os.WriteFile(path, benchReport(rng, i), 0o644); err != nil {
			t.Fatal(err)
		}
		if check {
			r, err := ReadFile(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Findings) != 0 {
				t.Errorf("%s: %d findings, first %+v", path, len(r.Findings), r.Findings[0])
			}
		}
	}
}

// BenchmarkRead10KText: one ~10 KB text report, the throughput the issue
// asks for (at least 1,000 a second on one core).
func BenchmarkRead10KText(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	docs := make([][]byte, 64)
	size := 0
	for i := range docs {
		docs[i] = benchReport(rng, i)
		size += len(docs[i])
	}
	b.SetBytes(int64(size / len(docs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(docs[i%len(docs)], "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = report.Schema
