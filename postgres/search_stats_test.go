package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gongkai"
	"gongkai/postgres"
	"gongkai/storetest"
)

// A word the statistics put in many items is answered "more than the
// count" with its page from the walk, without counting; one in most items
// is counted by walking the newest items of its filters, or by the index
// when the walk falls short; a phrase, two words or a rare word are
// counted by the index as before; and every answer is the counted one.
func TestSearchCommonWord(t *testing.T) {
	db, dsn := mustOpenDSN(t)
	ctx := gongkai.WithActor(context.Background(), "test")
	storetest.MustCreateAgency(t, db, "county", "")
	var items []*gongkai.Item
	for i := range 300 {
		body := "工作动态"
		if i%3 != 0 { // 200 items with 公开, and 预算 in 2 of them
			body = "政务公开"
			if i%100 == 1 {
				body += "预算"
			}
		}
		items = append(items, storetest.Item(fmt.Sprintf("I%03d", i), "county", gongkai.ItemPublished,
			fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), fmt.Sprintf("000014349/2024-%05d", i+1), "通知", "<p>"+body+"</p>"))
	}
	if err := db.CreateItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	// The counted answers, before any statistics.
	const count = 5
	db.SetSearchCap(count)
	queries := []gongkai.SearchQuery{
		{Q: "公开", Limit: 3}, {Q: "公开", Limit: 3, Offset: 3}, {Q: "公开", Limit: 20},
		{Q: "政务公开", Limit: 3}, {Q: "公开 政务", Limit: 3}, {Q: "公开", Agency: "county", Limit: 3},
		{Q: "预算", Limit: 3}, {Q: "工作", Limit: 3},
	}
	type answer struct {
		total int
		ids   []string
	}
	search := func() []answer {
		var out []answer
		for _, q := range queries {
			n, hits, err := db.SearchItems(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			a := answer{total: n}
			for _, h := range hits {
				a.ids = append(a.ids, h.ItemID)
			}
			out = append(out, a)
		}
		return out
	}
	counted := search()
	if counted[0].total != count+1 || len(counted[0].ids) != 3 || counted[6].total != 2 {
		t.Fatalf("counted: %+v", counted)
	}

	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `ANALYZE items`); err != nil {
		t.Fatal(err)
	}
	// The statistics read by the counted searches (none) are trusted for
	// a minute: the clock moves past it.
	later := time.Now().Add(2 * time.Minute)
	db.Now = func() time.Time { return later }
	postgres.SetCommonRows(t, 150) // 公开 (200 items) passes, 工作 (100) does not
	check := func(shortcuts, walkCounts int64) {
		t.Helper()
		s0, w0 := postgres.SearchShortcuts(), postgres.SearchWalkCounts()
		got := search()
		if n := postgres.SearchShortcuts() - s0; n != shortcuts {
			t.Errorf("%d searches answered without counting, want %d", n, shortcuts)
		}
		if n := postgres.SearchWalkCounts() - w0; n != walkCounts {
			t.Errorf("%d searches counted by walking, want %d", n, walkCounts)
		}
		for i, q := range queries {
			if got[i].total != counted[i].total || !slices.Equal(got[i].ids, counted[i].ids) {
				t.Errorf("%+v: %+v with the statistics, %+v counted", q, got[i], counted[i])
			}
		}
	}
	// 公开 alone, pages 1 and 2 and a page of 20 (whose walk finds them
	// all): three searches not counted. 公开 in the agency: counted by
	// walking. 工作 is in a third of the items (over denseFraction) but in
	// none of the newest (months 1, 4, 7 and 10): its walk falls short,
	// and the index counts it.
	check(3, 1)
	// A walk too short to find the count: counted by the index instead.
	postgres.SetWalkCountRows(t, 3)
	check(3, 0)
}
