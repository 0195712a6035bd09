package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"gongkai"
	"gongkai/sqlite"
	"gongkai/storetest"
)

var benchEvent = gongkai.Event{Kind: gongkai.EventConsultationStarted, On: gongkai.MustParseDate("2024-03-02"), By: "clerk",
	Ref: "征求意见1", Party: gongkai.ThirdParty, Note: "征求第三方意见"}

// BenchmarkAppendEvents appends one event per call (the version check and
// the audit entry in the same transaction, synchronous=FULL): from one
// goroutine, from 4 and 16 goroutines on as many requests (their commits
// are shared by group commit), and 10 events per call. RawInsert is the
// baseline: autocommitted single-row INSERTs into a bare table on the same
// DSN, without audit, version check or group commit.
func BenchmarkAppendEvents(b *testing.B) {
	ctx := gongkai.WithActor(context.Background(), "bench")
	b.Run("Serial", func(b *testing.B) {
		db := MustOpenDB(b)
		defer db.Close()
		storetest.MustCreateAgency(b, db, "county", "")
		storetest.MustCreateRequest(b, db, "R1", "county", "2024-03-01", 1)
		b.ResetTimer()
		for i := range b.N {
			if _, err := db.AppendEvents(ctx, "R1", i+1, benchEvent); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
	for _, writers := range []int{4, 16} {
		b.Run(fmt.Sprintf("Parallel%d", writers), func(b *testing.B) {
			db := MustOpenDB(b)
			defer db.Close()
			storetest.MustCreateAgency(b, db, "county", "")
			for i := range writers {
				storetest.MustCreateRequest(b, db, fmt.Sprintf("R%d", i), "county", "2024-03-01", i)
			}
			var next atomic.Int32
			b.SetParallelism(writers / 2) // writers goroutines on 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				id := fmt.Sprintf("R%d", int(next.Add(1))%writers)
				v := 1
				for pb.Next() {
					var err error
					if v, err = db.AppendEvents(ctx, id, v, benchEvent); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
	b.Run("Batch10", func(b *testing.B) {
		db := MustOpenDB(b)
		defer db.Close()
		storetest.MustCreateAgency(b, db, "county", "")
		storetest.MustCreateRequest(b, db, "R1", "county", "2024-03-01", 1)
		batch := make([]gongkai.Event, 10)
		for i := range batch {
			batch[i] = benchEvent
		}
		b.ResetTimer()
		v := 1
		for range b.N {
			var err error
			if v, err = db.AppendEvents(ctx, "R1", v, batch...); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "events/s")
	})
	b.Run("RawInsert", func(b *testing.B) {
		raw, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(b.TempDir(), "raw.db")))
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		raw.SetMaxOpenConns(1)
		if _, err := raw.Exec(`CREATE TABLE ev (request_id TEXT, seq INTEGER, data TEXT, PRIMARY KEY (request_id, seq))`); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := range b.N {
			if _, err := raw.Exec(`INSERT INTO ev VALUES ($1, $2, $3)`, "R1", i, `{"Kind":"consultation_started"}`); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}
