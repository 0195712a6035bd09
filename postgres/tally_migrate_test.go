package postgres

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"gongkai"
	"gongkai/storetest"
)

// TestMigration0002Backfill writes requests on schema 1, migrates, and
// checks that the backfilled applicant_type and first_outcome are what the
// store writes since (the applicant's type, RequestProgress.Outcome).
func TestMigration0002Backfill(t *testing.T) {
	ctx := context.Background()
	db := openAtVersion(t, 1)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.pool.Exec(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO agencies (id, name, report_scope) VALUES ('a', '某县', 'own')`)
	exec(`INSERT INTO applicants (id, type, name) VALUES ('p', 'research', '某研究所')`)
	histories := storetest.BackfillHistories()
	for id, events := range histories {
		p := gongkai.RequestProgress{}.Advance(events...)
		exec(`INSERT INTO requests (id, agency_id, applicant_id, version, received_on, open, closed_on, created_at)
			VALUES ($1, 'a', 'p', $2, $3, $4, $5, $6)`, id, len(events), p.ReceivedOn.String(), p.Open, p.ClosedOn.String(), time.Now().UTC())
		for i, e := range events {
			data, err := json.Marshal(&e)
			if err != nil {
				t.Fatal(err)
			}
			exec(`INSERT INTO request_events (request_id, seq, kind, on_date, data) VALUES ($1, $2, $3, $4, $5)`,
				id, i+1, e.Kind, e.On.String(), data)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, events := range histories {
		var typ, outcome string
		if err := db.pool.QueryRow(ctx, `SELECT applicant_type, first_outcome FROM requests WHERE id = $1`, id).Scan(&typ, &outcome); err != nil {
			t.Fatal(err)
		}
		want := gongkai.RequestProgress{}.Advance(events...).Outcome
		if typ != "research" || outcome != want {
			t.Errorf("%s: backfilled (%q, %q), want (research, %q)", id, typ, outcome, want)
		}
	}
}
