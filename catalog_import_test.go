package gongkai_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai"
)

var importNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// goodCSV is an old site's export: BOM, columns in its own order, a column
// gongkai does not know (链接), both 主题分类 levels in one column.
const goodCSV = "\ufeff索引号,标题,文号,发文机关,成文日期,发布日期,主题分类,条例第二十条事项,有效性,废止日期/失效日期,正文,链接\n" +
	"000000002/2024-00012,关于印发《示例县学前教育资助管理办法》的通知,示教[2024]3号,,2024-03-05,2024/3/8,教育/学前教育,（一）,有效,,\"第一条 为了规范学前教育资助。\n第二条 <b>本办法</b>自印发之日起施行。\",http://old.example/1\n" +
	"000000002/2023-00040,示例县2023年城乡低保资金发放情况,,示例县民政局,2023年6月1日,20230605,社会保障/低保,11,,,低保资金已按月发放。,\n" +
	"000000002/2021-00003,关于印发《示例县教育收费管理办法》的通知,示教〔2021〕1号,,2021.1.4,2021-01-06,教育,第（八）项,废止,2024-12-31,,\n" +
	",,,,,,,,,,,\n"

func parseCSV(t *testing.T, s string, ci *gongkai.CatalogImport) ([]gongkai.ImportRow, gongkai.ImportErrors) {
	t.Helper()
	rows, err := gongkai.ReadCatalogCSV(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	items, _, errs := ci.Parse(rows)
	return items, errs
}

var eduAgency = &gongkai.Agency{ID: "edu", Name: "示例县教育局", Code: "000000002"}

func TestCatalogImportParse(t *testing.T) {
	rows, err := gongkai.ReadCatalogCSV(strings.NewReader(goodCSV))
	if err != nil {
		t.Fatal(err)
	}
	ci := &gongkai.CatalogImport{Agency: eduAgency, Now: importNow}
	got, ignored, errs := ci.Parse(rows)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(ignored) != 1 || ignored[0] != "链接" {
		t.Errorf("ignored %v, want [链接]", ignored)
	}
	if len(got) != 3 || got[0].Row != 2 || got[2].Row != 4 {
		t.Fatalf("%d rows: %+v", len(got), got)
	}
	a, b, c := got[0].Item, got[1].Item, got[2].Item
	if a.IndexNo != "000000002/2024-00012" || a.DocNo != "示教〔2024〕3号" || a.Issuer != "示例县教育局" ||
		a.WrittenOn != gongkai.NewDate(2024, 3, 5) || a.PublishedOn != gongkai.NewDate(2024, 3, 8) ||
		a.Topic != [2]string{"教育", "学前教育"} || a.Article20Item != 1 || a.Normative == nil || a.Normative.Validity != gongkai.NormativeValid {
		t.Errorf("row 2: %+v", a)
	}
	if want := "<p>第一条 为了规范学前教育资助。</p><p>第二条 &lt;b&gt;本办法&lt;/b&gt;自印发之日起施行。</p>"; a.Body != want {
		t.Errorf("body %q, want %q", a.Body, want)
	}
	for _, s := range []string{"a & b \"引号\" 'x'", "<script>alert(1)</script>", "一\r\n\r\n　二　"} {
		if b := gongkai.TextToHTML(s); gongkai.SanitizeHTML(b) != b {
			t.Errorf("TextToHTML(%q) = %q is not as SanitizeHTML leaves it: %q", s, b, gongkai.SanitizeHTML(b))
		}
	}
	if a.Status != gongkai.ItemPublished || a.Attribute != gongkai.AttrProactive || a.Review.Reviewer != gongkai.ImportReviewer ||
		a.Review.SecrecyReviewed || !strings.Contains(a.Review.Note, "导入") || a.DraftedBy != "" || !strings.HasPrefix(a.ID, "imp-") {
		t.Errorf("row 2 workflow: %+v", a)
	}
	if b.Issuer != "示例县民政局" || b.Article20Item != 11 || b.Normative != nil || b.WrittenOn != gongkai.NewDate(2023, 6, 1) || b.DocNo != "" {
		t.Errorf("row 3: %+v", b)
	}
	if c.Article20Item != 8 || c.Topic != [2]string{"教育", ""} || c.Normative.Validity != gongkai.NormativeRepealed ||
		c.Normative.RepealedOn != gongkai.NewDate(2024, 12, 31) || c.Body != "" {
		t.Errorf("row 4: %+v %+v", c, c.Normative)
	}
	if a.ID == b.ID {
		t.Error("two rows, one ID")
	}
}

func TestCatalogImportRowErrors(t *testing.T) {
	const bad = "索引号,标题,成文日期,发布日期,一级分类,二级分类,第二十条事项,有效性,失效日期\n" +
		"000000002/2024-00001,好的一行,2024-01-02,2024-01-03,教育,,1,,\n" +
		"000000002/2024-00002,日期错误,2024-13-01,2024-01-03,教育,,1,,\n" +
		"000000002/2024-00003,,2024-01-05,2024-01-03,,学前教育,十六,失效,\n" +
		"000000002/2024-00001,重复的索引号,2024-01-02,2024-01-03,教育,,（二）,,\n" +
		"000000002/2024-00004,有效却有失效日期,2024-01-02,2024-01-03,教育,,一,有效,2025-01-01\n" +
		"000000002/2024-00005,未知的有效性,2024-01-02,2024-01-03,教育,,一,作废,\n"
	_, errs := parseCSV(t, bad, &gongkai.CatalogImport{Agency: eduAgency, Now: importNow})
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	want := []string{
		`row 3, 成文日期: "2024-13-01" is not a date`,
		`row 4, 标题: empty`,
		`row 4, 发布日期: 2024-01-03 is before the 成文日期 2024-01-05`,
		`row 4, 主题分类: second level "学前教育" without a first level`,
		`row 4, 条例第二十条事项: "十六" is not one of （一）–（十五）`,
		`row 4, 失效日期: required when 有效性 is 失效`,
		`row 5, 索引号: "000000002/2024-00001" repeats row 2`,
		`row 6, 有效性: 有效, but a 废止 or 失效 date is given`,
		`row 7, 有效性: "作废" is not 有效, 失效 or 废止`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	// A missing required column is an error of the header.
	_, errs = parseCSV(t, "索引号,标题\nx/1,y\n", &gongkai.CatalogImport{Agency: eduAgency})
	if len(errs) != 3 || errs[0].Row != 1 || errs[0].Column != "成文日期" {
		t.Errorf("header errors: %v", errs)
	}
	// Without an agency, the 索引号's code names it.
	ci := &gongkai.CatalogImport{Agencies: []*gongkai.Agency{eduAgency}, Now: importNow}
	got, errs := parseCSV(t, "索引号,标题,成文日期,发布日期,事项\n000000002/2024-00001,甲,2024-01-02,2024-01-03,1\n999999999/2024-00001,乙,2024-01-02,2024-01-03,1\n", ci)
	if len(errs) != 1 || errs[0].Row != 3 || errs[0].Column != "索引号" || len(got) != 1 || got[0].Item.Agency != "edu" {
		t.Errorf("agency by code: %v, %v", got, errs)
	}
}

func TestParseImportDateAndArticle(t *testing.T) {
	for s, want := range map[string]string{"2024-03-05": "2024-03-05", "2024/3/5": "2024-03-05", "2024.3.5": "2024-03-05",
		"2024年3月5日": "2024-03-05", "20240305": "2024-03-05", "45356": "2024-03-05", "45356.5": "2024-03-05",
		"2024-03-05 10:00:00": "2024-03-05", "2024-13-01": "", "2023-02-29": "", "2024-3": "", "abc": "", "": "", "2024/3/5/1": ""} {
		d, ok := gongkai.ParseImportDate(s)
		if got := map[bool]string{true: d.String(), false: ""}[ok]; got != want {
			t.Errorf("ParseImportDate(%q) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string]int{"（一）": 1, "(三)": 3, "十五": 15, "第十一项": 11, "第（十二）项": 12, "7": 7, " 10 ": 10,
		"16": 0, "十六": 0, "0": 0, "": 0, "一二": 0} {
		if got := gongkai.ParseArticle20Item(s); got != want {
			t.Errorf("ParseArticle20Item(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestImportCatalogStore(t *testing.T) {
	s, _ := mustOpenService(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	edu, err := s.Store.Agency(ctx, "edu")
	if err != nil {
		t.Fatal(err)
	}
	ci := &gongkai.CatalogImport{Agency: edu, Now: importNow}
	rows, errs := parseCSV(t, goodCSV, ci)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if err := gongkai.ImportCatalog(ctx, s.Store, rows); err != nil {
		t.Fatal(err)
	}
	n, hits, err := s.Store.SearchItems(ctx, gongkai.SearchQuery{Q: "低保"})
	if err != nil || n != 1 || hits[0].IndexNo != "000000002/2023-00040" {
		t.Errorf("search 低保: %d %+v %v", n, hits, err)
	}
	// A second file with one number already stored and one new: nothing
	// of it is written.
	again := "索引号,标题,成文日期,发布日期,事项\n000000002/2025-00001,新的一条,2025-01-02,2025-01-03,1\n000000002/2023-00040,已导入,2023-06-01,2023-06-05,11\n"
	rows, errs = parseCSV(t, again, ci)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	err = gongkai.ImportCatalog(ctx, s.Store, rows)
	var ie gongkai.ImportErrors
	if !errors.As(err, &ie) || len(ie) != 1 || ie[0].Error() != `row 3, 索引号: "000000002/2023-00040" is already in the catalog` {
		t.Fatalf("import of a stored number: %v", err)
	}
	items, err := s.Store.Items(ctx, gongkai.ItemFilter{Agency: "edu"})
	if err != nil || len(items) != 3 {
		t.Fatalf("%d items after the refused import, want 3 (%v)", len(items), err)
	}
	// The generator skips an imported number of its own form.
	no, err := s.Store.NextIndexNo(ctx, "000000002", 2024)
	if err != nil {
		t.Fatal(err)
	}
	if no == "000000002/2024-00012" {
		t.Errorf("NextIndexNo reissued an imported number")
	}
}

// FuzzParseCatalogRow: any CSV line under the full header parses into
// either errors or a valid item whose body is escaped paragraphs.
func FuzzParseCatalogRow(f *testing.F) {
	f.Add(`000000002/2024-00012,标题,示教[2024]3号,,2024-03-05,2024/3/8,教育/学前教育,（一）,有效,,"正文<b>x</b>"`)
	f.Add(`x,y,,,45356,45357.25,/,十五,废止,2025-01-01,`)
	f.Add(`"a""b",<script>,,,2024年1月2日,20240103,a／b,第（三）项,失效,2024-02-30,"1` + "\n" + `2"`)
	header := strings.Split("索引号,标题,文号,发文机关,成文日期,发布日期,主题分类,条例第二十条事项,有效性,废止日期/失效日期,正文", ",")
	h, errs := gongkai.ParseCatalogHeader(header)
	if len(errs) > 0 {
		f.Fatal(errs)
	}
	f.Fuzz(func(t *testing.T, line string) {
		rows, err := gongkai.ReadCatalogCSV(strings.NewReader(line))
		if err != nil || len(rows) == 0 {
			return
		}
		it, errs := gongkai.ParseCatalogRow(h, rows[0], 2, eduAgency, importNow)
		if (it == nil) == (len(errs) == 0) {
			t.Fatalf("item %v with errors %v", it, errs)
		}
		for _, e := range errs {
			if e.Row != 2 || e.Msg == "" {
				t.Fatalf("error %+v", e)
			}
		}
		if it == nil {
			return
		}
		if err := it.Validate(); err != nil {
			t.Fatalf("parsed item invalid: %v", err)
		}
		body := strings.ReplaceAll(strings.ReplaceAll(it.Body, "<p>", ""), "</p>", "")
		if strings.ContainsAny(body, "<>") {
			t.Fatalf("unescaped markup in %q", it.Body)
		}
	})
}
