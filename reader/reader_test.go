package reader

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai/render"
	"gongkai/report"
)

func TestParseCell(t *testing.T) {
	tests := []struct {
		in   string
		kind cellKind
		want float64
	}{
		{"46", cellNumber, 46},
		{"４６", cellNumber, 46},
		{"231项", cellNumber, 231},
		{"增加1297项", cellNumber, 1297},
		{"减少2487项", cellNumber, -2487},
		{"+1036", cellNumber, 1036},
		{"-5", cellNumber, -5},
		{"31.2万件", cellNumber, 312000},
		{"1.6万件", cellNumber, 16000},
		{"2.953亿元", cellNumber, 295300000},
		{"75394432.52元", cellNumber, 75394432.52},
		{"1,234", cellNumber, 1234},
		{"", cellBlank, 0},
		{"/", cellBlank, 0},
		{"-", cellBlank, 0},
		{"—", cellBlank, 0},
		{"无", cellBlank, 0},
		{"规章", cellText, 0},
		{"46（注）", cellText, 0},
	}
	for _, tt := range tests {
		p := parseCell(tt.in)
		if p.kind != tt.kind || p.value != tt.want {
			t.Errorf("parseCell(%q) = kind %d value %v, want kind %d value %v", tt.in, p.kind, p.value, tt.kind, tt.want)
		}
	}
	if v := wanYuan(parseCell("32000元")); v != 3.2 {
		t.Errorf("32000元 in 万元 = %v, want 3.2", v)
	}
	if v := wanYuan(parseCell("3.2")); v != 3.2 {
		t.Errorf("3.2 in 万元 = %v, want 3.2", v)
	}
}

func TestSplitNumbering(t *testing.T) {
	tests := []struct{ in, num, core string }{
		{"一、本年新收", "一", "本年新收"},
		{"(一)予以公开", "一", "予以公开"},
		{"1.属于国家秘密", "1", "属于国家秘密"},
		{"规章", "", "规章"},
		{"(本列数据)", "", "(本列数据)"},
	}
	for _, tt := range tests {
		if n, c := splitNumbering(tt.in); n != tt.num || c != tt.core {
			t.Errorf("splitNumbering(%q) = %q, %q; want %q, %q", tt.in, n, c, tt.num, tt.core)
		}
	}
}

func TestMatchWhole(t *testing.T) {
	d := dicts[report.V2021]
	tests := []struct{ in, id string }{
		{"（一）予以公开", "granted"},
		{"(二)部分公开", "partly_granted"},           // truncated
		{"3.危及\"三安全一稳定\"", "withheld_security"}, // straight quotes
		{"商业 企业", ""},                           // a header, not a row
		{"3.其他", "other_misc"},
		{"规范性文件", "normative_docs"},                // the 2019 wording
		{"现行有效件数（历史累计）", ""},                       // header with a note
		{"１．属于国家秘密", "withheld_state_secret"},      // full-width digit and dot
		{"1、本机关不掌握相关政府信息", "unavailable_not_held"}, // 1、
	}
	for _, tt := range tests {
		l := d.matchWhole(key(tt.in))
		got := ""
		if l != nil && l.kind == lkRow {
			got = l.id
		}
		if got != tt.id {
			t.Errorf("matchWhole(%q) = %q, want %q", tt.in, got, tt.id)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ data, want string }{
		{"%PDF-1.7", "pdf"},
		{"PK\x03\x04....", "docx"},
		{`{"schema": "gongkai/annual-report/v1"}`, "json"},
		{"<html><body><table><tr><td>规章</td></tr></table>", "html"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "md"},
		{"规章 |\n0 |", "text"},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.data), ""); got != tt.want {
			t.Errorf("Detect(%q) = %s, want %s", tt.data, got, tt.want)
		}
	}
}

// seedLike returns a consistent 2020 report rendered as text, HTML and so on.
func seedLike() *report.Report {
	r := randomReportSeed(42)
	return r
}

func readBack(t *testing.T, data []byte, opt Options) *report.Report {
	t.Helper()
	r, err := Read(data, "", opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestHTMLCharsets(t *testing.T) {
	want := seedLike()
	var buf bytes.Buffer
	if err := render.HTML(&buf, want); err != nil {
		t.Fatal(err)
	}
	utf := buf.String()
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(strings.Replace(utf, `charset="utf-8"`, `charset="gb2312"`, 1))
	if err != nil {
		t.Fatal(err)
	}
	noDecl, _ := simplifiedchinese.GBK.NewEncoder().String(strings.ReplaceAll(strings.ReplaceAll(utf, `<meta charset="utf-8">`, ""), `charset="utf-8"`, ""))
	wrongDecl := strings.Replace(utf, "<head>", `<head><meta http-equiv="Content-Type" content="text/html; charset=gbk">`, 1)
	for name, doc := range map[string]string{"utf-8": utf, "gb2312 declared": gbk, "gbk undeclared": noDecl, "utf-8 declared gbk": wrongDecl} {
		got := readBack(t, []byte(doc), Options{})
		if d := diffTables(got, want); len(d) > 0 {
			t.Errorf("%s: %d cells differ, first %v", name, len(d), d[0])
		}
	}
}

// TestLostBoundaries: the spec's example and the glued label number.
func TestLostBoundaries(t *testing.T) {
	r := report.New(2020, report.V2019)
	r.Requests.Set("new_received", "natural_person", 64)
	r.Requests.Set("new_received", "social_welfare", 2)
	r.Requests.Set("new_received", "other_org", 4)
	r.Requests.Set("new_received", "total", 70)
	r.Requests.Set("unavailable_not_held", "natural_person", 37)
	r.Requests.Set("unavailable_not_held", "total", 37)
	var b bytes.Buffer
	if err := lostBoundaries(&b, r); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	if !strings.Contains(text, "申请数量640020470") || !strings.Contains(text, "37000003"+"72.没有现成") {
		t.Fatalf("the test text is not what it means to be:\n%s", text)
	}
	got := readBack(t, b.Bytes(), Options{})
	for _, id := range []string{"new_received", "unavailable_not_held", "unavailable_needs_creation"} {
		for _, c := range got.Requests.Def.Rows[0].Columns {
			if g, w := got.Requests.Get(id, c.ID), r.Requests.Get(id, c.ID); g != w {
				t.Errorf("%s.%s = %v, want %v", id, c.ID, g, w)
			}
		}
		if flagged(got, "三", id) {
			t.Errorf("%s is pinned by the row rule but flagged uncertain", id)
		}
	}
}

// TestAmbiguousTable2: table 二 has no arithmetic; an ambiguous run is read
// by the heuristic and always flagged, with the alternatives listed.
func TestAmbiguousTable2(t *testing.T) {
	doc := "某某县人民政府2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可3960181\n"
	got := readBack(t, []byte(doc), Options{})
	if got.Proactive.Get("licensing", "prior_items") != 396 || got.Proactive.Get("licensing", "change") != 0 || got.Proactive.Get("licensing", "decisions") != 181 {
		t.Errorf("licensing = %v %v %v, want 396 0 181", got.Proactive.Get("licensing", "prior_items"), got.Proactive.Get("licensing", "change"), got.Proactive.Get("licensing", "decisions"))
	}
	var f *report.Finding
	for i := range got.Findings {
		if got.Findings[i].Rule == "value.uncertain" && got.Findings[i].Row == "licensing" {
			f = &got.Findings[i]
		}
	}
	if f == nil || len(f.Alternatives) == 0 || len(f.Alternatives) > maxAlternatives {
		t.Fatalf("want a value.uncertain finding with alternatives on licensing, got %+v", got.Findings)
	}
}

// TestNoSplitFits: when no split fits the rules, no number is invented.
func TestNoSplitFits(t *testing.T) {
	doc := "某某县2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）一、本年新收政府信息公开申请数量123456789二、上年结转政府信息公开申请数量0000000\n"
	got := readBack(t, []byte(doc), Options{})
	for _, c := range got.Requests.Def.Rows[0].Columns {
		if v := got.Requests.Get("new_received", c.ID); v != 0 {
			t.Errorf("new_received.%s = %v, want 0 (no reading fits)", c.ID, v)
		}
	}
	if !flagged(got, "三", "new_received") {
		t.Error("new_received not flagged uncertain")
	}
}

func TestCutShortAndWithoutNumbers(t *testing.T) {
	want := seedLike()
	var b bytes.Buffer
	render.Text(&b, want)
	text := b.String()
	cut := text[:strings.Index(text, report.LayoutOf(want.Format).Requests.Rows[5].Label)]
	got := readBack(t, []byte(cut), Options{})
	for _, row := range got.Requests.Def.Rows[5:] {
		if !hasFinding(got, "value.missing", "三", row.ID, "") {
			t.Errorf("no value.missing on cut row %s", row.ID)
		}
	}
	if !hasFinding(got, "value.missing", "四", "", "") {
		t.Error("no value.missing on the absent table 四")
	}
	for _, row := range got.Requests.Def.Rows[:4] {
		for _, c := range row.Columns {
			if g, w := got.Requests.Get(row.ID, c.ID), want.Requests.Get(row.ID, c.ID); g != w {
				t.Errorf("%s.%s = %v, want %v", row.ID, c.ID, g, w)
			}
		}
	}
	for _, f := range got.Findings {
		if f.Severity == report.Error {
			t.Errorf("arithmetic finding on a cut-short table: %+v", f)
		}
	}
}

func TestNotAReport(t *testing.T) {
	for _, doc := range []string{"", "hello world", "<html><body><p>通知</p></body></html>", "一、总体情况\n今年我们做了很多工作。"} {
		if _, err := Read([]byte(doc), "", Options{}); !errors.Is(err, ErrNotReport) {
			t.Errorf("Read(%q) error = %v, want ErrNotReport", doc, err)
		}
	}
}

func TestOverridesAndMismatch(t *testing.T) {
	want := seedLike() // a 2023 (2021-format) report
	var b bytes.Buffer
	render.Markdown(&b, want)
	got := readBack(t, b.Bytes(), Options{Year: 2020, Agency: "某某局"})
	if got.Year != 2020 || got.Agency != "某某局" {
		t.Errorf("year/agency = %d/%q, want the overrides", got.Year, got.Agency)
	}
	if got.Format != want.Format {
		t.Errorf("format = %s, want %s (from the labels)", got.Format, want.Format)
	}
	if !hasFinding(got, "format.mismatch", "", "", "") {
		t.Errorf("no format.mismatch for a %s-format report of 2020", got.Format)
	}
}

func TestNarrativeFacts(t *testing.T) {
	want := seedLike()
	want.Narrative.Overview = "本年度共收到政府信息公开申请999件。"
	var b bytes.Buffer
	render.Text(&b, want)
	got := readBack(t, b.Bytes(), Options{})
	if !hasFinding(got, "narrative.mismatch", "三", "new_received", "total") {
		t.Errorf("no narrative.mismatch for 999 received; findings %+v facts %+v", got.Findings, got.Facts)
	}
}

// TestTablesWithoutNumbers: a report whose tables are images is read, every
// table value.missing.
func TestTablesWithoutNumbers(t *testing.T) {
	doc := "某某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n本年度工作。\n二、主动公开政府信息情况\n（见图）\n三、收到和处理政府信息公开申请情况\n（见图）\n四、政府信息公开行政复议、行政诉讼情况\n（见图）\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
	got := readBack(t, []byte(doc), Options{})
	for _, id := range []string{"二", "三", "四"} {
		if !hasFinding(got, "value.missing", id, "", "") {
			t.Errorf("no value.missing for table %s", id)
		}
	}
	if got.Year != 2021 || got.Narrative.Overview != "本年度工作。" {
		t.Errorf("year %d overview %q", got.Year, got.Narrative.Overview)
	}
}

// TestHTMLLayouts: the report inside a layout table, and cells wrapped the
// way Word exports them.
func TestHTMLLayouts(t *testing.T) {
	want := randomReportSeed(21)
	var b bytes.Buffer
	if err := render.HTML(&b, want); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	body := page[strings.Index(page, "<body"):]
	nested := "<html><head><meta charset=\"utf-8\"><title>" + render.Title(want) + "</title></head><body><table class=\"layout\"><tr><td>导航</td><td>" + body + "</td></tr></table></body></html>"
	word := strings.NewReplacer("<td>", `<td style="padding:0"><p class="MsoNormal"><span lang="EN-US"><font face="宋体">`, "</td>", "<o:p></o:p></font></span></p></td>",
		"<th>", `<th><p><span>`, "</th>", "</span></p></th>").Replace(page)
	for name, doc := range map[string]string{"nested in a layout table": nested, "word-exported cells": word} {
		got := readBack(t, []byte(doc), Options{})
		if d := diffTables(got, want); len(d) > 0 {
			t.Errorf("%s: %d cells differ, first %v", name, len(d), d[0])
		}
	}
}

// TestRewordedLabels: labels worded a little differently still name their rows.
func TestRewordedLabels(t *testing.T) {
	want := randomReportSeed(31) // 2021 format
	var b bytes.Buffer
	render.Text(&b, want)
	doc := strings.NewReplacer("1.本机关不掌握相关政府信息", "1、本机关不掌握相关信息", "2.没有现成信息需要另行制作", "2.没有现成信息需另行制作",
		"4.保护第三方合法权益", "4.保护第三方合法权益的").Replace(b.String())
	got := readBack(t, []byte(doc), Options{})
	if d := diffTables(got, want); len(d) > 0 {
		t.Errorf("%d cells differ, first %v", len(d), d[0])
	}
	if u := report.CountSeverity(got.Findings, report.Uncertain); u > 0 {
		t.Errorf("%d uncertain findings: %+v", u, got.Findings)
	}
}

// TestLayoutText: a PDF's text layer, one row per line, long labels cut
// at the column's width, numbers spaced apart.
func TestLayoutText(t *testing.T) {
	for _, seed := range []int64{41, 42, 43, 44} {
		want := randomReportSeed(seed)
		var b strings.Builder
		b.WriteString(render.Title(want) + "\n")
		for k, tbl := range want.Tables() {
			b.WriteString(report.Sections[k+1] + "\n")
			if tbl.Def.ID == "四" {
				b.WriteString("行政复议        行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n")
				var nums []string
				for _, row := range tbl.Def.Rows {
					for _, c := range row.Columns {
						nums = append(nums, report.FormatNumber(tbl.Get(row.ID, c.ID)))
					}
				}
				b.WriteString(strings.Join(nums, "   ") + "\n")
				continue
			}
			for _, row := range tbl.Def.Rows {
				lbl := []rune(row.Label)
				if len(lbl) > 14 {
					lbl = lbl[:14]
				}
				var nums []string
				for _, c := range row.Columns {
					nums = append(nums, report.FormatNumber(tbl.Get(row.ID, c.ID)))
				}
				fmt.Fprintf(&b, "    %s        %s\n", string(lbl), strings.Join(nums, "     "))
			}
		}
		got := readBack(t, []byte(b.String()), Options{})
		for _, d := range diffTables(got, want) {
			if !flagged(got, d[0], d[1]) {
				t.Errorf("seed %d: %s.%s.%s = %s, want %s, not flagged", seed, d[0], d[1], d[2], d[3], d[4])
			}
		}
		if d := diffTables(got, want); len(d) > 0 {
			t.Logf("seed %d: %d cells differ, flagged", seed, len(d))
		}
	}
}

// TestAdversarialDigits: long runs of digits in every row cost bounded work.
func TestAdversarialDigits(t *testing.T) {
	var b strings.Builder
	b.WriteString("某某县2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况")
	for _, row := range report.LayoutOf(report.V2021).Requests.Rows {
		b.WriteString(row.Label + strings.Repeat("1234567890", 4))
	}
	b.WriteString("\n四、政府信息公开行政复议、行政诉讼情况\n行政复议结果维持结果纠正其他结果尚未审结总计" + strings.Repeat("9876543210", 5) + "\n")
	start := time.Now()
	got := readBack(t, []byte(b.String()), Options{})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	for _, row := range got.Requests.Def.Rows {
		if !flagged(got, "三", row.ID) {
			t.Errorf("row %s not flagged", row.ID)
		}
	}
}

// TestMergedEmptyCells: Word merges the blank 法人或其他组织 cells of a row
// into one cell spanning five columns.
func TestMergedEmptyCells(t *testing.T) {
	want := randomReportSeed(21)
	var b bytes.Buffer
	render.HTML(&b, want)
	re := regexp.MustCompile(`(<td class="num" data-cell="requests\.\w+\.commercial">0</td>)(<td[^>]*>0</td>){4}`)
	doc := re.ReplaceAllString(b.String(), `<td colspan="5"></td>`)
	if doc == b.String() {
		t.Fatal("no row to merge")
	}
	got := readBack(t, []byte(doc), Options{})
	if d := diffTables(got, want); len(d) > 0 {
		t.Errorf("%d cells differ, first %v", len(d), d[0])
	}
	if !hasFinding(got, "value.blank", "三", "", "") && report.CountSeverity(got.Findings, report.Warning) == 0 {
		t.Error("no value.blank for the merged blank cells")
	}
}

func TestUnsupportedBinaries(t *testing.T) {
	for name, data := range map[string]string{
		"doc": "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "png": "\x89PNG\r\n\x1a\n", "rtf": `{\rtf1\ansi 规章}`,
	} {
		_, err := Read([]byte(data), "", Options{})
		if err == nil || errors.Is(err, ErrNotReport) {
			t.Errorf("%s: error %v, want one that names the format", name, err)
		}
	}
}

// TestEmptyLinesAsCells: text scraped from a page one cell per line, an
// empty cell an empty line (the 法人或其他组织 columns left blank).
func TestEmptyLinesAsCells(t *testing.T) {
	l := report.LayoutOf(report.V2021)
	var b strings.Builder
	b.WriteString("某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n")
	for _, row := range l.Requests.Rows {
		v := map[string]int{"new_received": 26, "granted": 20, "withheld_process": 6, "total_handled": 26}[row.ID]
		fmt.Fprintf(&b, "%s\n%d\n\n\n\n\n\n%d\n", row.Label, v, v)
	}
	got := readBack(t, []byte(b.String()), Options{})
	for _, row := range l.Requests.Rows {
		for _, c := range row.Columns {
			want := 0.0
			if c.ID == "natural_person" || c.ID == "total" {
				want = map[string]float64{"new_received": 26, "granted": 20, "withheld_process": 6, "total_handled": 26}[row.ID]
			}
			if g := got.Requests.Get(row.ID, c.ID); g != want {
				t.Errorf("%s.%s = %v, want %v", row.ID, c.ID, g, want)
			}
		}
	}
	for _, f := range got.Findings {
		if f.Table == "三" && f.Severity != report.Warning {
			t.Errorf("finding: %+v", f)
		}
	}
}

// TestTransposedAppeals: table 四 published with outcomes as rows.
func TestTransposedAppeals(t *testing.T) {
	doc := "某某县2021年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 未经复议直接起诉 | 复议后起诉\n" +
		"结果维持 2 1 0\n结果纠正 1 0 0\n其他结果 0 0 0\n尚未审结 0 1 0\n总计 3 2 0\n"
	got := readBack(t, []byte(doc), Options{})
	want := map[string][]float64{"review": {2, 1, 0, 0, 3}, "suit_direct": {1, 0, 0, 1, 2}, "suit_after_review": {0, 0, 0, 0, 0}}
	for g, vs := range want {
		for j, c := range got.Appeals.Def.Row(g).Columns {
			if v := got.Appeals.Get(g, c.ID); v != vs[j] {
				t.Errorf("%s.%s = %v, want %v", g, c.ID, v, vs[j])
			}
		}
	}
	if report.HasErrors(got.Findings) {
		t.Errorf("findings %+v", got.Findings)
	}
}

// TestDroppedEmptyCells: a page scraped one cell per line with its empty
// cells dropped altogether: the natural-person figure and the total remain.
func TestDroppedEmptyCells(t *testing.T) {
	var b strings.Builder
	b.WriteString("某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n申请人情况\n")
	for _, row := range report.LayoutOf(report.V2021).Requests.Rows {
		fmt.Fprintf(&b, "%s\n26\n26\n", row.Label)
	}
	got := readBack(t, []byte(b.String()), Options{})
	for _, row := range got.Requests.Def.Rows {
		if got.Requests.Get(row.ID, "natural_person") != 26 || got.Requests.Get(row.ID, "total") != 26 || got.Requests.Get(row.ID, "commercial") != 0 {
			t.Errorf("%s read wrong", row.ID)
		}
		if !flagged(got, "三", row.ID) {
			t.Errorf("%s not flagged", row.ID)
		}
	}
}
