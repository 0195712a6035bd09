package gongkai

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Import of a catalog from an old site: a table with a header row in
// Chinese, one published item a row. The columns (header names; aliases
// after the first; order free; columns not listed are ignored and
// reported):
//
//	索引号              required; kept as is (ParseImportedIndexNo), unique
//	标题 (名称)          required
//	文号 (发文字号)       optional; [2024] 【2024】 (2024) are made 〔2024〕
//	成文日期            required
//	发布日期 (公开日期)    required; not before 成文日期
//	发文机关 (发布机构)    optional; the agency's name when empty
//	主题分类            一级/二级 in one column ("/" or "／"), or the two
//	                   columns 一级分类 and 二级分类
//	条例第二十条事项 (第二十条事项, 事项)  required; （一）, (一), 一, 第一项 or 1
//	有效性              optional; 有效, 失效 or 废止 makes the row a 规范性文件
//	废止日期, 失效日期 (废止日期/失效日期)  the date it lost force: required
//	                   for 废止 and 失效, refused for 有效
//	实施日期, 有效期至    optional, for a 规范性文件
//	正文 (内容)          optional plain text; each line becomes a paragraph,
//	                   HTML-escaped
//
// Dates are 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, or the
// day number Excel stores a date as. Rows are numbered as in the
// spreadsheet: the header is row 1.
//
// Every imported item is a published 主动公开 item (条例第二十条). Its review
// before publishing (条例第十七条) happened on the old site and is not on
// record here, so Review says so: Reviewer ImportReviewer, SecrecyReviewed
// false (no 保密审查 was recorded in gongkai), ReviewedAt the time of the
// import, and a note; DraftedBy stays empty (unknown).

// ImportReviewer is the Review.Reviewer of imported items.
const ImportReviewer = "import"

// ImportError is a problem with one cell (or row, or the header) of an
// imported table.
type ImportError struct {
	Row    int    // 1 is the header
	Column string // the column's Chinese name; "" for the whole row
	Msg    string
}

func (e ImportError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Msg)
	}
	return fmt.Sprintf("row %d, %s: %s", e.Row, e.Column, e.Msg)
}

// ImportErrors are all the problems of an import; nothing was written.
type ImportErrors []ImportError

func (es ImportErrors) Error() string {
	s := make([]string, len(es))
	for i, e := range es {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// importColumns maps each accepted header name to its column key.
var importColumns = map[string]string{
	"索引号": "索引号", "标题": "标题", "名称": "标题", "文号": "文号", "发文字号": "文号",
	"成文日期": "成文日期", "发布日期": "发布日期", "公开日期": "发布日期", "发文机关": "发文机关", "发布机构": "发文机关",
	"主题分类": "主题分类", "一级分类": "一级分类", "二级分类": "二级分类",
	"条例第二十条事项": "第二十条事项", "第二十条事项": "第二十条事项", "事项": "第二十条事项",
	"有效性": "有效性", "废止日期": "废止日期", "失效日期": "失效日期", "废止日期/失效日期": "失效或废止日期",
	"实施日期": "实施日期", "有效期至": "有效期至", "正文": "正文", "内容": "正文",
}

// CatalogHeader is the parsed header row of an import.
type CatalogHeader struct {
	cols    map[string]int // column key → index
	Ignored []string       // header names not understood
}

// ParseCatalogHeader reads the header row. Missing required columns are
// errors of row 1.
func ParseCatalogHeader(row []string) (*CatalogHeader, ImportErrors) {
	h := &CatalogHeader{cols: map[string]int{}}
	var errs ImportErrors
	for i, name := range row {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		key, ok := importColumns[name]
		switch {
		case name == "":
		case !ok:
			h.Ignored = append(h.Ignored, name)
		case h.has(key):
			errs = append(errs, ImportError{1, name, "column given twice"})
		default:
			h.cols[key] = i
		}
	}
	for _, k := range []string{"索引号", "标题", "成文日期", "发布日期", "第二十条事项"} {
		if !h.has(k) {
			errs = append(errs, ImportError{1, k, "required column missing"})
		}
	}
	return h, errs
}

func (h *CatalogHeader) has(key string) bool { _, ok := h.cols[key]; return ok }

func (h *CatalogHeader) get(row []string, key string) string {
	if i, ok := h.cols[key]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// ParseCatalogRow turns data row rowNo into a published item of agency
// (its ID and name), or returns every problem of the row. The item's ID is
// derived from the 索引号.
func ParseCatalogRow(h *CatalogHeader, row []string, rowNo int, agency *Agency, now time.Time) (*Item, ImportErrors) {
	var errs ImportErrors
	bad := func(col, format string, args ...any) {
		errs = append(errs, ImportError{rowNo, col, fmt.Sprintf(format, args...)})
	}
	it := &Item{Agency: agency.ID, Attribute: AttrProactive, Status: ItemPublished, Issuer: agency.Name}
	it.IndexNo = h.get(row, "索引号")
	if _, err := ParseImportedIndexNo(it.IndexNo); err != nil {
		bad("索引号", "%q is not an index number", it.IndexNo)
	}
	if it.Title = h.get(row, "标题"); it.Title == "" {
		bad("标题", "empty")
	}
	if s := h.get(row, "文号"); s != "" {
		it.DocNo = NormalizeDocNo(s)
		if ValidateDocNo(it.DocNo) != nil {
			bad("文号", "%q is not a 文号 like 安政办〔2024〕12号", s)
		}
	}
	date := func(key string, required bool) Date {
		s := h.get(row, key)
		if s == "" {
			if required {
				bad(key, "empty")
			}
			return Date{}
		}
		d, ok := ParseImportDate(s)
		if !ok {
			bad(key, "%q is not a date", s)
		}
		return d
	}
	it.WrittenOn, it.PublishedOn = date("成文日期", true), date("发布日期", true)
	if !it.WrittenOn.IsZero() && !it.PublishedOn.IsZero() && it.PublishedOn.Before(it.WrittenOn) {
		bad("发布日期", "%s is before the 成文日期 %s", it.PublishedOn, it.WrittenOn)
	}
	if s := h.get(row, "发文机关"); s != "" {
		it.Issuer = s
	}
	if h.has("主题分类") {
		t := strings.NewReplacer("／", "/", "\\", "/").Replace(h.get(row, "主题分类"))
		a, b, _ := strings.Cut(t, "/")
		it.Topic = [2]string{strings.TrimSpace(a), strings.TrimSpace(b)}
	} else {
		it.Topic = [2]string{h.get(row, "一级分类"), h.get(row, "二级分类")}
	}
	if it.Topic[0] == "" && it.Topic[1] != "" {
		bad("主题分类", "second level %q without a first level", it.Topic[1])
	}
	s := h.get(row, "第二十条事项")
	// 条例第二十条: a proactive item names the item (一)–(十五) it falls under.
	if it.Article20Item = ParseArticle20Item(s); it.Article20Item == 0 {
		bad("条例第二十条事项", "%q is not one of （一）–（十五）", s)
	}
	it.Normative = parseNormative(h, row, date, bad)
	it.Body = TextToHTML(h.get(row, "正文"))
	if len(errs) > 0 {
		return nil, errs
	}
	sum := sha256.Sum256([]byte(it.IndexNo))
	it.ID = "imp-" + hex.EncodeToString(sum[:8])
	it.Review = Review{Reviewer: ImportReviewer, ReviewedAt: now.UTC(),
		Note: "从原网站导入：该信息已于" + it.PublishedOn.Chinese() + "公开，发布前审查和保密审查记录在原系统，导入时未重新审查。"}
	if err := it.Validate(); err != nil {
		return nil, ImportErrors{{rowNo, "", err.Error()}}
	}
	return it, nil
}

// parseNormative reads the 规范性文件 columns: nil when 有效性 is empty.
func parseNormative(h *CatalogHeader, row []string, date func(string, bool) Date, bad func(string, string, ...any)) *NormativeDoc {
	v := h.get(row, "有效性")
	if v == "" {
		return nil
	}
	n := &NormativeDoc{EffectiveOn: date("实施日期", false), ExpiresOn: date("有效期至", false)}
	lost := date("失效或废止日期", false)
	repealed, expired := date("废止日期", false), date("失效日期", false)
	switch strings.TrimPrefix(strings.TrimPrefix(v, "已"), "现行") {
	case "有效":
		n.Validity = NormativeValid
		if !lost.IsZero() || !repealed.IsZero() || !expired.IsZero() {
			bad("有效性", "有效, but a 废止 or 失效 date is given")
		}
	case "失效":
		n.Validity, n.ExpiredOn = NormativeExpired, firstDate(expired, lost)
		if n.ExpiredOn.IsZero() {
			bad("失效日期", "required when 有效性 is 失效")
		}
	case "废止":
		n.Validity, n.RepealedOn = NormativeRepealed, firstDate(repealed, lost)
		if n.RepealedOn.IsZero() {
			bad("废止日期", "required when 有效性 is 废止")
		}
	default:
		bad("有效性", "%q is not 有效, 失效 or 废止", v)
	}
	return n
}

func firstDate(ds ...Date) Date {
	for _, d := range ds {
		if !d.IsZero() {
			return d
		}
	}
	return Date{}
}

// ParseArticle20Item reads an item of 条例第二十条 written （三）, (三), 三,
// 第三项, 第（三）项 or 3; 0 when it is none of 1–15.
func ParseArticle20Item(s string) int {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "第")
	s = strings.TrimSuffix(s, "项")
	s = strings.Trim(s, "（）() ")
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= 15 {
			return n
		}
		return 0
	}
	for n := 1; n <= 15; n++ {
		if s == chineseItemNumber(n) {
			return n
		}
	}
	return 0
}

// chineseItemNumber writes 1–15 as 条例 items are numbered: 一 … 十五.
func chineseItemNumber(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return d[n]
	}
	return "十" + d[n-10]
}

// ParseImportDate reads a date as old sites and spreadsheets write it (see
// above).
func ParseImportDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	if whole, frac, _ := strings.Cut(s, "."); len(whole) == 5 && allDigits(whole) && allDigits(frac) {
		// The fraction is the time of day. Excel's day number: day 1 is 1900-01-01, counted with the
		// nonexistent 1900-02-29, so day 25569 is 1970-01-01.
		n, _ := strconv.Atoi(whole)
		if n < 10000 || n > 80000 {
			return Date{}, false
		}
		return NewDate(1970, 1, 1).AddDays(n - 25569), true
	}
	if len(s) == 8 && allDigits(s) {
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // a time of day after the date
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("-/.年月日", r) })
	if len(parts) != 3 || len(parts[0]) != 4 {
		return Date{}, false
	}
	var ymd [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 || !allDigits(p) || (i > 0 && len(p) > 2) {
			return Date{}, false
		}
		ymd[i], _ = strconv.Atoi(p)
	}
	d, err := ParseDate(fmt.Sprintf("%04d-%02d-%02d", ymd[0], ymd[1], ymd[2]))
	return d, err == nil
}

// TextToHTML turns plain text into paragraphs: each non-empty line, trimmed
// and HTML-escaped, in <p>…</p>.
func TextToHTML(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n") {
		line = strings.TrimFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == '\u3000' })
		if line != "" {
			b.WriteString("<p>" + html.EscapeString(line) + "</p>")
		}
	}
	return b.String()
}

// ReadCatalogCSV reads UTF-8 CSV (a byte-order mark is dropped) into rows.
// Rows may have different lengths.
func ReadCatalogCSV(r io.Reader) ([][]string, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return cr.ReadAll()
}

// CatalogImport says whose items a table holds and when it is imported.
type CatalogImport struct {
	// Agency publishes every row; nil: each row's agency is the one whose
	// Code is the front part of its 索引号 (without "-"), among Agencies.
	Agency   *Agency
	Agencies []*Agency
	Now      time.Time // Review.ReviewedAt
	// Hold stores the rows holding personal data unpublished, for review
	// (catalog_import_privacy.go); without it they are refused.
	Hold bool
}

// ImportRow is an item parsed from row Row of the table.
type ImportRow struct {
	Row  int
	Item *Item
	// Held lists the kinds of personal data for which the row was held
	// back for review (CatalogImport.Hold); empty when it is published.
	Held []string
	// Warnings are things a clerk should look at, without the data.
	Warnings []string
}

// agencyOf returns the agency of an index number.
func (ci *CatalogImport) agencyOf(indexNo string) *Agency {
	if ci.Agency != nil {
		return ci.Agency
	}
	prefix, _, _ := strings.Cut(indexNo, "/")
	prefix = strings.ReplaceAll(prefix, "-", "")
	for _, a := range ci.Agencies {
		if a.Code != "" && strings.ReplaceAll(a.Code, "-", "") == prefix {
			return a
		}
	}
	return nil
}

// Parse parses a whole table (header first): the items of the good rows,
// the header names it ignored, and every problem found, including a 索引号
// repeated within the table. Empty rows are skipped. Import nothing unless
// the errors are empty.
func (ci *CatalogImport) Parse(rows [][]string) ([]ImportRow, []string, ImportErrors) {
	if len(rows) == 0 {
		return nil, nil, ImportErrors{{1, "", "no header row"}}
	}
	h, errs := ParseCatalogHeader(rows[0])
	if len(errs) > 0 {
		return nil, h.Ignored, errs
	}
	var out []ImportRow
	first := map[string]int{}
	for i, row := range rows[1:] {
		n := i + 2
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		no := h.get(row, "索引号")
		ag := ci.agencyOf(no)
		if ag == nil {
			errs = append(errs, ImportError{n, "索引号", fmt.Sprintf("%q: no agency has the code before the \"/\"; name the agency (--agency)", no)})
			continue
		}
		it, es := ParseCatalogRow(h, row, n, ag, ci.Now)
		errs = append(errs, es...)
		if it == nil {
			continue
		}
		if k, dup := first[it.IndexNo]; dup {
			errs = append(errs, ImportError{n, "索引号", fmt.Sprintf("%q repeats row %d", it.IndexNo, k)})
			continue
		}
		first[it.IndexNo] = n
		r := ImportRow{Row: n, Item: it}
		if e := ci.checkPersonalData(&r); e != nil {
			errs = append(errs, *e)
			continue
		}
		out = append(out, r)
	}
	return out, h.Ignored, errs
}
