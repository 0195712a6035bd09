package sqlstore

import (
	"context"
	"strings"

	"gongkai"
)

// AuditEntries implements gongkai.AuditLog.
func (db *Store) AuditEntries(ctx context.Context, f gongkai.AuditFilter) ([]*gongkai.AuditEntry, error) {
	var args []any
	where := []string{"1 = 1"}
	if f.Entity != "" {
		where = append(where, "entity = "+arg(&args, f.Entity))
	}
	if f.EntityID != "" {
		where = append(where, "entity_id = "+arg(&args, f.EntityID))
	}
	if f.Actor != "" {
		where = append(where, "actor = "+arg(&args, f.Actor))
	}
	if !f.Since.IsZero() {
		where = append(where, "at >= "+arg(&args, f.Since.UTC()))
	}
	if !f.Until.IsZero() {
		where = append(where, "at < "+arg(&args, f.Until.UTC()))
	}
	if f.AfterID > 0 {
		where = append(where, "id > "+arg(&args, f.AfterID))
	}
	rows, err := db.q().Query(ctx, `SELECT id, at, actor, action, entity, entity_id, before, after FROM audit_log
		WHERE `+strings.Join(where, " AND ")+` ORDER BY id`+db.page(0, f.Limit), args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.AuditEntry
	for rows.Next() {
		var e gongkai.AuditEntry
		var before, after []byte
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return nil, db.mapError(err)
		}
		e.At = utc(e.At)
		e.Before, e.After = before, after
		out = append(out, &e)
	}
	return out, db.mapError(rows.Err())
}

// AppendAudit implements gongkai.AuditLog.
func (db *Store) AppendAudit(ctx context.Context, e *gongkai.AuditEntry) error {
	if e.Actor == "" {
		a, err := gongkai.RequireActor(ctx)
		if err != nil {
			return err
		}
		e.Actor = a
	}
	if e.Action == "" || e.Entity == "" {
		return gongkai.Errorf(gongkai.EINVALID, "audit entry without an action or an entity")
	}
	return db.inTx(ctx, func(t *Store) error {
		e.At = t.now()
		return db.mapError(t.q().QueryRow(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			e.At, e.Actor, e.Action, e.Entity, e.EntityID, jsonArg(e.Before), jsonArg(e.After)).Scan(&e.ID))
	})
}

// AuditMark implements gongkai.AuditLog: MAX(id) on the primary key, one
// probe at the end of its index (SQLite: the table's b-tree).
func (db *Store) AuditMark(ctx context.Context) (int64, error) {
	var id int64
	err := db.q().QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&id)
	return id, db.mapError(err)
}
