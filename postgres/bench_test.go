package postgres_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"gongkai"
	"gongkai/storetest"

	"github.com/jackc/pgx/v5"
)

var benchEvent = gongkai.Event{Kind: gongkai.EventConsultationStarted, On: gongkai.MustParseDate("2024-03-02"), By: "clerk",
	Ref: "征求意见1", Party: gongkai.ThirdParty, Note: "征求第三方意见"}

// BenchmarkAppendEvents appends one event per call (one transaction with
// the version check and the audit entry), serially and from 4 goroutines on
// 4 requests; RawInsert is the baseline of autocommitted single-row INSERTs.
func BenchmarkAppendEvents(b *testing.B) {
	ctx := gongkai.WithActor(context.Background(), "bench")
	b.Run("Serial", func(b *testing.B) {
		db := MustOpenDB(b)
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
	b.Run("Parallel4", func(b *testing.B) {
		db := MustOpenDB(b)
		storetest.MustCreateAgency(b, db, "county", "")
		for i := range 4 {
			storetest.MustCreateRequest(b, db, fmt.Sprintf("R%d", i), "county", "2024-03-01", i)
		}
		var next atomic.Int32
		b.SetParallelism(2) // 4 goroutines on 2 cores
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			id := fmt.Sprintf("R%d", next.Add(1)%4)
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
	b.Run("RawInsert", func(b *testing.B) {
		dsn := MustCreateSchema(b)
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, `CREATE TABLE ev (request_id TEXT, seq INTEGER, data JSONB, PRIMARY KEY (request_id, seq))`); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := range b.N {
			if _, err := conn.Exec(ctx, `INSERT INTO ev VALUES ($1, $2, $3)`, "R1", i, `{"Kind":"consultation_started"}`); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}
