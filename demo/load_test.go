package demo_test

import (
	"context"
	"testing"
	"time"

	"gongkai"
	"gongkai/demo"
	"gongkai/internal/sqlitetest"
	"gongkai/password"
	"gongkai/sqlite"
)

func openDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, _ := sqlitetest.Open(t)
	return db
}

func TestLoadAnxiSQLite(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "test")
	ds := demo.Anxi()
	db := openDB(t)
	opts := demo.Options{Hasher: password.Fast()}
	if ok, err := demo.Loaded(ctx, db); ok || err != nil {
		t.Fatalf("empty database: Loaded = %v, %v", ok, err)
	}
	start := time.Now()
	if err := demo.LoadWith(ctx, db, ds, opts); err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded in %v", time.Since(start))
	if ok, err := demo.Loaded(ctx, db); !ok || err != nil {
		t.Fatalf("after Load: Loaded = %v, %v", ok, err)
	}

	sub, err := db.Subtree(ctx, demo.AnxiID)
	if err != nil || len(sub) != len(ds.Agencies) {
		t.Fatalf("subtree: %d agencies, %v", len(sub), err)
	}
	u, err := db.UserByLogin(ctx, demo.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.CheckPassword(password.Fast(), demo.AdminPassword); err != nil {
		t.Errorf("admin cannot sign in: %v", err)
	}
	var ids []string
	for _, a := range sub {
		ids = append(ids, a.ID)
	}
	reqs, err := db.Requests(ctx, gongkai.RequestFilter{Agencies: ids})
	if err != nil || len(reqs) != len(ds.Requests) {
		t.Fatalf("%d requests stored of %d, %v", len(reqs), len(ds.Requests), err)
	}
	apps, err := db.Appeals(ctx, gongkai.AppealFilter{Agencies: ids})
	if err != nil || len(apps) != len(ds.Appeals) {
		t.Fatalf("%d appeals stored of %d, %v", len(apps), len(ds.Appeals), err)
	}
	ins, err := db.ProactiveInputs(ctx, gongkai.ProactiveInputFilter{Agencies: ids})
	if err != nil || len(ins) != len(ds.Proactive) {
		t.Fatalf("%d table 二 inputs stored of %d, %v", len(ins), len(ds.Proactive), err)
	}
	// The reports computed from the store equal those of the dataset.
	stored := &demo.Dataset{Agencies: ds.Agencies, Requests: reqs, Appeals: apps, Proactive: ins}
	for y := 2020; y <= 2025; y++ {
		want, err := ds.Report(demo.AnxiID, y)
		if err != nil {
			t.Fatal(err)
		}
		got, err := stored.Report(demo.AnxiID, y)
		if err != nil {
			t.Fatal(err)
		}
		for k, tb := range got.Tables() {
			wt := want.Tables()[k]
			for i, row := range tb.Def.Rows {
				for j, col := range row.Columns {
					if tb.At(i, j) != wt.At(i, j) {
						t.Errorf("%d 表%s %s.%s: stored %v, dataset %v", y, tb.Def.ID, row.ID, col.ID, tb.At(i, j), wt.At(i, j))
					}
				}
			}
		}
	}
	p := &gongkai.Policy{Calendar: gongkai.DefaultCalendar()}
	for _, r := range reqs {
		if _, err := p.Status(r); err != nil {
			t.Error(err)
		}
	}
}

func TestLoadSyntheticSQLite(t *testing.T) {
	ctx := gongkai.WithActor(context.Background(), "test")
	db := openDB(t)
	g := demo.Synthetic(60, 3000, 3)
	start := time.Now()
	if err := demo.LoadSynthetic(ctx, db, g, demo.Options{Hasher: password.Fast(), BatchSize: 500}); err != nil {
		t.Fatal(err)
	}
	t.Logf("3000 requests loaded in %v", time.Since(start))
	ags, err := db.Agencies(ctx, gongkai.AgencyFilter{})
	if err != nil || len(ags) != 60 {
		t.Fatalf("%d agencies, %v", len(ags), err)
	}
	reqs, err := db.Requests(ctx, gongkai.RequestFilter{})
	if err != nil || len(reqs) != 3000 {
		t.Fatalf("%d requests, %v", len(reqs), err)
	}
	ins, err := db.ProactiveInputs(ctx, gongkai.ProactiveInputFilter{})
	if err != nil || len(ins) != 60*5 {
		t.Fatalf("%d table 二 inputs, %v", len(ins), err)
	}
}

// BenchmarkLoadSyntheticSQLite loads b.N synthetic requests into a new
// SQLite database (go test -bench LoadSynthetic -benchtime 100000x).
func BenchmarkLoadSyntheticSQLite(b *testing.B) {
	ctx := gongkai.WithActor(context.Background(), "bench")
	db := openDB(b)
	g := demo.Synthetic(max(1, b.N/200), b.N, 1)
	b.ResetTimer()
	if err := demo.LoadSynthetic(ctx, db, g, demo.Options{Hasher: password.Fast()}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}
