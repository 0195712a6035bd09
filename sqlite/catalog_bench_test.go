package sqlite_test

import (
	"testing"

	"gongkai/storetest"
)

// BenchmarkCatalog measures CreateItem, CreateItems and SearchItems on a
// small synthetic catalog (GONGKAI_CATALOG_ITEMS items, default 2,000);
// the 1M-item runs are "gongkai load catalog" (docs/bench/catalog.md).
func BenchmarkCatalog(b *testing.B) {
	storetest.BenchCatalog(b, func(b *testing.B) storetest.CatalogStore { return MustOpenDB(b) })
}
