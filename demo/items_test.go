package demo_test

import (
	"context"
	"strings"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/password"
	"gongkai/privacy"
)

func TestAnxiItems(t *testing.T) {
	ds := demo.Anxi()
	perAgency := map[string]int{}
	arts := map[int]int{}
	years := map[int]int{}
	validity := map[gongkai.Validity]int{}
	ids, nos := map[string]bool{}, map[string]bool{}
	withDocNo := 0
	for _, it := range ds.Items {
		if err := it.Validate(); err != nil {
			t.Fatalf("%s %s: %v", it.ID, it.Title, err)
		}
		ag := ds.Agency(it.Agency)
		if ag == nil {
			t.Fatalf("%s: unknown agency %s", it.ID, it.Agency)
		}
		perAgency[it.Agency]++
		arts[it.Article20Item]++
		years[it.PublishedOn.Year]++
		switch {
		case it.Status != gongkai.ItemPublished || it.Attribute != gongkai.AttrProactive:
			t.Errorf("%s: %s %s, want a published proactive item", it.ID, it.Status, it.Attribute)
		case it.PublishedOn.After(demo.AnxiToday):
			t.Errorf("%s: published %s after the demo's today %s", it.ID, it.PublishedOn, demo.AnxiToday)
		case it.PublishedOn.Before(it.WrittenOn):
			t.Errorf("%s: published %s before written %s", it.ID, it.PublishedOn, it.WrittenOn)
		case it.Review.Reviewer == "" || it.Review.Reviewer == it.DraftedBy || !it.Review.SecrecyReviewed:
			t.Errorf("%s: review %+v by drafter %s", it.ID, it.Review, it.DraftedBy)
		case it.Topic[0] == "" || it.Topic[1] == "":
			t.Errorf("%s: 主题分类 %q, want two levels", it.ID, it.Topic)
		case it.Issuer != ag.Name:
			t.Errorf("%s: 发文机关 %q", it.ID, it.Issuer)
		case !strings.HasPrefix(it.Body, "<p>") || !strings.HasSuffix(it.Body, "</p>"):
			t.Errorf("%s: body %q is not paragraphs", it.ID, it.Body)
		case gongkai.SanitizeHTML(it.Body) != it.Body:
			t.Errorf("%s: body %q is not as SanitizeHTML leaves it", it.ID, it.Body)
		}
		no, err := gongkai.ParseIndexNo(it.IndexNo)
		if err != nil || no.Prefix != ag.Code || no.Year != it.PublishedOn.Year {
			t.Errorf("%s: 索引号 %s (%+v, %v), want %s/%d-NNNNN", it.ID, it.IndexNo, no, err, ag.Code, it.PublishedOn.Year)
		}
		if ids[it.ID] || nos[it.IndexNo] {
			t.Errorf("%s %s: id or 索引号 used twice", it.ID, it.IndexNo)
		}
		ids[it.ID], nos[it.IndexNo] = true, true
		if it.DocNo != "" {
			withDocNo++
		}
		if n := it.Normative; n != nil {
			validity[n.Validity]++
			if it.Article20Item != 1 {
				t.Errorf("%s: a 规范性文件 under 第二十条第（%d）项", it.ID, it.Article20Item)
			}
		}
		if hits := privacy.ScanHTML(it.Body, privacy.Options{}); len(hits) > 0 {
			t.Errorf("%s: personal data in the body: %d hits of %s", it.ID, len(hits), hits[0].Kind)
		}
	}
	for _, a := range ds.Agencies {
		n := perAgency[a.ID]
		min := 200
		if strings.HasSuffix(a.Name, "镇人民政府") {
			min = 100 // townships publish less
		}
		if n < min || n > 400 {
			t.Errorf("%s: %d items, want %d–400", a.Name, n, min)
		}
	}
	for k := 1; k <= 15; k++ {
		if arts[k] == 0 {
			t.Errorf("no item under 条例第二十条第（%d）项", k)
		}
	}
	for y := 2020; y <= 2026; y++ {
		if years[y] < 300 {
			t.Errorf("%d: %d items published, want them spread over 2020–2026", y, years[y])
		}
	}
	for _, v := range []gongkai.Validity{gongkai.NormativeValid, gongkai.NormativeExpired, gongkai.NormativeRepealed} {
		if validity[v] == 0 {
			t.Errorf("no 规范性文件 is %s", v)
		}
	}
	if withDocNo < len(ds.Items)/10 {
		t.Errorf("%d items of %d have a 文号", withDocNo, len(ds.Items))
	}
	t.Logf("%d items, %d with a 文号, 规范性文件 %v", len(ds.Items), withDocNo, validity)
}

// TestAnxiItemsNormativeAgree: the table 二 figures the catalog gives for
// the 规范性文件 (gongkai.NormativeFigures) are the demo's manual inputs, so
// that the computed 2020 report still reproduces the published one.
func TestAnxiItemsNormativeAgree(t *testing.T) {
	ds := demo.Anxi()
	checked := 0
	for _, in := range ds.Proactive {
		var its []*gongkai.Item
		for _, it := range ds.Items {
			if it.Agency == in.Agency && it.Normative != nil {
				its = append(its, it)
			}
		}
		if len(its) == 0 {
			continue
		}
		got := gongkai.NormativeFigures(its, in.Year)
		for cell, v := range got.Values() {
			if want := in.Values["normative_docs."+cell]; v != want {
				t.Errorf("%s %d normative_docs.%s: catalog %v, input %v", in.Agency, in.Year, cell, v, want)
			}
			checked++
		}
	}
	if checked < 2*3*6 {
		t.Errorf("only %d cells checked", checked)
	}
}

func TestLoadAnxiItemsSearch(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "test")
	ds := demo.Anxi()
	db := openDB(t)
	if err := demo.LoadWith(ctx, db, ds, demo.Options{Hasher: password.Fast()}); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Items(ctx, gongkai.ItemFilter{Status: gongkai.ItemPublished})
	if err != nil || len(stored) != len(ds.Items) {
		t.Fatalf("%d items stored of %d, %v", len(stored), len(ds.Items), err)
	}
	for _, q := range []string{"教育", "低保"} {
		n, hits, err := db.SearchItems(ctx, gongkai.SearchQuery{Q: q, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if n < 20 || len(hits) != 5 {
			t.Errorf("search %s: %d found, %d hits", q, n, len(hits))
		}
		for _, h := range hits {
			if !strings.Contains(h.Snippet, "<mark>"+q+"</mark>") {
				t.Errorf("search %s: snippet %q has no match", q, h.Snippet)
			}
		}
	}
	// The computed reports take the 规范性文件 row of the county government
	// and its office from the catalog, and it is the published one.
	svc := gongkai.NewService(db, &gongkai.Policy{Calendar: gongkai.DefaultCalendar()})
	for y := 2020; y <= 2025; y++ {
		got, err := svc.ComputedReport(ctx, demo.AnxiID, y, gongkai.ScopeSubtree)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ds.Report(demo.AnxiID, y)
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range got.Proactive.Def.Row("normative_docs").Columns {
			if g, w := got.Proactive.Get("normative_docs", col.ID), want.Proactive.Get("normative_docs", col.ID); g != w {
				t.Errorf("%d normative_docs.%s: computed %v, dataset %v", y, col.ID, g, w)
			}
		}
		for _, f := range got.Findings {
			if f.Row == "normative_docs" {
				t.Errorf("%d: %s", y, f.Message)
			}
		}
	}
	src, err := svc.NormativeSources(ctx, demo.AnxiID, 2023, gongkai.ScopeSubtree)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range src {
		if want := x.Agency == demo.AnxiID || x.Agency == demo.AnxiID+"-bgs"; x.FromCatalog != want {
			t.Errorf("2023 %s: from the catalog %v, want %v", x.Agency, x.FromCatalog, want)
		}
	}

	// The counters know the numbers the demo holds: the next one follows them.
	ag := ds.Agency(demo.AnxiID + "-jyj")
	last := ""
	for _, it := range ds.Items {
		if it.Agency == ag.ID && it.PublishedOn.Year == 2025 {
			last = it.IndexNo
		}
	}
	prev, _ := gongkai.ParseIndexNo(last)
	no, err := db.NextIndexNo(ctx, ag.Code, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := gongkai.NextIndexNo(ag.Code, 2025, prev.Seq+1)
	if no != want {
		t.Errorf("NextIndexNo after Load = %s, want %s", no, want)
	}
}
