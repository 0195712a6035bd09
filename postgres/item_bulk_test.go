package postgres_test

import (
	"testing"

	"gongkai"
	"gongkai/storetest"
)

func TestCreateItems(t *testing.T) {
	testDSN(t)
	storetest.CreateItemsConformance(t, func(t *testing.T) gongkai.Store { return MustOpenDB(t) })
}
