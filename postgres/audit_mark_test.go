package postgres_test

import (
	"context"
	"testing"

	"gongkai"
	"gongkai/storetest"
)

// TestAuditMarkLateCommit: a write whose audit entry took its id before
// another write's, but commits after it, still moves the mark.
func TestAuditMarkLateCommit(t *testing.T) {
	db := MustOpenDB(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	// Items of two agencies, of two topics: the two writes share no row
	// (every agency write moves the agency tree's catalog mark, so two
	// agencies created at once would wait for each other).
	for _, id := range []string{"a", "b"} {
		if err := db.CreateAgency(ctx, &gongkai.Agency{ID: id, Name: "机关" + id, ReportScope: gongkai.ScopeOwn}); err != nil {
			t.Fatal(err)
		}
	}
	late := storetest.Item("late", "a", gongkai.ItemDraft, "", "", "迟到的通知", "<p>正文</p>")
	early := storetest.Item("early", "b", gongkai.ItemDraft, "", "", "早到的通知", "<p>正文</p>")
	early.Topic = [2]string{"环境保护", "环境监测"}
	inside, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.WithTx(ctx, func(tx gongkai.Store) error {
			if err := tx.CreateItem(ctx, late); err != nil {
				close(inside)
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside
	if err := db.CreateItem(ctx, early); err != nil {
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
