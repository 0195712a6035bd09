package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"gongkai/reader"
	"gongkai/report"
)

func init() {
	reportCommands["parse"] = struct {
		summary string
		run     func(args []string, stdout, stderr io.Writer) int
	}{"read published reports (text, HTML, Markdown, DOCX, PDF) into the open JSON format", reportParse}
	reportCommands["batch"] = struct {
		summary string
		run     func(args []string, stdout, stderr io.Writer) int
	}{"read many reports in parallel into one summary (xlsx, csv or jsonl)", reportBatch}
	// check and render read every input parse reads.
	readReport = func(path string, opt readOptions) (*report.Report, error) {
		r, err := reader.ReadFile(path, reader.Options{Format: opt.inputFormat, Year: opt.year, Agency: opt.agency})
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err // the path is added by the caller
		}
		return r, err
	}
}

const parseUsage = `Usage: gongkai report parse [--input-format KIND] [--year YEAR] [--agency NAME] FILE...

Reads published annual reports — HTML (UTF-8 or GBK), DOCX, Markdown, text
(one cell per line, or cells run together), PDF (through pdftotext) or the
open JSON format — and prints each in the open JSON format: one document for
one file, JSON Lines (one document per line, in input order) for several.
Every number is what the source says, or its row carries an "uncertain"
finding. "-" reads standard input.

Exit status: 0 every file was read (findings do not change it); 2 a file
could not be read as a report (the others are still printed).

`

func reportParse(args []string, stdout, stderr io.Writer) int {
	fset := newFlagSet("report parse", stderr, parseUsage)
	var opt readOptions
	addReadFlags(fset, &opt)
	files, err := parseInterspersed(fset, args)
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fset.Usage()
		return 2
	}
	ropt := reader.Options{Format: opt.inputFormat, Year: opt.year, Agency: opt.agency}
	code := 0
	for _, path := range files {
		r, err := readOne(path, ropt)
		if err != nil {
			fmt.Fprintf(stderr, "gongkai report parse: %s: %v\n", path, err)
			code = 2
			continue
		}
		var b bytes.Buffer
		if err := report.EncodeJSON(&b, r); err != nil {
			fmt.Fprintf(stderr, "gongkai report parse: %s: %v\n", path, err)
			code = 2
			continue
		}
		if len(files) > 1 {
			var c bytes.Buffer
			if err := json.Compact(&c, b.Bytes()); err == nil {
				c.WriteByte('\n')
				b = c
			}
		}
		if _, err := stdout.Write(b.Bytes()); err != nil {
			fmt.Fprintf(stderr, "gongkai report parse: %v\n", err)
			return 2
		}
	}
	return code
}

// readOne reads one report; "-" is standard input.
func readOne(path string, opt reader.Options) (*report.Report, error) {
	if path == "-" {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return nil, err
		}
		return reader.Read(data, "", opt)
	}
	r, err := reader.ReadFile(path, opt)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, pe.Err
	}
	return r, err
}
