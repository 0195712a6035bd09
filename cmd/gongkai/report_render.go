package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gongkai/report"
)

// writers maps a --to name to the function that writes a report in it.
var writers = map[string]func(w io.Writer, r *report.Report) error{
	"json": report.EncodeJSON,
}

// extensions maps an output file extension to its --to name.
var extensions = map[string]string{".json": "json"}

func writerNames() string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func reportRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("report render", stderr, "Usage: gongkai report render --to KIND FILE -o OUT\n\n"+
		"Writes the report in FILE (any input that parse reads) as KIND. With -o -, or without -o for\n"+
		"text kinds, writes to standard output. OUT is written only when rendering succeeds.\n\n")
	var opt readOptions
	addReadFlags(fs, &opt)
	to := fs.String("to", "", "output `KIND`: html, md, xlsx, docx, text or json (default: from the -o extension)")
	out := fs.String("o", "", "output `FILE` (- for standard output)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return 2
	}
	if len(files) != 1 {
		fs.Usage()
		return 2
	}
	kind := *to
	if kind == "" && *out != "" && *out != "-" {
		kind = extensions[strings.ToLower(filepath.Ext(*out))]
	}
	write, ok := writers[kind]
	if !ok {
		if kind == "" {
			fmt.Fprintf(stderr, "gongkai report render: say --to KIND (%s)\n", writerNames())
		} else {
			fmt.Fprintf(stderr, "gongkai report render: unknown --to %q (want %s)\n", kind, writerNames())
		}
		return 2
	}
	r, err := loadReport(files[0], opt)
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report render: %v\n", err)
		return 2
	}
	if *out == "" || *out == "-" {
		if (kind == "xlsx" || kind == "docx") && *out == "" {
			fmt.Fprintf(stderr, "gongkai report render: %s is a binary format; give -o FILE (or -o - to force standard output)\n", kind)
			return 2
		}
		if err := write(stdout, r); err != nil {
			fmt.Fprintf(stderr, "gongkai report render: %s: %v\n", files[0], err)
			return 2
		}
		return 0
	}
	err = writeFileAtomic(*out, func(f *os.File) error { return write(f, r) })
	if err != nil {
		fmt.Fprintf(stderr, "gongkai report render: %s → %s: %v\n", files[0], *out, err)
		return 2
	}
	return 0
}
