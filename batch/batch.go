// Package batch reads many published annual reports in parallel and keeps,
// for each, a summary row and its findings — never the whole report, so
// that memory stays flat however many files there are — then runs the
// cross_year rules between reports of the same agency in consecutive years.
package batch

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"gongkai/reader"
	"gongkai/report"
)

// Summary is one row of the batch: one input file.
type Summary struct {
	File   string `json:"file"`
	Agency string `json:"agency"`
	Year   int    `json:"year"`
	Format string `json:"format"`
	// Key totals (表三 总计 column, 表四 totals).
	NewReceived    float64 `json:"new_received"`
	CarriedOver    float64 `json:"carried_over"`
	TotalHandled   float64 `json:"total_handled"`
	CarriedForward float64 `json:"carried_forward"`
	Granted        float64 `json:"granted"`
	Reviews        float64 `json:"reviews"`
	Suits          float64 `json:"suits"`
	Errors         int     `json:"errors"`
	Warnings       int     `json:"warnings"`
	Uncertain      int     `json:"uncertain"`
	FirstError     string  `json:"first_error"`
	// ReadError says why the file could not be read as a report ("" when it was).
	ReadError string `json:"read_error,omitempty"`

	carry *carry
}

// carry holds the cells the cross_year rules compare, and nothing else.
type carry struct {
	format                  report.Version
	carriedOver, carriedFwd []float64
	proactive               map[string]float64 // "row.col" for in_force, issued, repealed, prior_items, change
}

// Finding is a finding with the file it belongs to.
type Finding struct {
	File string `json:"file"`
	report.Finding
}

// Options control a batch.
type Options struct {
	Read    reader.Options
	Workers int // 0: runtime.NumCPU()
	// Progress, when set, is called after each file with the count done.
	Progress func(done, total int)
}

// Files expands directories (recursively, skipping hidden entries) into
// the report files they hold, in lexical order; files are kept as given.
func Files(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if p != a && strings.HasPrefix(name, ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && isReportFile(name) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func isReportFile(name string) bool {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, ".truth.json") {
		return false
	}
	switch filepath.Ext(n) {
	case ".txt", ".text", ".html", ".htm", ".shtml", ".md", ".markdown", ".docx", ".pdf", ".json":
		return true
	}
	return false
}

// Run reads every file with a pool of workers. It returns the summaries in
// input order; each report's findings, and then the cross_year findings,
// are passed to emit as they come (emit is called from one goroutine).
func Run(files []string, opt Options, emit func(Finding) error) ([]Summary, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	jobs := make(chan int)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- readOne(i, files[i], opt.Read)
			}
		}()
	}
	go func() {
		for i := range files {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	sums := make([]Summary, len(files))
	done := 0
	var emitErr error
	for res := range results {
		sums[res.i] = res.s
		if emitErr == nil {
			for _, f := range res.fs {
				if emitErr = emit(Finding{File: res.s.File, Finding: f}); emitErr != nil {
					break
				}
			}
		}
		done++
		if opt.Progress != nil {
			opt.Progress(done, len(files))
		}
	}
	if emitErr != nil {
		return sums, emitErr
	}
	if err := crossYear(sums, func(i int, f Finding) error {
		sums[i].Warnings++
		return emit(f)
	}); err != nil {
		return sums, err
	}
	for i := range sums {
		sums[i].carry = nil
	}
	return sums, nil
}

// result is one file read by a worker.
type result struct {
	i  int
	s  Summary
	fs []report.Finding
}

func readOne(i int, path string, opt reader.Options) (res result) {
	res.i = i
	res.s.File = path
	r, err := reader.ReadFile(path, opt)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		res.s.ReadError = err.Error()
		res.fs = []report.Finding{{Rule: "read.error", Severity: report.Error, Message: err.Error()}}
		res.s.Errors = 1
		res.s.FirstError = err.Error()
		return res
	}
	res.s = summarize(path, r)
	res.fs = r.Findings
	return res
}

func summarize(path string, r *report.Report) Summary {
	// Copies, so that no string of the summary keeps the report's text alive.
	s := Summary{File: path, Agency: strings.Clone(r.Agency), Year: r.Year, Format: string(r.Format)}
	q := func(p string) float64 { v, _ := r.Quantity(p); return v }
	s.NewReceived = q("requests.new_received.total")
	s.CarriedOver = q("requests.carried_over.total")
	s.TotalHandled = q("requests.total_handled.total")
	s.CarriedForward = q("requests.carried_forward.total")
	s.Granted = q("requests.granted.total")
	s.Reviews = q("appeals.review.total")
	s.Suits = q("appeals.suit.total")
	for _, f := range r.Findings {
		switch f.Severity {
		case report.Error:
			s.Errors++
			if s.FirstError == "" {
				s.FirstError = strings.Clone(f.Rule + ": " + f.Message)
			}
		case report.Warning:
			s.Warnings++
		case report.Uncertain:
			s.Uncertain++
		}
	}
	c := &carry{format: r.Format, proactive: map[string]float64{}}
	for _, col := range r.Requests.Def.Rows[0].Columns {
		c.carriedOver = append(c.carriedOver, r.Requests.Get("carried_over", col.ID))
		c.carriedFwd = append(c.carriedFwd, r.Requests.Get("carried_forward", col.ID))
	}
	for _, row := range r.Proactive.Def.Rows {
		for _, col := range row.Columns {
			switch col.ID {
			case "in_force", "issued", "repealed", "prior_items", "change":
				c.proactive[row.ID+"."+col.ID] = r.Proactive.Get(row.ID, col.ID)
			}
		}
	}
	s.carry = c
	return s
}

// crossYear runs the cross_year rules of package report between each
// report and the same agency's report for the year before, rebuilding just
// the cells those rules read.
func crossYear(sums []Summary, emit func(i int, f Finding) error) error {
	byKey := map[string]int{}
	for i, s := range sums {
		if s.ReadError != "" || s.Agency == "" || s.carry == nil {
			continue
		}
		byKey[s.Agency+"|"+itoa(s.Year)] = i
	}
	for i, s := range sums {
		if s.ReadError != "" || s.Agency == "" || s.carry == nil {
			continue
		}
		j, ok := byKey[s.Agency+"|"+itoa(s.Year-1)]
		if !ok {
			continue
		}
		cur, prev := rebuild(s), rebuild(sums[j])
		for _, f := range report.Check(cur, prev) {
			if strings.HasPrefix(f.Rule, "cross_year.") {
				if err := emit(i, Finding{File: s.File, Finding: f}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func rebuild(s Summary) *report.Report {
	r := report.New(s.Year, s.carry.format)
	for j, col := range r.Requests.Def.Rows[0].Columns {
		r.Requests.Set("carried_over", col.ID, s.carry.carriedOver[j])
		r.Requests.Set("carried_forward", col.ID, s.carry.carriedFwd[j])
	}
	for k, v := range s.carry.proactive {
		p := strings.SplitN(k, ".", 2)
		r.Proactive.Set(p[0], p[1], v)
	}
	return r
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// spool keeps findings on disk while the batch runs.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "gongkai-findings-*.jsonl")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

func (s *spool) add(f Finding) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.n++
	s.w.Write(b)
	return s.w.WriteByte('\n')
}

// each calls fn for every spooled finding, in order.
func (s *spool) each(fn func(Finding) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, 0); err != nil {
		return err
	}
	sc := bufio.NewScanner(s.f)
	sc.Buffer(make([]byte, 1<<16), 1<<26)
	for sc.Scan() {
		var f Finding
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	return sc.Err()
}

func (s *spool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
