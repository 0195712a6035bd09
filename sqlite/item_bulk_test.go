package sqlite_test

import (
	"testing"

	"gongkai"
	"gongkai/storetest"
)

func TestCreateItems(t *testing.T) {
	storetest.CreateItemsConformance(t, func(t *testing.T) gongkai.Store { return MustOpenDB(t) })
}
