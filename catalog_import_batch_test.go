package gongkai_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/storetest"
)

// batchSpy counts the CreateItems calls, and refuses them with fail.
type batchSpy struct {
	gongkai.Store
	calls *int
	fail  error
}

func (s batchSpy) CreateItems(ctx context.Context, items []*gongkai.Item) error {
	*s.calls++
	if s.fail != nil {
		return s.fail
	}
	return s.Store.(gongkai.ItemBatchCreator).CreateItems(ctx, items)
}

// syntheticImport opens a service with the agencies of a synthetic
// catalog of n items, and returns them as parsed import rows.
func syntheticImport(t *testing.T, n int) (*gongkai.Service, []gongkai.ImportRow) {
	t.Helper()
	s, _ := mustOpenService(t)
	g := demo.SyntheticCatalog(3, n, 5)
	ctx := gongkai.WithActor(context.Background(), "setup")
	for _, a := range g.Agencies() {
		c := *a
		if err := s.Store.CreateAgency(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	var rows []gongkai.ImportRow
	if err := g.EachItem(func(it *gongkai.Item) error {
		rows = append(rows, gongkai.ImportRow{Row: len(rows) + 2, Item: it})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return s, rows
}

// catalogOf returns what a store holds of the catalog: each item's index
// number, title and date (by id), a search's hits in order, the audit
// entries of the items.
func catalogOf(t *testing.T, st gongkai.Store) (items, hits []string, audits int) {
	t.Helper()
	ctx := context.Background()
	list, err := st.Items(ctx, gongkai.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range list {
		items = append(items, it.IndexNo+" "+it.Title+" "+it.PublishedOn.String())
	}
	_, found, err := st.SearchItems(ctx, gongkai.SearchQuery{Q: "工作", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range found {
		hits = append(hits, h.IndexNo)
	}
	entries, err := st.AuditEntries(ctx, gongkai.AuditFilter{Entity: gongkai.EntityItem, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return items, hits, len(entries)
}

// TestImportCatalogBatches: a store with CreateItems gets the rows
// ImportBatch at a time, and holds afterwards what a store fed one row at
// a time holds: the same items, search hits and audit entries.
func TestImportCatalogBatches(t *testing.T) {
	n := 2*gongkai.ImportBatch + 500
	bulk, rows := syntheticImport(t, n)
	one, _ := syntheticImport(t, n)
	ctx := gongkai.WithActor(context.Background(), "import")
	calls := 0
	spy := storetest.TxWrap{Store: bulk.Store, Wrap: func(tx gongkai.Store) gongkai.Store { return batchSpy{Store: tx, calls: &calls} }}
	if err := gongkai.ImportCatalog(ctx, spy, rows); err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Errorf("%d CreateItems calls for %d rows, want 3", calls, n)
	}
	hidden := storetest.TxWrap{Store: one.Store, Wrap: func(tx gongkai.Store) gongkai.Store { return storetest.NoBatches{Store: tx} }}
	if err := gongkai.ImportCatalog(ctx, hidden, rows); err != nil {
		t.Fatal(err)
	}
	i1, h1, a1 := catalogOf(t, one.Store)
	i2, h2, a2 := catalogOf(t, bulk.Store)
	if len(i1) != n || len(h1) != 50 || a1 != n {
		t.Fatalf("one by one: %d items, %d hits, %d audit entries", len(i1), len(h1), a1)
	}
	if !slices.Equal(i1, i2) || !slices.Equal(h1, h2) || a1 != a2 {
		t.Errorf("in batches: %d items, hits %v, %d audit entries; one by one: %d, %v, %d", len(i2), h2, a2, len(i1), h1, a1)
	}
}

// TestImportCatalogBatchErrors: the rows a store would refuse are named
// before any batch is written, and a batch the store still refuses makes
// the import run again one row at a time, from nothing.
func TestImportCatalogBatchErrors(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "import")
	s, rows := syntheticImport(t, 1500)
	bad := slices.Clone(rows)
	for _, i := range []int{1200, 7} {
		c := *bad[i].Item
		c.Title = ""
		bad[i].Item = &c
	}
	calls := 0
	spy := storetest.TxWrap{Store: s.Store, Wrap: func(tx gongkai.Store) gongkai.Store { return batchSpy{Store: tx, calls: &calls} }}
	err := gongkai.ImportCatalog(ctx, spy, bad)
	var ie gongkai.ImportErrors
	if !errors.As(err, &ie) || len(ie) != 2 || ie[0].Row != 9 || ie[1].Row != 1202 || calls != 0 {
		t.Fatalf("import with two bad rows: %v (%d CreateItems calls)", err, calls)
	}
	if items, _, _ := catalogOf(t, s.Store); len(items) != 0 {
		t.Fatalf("%d items stored by a refused import", len(items))
	}

	refused := gongkai.Errorf(gongkai.ECONFLICT, "refused")
	spy = storetest.TxWrap{Store: s.Store, Wrap: func(tx gongkai.Store) gongkai.Store { return batchSpy{Store: tx, calls: &calls, fail: refused} }}
	if err := gongkai.ImportCatalog(ctx, spy, rows); err != nil {
		t.Fatal(err)
	}
	items, _, audits := catalogOf(t, s.Store)
	if calls != 1 || len(items) != 1500 || audits != 1500 {
		t.Errorf("after a refused batch: %d CreateItems calls, %d items, %d audit entries; want 1, 1500, 1500", calls, len(items), audits)
	}
}
