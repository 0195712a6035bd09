package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai"
	"gongkai/sqlite"
)

// catalogDB returns a migrated SQLite file holding one agency, 示例县教育局.
func catalogDB(t *testing.T) string {
	t.Helper()
	ctx := gongkai.WithActor(context.Background(), "test")
	name := filepath.Join(t.TempDir(), "gongkai.db")
	db, err := sqlite.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateAgency(ctx, &gongkai.Agency{ID: "edu", Name: "示例县教育局", Code: "000000002", ReportScope: gongkai.ScopeOwn}); err != nil {
		t.Fatal(err)
	}
	return name
}

// catalogItems returns the items stored in the database file.
func catalogItems(t *testing.T, name string) []*gongkai.Item {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	items, err := db.Items(ctx, gongkai.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const cliCSV = "\ufeff索引号,标题,成文日期,发布日期,主题分类,条例第二十条事项,正文\n" +
	"000000002/2024-00001,关于2024年公开招聘中小学教师的公告,2024-03-01,2024-03-04,人事/招考录用,（十四）,报名时间另行通知。咨询电话0595-23280000。\n" +
	"000000002/2024-00002,示例县2024年学前教育资助情况,2024-05-06,2024-05-08,教育/学前教育,十一,资助资金已发放。咨询电话13800138000。\n"

func TestCatalogImportCLI(t *testing.T) {
	db := catalogDB(t)
	good := writeFile(t, "good.csv", []byte(cliCSV))
	// A mobile number is personal data: refused without --hold (条例第十五条).
	code, out, errs := runStorageCLI("catalog", "import", "--db", db, "--agency", "edu", good)
	if code != 1 || !strings.Contains(errs, "row 3, 正文: holds personal data (手机号码)") || strings.Contains(errs, "13800138000") {
		t.Fatalf("personal data without --hold: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	code, out, errs = runStorageCLI("catalog", "import", "--db", db, "--agency", "edu", "--hold", good)
	if code != 0 || !strings.Contains(out, "imported 2 items") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if !strings.Contains(out, "row 3: held for review, not published: personal data (手机号码)") || strings.Contains(out, "13800138000") ||
		!strings.Contains(out, "row 2: check 固定电话号码") {
		t.Errorf("personal-data report:\n%s", out)
	}
	var held []*gongkai.Item
	for _, it := range catalogItems(t, db) {
		if it.Status != gongkai.ItemPublished {
			held = append(held, it)
		}
	}
	if len(held) != 1 || held[0].IndexNo != "000000002/2024-00002" || held[0].Status != gongkai.ItemSubmitted || !held[0].PublishedOn.IsZero() {
		t.Fatalf("held rows: %+v; want row 3 submitted, unpublished", held)
	}

	// A file with one bad row among good ones writes nothing.
	bad := "索引号,标题,成文日期,发布日期,事项\n" +
		"000000002/2024-00010,好的一行,2024-01-02,2024-01-03,1\n" +
		"000000002/2024-00011,坏的一行,2024-13-01,2024-01-03,1\n" +
		"000000002/2024-00001,已导入的索引号,2024-01-02,2024-01-03,1\n"
	code, out, errs = runStorageCLI("catalog", "import", "--db", db, "--agency", "edu", writeFile(t, "bad.csv", []byte(bad)))
	if code != 1 || !strings.Contains(errs, "2 problem(s)") || !strings.Contains(errs, `row 3, 成文日期: "2024-13-01" is not a date`) ||
		!strings.Contains(errs, `row 4, 索引号: "000000002/2024-00001" is already in the catalog`) || strings.Contains(out, "imported") {
		t.Fatalf("bad file: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// Only the stored duplicate left: still refused, still nothing written.
	dup := "索引号,标题,成文日期,发布日期,事项\n" +
		"000000002/2024-00010,好的一行,2024-01-02,2024-01-03,1\n" +
		"000000002/2024-00001,已导入的索引号,2024-01-02,2024-01-03,1\n"
	code, _, errs = runStorageCLI("catalog", "import", "--db", db, writeFile(t, "dup.csv", []byte(dup)))
	if code != 1 || !strings.Contains(errs, `row 3, 索引号: "000000002/2024-00001" is already in the catalog`) {
		t.Fatalf("duplicate: exit %d\nstderr: %s", code, errs)
	}
	if n := len(catalogItems(t, db)); n != 2 {
		t.Fatalf("%d items after the refused imports, want 2", n)
	}

	// GB18030, as Excel saves CSV on Chinese Windows; the agency found by
	// the code in the 索引号.
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("索引号,标题,成文日期,发布日期,事项\n000000002/2023-00005,示例县2023年城乡低保资金发放情况,2023年6月1日,2023年6月5日,（十一）\n")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs = runStorageCLI("catalog", "import", "--db", db, writeFile(t, "gb.csv", []byte(gb)))
	if code != 0 || !strings.Contains(out, "imported 1 items") {
		t.Fatalf("GB18030: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	items := catalogItems(t, db)
	found := false
	for _, it := range items {
		if it.IndexNo == "000000002/2023-00005" {
			found = it.Title == "示例县2023年城乡低保资金发放情况" && it.Agency == "edu" && it.Article20Item == 11
		}
	}
	if !found {
		t.Errorf("the GB18030 row was not stored as written")
	}

	// Usage errors.
	if code, _, _ := runStorageCLI("catalog", "import", "--db", db); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
	if code, _, _ := runStorageCLI("catalog", "export"); code != 2 {
		t.Errorf("unknown subcommand: exit %d, want 2", code)
	}
	if code, _, errs := runStorageCLI("catalog", "import", "--db", db, writeFile(t, "x.pdf", []byte("%PDF"))); code != 1 || !strings.Contains(errs, ".csv or .xlsx") {
		t.Errorf("a PDF: exit %d, %s", code, errs)
	}
}

func TestCatalogImportXLSX(t *testing.T) {
	db := catalogDB(t)
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	rows := [][]any{
		{"索引号", "标题", "文号", "成文日期", "发布日期", "一级分类", "二级分类", "第二十条事项", "有效性", "失效日期", "正文"},
		{"000000002/2022-00007", "关于印发《示例县学生资助管理办法》的通知", "示教【2022】5号", nil, "2022-04-02", "教育", "学生资助", "（一）", "失效", nil, "第一条……"},
		{"000000002/2022-00008", "示例县2022年教育收费公示", nil, "2022-05-01", "2022-05-03", "教育", "收费", 8, nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sh, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	// Dates as Excel stores them: day numbers shown with a date format.
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue(sh, "D2", 44648) // 2022-03-28
	f.SetCellValue(sh, "J2", 45383) // 2024-04-01
	f.SetCellStyle(sh, "D2", "D2", style)
	f.SetCellStyle(sh, "J2", "J2", style)
	name := filepath.Join(t.TempDir(), "catalog.xlsx")
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runStorageCLI("catalog", "import", "--db", db, "--agency", "edu", name)
	if code != 0 || !strings.Contains(out, "imported 2 items") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, it := range catalogItems(t, db) {
		if it.IndexNo != "000000002/2022-00007" {
			continue
		}
		n := it.Normative
		if it.WrittenOn != gongkai.NewDate(2022, 3, 28) || it.DocNo != "示教〔2022〕5号" || n == nil ||
			n.Validity != gongkai.NormativeExpired || n.ExpiredOn != gongkai.NewDate(2024, 4, 1) || it.Topic != [2]string{"教育", "学生资助"} {
			t.Errorf("stored %+v %+v", it, n)
		}
		return
	}
	t.Error("row 2 not stored")
}
