package storetest

import (
	"context"
	"os"
	"sync/atomic"
	"testing"

	"gongkai"
)

// BenchDBEnv names the environment variable that points the scale
// benchmarks at a prepared database (a SQLite file or a PostgreSQL URL
// loaded by `gongkai demo`). They are skipped without it.
const BenchDBEnv = "GONGKAI_BENCH_DB"

// BenchDB returns the prepared database of the scale benchmarks, or skips b
// with a message saying how to make one.
func BenchDB(b *testing.B) string {
	b.Helper()
	spec := os.Getenv(BenchDBEnv)
	if spec == "" {
		b.Skip("set " + BenchDBEnv + " to a database loaded by `gongkai demo --agencies 5000 --requests 1000000 --db …` " +
			"to run the scale benchmarks (docs/bench/scale.md)")
	}
	return spec
}

// BenchScale runs the report benchmarks of docs/bench/scale.md on st, a
// store loaded by `gongkai demo`: the computed report of the root's subtree
// and of one agency (the tally path, as served), the tally queries alone,
// appending events (consultation events, which change no figure), and the
// load-everything path of before as a baseline on one agency.
func BenchScale(b *testing.B, st gongkai.Store, year int) {
	ctx := context.Background()
	all, err := st.Agencies(ctx, gongkai.AgencyFilter{})
	if err != nil {
		b.Fatal(err)
	}
	if len(all) == 0 {
		b.Fatal("the benchmark database holds no agency: load it with `gongkai demo`")
	}
	root := all[0].ID
	for _, a := range all {
		if a.ParentID == "" {
			root = a.ID
			break
		}
	}
	sub, err := st.Subtree(ctx, root)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, len(sub))
	for i, a := range sub {
		ids[i] = a.ID
	}
	one := sub[len(sub)/2].ID // a department or township
	city := sub[min(1, len(sub)-1)].ID
	citySub, err := st.Subtree(ctx, city)
	if err != nil {
		b.Fatal(err)
	}
	cityIDs := make([]string, len(citySub))
	for i, a := range citySub {
		cityIDs[i] = a.ID
	}
	b.Logf("root %s (%d agencies in its subtree), city %s (%d), one agency %s, year %d", root, len(sub), city, len(cityIDs), one, year)
	svc := gongkai.NewService(st, nil)
	report := func(b *testing.B, id string, scope gongkai.ReportScope) {
		for b.Loop() {
			r, err := svc.ComputedReport(ctx, id, year, scope)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(r.Requests.Get("new_received", "total"), "new_received")
		}
	}
	b.Run("RootSubtreeReport", func(b *testing.B) { report(b, root, gongkai.ScopeSubtree) })
	b.Run("OneAgencyReport", func(b *testing.B) { report(b, one, gongkai.ScopeOwn) })
	b.Run("CitySubtreeReport", func(b *testing.B) { report(b, city, gongkai.ScopeSubtree) })
	b.Run("RootRequestTally", func(b *testing.B) {
		for b.Loop() {
			rows, err := st.RequestTally(ctx, ids, year)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for _, r := range rows {
				n += r.Count
			}
			b.ReportMetric(float64(n), "requests")
		}
	})
	// Appends on the large database: one consultation event per call (it
	// changes no figure of any table), from one writer and from 4 writers on
	// 4 requests of the agency.
	reqs, err := st.Requests(ctx, gongkai.RequestFilter{Agencies: []string{one}, Limit: 4})
	if err != nil || len(reqs) < 4 {
		b.Fatalf("requests of %s: %d, %v", one, len(reqs), err)
	}
	versions := make([]int, len(reqs))
	for i, r := range reqs {
		versions[i] = len(r.Events)
	}
	wctx := gongkai.WithActor(ctx, "bench")
	ev := gongkai.Event{Kind: gongkai.EventConsultationStarted, On: gongkai.NewDate(year, 12, 1), By: "clerk",
		Ref: "征求意见", Party: gongkai.ThirdParty, Note: "基准测试"}
	b.Run("AppendEventsSerial", func(b *testing.B) {
		for b.Loop() {
			v, err := st.AppendEvents(wctx, reqs[0].ID, versions[0], ev)
			if err != nil {
				b.Fatal(err)
			}
			versions[0] = v
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	b.Run("AppendEventsParallel4", func(b *testing.B) {
		var next atomic.Int32
		b.SetParallelism(2) // 4 goroutines on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			i := int(next.Add(1)-1) % len(reqs)
			for pb.Next() {
				v, err := st.AppendEvents(wctx, reqs[i].ID, versions[i], ev)
				if err != nil {
					b.Error(err)
					return
				}
				versions[i] = v
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	// Before the tallies (the computeTables of commit 90d6a49): every active
	// request with its events, grouped by agency and counted by Tables, for
	// the year and the year before (as ComputedReport), without table 二 or
	// the checks.
	oldPath := func(b *testing.B, ids []string) {
		for b.Loop() {
			for _, y := range []int{year, year - 1} {
				reqs, err := st.Requests(ctx, gongkai.RequestFilter{Agencies: ids, ActiveInYear: y})
				if err != nil {
					b.Fatal(err)
				}
				apps, err := st.Appeals(ctx, gongkai.AppealFilter{Agencies: ids, ActiveInYear: y})
				if err != nil {
					b.Fatal(err)
				}
				byAgency := map[string][]*gongkai.Request{}
				for _, r := range reqs {
					byAgency[r.Agency] = append(byAgency[r.Agency], r)
				}
				appsBy := map[string][]*gongkai.Appeal{}
				for _, a := range apps {
					appsBy[a.Agency] = append(appsBy[a.Agency], a)
				}
				for _, id := range ids {
					if _, err := gongkai.Tables(id, y, byAgency[id], appsBy[id]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Run("OneAgencyOldPath", func(b *testing.B) { oldPath(b, []string{one}) })
	b.Run("CitySubtreeOldPath", func(b *testing.B) { oldPath(b, cityIDs) })
}
