package storetest

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"gongkai"
)

// testCatalogMarks: an agency's catalog mark grows in every write of its
// items (create, edit, publish, withdraw, a batch, a move to another
// agency moves both) and of the agency, and in nothing else; the mark of
// the agency tree (gongkai.AgencyTreeMark) grows when an agency is
// created or changed, and in nothing else.
func testCatalogMarks(t *testing.T, s gongkai.Store) {
	c := ctx()
	marks := func() map[string]int64 {
		t.Helper()
		m, err := s.CatalogMarks(c)
		must(t, err)
		return m
	}
	tree := gongkai.AgencyTreeMark
	// A new store has the tree's mark (migration 14), and no agency's.
	if m := marks(); len(m) != 1 || m[tree] == 0 {
		t.Fatalf("empty store: marks %v, want the agency tree's only", m)
	}
	MustCreateAgency(t, s, "ma", "")
	if m := marks(); m["ma"] == 0 || m[tree] == 0 {
		t.Fatalf("after an agency was created: marks %v, want one for it and one for the tree", m)
	}
	MustCreateAgency(t, s, "mb", "")
	// step checks that write moves exactly the marks named.
	step := func(name string, write func() error, moved ...string) {
		t.Helper()
		before := marks()
		must(t, write())
		after := marks()
		for _, a := range []string{"ma", "mb", tree} {
			if want := slices.Contains(moved, a); (after[a] > before[a]) != want || after[a] < before[a] {
				t.Errorf("%s: mark of %s %d → %d, want moved: %v", name, a, before[a], after[a], want)
			}
		}
	}
	it := Item("M1", "ma", gongkai.ItemDraft, "", "", "关于做好学前教育资助工作的通知", "<p>正文</p>")
	step("create", func() error { return s.CreateItem(c, it) }, "ma")
	step("edit", func() error {
		it.Title = "关于做好学前教育资助工作的补充通知"
		return s.UpdateItem(c, it)
	}, "ma")
	step("publish", func() error {
		it.Status, it.IndexNo, it.PublishedOn = gongkai.ItemPublished, "000014349/2023-00901", d("2023-01-09")
		it.Review = gongkai.Review{Reviewer: "reviewer", ReviewedAt: at, SecrecyReviewed: true}
		return s.UpdateItem(c, it)
	}, "ma")
	step("move", func() error { it.Agency = "mb"; return s.UpdateItem(c, it) }, "ma", "mb")
	if bulk, ok := s.(ItemCreator); ok {
		step("batch", func() error {
			return bulk.CreateItems(c, []*gongkai.Item{Item("M2", "mb", gongkai.ItemDraft, "", "", "预算公开", "<p>正文</p>"),
				Item("M3", "mb", gongkai.ItemDraft, "", "", "决算公开", "<p>正文</p>")})
		}, "mb")
	}
	name := "某某县改名局"
	step("rename", func() error { _, err := s.UpdateAgency(c, "ma", gongkai.AgencyUpdate{Name: &name}); return err }, "ma", tree)
	step("another agency", func() error { MustCreateAgency(t, s, "mc", ""); return nil }, tree)
	before := marks()
	errRollback := errors.New("roll back")
	err := s.WithTx(c, func(tx gongkai.Store) error {
		must(t, tx.CreateItem(c, Item("M4", "ma", gongkai.ItemDraft, "", "", "环境监测", "<p>正文</p>")))
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("WithTx = %v", err)
	}
	if after := marks(); !maps.Equal(before, after) {
		t.Fatalf("a rolled-back write moved the marks: %v → %v", before, after)
	}
}
