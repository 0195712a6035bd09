package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"gongkai"
)

const agencyCols = `id, COALESCE(parent_id, ''), name, code, report_scope, address, hours, phone, fax, email, postal`

func scanAgency(s interface{ Scan(...any) error }) (*gongkai.Agency, error) {
	var a gongkai.Agency
	err := s.Scan(&a.ID, &a.ParentID, &a.Name, &a.Code, &a.ReportScope, &a.Address, &a.Hours, &a.Phone, &a.Fax, &a.Email, &a.Postal)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAgency implements gongkai.AgencyStore.
func (db *Store) CreateAgency(ctx context.Context, a *gongkai.Agency) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if a.ParentID != "" {
			if _, err := t.Agency(ctx, a.ParentID); err != nil {
				return err
			}
		}
		_, err := t.q().Exec(ctx, `INSERT INTO agencies (id, parent_id, name, code, report_scope, address, hours, phone, fax, email, postal)
			VALUES ($1, NULLIF($2, ''), $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			a.ID, a.ParentID, a.Name, a.Code, a.ReportScope, a.Address, a.Hours, a.Phone, a.Fax, a.Email, a.Postal)
		if err != nil {
			return fmt.Errorf("create agency %s: %w", a.ID, db.mapError(err))
		}
		// The agency list changed, and the new agency's catalog has its
		// mark from the start.
		if err := t.addItemCounts(ctx, agencyMarks(a.ID)); err != nil {
			return err
		}
		return t.audit(ctx, actor, "create", gongkai.EntityAgency, a.ID, nil, a)
	})
}

// Agency implements gongkai.AgencyStore.
func (db *Store) Agency(ctx context.Context, id string) (*gongkai.Agency, error) {
	a, err := scanAgency(db.q().QueryRow(ctx, `SELECT `+agencyCols+` FROM agencies WHERE id = $1`, id))
	if err != nil {
		return nil, db.noRows(err, "机关", id)
	}
	return a, nil
}

// Agencies implements gongkai.AgencyStore.
func (db *Store) Agencies(ctx context.Context, f gongkai.AgencyFilter) ([]*gongkai.Agency, error) {
	var args []any
	where := "1 = 1"
	if f.ParentID != nil {
		if *f.ParentID == "" {
			where += " AND parent_id IS NULL"
		} else {
			where += " AND parent_id = " + arg(&args, *f.ParentID)
		}
	}
	if f.Code != "" {
		where += " AND code = " + arg(&args, f.Code)
	}
	return db.agencies(ctx, `SELECT `+agencyCols+` FROM agencies WHERE `+where+` ORDER BY id`+db.page(f.Offset, f.Limit), args...)
}

func (db *Store) agencies(ctx context.Context, query string, args ...any) ([]*gongkai.Agency, error) {
	rows, err := db.q().Query(ctx, query, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, a)
	}
	return out, db.mapError(rows.Err())
}

// UpdateAgency implements gongkai.AgencyStore.
func (db *Store) UpdateAgency(ctx context.Context, id string, u gongkai.AgencyUpdate) (*gongkai.Agency, error) {
	var out *gongkai.Agency
	err := db.write(ctx, func(t *Store, actor string) error {
		before, err := t.Agency(ctx, id)
		if err != nil {
			return err
		}
		a := u.Apply(*before)
		if err := a.Validate(); err != nil {
			return err
		}
		if a.ParentID != before.ParentID && a.ParentID != "" {
			path, err := t.AgencyPath(ctx, a.ParentID)
			if err != nil {
				return err
			}
			if slices.Contains(path, id) {
				return gongkai.Errorf(gongkai.EINVALID, "机关 %s 不能移到它自己的下级 %s 之下", id, a.ParentID)
			}
		}
		_, err = t.q().Exec(ctx, `UPDATE agencies SET parent_id = NULLIF($2, ''), name = $3, code = $4, report_scope = $5,
			address = $6, hours = $7, phone = $8, fax = $9, email = $10, postal = $11 WHERE id = $1`,
			id, a.ParentID, a.Name, a.Code, a.ReportScope, a.Address, a.Hours, a.Phone, a.Fax, a.Email, a.Postal)
		if err != nil {
			return fmt.Errorf("update agency %s: %w", id, db.mapError(err))
		}
		// Its catalog's pages show its name, and the agency list changed.
		if err := t.addItemCounts(ctx, agencyMarks(id)); err != nil {
			return err
		}
		out = &a
		return t.audit(ctx, actor, "update", gongkai.EntityAgency, id, before, &a)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// agencyMarks moves the catalog marks a write of the agency id moves: its
// own and gongkai.AgencyTreeMark.
func agencyMarks(id string) countDelta {
	d := countDelta{}
	d.touch(id)
	d.touch(gongkai.AgencyTreeMark)
	return d
}

// AgencyPath implements gongkai.AgencyStore.
func (db *Store) AgencyPath(ctx context.Context, id string) ([]string, error) {
	var path []string
	for cur := id; cur != ""; {
		if len(path) > 1000 || slices.Contains(path, cur) {
			return nil, fmt.Errorf("agency tree has a cycle at %s", cur)
		}
		var parent string
		err := db.q().QueryRow(ctx, `SELECT COALESCE(parent_id, '') FROM agencies WHERE id = $1`, cur).Scan(&parent)
		if err != nil {
			return nil, db.noRows(err, "机关", cur)
		}
		path = append(path, cur)
		cur = parent
	}
	slices.Reverse(path)
	return path, nil
}

// Subtree implements gongkai.AgencyStore.
func (db *Store) Subtree(ctx context.Context, id string) ([]*gongkai.Agency, error) {
	out, err := db.agencies(ctx, `WITH RECURSIVE t (id, depth) AS (
			SELECT id, 0 FROM agencies WHERE id = $1
			UNION ALL
			SELECT a.id, t.depth + 1 FROM agencies a JOIN t ON a.parent_id = t.id WHERE t.depth < 100
		)
		SELECT `+agencyColsQualified+` FROM agencies a JOIN t ON a.id = t.id ORDER BY t.depth, a.id`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, notFound("机关", id)
	}
	return out, nil
}

const agencyColsQualified = `a.id, COALESCE(a.parent_id, ''), a.name, a.code, a.report_scope, a.address, a.hours, a.phone, a.fax, a.email, a.postal`
