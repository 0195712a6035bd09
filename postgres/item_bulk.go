package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"gongkai"
	"gongkai/sqlstore"
)

// InsertItems implements sqlstore.Backend: it inserts the rows of
// sqlstore.Store.CreateItems with two statements whatever their number: the
// items (with their search column: the tsvector of the tokens computed
// beforehand, built in Go or by the server (tsvector.go), NULL for an
// unpublished item) and their audit entries, each
// from arrays bound as one parameter per column and read back with unnest.
func (b backend) InsertItems(ctx context.Context, actor string, at time.Time, rows []sqlstore.ItemRow) error {
	n := len(rows)
	var (
		ids, agencies, statuses, published, topic1, topic2, bodies, afters = make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		indexNos, tokens     = make([]*string, n), make([]*string, n)
		vectors              = make([]pgtype.TSVector, n) // not Valid: NULL
		years, a20, versions = make([]int64, n), make([]int64, n), make([]int64, n)
		updated              = make([]time.Time, n)
	)
	for i, r := range rows {
		a := r.Args // itemArgs order
		ids[i], agencies[i], statuses[i], published[i] = a[0].(string), a[1].(string), a[3].(string), a[5].(string)
		if s, ok := a[2].(string); ok {
			indexNos[i] = &s
		}
		years[i], a20[i] = int64(a[4].(int)), int64(a[6].(int))
		topic1[i], topic2[i], versions[i], updated[i], bodies[i] = a[7].(string), a[8].(string), int64(a[9].(int)), a[10].(time.Time), a[11].(string)
		if r.Item.Status == gongkai.ItemPublished {
			switch v, t := b.db.searchOf(r.Tokens); {
			case t != nil:
				tokens[i] = &rows[i].Tokens
			default:
				vectors[i] = v.(pgtype.TSVector)
			}
		}
		afters[i] = r.After
	}
	_, err := b.db.exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, search)
		SELECT u.id, u.agency_id, u.index_no, u.status, u.year, u.published_on, u.article20, u.topic1, u.topic2, u.version, u.updated_at, u.body,
			COALESCE(u.vector, to_tsvector('simple', u.tokens))
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[],
			$10::int[], $11::timestamptz[], $12::text[], $13::text[], $14::tsvector[])
			AS u(id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, tokens, vector)`,
		ids, agencies, indexNos, statuses, years, published, a20, topic1, topic2, versions, updated, bodies, tokens, vectors)
	if err != nil {
		return fmt.Errorf("create items: %w", mapError(err))
	}
	_, err = b.db.exec(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
		SELECT $1, $2, 'create', $3, u.id, NULL, u.after::jsonb
		FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS u(id, after, o) ORDER BY u.o`,
		at, actor, gongkai.EntityItem, ids, afters)
	return mapError(err)
}
