package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"gongkai"
)

// testSearchOrder checks the order of a search and of the catalog's list
// among items of one day (the one stored later first), both ways of
// SearchItems (every match sorted, and the count stopped early, which
// reads the page in the index's order), and that an item moved to another
// day, another year or withdrawn is found only where it is now.
func testSearchOrder(t *testing.T, s gongkai.Store) {
	c := ctx()
	MustCreateAgency(t, s, "county", "")
	dates := []string{"2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01", "2024-03-01", "2024-02-28", "2023-12-31"}
	items := map[string]*gongkai.Item{}
	for i, d := range dates {
		id := fmt.Sprintf("O%d", i)
		it := Item(id, "county", gongkai.ItemPublished, d, fmt.Sprintf("000014349/2024-%05d", i+1), "低保资金", "<p>城乡低保</p>")
		must(t, s.CreateItem(c, it))
		items[id] = it
	}
	must(t, s.CreateItem(c, Item("D", "county", gongkai.ItemDraft, "", "", "低保草稿", "<p>低保</p>")))
	capper, ok := s.(interface{ SetSearchCap(int) })
	if !ok {
		t.Fatal("the store cannot lower its search count (SetSearchCap)")
	}
	check := func(step string, want []string, want2024 []string) {
		t.Helper()
		for _, limit := range []int{0, 2} {
			capper.SetSearchCap(limit)
			for _, q := range []gongkai.SearchQuery{{Q: "低保"}, {Q: "低保", Limit: 2, Offset: 2}, {Q: "低保", Year: 2024}, {Q: "城乡低保", Agency: "county", Year: 2024, Offset: 1}} {
				exp := want
				if q.Year == 2024 {
					exp = want2024
				}
				total := len(exp)
				if limit > 0 && total > limit {
					total = limit + 1
				}
				exp = exp[min(q.Offset, len(exp)):]
				// Limit 0 is all the hits as far as the count goes.
				if page := cmp.Or(q.Limit, limit); page > 0 {
					exp = exp[:min(page, len(exp))]
				}
				n, hits, err := s.SearchItems(c, q)
				must(t, err)
				var got []string
				for _, h := range hits {
					got = append(got, h.ItemID)
				}
				if n != total || !slices.Equal(got, exp) {
					t.Errorf("%s, %+v (count to %d): %d %v; want %d %v", step, q, limit, n, got, total, exp)
				}
			}
		}
		capper.SetSearchCap(0)
		if _, page, err := s.ItemPage(c, gongkai.ItemFilter{Agency: "county", Status: gongkai.ItemPublished}); err != nil {
			t.Fatal(err)
		} else {
			var got []string
			for _, it := range page {
				got = append(got, it.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: the catalog lists %v; want %v", step, got, want)
			}
		}
	}
	check("stored", []string{"O4", "O3", "O2", "O1", "O0", "O5", "O6"}, []string{"O4", "O3", "O2", "O1", "O0", "O5"})

	move := func(id, published string, status gongkai.ItemStatus) {
		t.Helper()
		it := items[id]
		it.PublishedOn, it.Status = d(published), status
		if status == gongkai.ItemWithdrawn {
			it.WithdrawnOn, it.WithdrawalNote = d(published), "已废止"
		}
		must(t, s.UpdateItem(c, it))
	}
	move("O1", "2024-03-05", gongkai.ItemPublished)
	check("O1 moved to a later day", []string{"O1", "O4", "O3", "O2", "O0", "O5", "O6"}, []string{"O1", "O4", "O3", "O2", "O0", "O5"})
	move("O3", "2023-06-01", gongkai.ItemPublished)
	check("O3 moved to 2023", []string{"O1", "O4", "O2", "O0", "O5", "O6", "O3"}, []string{"O1", "O4", "O2", "O0", "O5"})
	move("O4", "2024-03-01", gongkai.ItemWithdrawn)
	check("O4 withdrawn", []string{"O1", "O2", "O0", "O5", "O6", "O3"}, []string{"O1", "O2", "O0", "O5"})
}

// MigrationItems returns the published items a test of a migration of the
// search index stores (by SQL of the schema before it, in this order) for
// CheckMigratedCatalog to find after it: four items of one day and one of
// the year before, of the agency "county".
func MigrationItems() []*gongkai.Item {
	var out []*gongkai.Item
	for i, d := range []string{"2024-03-01", "2024-03-01", "2023-05-01", "2024-03-01", "2024-03-01"} {
		it := Item(fmt.Sprintf("M%d", i), "county", gongkai.ItemPublished, d, fmt.Sprintf("000014349/2024-%05d", i+1), "学前教育资助", "<p>低保</p>")
		it.Version = 1
		out = append(out, it)
	}
	return out
}

// CheckMigratedCatalog checks that the items of MigrationItems are found
// after the migration, in the search order, with the filters.
func CheckMigratedCatalog(t *testing.T, s gongkai.Store) {
	c := ctx()
	for _, q := range []gongkai.SearchQuery{{Q: "教育"}, {Q: "低保", Year: 2024}, {Q: "资助", Agency: "county", Year: 2023}} {
		want := map[int][]string{0: {"M4", "M3", "M1", "M0", "M2"}, 2024: {"M4", "M3", "M1", "M0"}, 2023: {"M2"}}[q.Year]
		n, hits, err := s.SearchItems(c, q)
		must(t, err)
		var got []string
		for _, h := range hits {
			got = append(got, h.ItemID)
		}
		if n != len(want) || !slices.Equal(got, want) {
			t.Errorf("after the migration, %+v: %d %v; want %v", q, n, got, want)
		}
	}
}
