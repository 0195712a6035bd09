package render

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"gongkai/report"
)

// hostile returns a report whose text holds markup of every writer.
func hostile(v report.Version) *report.Report {
	r := report.New(2024, v)
	r.Agency = `A&B<县>|*_`
	r.Narrative.Overview = "<script>alert(1)</script>\n# 不是标题\n1. 不是列表\n> 不是引用\n| 不是表格 |"
	r.Narrative.Problems = "  \r\n\r\n"
	r.Narrative.Other = "]]><w:p/>\x0b"
	r.Requests.Set("new_received", "total", 1.5)
	r.Findings = []report.Finding{{Rule: "x", Severity: report.Warning, Table: "三", Row: "no_such_row", Message: "<b>&</b>"}}
	return r
}

// No writer may let text of the report turn into markup, and every writer
// must cope with both versions, blank sections and unknown finding rows.
func TestWriters_EscapeText(t *testing.T) {
	for _, v := range report.Versions {
		r := hostile(v)
		var h, md, txt, dx bytes.Buffer
		for i, write := range []func(io.Writer, *report.Report) error{HTML, Markdown, Text, DOCX} {
			if err := write([]*bytes.Buffer{&h, &md, &txt, &dx}[i], r); err != nil {
				t.Fatalf("%s: %v", v, err)
			}
		}
		for _, bad := range []string{"<script>", "<b>", "A&B<"} {
			if strings.Contains(h.String(), bad) {
				t.Errorf("%s: HTML holds unescaped %q", v, bad)
			}
		}
		for _, want := range []string{`\# 不是标题`, `1\. 不是列表`, `\> 不是引用`, `\| 不是表格 \|`, `A&B&lt;县>\|\*\_`} {
			if !strings.Contains(md.String(), want) {
				t.Errorf("%s: Markdown lacks %q", v, want)
			}
		}
		if !strings.Contains(txt.String(), "\n1.5 |\n") {
			t.Errorf("%s: Text lacks the decimal value", v)
		}
		for name, data := range docxParts(t, dx.Bytes()) {
			if err := wellFormed(data); err != nil {
				t.Errorf("%s: DOCX part %s: %v", v, name, err)
			}
		}
	}
}
