package batch

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/report"
)

// summaryHeader names the columns of the summary, in Chinese and English.
var summaryHeader = []string{"文件 file", "机关 agency", "年度 year", "格式 format",
	"本年新收 new_received", "上年结转 carried_over", "办理结果总计 total_handled", "结转下年度 carried_forward",
	"予以公开 granted", "行政复议 reviews", "行政诉讼 suits",
	"错误 errors", "警告 warnings", "存疑 uncertain", "第一个错误 first_error"}

var findingHeader = []string{"文件 file", "规则 rule", "严重程度 severity", "表 table", "行 row", "列 column", "说明 message", "数字 values"}

func (s Summary) cells() []any {
	return []any{s.File, s.Agency, s.Year, s.Format, s.NewReceived, s.CarriedOver, s.TotalHandled, s.CarriedForward,
		s.Granted, s.Reviews, s.Suits, s.Errors, s.Warnings, s.Uncertain, s.FirstError}
}

func (f Finding) cells() []any {
	vals := make([]string, len(f.Values))
	for i, v := range f.Values {
		vals[i] = report.FormatNumber(v)
	}
	return []any{f.File, f.Rule, string(f.Severity), f.Table, f.Row, f.Column, f.Message, strings.Join(vals, " ")}
}

func strs(cells []any) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case float64:
			out[i] = report.FormatNumber(v)
		case int:
			out[i] = strconv.Itoa(v)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// Write reads files and writes the batch to out: .xlsx (a sheet of
// reports, a sheet of findings), .csv (OUT.csv and OUT-findings.csv) or
// .jsonl (a line per report, then a line per finding). It returns the
// summaries.
func Write(out string, files []string, opt Options) ([]Summary, error) {
	ext := strings.ToLower(filepath.Ext(out))
	switch ext {
	case ".xlsx", ".csv", ".jsonl":
	default:
		return nil, fmt.Errorf("unknown output kind %q: want .xlsx, .csv or .jsonl", ext)
	}
	sp, err := newSpool()
	if err != nil {
		return nil, err
	}
	defer sp.close()
	sums, err := Run(files, opt, sp.add)
	if err != nil {
		return sums, err
	}
	switch ext {
	case ".xlsx":
		return sums, writeXLSX(out, sums, sp)
	case ".csv":
		return sums, writeCSV(out, sums, sp)
	}
	return sums, writeJSONL(out, sums, sp)
}

func writeXLSX(out string, sums []Summary, sp *spool) error {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "reports"); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter("reports")
	if err != nil {
		return err
	}
	row := 1
	put := func(sw *excelize.StreamWriter, cells []any) error {
		c, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(c, cells)
	}
	if err := put(sw, anys(summaryHeader)); err != nil {
		return err
	}
	for _, s := range sums {
		if err := put(sw, s.cells()); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := x.NewSheet("findings"); err != nil {
		return err
	}
	fw, err := x.NewStreamWriter("findings")
	if err != nil {
		return err
	}
	row = 1
	if err := put(fw, anys(findingHeader)); err != nil {
		return err
	}
	if err := sp.each(func(f Finding) error { return put(fw, f.cells()) }); err != nil {
		return err
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	return x.SaveAs(out)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func writeCSV(out string, sums []Summary, sp *spool) error {
	if err := writeCSVFile(out, func(w *csv.Writer) error {
		w.Write(summaryHeader)
		for _, s := range sums {
			w.Write(strs(s.cells()))
		}
		return nil
	}); err != nil {
		return err
	}
	return writeCSVFile(FindingsCSV(out), func(w *csv.Writer) error {
		w.Write(findingHeader)
		return sp.each(func(f Finding) error { return w.Write(strs(f.cells())) })
	})
}

// FindingsCSV names the findings file written beside a CSV summary.
func FindingsCSV(out string) string {
	return strings.TrimSuffix(out, filepath.Ext(out)) + "-findings.csv"
}

func writeCSVFile(path string, fill func(*csv.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	bw.WriteString("\ufeff") // so that spreadsheet programs read UTF-8
	w := csv.NewWriter(bw)
	if err := fill(w); err != nil {
		f.Close()
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeJSONL(out string, sums []Summary, sp *spool) error {
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = writeJSONLTo(bw, sums, sp)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeJSONLTo(w io.Writer, sums []Summary, sp *spool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range sums {
		if err := enc.Encode(struct {
			Type string `json:"type"`
			Summary
		}{"report", s}); err != nil {
			return err
		}
	}
	return sp.each(func(f Finding) error {
		return enc.Encode(struct {
			Type string `json:"type"`
			Finding
		}{"finding", f})
	})
}
