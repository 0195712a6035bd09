package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gongkai"
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

// checkNewItem refuses an item CreateItem or CreateItems cannot store: no
// ID, or not valid.
func checkNewItem(it *gongkai.Item) error {
	if it.ID == "" {
		return gongkai.Errorf(gongkai.EINVALID, "公开事项缺少ID")
	}
	return it.Validate()
}

// CreateItem implements gongkai.ItemStore.
func (db *Store) CreateItem(ctx context.Context, it *gongkai.Item) error {
	if err := checkNewItem(it); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if _, err := t.Agency(ctx, it.Agency); err != nil {
			return err
		}
		c := *it
		c.Version, c.UpdatedAt = 1, t.now()
		args, err := itemArgs(&c)
		if err != nil {
			return err
		}
		if err := t.B.InsertItem(ctx, args, &c); err != nil {
			return err
		}
		counts := countDelta{}
		counts.add(&c, 1)
		if err := t.addItemCounts(ctx, counts); err != nil {
			return err
		}
		*it = c
		return t.audit(ctx, actor, "create", gongkai.EntityItem, c.ID, nil, &c)
	})
}

// Item implements gongkai.ItemStore.
func (db *Store) Item(ctx context.Context, id string) (*gongkai.Item, error) {
	it, err := scanItem(db.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`, id))
	if err != nil {
		return nil, db.noRows(err, "公开事项", id)
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
func (db *Store) Items(ctx context.Context, f gongkai.ItemFilter) ([]*gongkai.Item, error) {
	var args []any
	where := itemWhere(&args, f)
	return db.queryItems(ctx, `SELECT `+itemCols+` FROM items i WHERE `+strings.Join(where, " AND ")+
		` ORDER BY i.id`+db.page(f.Offset, f.Limit), args...)
}

func (db *Store) queryItems(ctx context.Context, q string, args ...any) ([]*gongkai.Item, error) {
	rows, err := db.q().Query(ctx, q, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, it)
	}
	return out, db.mapError(rows.Err())
}

// UpdateItem implements gongkai.ItemStore.
func (db *Store) UpdateItem(ctx context.Context, it *gongkai.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		var body string
		var version int
		var at time.Time
		err := t.q().QueryRow(ctx, `SELECT `+itemCols+` FROM items WHERE id = $1`+t.B.ItemLock(), it.ID).Scan(&body, &version, &at)
		if err != nil {
			return db.noRows(err, "公开事项", it.ID)
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
		n, err := t.B.UpdateItem(ctx, args, before.Version, &c)
		if err != nil {
			return err
		}
		if n != 1 {
			return gongkai.Errorf(gongkai.ECONFLICT, "公开事项 %s 已被他人更新，请刷新后重试", it.ID)
		}
		counts := countDelta{}
		counts.add(before, -1)
		counts.add(&c, 1)
		if err := t.addItemCounts(ctx, counts); err != nil {
			return err
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
func (db *Store) NextIndexNo(ctx context.Context, agencyCode string, year int) (string, error) {
	if _, err := gongkai.NextIndexNo(agencyCode, year, 1); err != nil {
		return "", err
	}
	code := strings.ReplaceAll(agencyCode, "-", "")
	var no string
	err := db.write(ctx, func(t *Store, actor string) error {
		for {
			var seq int
			err := t.q().QueryRow(ctx, `INSERT INTO index_counters (code, year, seq) VALUES ($1, $2, 1)
				ON CONFLICT (code, year) DO UPDATE SET seq = index_counters.seq + 1 RETURNING seq`, code, year).Scan(&seq)
			if err != nil {
				return db.mapError(err)
			}
			if no, err = gongkai.NextIndexNo(code, year, seq); err != nil {
				return err
			}
			var taken int
			if err := t.q().QueryRow(ctx, `SELECT count(*) FROM items WHERE index_no = $1`, no).Scan(&taken); err != nil {
				return db.mapError(err)
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

// SearchItems implements gongkai.ItemStore. A query with words is answered
// by the search index: its words and the filters' tokens select the
// matches, counted there up to gongkai.MaxSearchTotal+1 (ItemMatchCount).
// Up to gongkai.SearchSortMax matches, the page is the newest of them,
// sorted by date; with more (a common word of a province), the matches are
// read a week at a time, newest week first (searchByWeek), which stops
// after the page instead of sorting 100,000 matches (docs/search.md). A
// query without words lists the items the filters select, counted
// exactly.
func (db *Store) SearchItems(ctx context.Context, q gongkai.SearchQuery) (int, []gongkai.SearchHit, error) {
	filters := gongkai.SearchFilterTokens(q)
	var args []any
	join, match := db.B.ItemMatch(&args, q.Q, filters)
	var total int
	var page string // the IDs of the page, newest first
	switch {
	case match == "":
		cond := strings.Join(itemWhere(&args, gongkai.ItemFilter{Agency: q.Agency, Year: q.Year, Topic: q.Topic, Status: gongkai.ItemPublished}), " AND ")
		if err := db.q().QueryRow(ctx, `SELECT count(*) FROM items i WHERE `+cond, args...).Scan(&total); err != nil {
			return 0, nil, db.mapError(err)
		}
		page = `SELECT i.id FROM items i WHERE ` + cond + ` ORDER BY i.published_on DESC, i.id` + db.page(q.Offset, q.Limit)
	default:
		var cargs []any
		if err := db.q().QueryRow(ctx, db.B.ItemMatchCount(&cargs, q.Q, filters, db.maxSearchTotal()+1), cargs...).Scan(&total); err != nil {
			return 0, nil, db.mapError(err)
		}
		if total <= min(gongkai.SearchSortMax, db.maxSearchTotal()) {
			page = `SELECT i.id FROM items i` + join + ` WHERE ` + match + ` ORDER BY i.published_on DESC, i.id` + db.page(q.Offset, q.Limit)
			break
		}
		ids, err := db.searchByWeek(ctx, q, filters)
		if err != nil || len(ids) == 0 {
			return total, nil, err
		}
		args = args[:0]
		page = `SELECT i.id FROM items i WHERE ` + db.inIDs("i.id", &args, ids)
	}
	// Only the page's rows are read whole.
	items, err := db.queryItems(ctx, `SELECT p.body, p.version, p.updated_at FROM items p WHERE p.id IN (`+page+`) ORDER BY p.published_on DESC, p.id`, args...)
	if err != nil {
		return 0, nil, err
	}
	hits := make([]gongkai.SearchHit, len(items))
	for i, it := range items {
		hits[i] = gongkai.ItemHit(it, q.Q)
	}
	return total, hits, nil
}

// searchByWeek returns the IDs of the page q selects among its matches,
// reading them a week at a time from the week of the newest publication
// the filters allow: each week is one query of the index with the week's
// token (gongkai.SearchWeekToken) added, sorted by date within the week;
// the weeks before the page are only counted.
func (db *Store) searchByWeek(ctx context.Context, q gongkai.SearchQuery, filters []string) ([]string, error) {
	hi, err := db.publishedBound(ctx, "max", q)
	if err != nil || hi.IsZero() {
		return nil, err
	}
	lo, err := db.publishedBound(ctx, "min", q)
	if err != nil {
		return nil, err
	}
	skip, need := q.Offset, q.Limit
	if need <= 0 {
		need = db.maxSearchTotal()
	}
	var ids []string
	for w := gongkai.SearchWeek(hi); w >= gongkai.SearchWeek(lo) && need > 0; w-- {
		wf := append(slices.Clip(filters), gongkai.SearchWeekToken(w))
		if skip > 0 {
			var a []any
			var n int
			if err := db.q().QueryRow(ctx, db.B.ItemMatchCount(&a, q.Q, wf, skip+1), a...).Scan(&n); err != nil {
				return nil, db.mapError(err)
			}
			if n <= skip {
				skip -= n
				continue
			}
		}
		var a []any
		join, match := db.B.ItemMatch(&a, q.Q, wf)
		rows, err := db.q().Query(ctx, `SELECT i.id FROM items i`+join+` WHERE `+match+` ORDER BY i.published_on DESC, i.id`+db.page(skip, need), a...)
		if err != nil {
			return nil, db.mapError(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, db.mapError(err)
			}
			ids = append(ids, id)
			need--
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, db.mapError(err)
		}
		skip = 0
	}
	return ids, nil
}

// ReindexVersion is the migration after which the stores re-index every
// published item in Go (the filter tokens of migration 9).
const ReindexVersion = 9

// ReindexItems writes the search tokens (gongkai.ItemTokens) of every
// published item again, a thousand items a transaction, and returns how
// many it wrote. The adapters call it from Migrate when the migrations
// applied include ReindexVersion; it is derived data, so it is not audited.
func (db *Store) ReindexItems(ctx context.Context) (int, error) {
	n, after := 0, ""
	for {
		items, err := db.queryItems(ctx, `SELECT i.body, i.version, i.updated_at FROM items i
			WHERE i.status = $1 AND i.id > $2 ORDER BY i.id`+db.page(0, 1000), string(gongkai.ItemPublished), after)
		if err != nil || len(items) == 0 {
			return n, err
		}
		err = db.inTx(ctx, func(t *Store) error {
			for _, it := range items {
				if err := t.B.ReindexItem(ctx, it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(items)
		after = items[len(items)-1].ID
	}
}

// publishedBound returns the newest (agg "max") or oldest ("min") 发布日期
// of the published items of q's agency and year, the zero date when there
// are none. Each is a query of its own, and the year is a range of dates,
// so that both backends read the one entry at the end of the index in date
// order (items_public, items_agency_public) instead of scanning it.
func (db *Store) publishedBound(ctx context.Context, agg string, q gongkai.SearchQuery) (gongkai.Date, error) {
	var args []any
	conds := []string{"i.status = " + arg(&args, string(gongkai.ItemPublished))}
	if q.Agency != "" {
		conds = append(conds, "i.agency_id = "+arg(&args, q.Agency))
	}
	if q.Year != 0 {
		first, last := yearBounds(q.Year)
		conds = append(conds, "i.published_on >= "+arg(&args, first), "i.published_on <= "+arg(&args, last))
	}
	var d string
	if err := db.q().QueryRow(ctx, `SELECT coalesce(`+agg+`(i.published_on), '') FROM items i WHERE `+strings.Join(conds, " AND "), args...).Scan(&d); err != nil {
		return gongkai.Date{}, db.mapError(err)
	}
	return parseDate(d)
}
