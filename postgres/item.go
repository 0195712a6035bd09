package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/search"
)

const itemCols = `body, version, updated_at`

func scanItem(s interface{ Scan(...any) error }) (*gongkai.Item, error) {
	var body string
	var version int
	var at time.Time
	if err := s.Scan(&body, &version, &at); err != nil {
		return nil, err
	}
	return decodeItem(body, version, at)
}

// decodeItem returns the item of a row.
func decodeItem(body string, version int, at time.Time) (*gongkai.Item, error) {
	var it gongkai.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		return nil, fmt.Errorf("item body: %w", err)
	}
	it.Version, it.UpdatedAt = version, utc(at)
	return &it, nil
}

// nullIfEmpty stores "" as NULL (an item without an index number yet).
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// itemArgs returns the column values of an item, in the order of
// INSERT INTO items (id, agency_id, index_no, status, year, published_on,
// article20, topic1, topic2, version, updated_at, body).
func itemArgs(it *gongkai.Item) ([]any, error) {
	body, err := json.Marshal(it)
	if err != nil {
		return nil, err
	}
	return []any{it.ID, it.Agency, nullIfEmpty(it.IndexNo), string(it.Status), gongkai.ItemYear(it), it.PublishedOn.String(),
		it.Article20Item, it.Topic[0], it.Topic[1], it.Version, it.UpdatedAt, string(body)}, nil
}

// CreateItem implements gongkai.ItemStore.
func (db *DB) CreateItem(ctx context.Context, it *gongkai.Item) error {
	if it.ID == "" {
		return gongkai.Errorf(gongkai.EINVALID, "公开事项缺少ID")
	}
	if err := it.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *DB, actor string) error {
		if _, err := t.Agency(ctx, it.Agency); err != nil {
			return err
		}
		c := *it
		c.Version, c.UpdatedAt = 1, t.now()
		args, err := itemArgs(&c)
		if err != nil {
			return err
		}
		_, err = t.exec(ctx, `INSERT INTO items (id, agency_id, index_no, status, year, published_on, article20, topic1, topic2, version, updated_at, body, search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_tsvector('simple', $13::text))`, append(args, searchTokens(&c))...)
		if err != nil {
			return fmt.Errorf("create item: %w", mapError(err))
		}
		*it = c
		return t.audit(ctx, actor, "create", gongkai.EntityItem, c.ID, nil, &c)
	})
}

// searchTokens returns the tokens the search column holds for an item:
// those of a published item, NULL (no tsvector) for any other, so that the
// column is written in the same statement as the item (no lag).
func searchTokens(it *gongkai.Item) any {
	if it.Status != gongkai.ItemPublished {
		return nil
	}
	return gongkai.ItemTokens(it)
}

// Item implements gongkai.ItemStore.
func (db *DB) Item(ctx context.Context, id string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`, id))
	if err != nil {
		return nil, noRows(err, "公开事项", id)
	}
	return it, nil
}

// itemWhere returns the conditions of f on the items aliased i.
func itemWhere(args *[]any, f gongkai.ItemFilter) []string {
	where := []string{"1 = 1"}
	if f.Agency != "" {
		where = append(where, "i.agency_id = "+arg(args, f.Agency))
	}
	if len(f.Agencies) > 0 {
		where = append(where, "i.agency_id IN ("+in(args, f.Agencies)+")")
	}
	if f.Year != 0 {
		where = append(where, "i.year = "+arg(args, f.Year))
	}
	if f.Status != "" {
		where = append(where, "i.status = "+arg(args, string(f.Status)))
	}
	if f.Article20Item != 0 {
		where = append(where, "i.article20 = "+arg(args, f.Article20Item))
	}
	if f.Topic != "" {
		p := arg(args, f.Topic)
		where = append(where, "(i.topic1 = "+p+" OR i.topic2 = "+p+")")
	}
	return where
}

// Items implements gongkai.ItemStore.
func (db *DB) Items(ctx context.Context, f gongkai.ItemFilter) ([]*gongkai.Item, error) {
	var args []any
	where := itemWhere(&args, f)
	return db.queryItems(ctx, `SELECT `+itemCols+` FROM items i WHERE `+strings.Join(where, " AND ")+
		` ORDER BY i.id`+page(f.Offset, f.Limit), args...)
}

func (db *DB) queryItems(ctx context.Context, q string, args ...any) ([]*gongkai.Item, error) {
	rows, err := db.q().Query(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, mapError(err)
		}
		out = append(out, it)
	}
	return out, mapError(rows.Err())
}

// UpdateItem implements gongkai.ItemStore.
func (db *DB) UpdateItem(ctx context.Context, it *gongkai.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *DB, actor string) error {
		var body string
		var version int
		var at time.Time
		err := t.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1 FOR UPDATE`, it.ID).Scan(&body, &version, &at)
		if err != nil {
			return noRows(err, "公开事项", it.ID)
		}
		before, err := decodeItem(body, version, at)
		if err != nil {
			return err
		}
		if before.Version != it.Version {
			return gongkai.Errorf(gongkai.ECONFLICT, "公开事项 %s 已被他人更新（第%d版，而不是第%d版），请刷新后重试", it.ID, before.Version, it.Version)
		}
		if err := gongkai.CheckItemUpdate(before, it); err != nil {
			return err
		}
		c := *it
		c.Version, c.UpdatedAt = before.Version+1, t.now()
		args, err := itemArgs(&c)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, `UPDATE items SET agency_id = $2, index_no = $3, status = $4, year = $5, published_on = $6,
			article20 = $7, topic1 = $8, topic2 = $9, version = $10, updated_at = $11, body = $12,
			search = to_tsvector('simple', $14::text)
			WHERE id = $1 AND version = $13`, append(args, before.Version, searchTokens(&c))...)
		if err != nil {
			return fmt.Errorf("update item: %w", mapError(err))
		}
		if res.RowsAffected() != 1 {
			return gongkai.Errorf(gongkai.ECONFLICT, "公开事项 %s 已被他人更新，请刷新后重试", it.ID)
		}
		*it = c
		action := "update"
		if c.Status != before.Status {
			action = string(c.Status)
		}
		return t.audit(ctx, actor, action, gongkai.EntityItem, c.ID, before, &c)
	})
}

// NextIndexNo implements gongkai.IndexNoGenerator. The counter row of the
// code and year is incremented in the transaction NextIndexNo runs in: on
// its own (outside WithTx) it is committed before the number is returned,
// so the number stays taken whatever happens to the item; within WithTx it
// commits or rolls back with the caller's writes, and a number rolled back
// was never stored anywhere. A number an imported item already holds is
// skipped. Counters only grow, so no number is handed out twice.
func (db *DB) NextIndexNo(ctx context.Context, agencyCode string, year int) (string, error) {
	if _, err := gongkai.NextIndexNo(agencyCode, year, 1); err != nil {
		return "", err
	}
	code := strings.ReplaceAll(agencyCode, "-", "")
	var no string
	err := db.write(ctx, func(t *DB, actor string) error {
		for {
			var seq int
			err := t.q().QueryRow(ctx, `INSERT INTO index_counters (code, year, seq) VALUES ($1, $2, 1)
				ON CONFLICT (code, year) DO UPDATE SET seq = index_counters.seq + 1 RETURNING seq`, code, year).Scan(&seq)
			if err != nil {
				return mapError(err)
			}
			if no, err = gongkai.NextIndexNo(code, year, seq); err != nil {
				return err
			}
			var taken int
			if err := t.q().QueryRow(ctx, `SELECT count(*) FROM items WHERE index_no = $1`, no).Scan(&taken); err != nil {
				return mapError(err)
			}
			if taken == 0 {
				return t.audit(ctx, actor, "issue", gongkai.EntityIndexNo, no, nil,
					map[string]any{"code": code, "year": year, "seq": seq})
			}
		}
	})
	if err != nil {
		return "", err
	}
	return no, nil
}

// SearchItems implements gongkai.ItemStore: the search column (set only on
// published items) @@ to_tsquery('simple', search.TSQuery(q.Q)).
func (db *DB) SearchItems(ctx context.Context, q gongkai.SearchQuery) (int, []gongkai.SearchHit, error) {
	var args []any
	where := itemWhere(&args, gongkai.ItemFilter{Agency: q.Agency, Year: q.Year, Topic: q.Topic, Status: gongkai.ItemPublished})
	from := "items i"
	if m := search.TSQuery(q.Q); m != "" {
		where = append(where, "i.search @@ to_tsquery('simple', "+arg(&args, m)+"::text)")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.q().QueryRow(ctx, `SELECT count(*) FROM `+from+` WHERE `+cond, args...).Scan(&total); err != nil {
		return 0, nil, mapError(err)
	}
	items, err := db.queryItems(ctx, `SELECT i.body, i.version, i.updated_at FROM `+from+` WHERE `+cond+
		` ORDER BY i.published_on DESC, i.id`+page(q.Offset, q.Limit), args...)
	if err != nil {
		return 0, nil, err
	}
	hits := make([]gongkai.SearchHit, len(items))
	for i, it := range items {
		hits[i] = gongkai.ItemHit(it, q.Q)
	}
	return total, hits, nil
}
