package gongkai

import (
	"context"
	"sort"

	"gongkai/report"
)

// Table 二 from the catalog. The 规范性文件 row of table 二 (条例第二十条第
// （一）项; normative_docs in both national formats, report/layout.go) counts
// documents the catalog holds: an agency that publishes its 规范性文件 as
// catalog items with NormativeDoc data gets that row computed from them
// instead of typed in. The decisions, each applied by NormativeFigures:
//
//   - 本年新制作数量 (2019) and 本年制发件数 (2021) count the 成文日期, not the
//     发布日期. A document is made (制作/制发) when it is signed and dated; the
//     2019 format has a separate column 本年新公开数量 for publication, which
//     shows that 制作 is not 公开. Counting by 发布日期 would move a document
//     signed in late December and published in January into the wrong year.
//   - 本年废止件数 counts the documents that lost force in the year, whether
//     废止 (repealed) or 失效 (expired, or a 有效期至 that has passed). The
//     template has no 失效 column, and the report's own arithmetic (the
//     cross_year.in_force rule, report/rules.go) wants 现行有效件数 = 上年现行
//     有效件数 + 本年制发件数 − 本年废止件数; leaving 失效 out of 废止 would break
//     that identity for every document whose term runs out.
//   - 现行有效件数 counts the documents made on or before 31 December and not
//     repealed or expired by then. A document made in December that takes
//     effect in January is counted: it was 制发 this year, it has not been
//     废止, and the identity above must hold.
//   - 本年新公开数量 (2019) counts the 发布日期 in the year; 对外公开总数量
//     (2019) counts every document published on or before 31 December,
//     whatever its validity: the column counts disclosure, not validity.
//
// Only published items count (an amended one keeps its published version
// public; drafts were never issued to the public, a withdrawn item is no
// longer disclosed). The catalog takes precedence agency by agency, and only
// for an agency that has at least one 规范性文件 published by 31 December of
// the year: an agency that has not put its documents into the catalog keeps
// its manual figures. Every other row of table 二 (规章, 行政许可, 行政处罚,
// 收费 …) stays manual (ProactiveInput).

// NormativeCount is the 规范性文件 row of table 二 of one year as the catalog
// gives it: for each column of that year's format, the items counted.
type NormativeCount struct {
	Year    int
	Format  report.Version
	Counted map[string][]*Item // column id (made, issued, in_force …) → items
}

// Values returns the row's figures by column id.
func (c NormativeCount) Values() map[string]float64 {
	out := map[string]float64{}
	for _, col := range report.LayoutOf(c.Format).Proactive.Row("normative_docs").Columns {
		out[col.ID] = float64(len(c.Counted[col.ID]))
	}
	return out
}

// lostForce returns the day a 规范性文件 lost force: its 废止日期, its 失效日期,
// or the day after its 有效期至; zero while it is in force without a term.
func lostForce(n *NormativeDoc) Date {
	switch {
	case n.Validity == NormativeRepealed:
		return n.RepealedOn
	case n.Validity == NormativeExpired:
		return n.ExpiredOn
	case !n.ExpiresOn.IsZero():
		return n.ExpiresOn.AddDays(1)
	}
	return Date{}
}

// countsForTableTwo reports whether an item is a 规范性文件 the catalog counts:
// published (or published and being amended) with NormativeDoc data.
func countsForTableTwo(it *Item) bool {
	return it.Normative != nil && !it.PublishedOn.IsZero() &&
		(it.Status == ItemPublished || it.Status == ItemAmended)
}

// NormativeFigures counts the 规范性文件 among items for table 二 of year, in
// the format of that year (report.VersionForYear), by the rules above.
// Items that are not counted (no NormativeDoc, unpublished) are ignored.
func NormativeFigures(items []*Item, year int) NormativeCount {
	c := NormativeCount{Year: year, Format: report.VersionForYear(year), Counted: map[string][]*Item{}}
	end := NewDate(year, 12, 31)
	add := func(col string, it *Item) { c.Counted[col] = append(c.Counted[col], it) }
	for _, it := range items {
		if !countsForTableTwo(it) {
			continue
		}
		made := !it.WrittenOn.After(end)
		lost := lostForce(it.Normative)
		if c.Format == report.V2019 {
			if it.WrittenOn.Year == year {
				add("made", it)
			}
			if it.PublishedOn.Year == year {
				add("published", it)
			}
			if !it.PublishedOn.After(end) {
				add("total", it)
			}
			continue
		}
		if it.WrittenOn.Year == year {
			add("issued", it)
		}
		if made && !lost.IsZero() && lost.Year == year {
			add("repealed", it)
		}
		if made && (lost.IsZero() || lost.After(end)) {
			add("in_force", it)
		}
	}
	return c
}

// catalogNormative returns, for each agency of ids whose catalog decides its
// 规范性文件 row in year (at least one counted item published by 31
// December), that row. One query: the catalog's items under 条例第二十条第
// （一）项, the item 规范性文件 belong to by the statute.
func (s *Service) catalogNormative(ctx context.Context, ids []string, year int) (map[string]NormativeCount, error) {
	items, err := s.Store.Items(ctx, ItemFilter{Agencies: ids, Article20Item: 1})
	if err != nil {
		return nil, err
	}
	end := NewDate(year, 12, 31)
	byAgency := map[string][]*Item{}
	decides := map[string]bool{}
	for _, it := range items {
		if !countsForTableTwo(it) {
			continue
		}
		byAgency[it.Agency] = append(byAgency[it.Agency], it)
		if !it.PublishedOn.After(end) {
			decides[it.Agency] = true
		}
	}
	out := map[string]NormativeCount{}
	for a := range decides {
		out[a] = NormativeFigures(byAgency[a], year)
	}
	return out, nil
}

// addTableTwo adds table 二 of the agencies ids for year to r: the stored
// inputs (one query), except the 规范性文件 row of the agencies whose catalog
// decides it (one query), which comes from the catalog. inputs reports
// whether any input was stored.
func (s *Service) addTableTwo(ctx context.Context, r *report.Report, ids []string, year int) (inputs bool, err error) {
	ins, err := s.Store.ProactiveInputs(ctx, ProactiveInputFilter{Agencies: ids, Year: year})
	if err != nil {
		return false, err
	}
	cat, err := s.catalogNormative(ctx, ids, year)
	if err != nil {
		return false, err
	}
	for _, in := range ins {
		for cell, v := range in.Values {
			if _, ok := r.Cell("proactive." + cell); !ok {
				continue
			}
			row, col := splitCell(cell)
			if _, fromCatalog := cat[in.Agency]; fromCatalog && row == "normative_docs" {
				continue
			}
			r.Proactive.Add(row, col, v)
		}
	}
	for _, c := range cat {
		for col, v := range c.Values() {
			r.Proactive.Add("normative_docs", col, v)
		}
	}
	return len(ins) > 0, nil
}

// TableTwo returns the report of year for the agencies ids with table 二
// only, as ComputedReport computes it (tables 三 and 四 empty, no findings):
// for pages that show table 二 alone. The figures are public (条例第五十条).
func (s *Service) TableTwo(ctx context.Context, ids []string, year int) (*report.Report, error) {
	r, err := TallyTables(year, nil, nil)
	if err != nil {
		return nil, err
	}
	if _, err := s.addTableTwo(ctx, r, ids, year); err != nil {
		return nil, err
	}
	return r, nil
}

// NormativeSource says where the 规范性文件 row of one agency's table 二
// comes from in a computed report.
type NormativeSource struct {
	Agency      string
	FromCatalog bool // false: the manual inputs (ProactiveInput)
	Items       int  // the catalog's 规范性文件 counted in any column
}

// NormativeSources tells, for each agency a computed report covers, whether
// its 规范性文件 figures of table 二 came from the catalog or were entered by
// hand, so that the report workspace can say so. Public, as the report is.
func (s *Service) NormativeSources(ctx context.Context, agencyID string, year int, scope ReportScope) ([]NormativeSource, error) {
	ids, err := s.scopeAgencies(ctx, agencyID, scope)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogNormative(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	out := make([]NormativeSource, len(ids))
	for i, id := range ids {
		out[i] = NormativeSource{Agency: id}
		if c, ok := cat[id]; ok {
			out[i].FromCatalog = true
			out[i].Items = len(catalogItems(c, ""))
		}
	}
	return out, nil
}

// catalogItems returns the items counted in column col of c, or in any
// column when col is "", each once, in catalog order (索引号).
func catalogItems(c NormativeCount, col string) []*Item {
	seen := map[string]bool{}
	var out []*Item
	for k, its := range c.Counted {
		if col != "" && k != col {
			continue
		}
		for _, it := range its {
			if !seen[it.ID] {
				seen[it.ID] = true
				out = append(out, it)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].IndexNo < out[j].IndexNo })
	return out
}

// normativeCellRecords returns the catalog items behind a cell of the
// 规范性文件 row of table 二: those of the agencies whose figures came from
// the catalog. Agencies with manual figures have no records to show.
func (s *Service) normativeCellRecords(ctx context.Context, ids []string, year int, col string) ([]CellRecord, error) {
	cat, err := s.catalogNormative(ctx, ids, year)
	if err != nil {
		return nil, err
	}
	var out []CellRecord
	for _, id := range ids {
		c, ok := cat[id]
		if !ok {
			continue
		}
		for _, it := range catalogItems(c, col) {
			out = append(out, CellRecord{Kind: "item", ID: it.ID, Agency: it.Agency, IndexNo: it.IndexNo, Title: it.Title,
				WrittenOn: it.WrittenOn, PublishedOn: it.PublishedOn, LostForceOn: lostForce(it.Normative),
				Outcome: string(it.Normative.Validity)})
		}
	}
	return out, nil
}
