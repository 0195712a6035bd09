package storetest

import (
	"errors"
	"testing"

	"gongkai"
)

// testAuditMark: the mark is 0 on an empty store, grows with every write
// (its audit entry), stays put without one, and a rolled-back write does
// not move it.
func testAuditMark(t *testing.T, s gongkai.Store) {
	mark := func() int64 {
		t.Helper()
		m, err := s.AuditMark(ctx())
		must(t, err)
		return m
	}
	if m := mark(); m != 0 {
		t.Fatalf("empty store: mark = %d, want 0", m)
	}
	MustCreateAgency(t, s, "a", "")
	m1 := mark()
	if m1 <= 0 {
		t.Fatalf("after a write: mark = %d, want > 0", m1)
	}
	if _, err := s.Agency(ctx(), "a"); err != nil {
		t.Fatal(err)
	}
	if m := mark(); m != m1 {
		t.Fatalf("after a read: mark = %d, want %d", m, m1)
	}
	errRollback := errors.New("roll back")
	err := s.WithTx(ctx(), func(tx gongkai.Store) error {
		MustCreateAgency(t, tx, "b", "a")
		if m, err := tx.AuditMark(ctx()); err != nil || m <= m1 {
			t.Errorf("inside the transaction: mark = %d, %v; want > %d", m, err, m1)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("WithTx = %v, want the rollback error", err)
	}
	if m := mark(); m != m1 {
		t.Fatalf("after a rolled-back write: mark = %d, want %d", m, m1)
	}

	MustCreateAgency(t, s, "c", "a")
	m2 := mark()
	if m2 <= m1 {
		t.Fatalf("after a second write: mark = %d, want > %d", m2, m1)
	}
	if m := mark(); m != m2 {
		t.Fatalf("mark moved without a write: %d, then %d", m2, m)
	}
}
