package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"gongkai"
)

func init() {
	register(command{
		name:    "catalog",
		summary: "the 政府信息公开目录: import published items from an old site (catalog import FILE)",
		run:     runCatalog,
	})
}

const catalogUsage = `Usage: gongkai catalog import [--agency ID] [--db PATH|DSN] FILE.csv|FILE.xlsx

Imports the published items of an agency moving from an old site into the
catalog (政府信息公开目录). FILE is CSV (UTF-8, with or without a byte-order
mark, or GB18030 as Excel saves it in China) or XLSX (the first sheet). The
first row is the header, in Chinese; the columns may come in any order:

  索引号              required; kept as it is, must be new to the catalog
  标题 (or 名称)       required
  文号 (or 发文字号)    optional; [2024] 【2024】 (2024) are made 〔2024〕
  成文日期            required
  发布日期 (or 公开日期) required; not before 成文日期
  发文机关 (or 发布机构) optional; the agency's name when empty
  主题分类            一级/二级 in one column, or the columns 一级分类, 二级分类
  条例第二十条事项      required; （一） (一) 一 第一项 or 1, up to 十五
    (or 第二十条事项, 事项)
  有效性              optional; 有效, 失效 or 废止 makes the row a 规范性文件
  废止日期, 失效日期    required for 废止 / 失效 (or one column 废止日期/失效日期)
  实施日期, 有效期至    optional, for a 规范性文件
  正文 (or 内容)       optional plain text; each line becomes a paragraph

Other columns are ignored (and listed). Dates: 2024-03-05, 2024/3/5,
2024.3.5, 2024年3月5日, 20240305, or an Excel date. Rows are numbered as in
the spreadsheet, the header being row 1.

Every row becomes a published 主动公开 item. Its review before publishing
happened on the old site: the item's review names the reviewer "import",
records no 保密审查 in gongkai, and says so in its note.

Personal data is not published unreviewed (条例第十五条): a row whose title
or text holds an identity or bank card number, a mobile number or an
e-mail address is refused. With --hold such rows are imported unpublished,
送审, for a reviewer to mask or accept the data in the console and publish
them (they keep their 索引号). Landline numbers and 统一社会信用代码 are
listed by row and kind after the import, never the data itself.

Without --agency, each row's agency is the one whose code (统一社会信用代码
or 组织机构代码) is the part of its 索引号 before the "/".

All rows are checked first; when any row is wrong nothing is written, every
problem is listed with its row and column, and the exit code is 1. The
import is one transaction. Exit codes: 0 imported, 1 refused or failed, 2
usage. --db is a SQLite file (default ./gongkai.db) or a PostgreSQL URL;
without --db, GONGKAI_DATABASE_URL is used when set. The database is
migrated first. See docs/catalog-import.md.
`

// runCatalog runs "gongkai catalog".
func runCatalog(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		io.WriteString(stderr, catalogUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	fs := newFlagSet("catalog import", stderr, catalogUsage)
	dbFlag := fs.String("db", "", "SQLite file or PostgreSQL URL")
	agencyID := fs.String("agency", "", "the agency publishing every row")
	hold := fs.Bool("hold", false, "import rows holding personal data unpublished, for review")
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return 2
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	rows, err := readCatalogFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "gongkai catalog import: %v\n", err)
		return 1
	}
	ctx := gongkai.WithActor(context.Background(), "cli:catalog-import")
	db, err := openDatabase(ctx, databaseSpec(*dbFlag))
	if err != nil {
		fmt.Fprintf(stderr, "gongkai catalog import: %v\n", err)
		return 1
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		fmt.Fprintf(stderr, "gongkai catalog import: migrate: %v\n", err)
		return 1
	}
	n, err := importCatalog(ctx, db, *agencyID, *hold, rows, stdout)
	if err != nil {
		var ie gongkai.ImportErrors
		if errors.As(err, &ie) {
			fmt.Fprintf(stderr, "gongkai catalog import: %s: nothing imported, %d problem(s):\n", pos[0], len(ie))
			for _, e := range ie {
				fmt.Fprintf(stderr, "  %s\n", e.Error())
			}
			return 1
		}
		fmt.Fprintf(stderr, "gongkai catalog import: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "imported %d items from %s\n", n, pos[0])
	return 0
}

// importCatalog parses rows and stores them: the number of items imported.
func importCatalog(ctx context.Context, st gongkai.Store, agencyID string, hold bool, rows [][]string, stdout io.Writer) (int, error) {
	ci := &gongkai.CatalogImport{Now: time.Now(), Hold: hold}
	if agencyID != "" {
		a, err := st.Agency(ctx, agencyID)
		if err != nil {
			return 0, err
		}
		ci.Agency = a
	} else {
		all, err := st.Agencies(ctx, gongkai.AgencyFilter{})
		if err != nil {
			return 0, err
		}
		ci.Agencies = all
	}
	items, ignored, errs := ci.Parse(rows)
	if len(ignored) > 0 {
		fmt.Fprintf(stdout, "ignored columns: %s\n", strings.Join(ignored, ", "))
	}
	// Every problem at once: the rows' own, then the numbers already stored
	// (checked again in ImportCatalog's transaction).
	stored, err := gongkai.StoredIndexNos(ctx, st, items)
	if err != nil {
		return 0, err
	}
	if errs = append(errs, stored...); len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Row < errs[j].Row })
		return 0, errs
	}
	if err := gongkai.ImportCatalog(ctx, st, items); err != nil {
		return 0, err
	}
	warnPersonalData(items, stdout)
	return len(items), nil
}

// warnPersonalData lists the rows held back for review and the rows to
// check, by row and kind: the data itself is never printed.
func warnPersonalData(items []gongkai.ImportRow, w io.Writer) {
	for _, r := range items {
		if len(r.Held) > 0 {
			fmt.Fprintf(w, "row %d: held for review, not published: personal data (%s) in %s\n", r.Row, strings.Join(r.Held, ", "), r.Item.IndexNo)
		}
		for _, m := range r.Warnings {
			fmt.Fprintf(w, "row %d: %s in %s\n", r.Row, m, r.Item.IndexNo)
		}
	}
}

// readCatalogFile reads the rows of a CSV or XLSX file, by its extension.
func readCatalogFile(name string) ([][]string, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return readCatalogXLSX(name)
	case ".csv", ".txt":
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		data, err = utf8CSV(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rows, err := gongkai.ReadCatalogCSV(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return rows, nil
	}
	return nil, fmt.Errorf("%s: want a .csv or .xlsx file", name)
}

// utf8CSV returns CSV bytes as UTF-8: as they are when valid UTF-8 (a
// byte-order mark stays, ReadCatalogCSV drops it), else decoded from
// GB18030, the encoding Excel uses for "CSV" on Chinese Windows.
func utf8CSV(data []byte) ([]byte, error) {
	if utf8.Valid(data) {
		return data, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return nil, errors.New("neither UTF-8 nor GB18030 text")
	}
	return out, nil
}

// readCatalogXLSX reads the first sheet of an XLSX file. Cells come raw, so
// that a date cell gives its day number (gongkai.ParseImportDate reads it)
// rather than a display format such as 3/5/24.
func readCatalogXLSX(name string) ([][]string, error) {
	f, err := excelize.OpenFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: no sheet", name)
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}
