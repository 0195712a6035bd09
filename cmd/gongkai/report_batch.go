package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"gongkai/batch"
	"gongkai/reader"
)

const batchUsage = `Usage: gongkai report batch [--input-format KIND] [--workers N] -o OUT.xlsx|OUT.csv|OUT.jsonl DIR|FILE...

Reads every report file (directories recursively) in parallel on all cores
and writes one row per report — file, agency, year, format, key totals,
counts of errors / warnings / uncertain findings, the first error — and
every finding, including the cross_year checks between reports of the same
agency in consecutive years. A file that cannot be read is a row with its
reason; it never stops the batch. Only summaries are kept in memory.
.xlsx: sheets "reports" and "findings"; .csv: OUT.csv and OUT-findings.csv;
.jsonl: a line per report, then a line per finding.

A progress bar is drawn when standard error is a terminal.

Exit status: 0 the output was written; 2 it could not be.

`

func reportBatch(args []string, stdout, stderr io.Writer) int {
	fset := newFlagSet("report batch", stderr, batchUsage)
	var opt readOptions
	addReadFlags(fset, &opt)
	out := fset.String("o", "", "write the batch to `FILE` (.xlsx, .csv or .jsonl)")
	workers := fset.Int("workers", 0, "read with `N` workers (default: one per core)")
	args, err := parseInterspersed(fset, args)
	if err != nil {
		return 2
	}
	if *out == "" || len(args) == 0 {
		fset.Usage()
		return 2
	}
	files, err := batch.Files(args)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report batch: %v\n", err)
		return 2
	}
	bopt := batch.Options{Read: reader.Options{Format: opt.inputFormat, Year: opt.year, Agency: opt.agency}, Workers: *workers}
	var bar *progressBar
	if isTerminal(stderr) {
		bar = &progressBar{w: stderr, start: time.Now()}
		bopt.Progress = bar.update
	}
	sums, err := batch.Write(*out, files, bopt)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report batch: %v\n", err)
		return 2
	}
	unread, errs, unc := 0, 0, 0
	for _, s := range sums {
		if s.ReadError != "" {
			unread++
			continue
		}
		if s.Errors > 0 {
			errs++
		}
		if s.Uncertain > 0 {
			unc++
		}
	}
	fmt.Fprintf(stderr, "gongkai report batch: %d files → %s: %d read, %d not reports, %d with errors, %d with uncertain numbers\n",
		len(sums), *out, len(sums)-unread, unread, errs, unc)
	return 0
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####     ] 512/1000 files 12s" on one line, at
// most ten times a second.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	done  int
	total int
}

func (p *progressBar) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || done == total {
		p.last = now
		p.draw()
	}
}

func (p *progressBar) draw() {
	const width = 30
	n := 0
	if p.total > 0 {
		n = p.done * width / p.total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d files %s", strings.Repeat("#", n), strings.Repeat(" ", width-n), p.done, p.total,
		time.Since(p.start).Round(time.Second))
}

func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw()
	fmt.Fprintln(p.w)
}
