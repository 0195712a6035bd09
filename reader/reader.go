// Package reader reads published annual reports on government information
// disclosure (政府信息公开工作年度报告) — text, HTML, Markdown, DOCX, PDF —
// into the model of package report, deterministically, and never guesses in
// silence: every number it outputs is what the source says, or its row
// carries an uncertain finding (value.uncertain, value.missing).
//
// Every input kind becomes a sequence of items (text lines, table cells, row
// boundaries): html.go, docx.go, markdown.go, text.go, pdf.go (pdftotext
// -layout). tokens.go classifies them against the labels of both format
// versions, taken from report/layout.go and normalised (normalize.go:
// full/half width, brackets, quotes, spaces, 它/他, "1、"/"1."), cutting text
// where labels and numbers run together. cells.go groups the numbers into
// runs, each named by the row label right before it; fill.go and
// requests.go put them into the tables by label, never by position — rows
// whose labels the extraction detached are placed by their order between
// labelled rows, and say so when the count does not fit. Runs whose cell
// boundaries were lost are split in digits.go by the consistency rules.
// meta.go reads year and agency, narrative.go sections 一/五/六 and the
// figures they state (narrative.mismatch).
//
// Decisions where the format is silent:
//   - A blank, "/", "-", "—" or "无" cell is 0 with value.blank, one finding
//     per row. A bare "|" line, or an empty line between two numbers, is an
//     empty cell only when the row lacks one, and the row is flagged unless
//     its total shows the guess right.
//   - A table 三 row short of numbers whose last adds up the others: that
//     one is the 总计, the others the first columns (flagged).
//   - Table 四 that adds up only when read transposed is read transposed
//     (flagged).
//   - An empty cell merged across columns (HTML colspan, DOCX gridSpan)
//     stands for that many empty cells.
//   - A row or table absent (page cut short, tables published as images) is
//     0 with value.missing; the arithmetic findings it would cause are
//     dropped (report.Recheck).
//   - Where several splits of a run of digits fit and no rule chooses (table
//     二), the reader takes the most plausible by a fixed heuristic — a lone
//     0 for 本年增/减, numbers of similar length in one row, then the smaller
//     change; a procurement average near 10^5.5 元 per project; in table 三,
//     when the rules leave a choice, fewer organisations' cells — and always
//     attaches a value.uncertain finding listing up to eight other readings.
//     Where no split fits, no number is invented. The work is capped per row
//     and per document.
//   - The format version is the one most labels belong to (规范性文件, the
//     2019 wording of a row both versions have, does not count); labels of
//     both versions give format.mismatch, as does a year that implies the
//     other version.
package reader

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gongkai/report"
)

// Options control how a report is read.
type Options struct {
	// Format forces the input kind: "", "html", "docx", "md", "text", "pdf"
	// or "json". Empty means detect it from the content.
	Format string
	// Year and Agency override what the reader finds in the report.
	Year   int
	Agency string
}

// Formats lists the values Options.Format accepts.
var Formats = []string{"html", "docx", "md", "text", "pdf", "json"}

// ErrNotReport is wrapped by the error for an input with no report tables.
var ErrNotReport = errors.New("no annual-report tables found")

// ReadFile reads the report in the file at path.
func ReadFile(path string, opt Options) (*report.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if opt.Format == "pdf" || (opt.Format == "" && isPDF(data)) {
		text, err := pdfText(path, nil)
		if err != nil {
			return nil, err
		}
		return readItems(textItems(text), opt)
	}
	return Read(data, filepath.Base(path), opt)
}

// Read reads one report from data. name (a file name, may be empty) is
// only a hint for the input kind when the content does not say.
func Read(data []byte, name string, opt Options) (*report.Report, error) {
	kind := opt.Format
	if kind == "" {
		kind = Detect(data, name)
	}
	if err := unsupported(data); err != nil && opt.Format == "" {
		return nil, err
	}
	switch kind {
	case "json":
		return report.DecodeJSON(data)
	case "pdf":
		text, err := pdfText("", data)
		if err != nil {
			return nil, err
		}
		return readItems(textItems(text), opt)
	case "docx":
		items, err := docxItems(data)
		if err != nil {
			return nil, err
		}
		return readItems(items, opt)
	case "html":
		return readItems(htmlItems(data), opt)
	case "md":
		return readItems(markdownItems(decodeText(data)), opt)
	case "text":
		return readItems(textItems(decodeText(data)), opt)
	}
	return nil, fmt.Errorf("unknown input format %q (want one of %s)", kind, strings.Join(Formats, ", "))
}

// unsupported names the binary formats the reader cannot read.
func unsupported(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return errors.New("a Word 97-2003 (.doc), WPS or Excel 97-2003 file, which cannot be read; save it as .docx")
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")), bytes.HasPrefix(data, []byte("GIF8")):
		return errors.New("an image: the report would need OCR")
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return errors.New("an RTF file, which cannot be read; save it as .docx")
	}
	return nil
}

func isPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// Detect tells the input kind from the content: "pdf", "docx", "json",
// "html", "md" or "text".
func Detect(data []byte, name string) string {
	switch {
	case isPDF(data):
		return "pdf"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "docx"
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	trim := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	if bytes.HasPrefix(trim, []byte("{")) && bytes.Contains(head, []byte(report.Schema)) {
		return "json"
	}
	low := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<!doctype html", "<table", "<body", "<meta", "<div", "<p>", "<td"} {
		if bytes.Contains(low, []byte(tag)) {
			return "html"
		}
	}
	if (bytes.Contains(data, []byte("<table")) || bytes.Contains(data, []byte("<TABLE"))) && (bytes.Contains(data, []byte("</td>")) || bytes.Contains(data, []byte("</TD>"))) {
		return "html"
	}
	if isMarkdown(data) {
		return "md"
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "md"
	case ".html", ".htm", ".shtml":
		return "html"
	}
	return "text"
}

// isMarkdown: the text holds a Markdown table (a row and a |---| line).
func isMarkdown(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		l := bytes.TrimSpace(line)
		if len(l) > 4 && l[0] == '|' && bytes.Contains(l, []byte("---")) && len(bytes.Trim(l, "|-: ")) == 0 {
			return true
		}
	}
	return false
}

// decodeText returns data as UTF-8: BOMs are honoured; text that is not
// valid UTF-8 is decoded as GB18030 (a superset of GBK and GB2312).
func decodeText(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return string(data[3:])
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeUTF16(data)
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return decodeGB18030(data)
}

// readItems is the shared back end: version, tables, year, agency, narrative.
func readItems(items []item, opt Options) (*report.Report, error) {
	var all strings.Builder
	for _, it := range items {
		if !it.brk && !it.maybeBlank {
			all.WriteString(it.text)
			all.WriteByte('\n')
		}
	}
	text := all.String()
	year := opt.Year
	if year == 0 {
		year = findYear(text)
	}
	// Tokenize with the labels of the version the year implies; the labels
	// found then say which version the tables are.
	guess := report.V2021
	if year > 0 {
		guess = report.VersionForYear(year)
	}
	toks := tokenize(items, dicts[guess])
	v, evidence := detectVersion(toks, year)
	d := dicts[v]
	if v != guess {
		toks = tokenize(items, d)
	}
	s := scanTokens(toks, d)
	if !hasTables(s) && !isReportText(text) {
		return nil, ErrNotReport
	}
	if year == 0 {
		return nil, fmt.Errorf("cannot tell the report's year from its title or text; give it with --year")
	}
	r := report.New(year, v)
	r.Agency = opt.Agency
	if r.Agency == "" {
		// A copy: a substring would keep the whole text alive.
		r.Agency = strings.Clone(findAgency(text, year))
	}
	f := &filler{r: r, d: d, budget: docSteps}
	f.fillProactive(s.runs)
	f.fillRequests(s.runs)
	f.fillAppeals(s.runs)
	if evidence != "" {
		f.add(report.Finding{Rule: "format.mismatch", Severity: report.Warning, Table: "二", Message: evidence})
	}
	r.Narrative = narrative(items)
	r.Facts = facts(r, narrativeText(items))
	report.Recheck(r, nil)
	return r, nil
}

// isReportText: a document that calls itself an annual report and has the
// format's section headings, whose tables were published without numbers
// (as images, say): it is read, every table value.missing.
func isReportText(text string) bool {
	h := squeeze(head(text, 3000))
	if !strings.Contains(h, "年度报告") || !(strings.Contains(h, "政府信息公开") || strings.Contains(h, "政务公开")) {
		return false
	}
	n := 0
	for _, k := range []string{"主动公开政府信息", "收到和处理政府信息公开申请", "行政复议", "存在的主要问题"} {
		if strings.Contains(text, k) {
			n++
		}
	}
	return n >= 3
}

// hasTables: some run of numbers was labelled with a row of a table, or
// the labels of a table (published without numbers) are there.
func hasTables(s *scan) bool {
	for _, ru := range s.runs {
		if ru.label != nil && ru.label.kind == lkRow {
			return true
		}
		if ru.table == "四" || ru.table == "三" {
			return true
		}
	}
	return len(s.distinct) >= 4
}
