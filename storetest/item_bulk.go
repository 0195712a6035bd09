package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"gongkai"
	"gongkai/demo"
)

// ItemCreator is the bulk path of the SQL stores (sqlstore.ItemCreator).
type ItemCreator interface {
	CreateItems(ctx context.Context, items []*gongkai.Item) error
}

// CreateItemsConformance stores the same synthetic catalog through
// CreateItem in one store and through CreateItems in another, and checks
// that every search, listing, item and audit entry is the same; and that a
// batch with a bad item or a duplicate index number stores nothing.
func CreateItemsConformance(t *testing.T, open func(t *testing.T) gongkai.Store) {
	c := ctx()
	one, bulk := open(t), open(t)
	bc, ok := bulk.(ItemCreator)
	if !ok {
		t.Fatalf("%T has no CreateItems", bulk)
	}
	g := demo.SyntheticCatalog(6, 400, 7)
	for _, s := range []gongkai.Store{one, bulk} {
		for _, a := range g.Agencies() {
			c := *a
			must(t, s.CreateAgency(ctx(), &c))
		}
	}
	var batch []*gongkai.Item
	must(t, g.EachItem(func(it *gongkai.Item) error {
		n := len(batch) + 1
		switch n % 9 { // some items not published: never indexed
		case 3:
			it.Status, it.PublishedOn = gongkai.ItemDraft, gongkai.Date{}
		case 5:
			it.Status, it.WithdrawalNote = gongkai.ItemWithdrawn, "该信息已撤回"
		}
		c := *it
		if err := one.CreateItem(ctx(), &c); err != nil {
			return err
		}
		batch = append(batch, it)
		return nil
	}))
	for i := 0; i < len(batch); i += 150 {
		must(t, bc.CreateItems(c, batch[i:min(i+150, len(batch))]))
	}
	if batch[0].Version != 1 || batch[0].UpdatedAt.IsZero() {
		t.Errorf("CreateItems left version %d, updated %v", batch[0].Version, batch[0].UpdatedAt)
	}
	queries := []string{"教育", "低保", "预算", "工作", "学前教育", "低保 救助", "政府信息公开", "村", "2023", "GDP", "不存在的词"}
	agencies := []string{"", g.Agencies()[1].ID}
	for _, q := range queries {
		for _, agency := range agencies {
			for _, year := range []int{0, 2023} {
				sq := gongkai.SearchQuery{Q: q, Agency: agency, Year: year, Limit: 20}
				n1, h1, err := one.SearchItems(c, sq)
				must(t, err)
				n2, h2, err := bulk.SearchItems(c, sq)
				must(t, err)
				if n1 != n2 || !slices.Equal(h1, h2) {
					t.Errorf("%+v: CreateItem gives %d %v, CreateItems %d %v", sq, n1, hitIDs(h1), n2, hitIDs(h2))
				}
			}
		}
	}
	for _, f := range []gongkai.ItemFilter{{}, {Agency: g.Agencies()[2].ID, Year: 2021}, {Status: gongkai.ItemDraft}, {Article20Item: 11, Limit: 20, Offset: 20}} {
		l1, err := one.Items(c, f)
		must(t, err)
		l2, err := bulk.Items(c, f)
		must(t, err)
		if len(l1) != len(l2) {
			t.Fatalf("%+v: %d items against %d", f, len(l1), len(l2))
		}
		for i := range l1 {
			a, b := *l1[i], *l2[i]
			a.UpdatedAt, b.UpdatedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%+v: item %d (%s) differs", f, i, a.ID)
			}
		}
	}
	e1, err := one.AuditEntries(c, gongkai.AuditFilter{Entity: gongkai.EntityItem})
	must(t, err)
	e2, err := bulk.AuditEntries(c, gongkai.AuditFilter{Entity: gongkai.EntityItem})
	must(t, err)
	if len(e1) != len(batch) || len(e2) != len(batch) {
		t.Fatalf("%d and %d audit entries for %d items", len(e1), len(e2), len(batch))
	}
	for i := range e1 {
		if e1[i].EntityID != e2[i].EntityID || e2[i].Action != "create" || e2[i].Actor != e1[i].Actor || len(e2[i].After) == 0 {
			t.Errorf("audit entry %d: %+v against %+v", i, e1[i], e2[i])
		}
	}

	// All or nothing: a duplicate index number, an invalid item.
	mark, err := bulk.AuditMark(c)
	must(t, err)
	dup := []*gongkai.Item{Item("N1", g.Agencies()[0].ID, gongkai.ItemPublished, "2024-01-10", "000014349/2024-90001", "新事项", "<p>教育</p>"),
		Item("N2", g.Agencies()[0].ID, gongkai.ItemPublished, "2024-01-10", batch[0].IndexNo, "重号", "<p>教育</p>")}
	if err := bc.CreateItems(c, dup); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Errorf("duplicate index number: %v, want a conflict", err)
	}
	bad := []*gongkai.Item{Item("N3", g.Agencies()[0].ID, gongkai.ItemPublished, "2024-01-10", "000014349/2024-90003", "新事项", "<p>教育</p>"),
		Item("N4", g.Agencies()[0].ID, gongkai.ItemPublished, "2024-01-10", "", "缺索引号", "<p>教育</p>")}
	if err := bc.CreateItems(c, bad); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("invalid item: %v, want EINVALID", err)
	}
	missing := []*gongkai.Item{Item("N5", "no-such-agency", gongkai.ItemPublished, "2024-01-10", "000014349/2024-90005", "新事项", "<p>教育</p>")}
	if err := bc.CreateItems(c, missing); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Errorf("unknown agency: %v, want ENOTFOUND", err)
	}
	for _, id := range []string{"N1", "N3", "N5"} {
		if _, err := bulk.Item(c, id); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("%s stored by a failed batch: %v", id, err)
		}
	}
	if m, _ := bulk.AuditMark(c); m != mark {
		t.Errorf("a failed batch wrote audit entries: mark %d → %d", mark, m)
	}
	if err := bc.CreateItems(context.Background(), dup[:1]); gongkai.ErrorCode(err) != gongkai.EUNAUTHORIZED {
		t.Errorf("no actor: %v", err)
	}

	// In a transaction (gongkai.ImportCatalog), CreateItems joins it: a
	// later error takes its items back, and a commit stores them,
	// searchable at once.
	in := func(id, no string) []*gongkai.Item {
		return []*gongkai.Item{Item(id, g.Agencies()[0].ID, gongkai.ItemPublished, "2024-01-11", no, "事务中导入的事项", "<p>事务导入</p>")}
	}
	late := errors.New("a later row")
	err = bulk.WithTx(c, func(tx gongkai.Store) error {
		tc, ok := tx.(ItemCreator)
		if !ok {
			t.Fatalf("%T in a transaction has no CreateItems", tx)
		}
		must(t, tc.CreateItems(c, in("T1", "000014349/2024-90011")))
		return late
	})
	if !errors.Is(err, late) {
		t.Fatalf("WithTx: %v", err)
	}
	if _, err := bulk.Item(c, "T1"); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		t.Errorf("T1 stored by a transaction that failed: %v", err)
	}
	must(t, bulk.WithTx(c, func(tx gongkai.Store) error {
		if err := tx.(ItemCreator).CreateItems(c, in("T2", "000014349/2024-90012")); err != nil {
			return err
		}
		return tx.CreateItem(c, in("T3", "000014349/2024-90013")[0])
	}))
	n, hits, err := bulk.SearchItems(c, gongkai.SearchQuery{Q: "事务导入"})
	must(t, err)
	if n != 2 || !slices.Equal(hitIDs(hits), []string{"T3", "T2"}) {
		t.Errorf("after the committed transaction: %d hits %v, want T3, T2", n, hitIDs(hits))
	}
}

func hitIDs(hs []gongkai.SearchHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ItemID)
	}
	return out
}
