package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gongkai"
)

// TestGroupCommit runs many writers at once, some of which fail or panic:
// the failures leave nothing behind (not even an audit entry), and every
// write that succeeded is stored with its audit entry.
func TestGroupCommit(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "u-test")
	db := MustOpenDB(t)
	const writers = 48
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("a%02d", i%(writers/2)) // every id twice: one ECONFLICT each
			switch {
			case i%7 == 3:
				// A writer that panics inside its transaction.
				defer func() { errs[i] = fmt.Errorf("panicked: %v", recover()) }()
				db.WithTx(ctx, func(tx gongkai.Store) error {
					tx.CreateAgency(ctx, &gongkai.Agency{ID: "p" + id, Name: "x", ReportScope: gongkai.ScopeOwn})
					panic("boom")
				})
			default:
				errs[i] = db.CreateAgency(ctx, &gongkai.Agency{ID: id, Name: "机关" + id, ReportScope: gongkai.ScopeOwn})
			}
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case i%7 == 3:
			if err == nil || err.Error() != "panicked: boom" {
				t.Fatalf("writer %d: %v", i, err)
			}
		case err == nil:
			ok++
		case gongkai.ErrorCode(err) != gongkai.ECONFLICT:
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	as, err := db.Agencies(ctx, gongkai.AgencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	es, err := db.AuditEntries(ctx, gongkai.AuditFilter{Entity: gongkai.EntityAgency})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != ok || len(es) != ok {
		t.Fatalf("%d writes succeeded; stored %d agencies and %d audit entries", ok, len(as), len(es))
	}
	for _, a := range as {
		if a.ID[0] == 'p' {
			t.Fatalf("the write of a panicking writer was kept: %s", a.ID)
		}
	}
}

func TestCloseTwice(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db.Close() // must not panic
	ctx := gongkai.WithActor(context.Background(), "u-test")
	if err := db.CreateAgency(ctx, &gongkai.Agency{ID: "a", Name: "a", ReportScope: gongkai.ScopeOwn}); err == nil {
		t.Fatal("write after Close succeeded")
	}
}
