package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gongkai"
	"gongkai/postgres"
	"gongkai/storetest"
)

// A word found only in older items than the walk's window: past the
// count, the page comes from every match sorted by the server, with the
// filters, and equals what the walk finds with a window wide enough.
func TestSearchWalkWindow(t *testing.T) {
	db := MustOpenDB(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	storetest.MustCreateAgency(t, db, "county", "")
	storetest.MustCreateAgency(t, db, "town", "")
	var items []*gongkai.Item
	add := func(id, agency, day, body string) {
		n := len(items) + 1
		it := storetest.Item(id, agency, gongkai.ItemPublished, day, fmt.Sprintf("000014349/2024-%05d", n), "通知", "<p>"+body+"</p>")
		items = append(items, it)
	}
	// Six older items with 预算 (2023 and 2024), then 30 newer without.
	for i, day := range []string{"2023-05-01", "2023-06-01", "2024-01-10", "2024-01-11", "2024-01-11", "2024-01-12"} {
		add(fmt.Sprintf("P%d", i), []string{"county", "town"}[i%2], day, "年度预算公开")
	}
	for i := range 30 {
		add(fmt.Sprintf("N%02d", i), "county", fmt.Sprintf("2024-02-%02d", 1+i%28), "工作动态")
	}
	if err := db.CreateItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	all := []string{"P5", "P4", "P3", "P2", "P1", "P0"}
	queries := []struct {
		q       gongkai.SearchQuery
		matches []string // every match, in order
	}{
		{gongkai.SearchQuery{Q: "预算", Limit: 2}, all},
		{gongkai.SearchQuery{Q: "预算", Limit: 2, Offset: 2}, all},
		{gongkai.SearchQuery{Q: "预算", Limit: 20}, all},
		{gongkai.SearchQuery{Q: "预算", Year: 2024, Limit: 3}, all[:4]},
		{gongkai.SearchQuery{Q: "预算", Agency: "county", Limit: 2}, []string{"P4", "P2", "P0"}},
		{gongkai.SearchQuery{Q: "预算公开", Limit: 2, Offset: 1}, all},
	}
	for _, rows := range []int{1, 1000} {
		postgres.SetWalkWindow(t, rows)
		for _, limit := range []int{2, 5} { // the count stops at limit
			db.SetSearchCap(limit)
			for _, c := range queries {
				total := min(len(c.matches), limit+1)
				want := c.matches[c.q.Offset:min(c.q.Offset+c.q.Limit, len(c.matches))]
				n, hits, err := db.SearchItems(ctx, c.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, h := range hits {
					got = append(got, h.ItemID)
				}
				if n != total || !slices.Equal(got, want) {
					t.Errorf("window %d, count to %d, %+v: %d %v; want %d %v", rows, limit, c.q, n, got, total, want)
				}
			}
		}
	}
}
