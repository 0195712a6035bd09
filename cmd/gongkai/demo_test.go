package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gongkai"
	"gongkai/demo"
	"gongkai/internal/pgtest"
	"gongkai/report"
)

// TestDemo loads a small synthetic jurisdiction with "gongkai demo" into each
// backend and checks that the computed report of the root's subtree (the
// tally path) equals the tables counted from the whole records.
func TestDemo(t *testing.T) {
	tests := []struct {
		name string
		db   func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "demo.db") }},
		{"Postgres", func(t *testing.T) string { return pgtest.Schema(t, "gk_demo_") }},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			db := test.db(t)
			code, out, errs := runStorageCLI("demo", "--agencies", "40", "--requests", "400", "--seed", "3", "--batch", "150", "--db", db)
			if code != 0 || !strings.Contains(out, "loaded 40 agencies and 400 requests") || !strings.Contains(errs, "400/400 requests") {
				t.Fatalf("exit %d\n%s%s", code, out, errs)
			}
			if code, _, errs := runStorageCLI("demo", "--agencies", "40", "--requests", "10", "--db", db); code != 1 {
				t.Fatalf("second load: exit %d, want 1 (the jurisdiction exists)\n%s", code, errs)
			}
			ctx := context.Background()
			st, err := openDatabase(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			root := demo.Synthetic(40, 0, 3).Agencies()[0].ID
			sub, err := st.Subtree(ctx, root)
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]string, len(sub))
			for i, a := range sub {
				ids[i] = a.ID
			}
			svc := gongkai.NewService(st, nil)
			received := 0.0
			for year := demo.SyntheticFirstYear; year <= demo.SyntheticLastYear; year++ {
				got, err := svc.ComputedReport(ctx, root, year, gongkai.ScopeSubtree)
				if err != nil {
					t.Fatal(err)
				}
				reqs, err := st.Requests(ctx, gongkai.RequestFilter{ActiveInYear: year})
				if err != nil {
					t.Fatal(err)
				}
				apps, err := st.Appeals(ctx, gongkai.AppealFilter{ActiveInYear: year})
				if err != nil {
					t.Fatal(err)
				}
				for _, tbl := range []string{"三", "四"} {
					want := map[string]float64{}
					for _, id := range ids {
						rep, err := gongkai.Tables(id, year, reqs, apps)
						if err != nil {
							t.Fatal(err)
						}
						for k, v := range cellValues(rep.Table(tbl)) {
							want[k] += v
						}
					}
					gotCells := cellValues(got.Table(tbl))
					for k, w := range want {
						if gotCells[k] != w {
							t.Errorf("%d table %s %s: computed %v, records say %v", year, tbl, k, gotCells[k], w)
						}
					}
				}
				if got.Requests.Get("new_received", "total") == 0 {
					t.Errorf("%d: no request received", year)
				}
				received += got.Requests.Get("new_received", "total")
			}
			if received != 400 {
				t.Errorf("%v requests received in %d–%d, want all 400", received, demo.SyntheticFirstYear, demo.SyntheticLastYear)
			}
		})
	}
}

// cellValues returns the values of t by "row.col".
func cellValues(t *report.Table) map[string]float64 {
	m := map[string]float64{}
	for i, row := range t.Def.Rows {
		for j, c := range row.Columns {
			m[row.ID+"."+c.ID] = t.At(i, j)
		}
	}
	return m
}
