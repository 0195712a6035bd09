package storetest

import (
	"context"
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
	// gongkai catalog import: all n rows in one transaction, given to
	// CreateItems gongkai.ImportBatch at a time, against the same import
	// with CreateItems hidden (one CreateItem a row), the baseline.
	imp := func(b *testing.B, batches bool) {
		for b.Loop() {
			b.StopTimer()
			var s gongkai.Store = fresh(b)
			if !batches {
				s = TxWrap{s, func(tx gongkai.Store) gongkai.Store { return NoBatches{tx} }}
			}
			rows := make([]gongkai.ImportRow, n)
			for i, it := range copies() {
				rows[i] = gongkai.ImportRow{Row: i + 2, Item: it}
			}
			b.StartTimer()
			must(b, gongkai.ImportCatalog(ctx(), s, rows))
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
	}
	b.Run("ImportCatalog/batches", func(b *testing.B) { imp(b, true) })
	b.Run("ImportCatalog/one-by-one", func(b *testing.B) { imp(b, false) })
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

// TxWrap is a store whose transactions reach fn through Wrap: a test's
// way to see or change what a transaction offers.
type TxWrap struct {
	gongkai.Store
	Wrap func(gongkai.Store) gongkai.Store
}

// WithTx implements gongkai.Store.
func (s TxWrap) WithTx(ctx context.Context, fn func(gongkai.Store) error) error {
	return s.Store.WithTx(ctx, func(tx gongkai.Store) error { return fn(s.Wrap(tx)) })
}

// NoBatches is a store without its CreateItems (gongkai.ItemBatchCreator).
type NoBatches struct{ gongkai.Store }
