package privacy

import (
	"archive/zip"
	"bytes"
	"io"
	"sort"
	"strings"
	"testing"
)

// partText returns the raw content of one member of an archive.
func partText(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("no member %s", name)
	return ""
}

func hitSummary(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, string(h.Kind)+" "+h.Text+" @"+h.Context)
	}
	sort.Strings(out)
	return out
}

func TestDOCX(t *testing.T) {
	doc := buildDOCX(docxParts{
		Body: []string{
			wp("申请人王小明，身份证号", testID[:9], testID[9:], "，联系电话13812345678。"),
			wpRevised("原电话", "13912345678", "0595-23456789", "。"),
		},
		Header:    []string{wp("某某县教育局")},
		Footer:    []string{wp("邮箱 gk@example.gov.cn")},
		Comments:  []string{wp("核实卡号" + testCard)},
		Footnotes: []string{wp("代码" + testCredit)},
		Creator:   "王小明", LastModifiedBy: "李审核", Title: "答复告知书",
		Custom:    map[string]string{"联系人电话": "13700001234"},
		Hyperlink: "mailto:wangxm@example.com",
	})
	opts := Options{Names: []string{"王小明"}}
	hits, err := ScanDOCX(doc, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bank_card " + testCard + " @批注",
		"credit_code " + testCredit + " @脚注",
		"email gk@example.gov.cn @页脚",
		"email wangxm@example.com @关系（链接目标）（属性 Target）",
		"id_card " + testID + " @正文",
		"landline 0595-23456789 @正文（修订·插入）",
		"mobile 13700001234 @文档属性",
		"mobile 13812345678 @正文",
		"mobile 13912345678 @正文（修订·删除）",
		"name 王小明 @文档属性",
		"name 王小明 @正文",
	}
	if got := hitSummary(hits); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ScanDOCX:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	masked, err := MaskDOCX(doc, hits)
	if err != nil {
		t.Fatal(err)
	}
	if left, err := Verify(masked, KindDOCX, opts); err != nil || len(left) != 0 {
		t.Fatalf("Verify after MaskDOCX: %v %v", hitSummary(left), err)
	}
	body := partText(t, masked, "word/document.xml")
	for _, s := range []string{"13912345678", "139****5678", "<w:delText>*</w:delText>"} {
		if strings.Contains(body, s) != (s == "<w:delText>*</w:delText>") {
			t.Errorf("document.xml: deleted text handling, %q present=%v", s, !strings.Contains(body, s))
		}
	}
	if !strings.Contains(body, "138****5678") || !strings.Contains(body, "王**") && !strings.Contains(body, "王*") {
		t.Errorf("document.xml not masked: %s", body)
	}
	if core := partText(t, masked, "docProps/core.xml"); !strings.Contains(core, "<dc:creator>王**</dc:creator>") {
		t.Errorf("core.xml: %s", core)
	}
	// Unchanged members are copied byte for byte.
	if partText(t, masked, "word/header1.xml") != partText(t, doc, "word/header1.xml") {
		t.Error("header1.xml changed")
	}
}

func TestXLSX(t *testing.T) {
	book := buildXLSX([]xlsxSheet{
		{Name: "公开名单", Rows: [][]string{{"序号", "事项"}, {"=1", "学前教育资助"}}, Comment: "联系人13812345678"},
		{Name: "原始数据", State: "hidden", Rows: [][]string{{"姓名", "身份证号", "电话"}, {"赵六", testID, "=13912345678"}}},
		{Name: "备注", State: "veryHidden", Rows: [][]string{{"@卡号" + testCard}}},
	}, "赵六")
	opts := Options{Names: []string{"赵六"}}
	hits, err := ScanXLSX(book, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"bank_card " + testCard + " @工作表“备注”（深度隐藏）",
		"id_card " + testID + " @共享字符串",
		"mobile 13812345678 @批注",
		"mobile 13912345678 @工作表“原始数据”（隐藏）",
		"name 赵六 @共享字符串",
		"name 赵六 @文档属性",
	}
	if got := hitSummary(hits); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ScanXLSX:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	masked, err := MaskXLSX(book, hits)
	if err != nil {
		t.Fatal(err)
	}
	if left, err := Verify(masked, KindXLSX, opts); err != nil || len(left) != 0 {
		t.Fatalf("Verify after MaskXLSX: %v %v", hitSummary(left), err)
	}
	sheet := partText(t, masked, "xl/worksheets/sheet2.xml")
	if !strings.Contains(sheet, `<c t="inlineStr" r="C2"><is><t>139****5678</t></is></c>`) {
		t.Errorf("numeric cell not turned into an inline string: %s", sheet)
	}
}

func TestHTML(t *testing.T) {
	src := `<p>申请人<b>孙</b>七，电话<span>138</span>12345678；<a href="mailto:sun7@example.com">来信</a></p><p>卡号&#54;222021234567890128</p>`
	opts := Options{Names: []string{"孙七"}}
	hits := ScanHTML(src, opts)
	want := []string{"bank_card 6222021234567890128 @正文", "email sun7@example.com @属性 href", "mobile 13812345678 @正文", "name 孙七 @正文"}
	if got := hitSummary(hits); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ScanHTML:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	masked := MaskHTML(src, hits)
	if left, _ := Verify([]byte(masked), KindHTML, opts); len(left) != 0 {
		t.Fatalf("Verify after MaskHTML %s: %v", masked, hitSummary(left))
	}
	if want := `<p>申请人<b>孙</b>*，电话<span>138</span>****5678；<a href="mailto:s***@example.com">来信</a></p><p>卡号***************0128</p>`; masked != want {
		t.Errorf("MaskHTML =\n%s\nwant\n%s", masked, want)
	}
}

func TestScanDOCX_Unscanned(t *testing.T) {
	doc := buildZip(map[string]string{
		"word/document.xml":          xmlHead + `<w:document ` + wNS + `><w:body>` + wp("正文") + `</w:body></w:document>`,
		"word/media/image1.png":      "\x89PNG",
		"docProps/thumbnail.jpeg":    "\xff\xd8",
		"word/embeddings/sheet.xlsx": "PK",
		"word/fonts/font1.odttf":     "x",
	})
	hits, err := ScanDOCX(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"unscanned docProps/thumbnail.jpeg @缩略图（未识别文字）", "unscanned word/embeddings/sheet.xlsx @嵌入对象", "unscanned word/media/image1.png @图片（未识别文字）"}
	if got := hitSummary(hits); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ScanDOCX:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScanDOCX_NotAZip(t *testing.T) {
	if _, err := ScanDOCX([]byte("not a zip"), Options{}); err == nil {
		t.Fatal("no error")
	}
}
