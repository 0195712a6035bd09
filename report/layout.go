package report

// This file is the one definition of the national report format: every
// table, row, column and Chinese label lives here and nowhere else. The
// model, the rules, every writer and the reader are driven by it.

// Version is a version of the national report format.
type Version string

const (
	// V2019 is 国办公开办函〔2019〕60号, the format (试行) for the 2019 and 2020 reports.
	V2019 Version = "2019"
	// V2021 is 国办公开办函〔2021〕30号, the format for 2021 onward.
	V2021 Version = "2021"
)

// Versions lists the known format versions, oldest first.
var Versions = []Version{V2019, V2021}

// VersionForYear returns the format version a report for year must use.
func VersionForYear(year int) Version {
	if year <= 2020 {
		return V2019
	}
	return V2021
}

// Known reports whether v is a format version this package knows.
func (v Version) Known() bool { return v == V2019 || v == V2021 }

// ColumnKind says what a column holds.
type ColumnKind int

const (
	Count       ColumnKind = iota // a non-negative integer
	SignedCount                   // an integer that may be negative (2019 本年增/减)
	Amount                        // a non-negative decimal amount of money
)

// Column is one column of a table.
type Column struct {
	ID    string // JSON key, e.g. "natural_person"
	Label string // label in the national format, e.g. "自然人"
	Kind  ColumnKind
}

// Row is one data row of a table.
type Row struct {
	ID    string // JSON key, e.g. "granted"
	Label string // exact label in the national format, e.g. "（一）予以公开"
	// Group is the id of the group label the row sits under ("" for none).
	Group string
	// Columns are the row's columns. Rows of table 三 and 四 share theirs;
	// in table 二 each block of rows has its own.
	Columns []Column
	index   map[string]int
}

// Group is a label that spans several rows (or, in table 四, columns) and
// has no numbers of its own, e.g. "（三）不予公开".
type Group struct {
	ID     string
	Label  string
	Parent string // id of the enclosing group, "" for a top-level group
}

// Block is a block of table 二: a caption row naming the article item, a
// header row and its data rows.
type Block struct {
	Caption string // e.g. "第二十条第（一）项"
	Rows    []string
}

// TableDef defines one table of one format version.
type TableDef struct {
	ID      string // "二", "三" or "四"
	Key     string // JSON key of the table: "proactive", "requests", "appeals"
	Section string // heading of its section, e.g. "二、主动公开政府信息情况"
	Rows    []*Row
	Groups  []Group
	Blocks  []Block // table 二 only
	index   map[string]int
}

// Row returns the definition of the row with the given id, or nil.
func (t *TableDef) Row(id string) *Row {
	i, ok := t.index[id]
	if !ok {
		return nil
	}
	return t.Rows[i]
}

// RowIndex returns the position of the row with the given id, or -1.
func (t *TableDef) RowIndex(id string) int {
	i, ok := t.index[id]
	if !ok {
		return -1
	}
	return i
}

// Group returns the group with the given id, or nil.
func (t *TableDef) Group(id string) *Group {
	for i := range t.Groups {
		if t.Groups[i].ID == id {
			return &t.Groups[i]
		}
	}
	return nil
}

// ColumnIndex returns the position of the column with the given id, or -1.
func (r *Row) ColumnIndex(id string) int {
	i, ok := r.index[id]
	if !ok {
		return -1
	}
	return i
}

// Column returns the column with the given id, or nil.
func (r *Row) Column(id string) *Column {
	i := r.ColumnIndex(id)
	if i < 0 {
		return nil
	}
	return &r.Columns[i]
}

// Layout is the complete definition of one format version.
type Layout struct {
	Version   Version
	Name      string // 《中华人民共和国政府信息公开工作年度报告格式（试行）》
	Proactive *TableDef
	Requests  *TableDef
	Appeals   *TableDef
}

// Tables returns the three tables in report order.
func (l *Layout) Tables() []*TableDef { return []*TableDef{l.Proactive, l.Requests, l.Appeals} }

// Table returns the table with the given id ("二", "三", "四") or JSON key.
func (l *Layout) Table(id string) *TableDef {
	for _, t := range l.Tables() {
		if t.ID == id || t.Key == id {
			return t
		}
	}
	return nil
}

// LayoutOf returns the layout of a known version, or nil.
func LayoutOf(v Version) *Layout {
	switch v {
	case V2019:
		return layout2019
	case V2021:
		return layout2021
	}
	return nil
}

// Section headings of the six sections, both versions.
var Sections = [6]string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

// Table 二 column sets.
var (
	cols19Made = []Column{
		{"made", "本年新制作数量", Count},
		{"published", "本年新公开数量", Count},
		{"total", "对外公开总数量", Count},
	}
	cols19Items = []Column{
		{"prior_items", "上一年项目数量", Count},
		{"change", "本年增/减", SignedCount},
		{"decisions", "处理决定数量", Count},
	}
	cols19Fees = []Column{
		{"prior_items", "上一年项目数量", Count},
		{"change", "本年增/减", SignedCount},
	}
	cols19Procurement = []Column{
		{"projects", "采购项目数量", Count},
		{"amount_yuan", "采购总金额", Amount},
	}
	cols21Docs = []Column{
		{"issued", "本年制发件数", Count},
		{"repealed", "本年废止件数", Count},
		{"in_force", "现行有效件数", Count},
	}
	cols21Decisions = []Column{{"decisions", "本年处理决定数量", Count}}
	cols21Fees      = []Column{{"amount_wan_yuan", "本年收费金额（单位：万元）", Amount}}
)

// ProactiveHeader is the first header cell of every table 二 block.
const ProactiveHeader = "信息内容"

// Table 三 columns (both versions) and their group.
var requestColumns = []Column{
	{"natural_person", "自然人", Count},
	{"commercial", "商业企业", Count},
	{"research", "科研机构", Count},
	{"social_welfare", "社会公益组织", Count},
	{"legal_service", "法律服务机构", Count},
	{"other_org", "其他", Count},
	{"total", "总计", Count},
}

// Labels of table 三's header.
const (
	RequestsCorner          = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
	RequestsApplicantHeader = "申请人情况"
	RequestsOrgHeader       = "法人或其他组织"
)

// Table 四 columns and groups.
var appealColumns = []Column{
	{"upheld", "结果维持", Count},
	{"corrected", "结果纠正", Count},
	{"other", "其他结果", Count},
	{"pending", "尚未审结", Count},
	{"total", "总计", Count},
}

// AppealsSuitHeader is the label over both litigation groups of table 四.
const AppealsSuitHeader = "行政诉讼"

// rowSpec is a row with the versions that have it.
type rowSpec struct {
	id, label, group string
	in19, in21       bool
}

var requestRows = []rowSpec{
	{"new_received", "一、本年新收政府信息公开申请数量", "", true, true},
	{"carried_over", "二、上年结转政府信息公开申请数量", "", true, true},
	{"granted", "（一）予以公开", "outcomes", true, true},
	{"partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "outcomes", true, true},
	{"withheld_state_secret", "1.属于国家秘密", "withheld", true, true},
	{"withheld_law_forbidden", "2.其他法律行政法规禁止公开", "withheld", true, true},
	{"withheld_security", "3.危及“三安全一稳定”", "withheld", true, true},
	{"withheld_third_party", "4.保护第三方合法权益", "withheld", true, true},
	{"withheld_internal", "5.属于三类内部事务信息", "withheld", true, true},
	{"withheld_process", "6.属于四类过程性信息", "withheld", true, true},
	{"withheld_enforcement_file", "7.属于行政执法案卷", "withheld", true, true},
	{"withheld_query", "8.属于行政查询事项", "withheld", true, true},
	{"unavailable_not_held", "1.本机关不掌握相关政府信息", "unavailable", true, true},
	{"unavailable_needs_creation", "2.没有现成信息需要另行制作", "unavailable", true, true},
	{"unavailable_unclear", "3.补正后申请内容仍不明确", "unavailable", true, true},
	{"declined_petition", "1.信访举报投诉类申请", "declined", true, true},
	{"declined_duplicate", "2.重复申请", "declined", true, true},
	{"declined_publication", "3.要求提供公开出版物", "declined", true, true},
	{"declined_excessive", "4.无正当理由大量反复申请", "declined", true, true},
	{"declined_confirmation", "5.要求行政机关确认或重新出具已获取信息", "declined", true, true},
	{"other", "（六）其他处理", "outcomes", true, false},
	{"other_no_clarification", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_group", false, true},
	{"other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_group", false, true},
	{"other_misc", "3.其他", "other_group", false, true},
	{"total_handled", "（七）总计", "outcomes", true, true},
	{"carried_forward", "四、结转下年度继续办理", "", true, true},
}

var requestGroups = []Group{
	{"outcomes", "三、本年度办理结果", ""},
	{"withheld", "（三）不予公开", "outcomes"},
	{"unavailable", "（四）无法提供", "outcomes"},
	{"declined", "（五）不予处理", "outcomes"},
	{"other_group", "（六）其他处理", "outcomes"},
}

func newTable(id, key, section string, rows []*Row, groups []Group, blocks []Block) *TableDef {
	t := &TableDef{ID: id, Key: key, Section: section, Rows: rows, Groups: groups, Blocks: blocks, index: map[string]int{}}
	for i, r := range rows {
		if _, dup := t.index[r.ID]; dup {
			panic("report: duplicate row " + r.ID)
		}
		t.index[r.ID] = i
		r.index = map[string]int{}
		for j, c := range r.Columns {
			r.index[c.ID] = j
		}
	}
	return t
}

func requestsTable(v Version) *TableDef {
	var rows []*Row
	for _, s := range requestRows {
		if (v == V2019 && !s.in19) || (v == V2021 && !s.in21) {
			continue
		}
		rows = append(rows, &Row{ID: s.id, Label: s.label, Group: s.group, Columns: requestColumns})
	}
	groups := requestGroups
	if v == V2019 {
		groups = groups[:4] // （六）其他处理 is a data row in 2019, not a group
	}
	return newTable("三", "requests", Sections[2], rows, groups, nil)
}

func appealsTable() *TableDef {
	rows := []*Row{
		{ID: "review", Label: "行政复议", Columns: appealColumns},
		{ID: "suit_direct", Label: "未经复议直接起诉", Group: "suit", Columns: appealColumns},
		{ID: "suit_after_review", Label: "复议后起诉", Group: "suit", Columns: appealColumns},
	}
	return newTable("四", "appeals", Sections[3], rows, []Group{{"suit", AppealsSuitHeader, ""}}, nil)
}

var layout2019 = &Layout{
	Version: V2019,
	Name:    "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
	Proactive: newTable("二", "proactive", Sections[1], []*Row{
		{ID: "rules", Label: "规章", Columns: cols19Made},
		{ID: "normative_docs", Label: "规范性文件", Columns: cols19Made},
		{ID: "licensing", Label: "行政许可", Columns: cols19Items},
		{ID: "other_services", Label: "其他对外管理服务事项", Columns: cols19Items},
		{ID: "penalties", Label: "行政处罚", Columns: cols19Items},
		{ID: "coercion", Label: "行政强制", Columns: cols19Items},
		{ID: "fees", Label: "行政事业性收费", Columns: cols19Fees},
		{ID: "procurement", Label: "政府集中采购", Columns: cols19Procurement},
	}, nil, []Block{
		{"第二十条第（一）项", []string{"rules", "normative_docs"}},
		{"第二十条第（五）项", []string{"licensing", "other_services"}},
		{"第二十条第（六）项", []string{"penalties", "coercion"}},
		{"第二十条第（八）项", []string{"fees"}},
		{"第二十条第（九）项", []string{"procurement"}},
	}),
	Requests: requestsTable(V2019),
	Appeals:  appealsTable(),
}

var layout2021 = &Layout{
	Version: V2021,
	Name:    "《中华人民共和国政府信息公开工作年度报告格式》",
	Proactive: newTable("二", "proactive", Sections[1], []*Row{
		{ID: "rules", Label: "规章", Columns: cols21Docs},
		{ID: "normative_docs", Label: "行政规范性文件", Columns: cols21Docs},
		{ID: "licensing", Label: "行政许可", Columns: cols21Decisions},
		{ID: "penalties", Label: "行政处罚", Columns: cols21Decisions},
		{ID: "coercion", Label: "行政强制", Columns: cols21Decisions},
		{ID: "fees", Label: "行政事业性收费", Columns: cols21Fees},
	}, nil, []Block{
		{"第二十条第（一）项", []string{"rules", "normative_docs"}},
		{"第二十条第（五）项", []string{"licensing"}},
		{"第二十条第（六）项", []string{"penalties", "coercion"}},
		{"第二十条第（八）项", []string{"fees"}},
	}),
	Requests: requestsTable(V2021),
	Appeals:  appealsTable(),
}
