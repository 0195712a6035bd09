package postgres_test

import (
	"context"
	"testing"

	"gongkai"
)

// TestAuditMarkLateCommit: a write whose audit entry took its id before
// another write's, but commits after it, still moves the mark.
func TestAuditMarkLateCommit(t *testing.T) {
	db := MustOpenDB(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	if err := db.CreateAgency(ctx, &gongkai.Agency{ID: "a", Name: "甲", ReportScope: gongkai.ScopeOwn}); err != nil {
		t.Fatal(err)
	}
	inside, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.WithTx(ctx, func(tx gongkai.Store) error {
			if err := tx.CreateAgency(ctx, &gongkai.Agency{ID: "late", Name: "迟", ParentID: "a", ReportScope: gongkai.ScopeOwn}); err != nil {
				close(inside)
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	if err := db.CreateAgency(ctx, &gongkai.Agency{ID: "early", Name: "早", ParentID: "a", ReportScope: gongkai.ScopeOwn}); err != nil {
		t.Fatal(err)
	}
	m1, err := db.AuditMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m2, err := db.AuditMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m2 <= m1 {
		t.Fatalf("mark %d after the late commit, %d before it: the late write would be missed", m2, m1)
	}
}
