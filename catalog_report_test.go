package gongkai_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gongkai"
)

// normItem returns a published 规范性文件 of agency written and published on
// the given days.
func normItem(agency, id, written, published string, n gongkai.NormativeDoc) *gongkai.Item {
	w := gongkai.MustParseDate(written)
	if n.EffectiveOn.IsZero() {
		n.EffectiveOn = w
	}
	return &gongkai.Item{ID: id, IndexNo: fmt.Sprintf("%s/%s-%s", agency, written[:4], id), Agency: agency,
		Title: "关于印发《示例县" + id + "管理办法》的通知", WrittenOn: w, PublishedOn: gongkai.MustParseDate(published),
		Issuer: "示例县教育局", Topic: [2]string{"教育", "规范性文件"}, Article20Item: 1, Attribute: gongkai.AttrProactive,
		Normative: &n, Body: "<p>正文</p>", Status: gongkai.ItemPublished, DraftedBy: "u-edu",
		Review: gongkai.Review{Reviewer: "u-county", SecrecyReviewed: true}}
}

func d(s string) gongkai.Date { return gongkai.MustParseDate(s) }

// catalogDocs are the 规范性文件 of the tests:
//
//	A 2023 valid; B made 2023-12-20, in effect 2024; C 2021, repealed 2023;
//	D 2020, expired 2023; E 2019, 有效期至 2023-12-31 (lapses in 2024);
//	F 2022, 有效期至 2023-06-30 (lapses in 2023); G a draft of 2023;
//	H made 2024.
func catalogDocs(agency string) []*gongkai.Item {
	valid := gongkai.NormativeDoc{Validity: gongkai.NormativeValid}
	g := normItem(agency, "G", "2023-05-05", "2023-05-06", valid)
	g.Status, g.PublishedOn, g.IndexNo = gongkai.ItemDraft, gongkai.Date{}, ""
	return []*gongkai.Item{
		normItem(agency, "A", "2023-03-01", "2023-03-10", valid),
		normItem(agency, "B", "2023-12-20", "2024-01-05", gongkai.NormativeDoc{Validity: gongkai.NormativeValid, EffectiveOn: d("2024-01-20")}),
		normItem(agency, "C", "2021-04-01", "2021-04-02", gongkai.NormativeDoc{Validity: gongkai.NormativeRepealed, RepealedOn: d("2023-05-01")}),
		normItem(agency, "D", "2020-06-01", "2020-06-03", gongkai.NormativeDoc{Validity: gongkai.NormativeExpired, ExpiresOn: d("2023-05-31"), ExpiredOn: d("2023-06-01")}),
		normItem(agency, "E", "2019-02-01", "2019-02-03", gongkai.NormativeDoc{Validity: gongkai.NormativeValid, ExpiresOn: d("2023-12-31")}),
		normItem(agency, "F", "2022-07-01", "2022-07-04", gongkai.NormativeDoc{Validity: gongkai.NormativeValid, ExpiresOn: d("2023-06-30")}),
		g,
		normItem(agency, "H", "2024-02-01", "2024-02-02", valid),
	}
}

func counted(c gongkai.NormativeCount, col string) []string {
	var ids []string
	for _, it := range c.Counted[col] {
		ids = append(ids, it.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestNormativeFigures(t *testing.T) {
	docs := catalogDocs("edu")
	for _, tc := range []struct {
		year int
		want map[string][]string
	}{
		// 2021 format: 制发 by 成文日期 (B counts in 2023 though published
		// in 2024), 废止 includes 失效 and a passed 有效期至, 现行有效 at 31
		// December (B counts though it takes effect in 2024; E until its term
		// ends); the draft G never counts.
		{2023, map[string][]string{"issued": {"A", "B"}, "repealed": {"C", "D", "F"}, "in_force": {"A", "B", "E"}}},
		{2022, map[string][]string{"issued": {"F"}, "repealed": nil, "in_force": {"C", "D", "E", "F"}}},
		{2024, map[string][]string{"issued": {"H"}, "repealed": {"E"}, "in_force": {"A", "B", "H"}}},
		// 2019 format: 新制作 by 成文日期, 新公开 by 发布日期, 对外公开总数 all
		// published by 31 December whatever their validity.
		{2020, map[string][]string{"made": {"D"}, "published": {"D"}, "total": {"D", "E"}}},
		{2019, map[string][]string{"made": {"E"}, "published": {"E"}, "total": {"E"}}},
	} {
		c := gongkai.NormativeFigures(docs, tc.year)
		for col, want := range tc.want {
			if got := counted(c, col); !slices.Equal(got, want) {
				t.Errorf("%d %s: %v, want %v", tc.year, col, got, want)
			}
			if v := c.Values()[col]; v != float64(len(want)) {
				t.Errorf("%d %s: value %v, want %d", tc.year, col, v, len(want))
			}
		}
	}
	// The report's own identity (cross_year.in_force) holds year to year.
	for y := 2022; y <= 2024; y++ {
		prev, now := gongkai.NormativeFigures(docs, y-1).Values(), gongkai.NormativeFigures(docs, y).Values()
		if now["in_force"] != prev["in_force"]+now["issued"]-now["repealed"] {
			t.Errorf("%d: in_force %v ≠ %v + %v − %v", y, now["in_force"], prev["in_force"], now["issued"], now["repealed"])
		}
	}
}

func TestComputedReportNormativeFromCatalog(t *testing.T) {
	s, users := mustOpenService(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	put := func(agency string, year int, v map[string]float64) {
		t.Helper()
		if err := s.Store.PutProactiveInput(ctx, &gongkai.ProactiveInput{Agency: agency, Year: year, Values: v, Source: "manual"}); err != nil {
			t.Fatal(err)
		}
	}
	put("edu", 2023, map[string]float64{"normative_docs.issued": 9, "normative_docs.repealed": 9, "normative_docs.in_force": 9, "licensing.decisions": 5})
	put("town", 2023, map[string]float64{"normative_docs.issued": 1, "normative_docs.repealed": 0, "normative_docs.in_force": 4})
	put("edu", 2020, map[string]float64{"normative_docs.made": 7, "normative_docs.published": 7, "normative_docs.total": 30})
	cell := func(agency string, scope gongkai.ReportScope, year int, path string) float64 {
		t.Helper()
		r, err := s.ComputedReport(ctx, agency, year, scope)
		if err != nil {
			t.Fatal(err)
		}
		v, ok := r.Cell("proactive." + path)
		if !ok {
			t.Fatalf("no cell %s", path)
		}
		return v
	}
	// Without catalog documents the manual figures stand.
	if v := cell("county", gongkai.ScopeSubtree, 2023, "normative_docs.issued"); v != 10 {
		t.Fatalf("before the catalog: issued %v, want 9 + 1", v)
	}
	for _, it := range catalogDocs("edu") {
		if err := s.Store.CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		agency string
		scope  gongkai.ReportScope
		year   int
		path   string
		want   float64
	}{
		{"edu", gongkai.ScopeOwn, 2023, "normative_docs.issued", 2},
		{"edu", gongkai.ScopeOwn, 2023, "normative_docs.repealed", 3},
		{"edu", gongkai.ScopeOwn, 2023, "normative_docs.in_force", 3},
		// Other rows stay manual.
		{"edu", gongkai.ScopeOwn, 2023, "licensing.decisions", 5},
		// The township has no catalog documents: its manual figures are added.
		{"county", gongkai.ScopeSubtree, 2023, "normative_docs.issued", 2 + 1},
		{"county", gongkai.ScopeSubtree, 2023, "normative_docs.in_force", 3 + 4},
		{"town", gongkai.ScopeOwn, 2023, "normative_docs.in_force", 4},
		// 2020 (2019 format): the catalog has E (published 2019) by then.
		{"edu", gongkai.ScopeOwn, 2020, "normative_docs.made", 1},
		{"edu", gongkai.ScopeOwn, 2020, "normative_docs.total", 2},
		// 2019: E, published that year, is the catalog's first document.
		{"edu", gongkai.ScopeOwn, 2019, "normative_docs.total", 1},
	} {
		if got := cell(tc.agency, tc.scope, tc.year, tc.path); got != tc.want {
			t.Errorf("%s %s %d %s = %v, want %v", tc.agency, tc.scope, tc.year, tc.path, got, tc.want)
		}
	}

	// The drill-down lists the catalog items, and only to staff.
	recs, err := s.CellRecords(ctx, users["countySubtree"], "county", 2023, gongkai.ScopeSubtree, "二", "normative_docs", "repealed")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		if r.Kind != "item" || r.Agency != "edu" || r.IndexNo == "" || r.Title == "" || r.LostForceOn.Year != 2023 {
			t.Errorf("record %+v", r)
		}
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []string{"D", "C", "F"}) { // by 索引号
		t.Errorf("records of 本年废止件数: %v, want D C F", ids)
	}
	if _, err := s.CellRecords(ctx, nil, "edu", 2023, gongkai.ScopeOwn, "二", "normative_docs", "issued"); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Errorf("public drill-down: %v", err)
	}
	if _, err := s.CellRecords(ctx, users["edu"], "edu", 2023, gongkai.ScopeOwn, "二", "licensing", "decisions"); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("licensing drill-down: %v, want EINVALID (manual figures)", err)
	}
	src, err := s.NormativeSources(ctx, "county", 2023, gongkai.ScopeSubtree)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"county": false, "edu": true, "town": false}
	for _, x := range src {
		if x.FromCatalog != want[x.Agency] || (x.FromCatalog && x.Items != 6) {
			t.Errorf("source %+v", x)
		}
	}
}
