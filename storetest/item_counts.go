package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"gongkai"
)

// The catalog's counts (ItemCounts, the total of ItemPage) against a count
// of Items made in Go, after random writes of every kind.

// countsWorld is what the counts tests write: a few agencies, and the
// values an item's counted fields take.
var (
	countsAgencies = []string{"ca", "cb", "cc"}
	countsYears    = []int{2022, 2023, 2024}
	countsTopics   = [][2]string{{"", ""}, {"教育", ""}, {"教育", "学前教育"}, {"民政", "社会救助"}, {"社会救助", "低保"}, {"财政", "预算"}}
	countsStatuses = []gongkai.ItemStatus{gongkai.ItemDraft, gongkai.ItemSubmitted, gongkai.ItemPublished, gongkai.ItemWithdrawn}
)

// countsWriter writes random items and changes them.
type countsWriter struct {
	r   *rand.Rand
	s   gongkai.Store
	ids []string
	seq int // the last index number's serial
}

// mustCreateCountsAgencies creates countsAgencies, cc below ca.
func mustCreateCountsAgencies(tb testing.TB, s gongkai.Store) {
	MustCreateAgency(tb, s, "ca", "")
	MustCreateAgency(tb, s, "cb", "")
	MustCreateAgency(tb, s, "cc", "ca")
}

// newItem returns a new random item; every one has an index number, so
// that any status is valid.
func (w *countsWriter) newItem() *gongkai.Item {
	w.seq++
	id := fmt.Sprintf("C%04d", w.seq)
	it := Item(id, countsAgencies[w.r.IntN(len(countsAgencies))], gongkai.ItemDraft, "",
		fmt.Sprintf("000014349/2024-%05d", w.seq), "计数测试事项"+id, "<p>正文</p>")
	w.setStatus(it, countsStatuses[w.r.IntN(len(countsStatuses))])
	w.setYear(it, countsYears[w.r.IntN(len(countsYears))])
	w.setArticle20(it)
	it.Topic = countsTopics[w.r.IntN(len(countsTopics))]
	return it
}

// setYear moves an item's dates into year y (its ItemYear).
func (w *countsWriter) setYear(it *gongkai.Item, y int) {
	it.WrittenOn = d(fmt.Sprintf("%d-01-%02d", y, 1+w.r.IntN(28)))
	if it.Status == gongkai.ItemPublished || w.r.IntN(2) == 0 && it.Status == gongkai.ItemWithdrawn {
		it.PublishedOn = d(fmt.Sprintf("%d-%02d-%02d", y, 2+w.r.IntN(11), 1+w.r.IntN(28)))
	} else {
		it.PublishedOn = gongkai.Date{}
	}
}

// setStatus changes an item's status, with the fields the status needs.
func (w *countsWriter) setStatus(it *gongkai.Item, st gongkai.ItemStatus) {
	it.Status, it.WithdrawalNote = st, ""
	switch st {
	case gongkai.ItemPublished:
		if it.PublishedOn.IsZero() {
			it.PublishedOn = d(fmt.Sprintf("%d-12-31", it.WrittenOn.Year))
		}
	case gongkai.ItemWithdrawn:
		it.WithdrawalNote = "因内容有误已撤回"
	}
}

// setArticle20 gives a proactive item one of the 15 items of 条例第二十条,
// or makes it 依申请公开 without one (article20 0, not a facet).
func (w *countsWriter) setArticle20(it *gongkai.Item) {
	if w.r.IntN(5) == 0 {
		it.Attribute, it.AttributeReason, it.Article20Item = gongkai.AttrOnRequest, "依据条例第十五条", 0
		return
	}
	it.Attribute, it.AttributeReason, it.Article20Item = gongkai.AttrProactive, "", 1+w.r.IntN(15)
}

// create stores n new items: one by one, or in one CreateItems call when
// the store has it.
func (w *countsWriter) create(t *testing.T, n int, bulk bool) {
	t.Helper()
	items := make([]*gongkai.Item, n)
	for i := range items {
		items[i] = w.newItem()
		w.ids = append(w.ids, items[i].ID)
	}
	if bc, ok := w.s.(ItemCreator); ok && bulk {
		must(t, bc.CreateItems(ctx(), items))
		return
	}
	for _, it := range items {
		must(t, w.s.CreateItem(ctx(), it))
	}
}

// update changes one random item: its status, agency, year, topics or
// item of 条例第二十条, one or several of them, or nothing counted.
func (w *countsWriter) update(t *testing.T) {
	t.Helper()
	it, err := w.s.Item(ctx(), w.ids[w.r.IntN(len(w.ids))])
	must(t, err)
	for range 1 + w.r.IntN(2) {
		switch w.r.IntN(6) {
		case 0:
			w.setStatus(it, countsStatuses[w.r.IntN(len(countsStatuses))])
		case 1:
			it.Agency = countsAgencies[w.r.IntN(len(countsAgencies))]
		case 2:
			w.setYear(it, countsYears[w.r.IntN(len(countsYears))])
		case 3:
			it.Topic = countsTopics[w.r.IntN(len(countsTopics))]
		case 4:
			w.setArticle20(it)
		case 5:
			it.Title += "（修订）"
		}
	}
	must(t, w.s.UpdateItem(ctx(), it))
}

// failures tries writes that fail, which must leave the counts alone: a
// stale update, a batch with a taken index number, a rolled-back
// transaction.
func (w *countsWriter) failures(t *testing.T) {
	t.Helper()
	it, err := w.s.Item(ctx(), w.ids[0])
	must(t, err)
	stale := *it
	it.Agency, it.Topic = "cb", [2]string{"民政", "社会救助"}
	must(t, w.s.UpdateItem(ctx(), it))
	stale.Agency = "cc"
	wantCode(t, w.s.UpdateItem(ctx(), &stale), gongkai.ECONFLICT)
	if bc, ok := w.s.(ItemCreator); ok {
		a, b := w.newItem(), w.newItem()
		b.IndexNo = it.IndexNo
		wantCode(t, bc.CreateItems(ctx(), []*gongkai.Item{a, b}), gongkai.ECONFLICT)
	}
	errRollback := errors.New("rollback")
	err = w.s.WithTx(ctx(), func(tx gongkai.Store) error {
		must(t, tx.CreateItem(ctx(), w.newItem()))
		it, err := tx.Item(ctx(), w.ids[1])
		must(t, err)
		w.setStatus(it, gongkai.ItemWithdrawn)
		it.Agency = "cc"
		must(t, tx.UpdateItem(ctx(), it))
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("WithTx = %v, want the rollback", err)
	}
}

// countsFilters returns the filters checkItemCounts tries: every single
// condition, and random combinations of them.
func countsFilters(r *rand.Rand, n int) []gongkai.ItemFilter {
	fs := []gongkai.ItemFilter{{}, {Status: gongkai.ItemPublished}, {Agencies: []string{"ca", "cc"}}, {Agencies: []string{"nobody"}},
		{Topic: "社会救助"}, {Topic: "学前教育"}, {Article20Item: 7}, {Year: 2023}, {Agency: "cb"}}
	for range n {
		var f gongkai.ItemFilter
		if r.IntN(4) > 0 {
			f.Status = gongkai.ItemPublished
		} else if r.IntN(2) == 0 {
			f.Status = countsStatuses[r.IntN(len(countsStatuses))]
		}
		switch r.IntN(4) {
		case 0:
			f.Agency = countsAgencies[r.IntN(len(countsAgencies))]
		case 1:
			f.Agencies = []string{"ca", "cc"}
		}
		if r.IntN(2) == 0 {
			f.Year = countsYears[r.IntN(len(countsYears))]
		}
		if r.IntN(3) == 0 {
			f.Article20Item = 1 + r.IntN(15)
		}
		if r.IntN(3) == 0 {
			f.Topic = []string{"教育", "学前教育", "社会救助", "低保", "民政"}[r.IntN(5)]
		}
		fs = append(fs, f)
	}
	return fs
}

// countItems is the count in Go of the items f selects: their number and
// their facets, as ItemListStore defines them.
func countItems(all []*gongkai.Item, f gongkai.ItemFilter) (int, *gongkai.ItemCounts) {
	c := &gongkai.ItemCounts{Article20: map[int]int{}, Topics: map[string]int{}, Agencies: map[string]int{}, Years: map[int]int{}}
	total := 0
	for _, it := range all {
		y := gongkai.ItemYear(it)
		if f.Agency != "" && it.Agency != f.Agency || len(f.Agencies) > 0 && !slices.Contains(f.Agencies, it.Agency) ||
			f.Year != 0 && y != f.Year || f.Status != "" && it.Status != f.Status ||
			f.Article20Item != 0 && it.Article20Item != f.Article20Item || f.Topic != "" && it.Topic[0] != f.Topic && it.Topic[1] != f.Topic {
			continue
		}
		total++
		if it.Article20Item != 0 {
			c.Article20[it.Article20Item]++
		}
		if it.Topic[0] != "" {
			c.Topics[it.Topic[0]]++
		}
		c.Agencies[it.Agency]++
		c.Years[y]++
	}
	return total, c
}

// checkItemCounts compares ItemCounts and ItemPage's total with countItems
// for the filters of countsFilters.
func checkItemCounts(t *testing.T, s gongkai.Store, r *rand.Rand, what string) {
	t.Helper()
	all, err := s.Items(ctx(), gongkai.ItemFilter{})
	must(t, err)
	for _, f := range countsFilters(r, 40) {
		want, wantCounts := countItems(all, f)
		f.Limit = 5
		total, page, err := s.ItemPage(ctx(), f)
		must(t, err)
		if total != want || len(page) != min(want, 5) {
			t.Fatalf("%s: ItemPage(%+v) = %d items, %d on the page; want %d", what, f, total, len(page), want)
		}
		got, err := s.ItemCounts(ctx(), f)
		must(t, err)
		if !maps.Equal(got.Article20, wantCounts.Article20) || !maps.Equal(got.Topics, wantCounts.Topics) ||
			!maps.Equal(got.Agencies, wantCounts.Agencies) || !maps.Equal(got.Years, wantCounts.Years) {
			t.Fatalf("%s: ItemCounts(%+v) =\n%+v, want\n%+v", what, f, got, wantCounts)
		}
	}
}

// testItemCounts writes items in every way a store writes them — created
// one by one and in batches, updated in each counted field, writes that
// fail — and checks the counts after each round.
func testItemCounts(t *testing.T, s gongkai.Store) {
	mustCreateCountsAgencies(t, s)
	r := rand.New(rand.NewPCG(20, 11))
	w := &countsWriter{r: r, s: s}
	checkItemCounts(t, s, r, "empty")
	for round := range 4 {
		w.create(t, 5+r.IntN(20), false)
		w.create(t, 30+r.IntN(70), true)
		for range 40 {
			w.update(t)
		}
		checkItemCounts(t, s, r, fmt.Sprintf("round %d", round))
	}
	w.failures(t)
	checkItemCounts(t, s, r, "after failed writes")
}

// ItemCountsMigration checks that migration 0011 fills item_counts from
// the items already stored: it writes random items to s (migrated), calls
// rerun, which must empty the counts and apply the migration again (drop
// item_counts, forget version 11, migrate), and compares the counts with
// the items.
func ItemCountsMigration(t *testing.T, s gongkai.Store, rerun func(context.Context) error) {
	mustCreateCountsAgencies(t, s)
	r := rand.New(rand.NewPCG(3, 5))
	w := &countsWriter{r: r, s: s}
	w.create(t, 120, true)
	for range 60 {
		w.update(t)
	}
	must(t, rerun(context.Background()))
	checkItemCounts(t, s, r, "after the migration")
}
