package storetest

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"gongkai"
	"gongkai/demo"
)

// CatalogStore is a store with the bulk path of the catalog.
type CatalogStore interface {
	gongkai.Store
	ItemCreator
}

// BenchCatalog runs the catalog benchmarks on stores from open: writing
// GONGKAI_CATALOG_ITEMS synthetic items (default 2,000) one by one with
// CreateItem and with CreateItems, 500 per transaction, then searching
// them. Speeds are reported, never asserted.
func BenchCatalog(b *testing.B, open func(b *testing.B) CatalogStore) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("GONGKAI_CATALOG_ITEMS")); err == nil && v > 0 {
		n = v
	}
	g := demo.SyntheticCatalog(50, n, 1)
	var items []*gongkai.Item
	must(b, g.EachItem(func(it *gongkai.Item) error { items = append(items, it); return nil }))
	fresh := func(b *testing.B) CatalogStore {
		s := open(b)
		for _, a := range g.Agencies() {
			c := *a
			must(b, s.CreateAgency(ctx(), &c))
		}
		return s
	}
	copies := func() []*gongkai.Item {
		out := make([]*gongkai.Item, len(items))
		for i, it := range items {
			c := *it
			out[i] = &c
		}
		return out
	}
	write := func(b *testing.B, bulk bool) {
		for b.Loop() {
			b.StopTimer()
			s, its := fresh(b), copies()
			b.StartTimer()
			for i := 0; i < len(its); i += 500 {
				batch := its[i:min(i+500, len(its))]
				if bulk {
					must(b, s.CreateItems(ctx(), batch))
					continue
				}
				must(b, s.WithTx(ctx(), func(tx gongkai.Store) error {
					for _, it := range batch {
						if err := tx.CreateItem(ctx(), it); err != nil {
							return err
						}
					}
					return nil
				}))
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
	}
	b.Run("CreateItem", func(b *testing.B) { write(b, false) })
	b.Run("CreateItems", func(b *testing.B) { write(b, true) })
	s := fresh(b)
	must(b, s.CreateItems(ctx(), copies()))
	for _, q := range []string{"教育", "营养餐", "低保 救助"} {
		b.Run(fmt.Sprintf("Search/%s", q), func(b *testing.B) {
			for b.Loop() {
				_, _, err := s.SearchItems(ctx(), gongkai.SearchQuery{Q: q, Limit: 20})
				must(b, err)
			}
		})
	}
}
