package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"gongkai"
)

const appealCols = `id, request_id, agency_id, kind, review_id, filed_on, closed_on, outcome`

func scanAppeal(s interface{ Scan(...any) error }) (*gongkai.Appeal, error) {
	var a gongkai.Appeal
	var filed, closed string
	if err := s.Scan(&a.ID, &a.RequestID, &a.Agency, &a.Kind, &a.ReviewID, &filed, &closed, &a.Outcome); err != nil {
		return nil, err
	}
	var err error
	if a.FiledOn, err = parseDate(filed); err != nil {
		return nil, err
	}
	if a.ClosedOn, err = parseDate(closed); err != nil {
		return nil, err
	}
	return &a, nil
}

// CreateAppeal implements gongkai.AppealStore. The case's Agency defaults to
// the request's.
func (db *Store) CreateAppeal(ctx context.Context, a *gongkai.Appeal) error {
	if err := a.Validate(nil); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		r, err := t.Request(ctx, a.RequestID)
		if err != nil {
			return err
		}
		if a.Agency == "" {
			a.Agency = r.Agency
		}
		if err := a.Validate(r); err != nil {
			return err
		}
		_, err = t.q().Exec(ctx, `INSERT INTO appeals (`+appealCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			a.ID, a.RequestID, a.Agency, a.Kind, a.ReviewID, a.FiledOn.String(), a.ClosedOn.String(), string(a.Outcome))
		if err != nil {
			return fmt.Errorf("create appeal %s: %w", a.ID, db.mapError(err))
		}
		return t.audit(ctx, actor, "create", gongkai.EntityAppeal, a.ID, nil, a)
	})
}

// Appeal implements gongkai.AppealStore.
func (db *Store) Appeal(ctx context.Context, id string) (*gongkai.Appeal, error) {
	a, err := scanAppeal(db.q().QueryRow(ctx, `SELECT `+appealCols+` FROM appeals WHERE id = $1`, id))
	if err != nil {
		return nil, db.noRows(err, "复议诉讼案件", id)
	}
	return a, nil
}

// Appeals implements gongkai.AppealStore.
func (db *Store) Appeals(ctx context.Context, f gongkai.AppealFilter) ([]*gongkai.Appeal, error) {
	var args []any
	where := []string{"1 = 1"}
	if f.RequestID != "" {
		where = append(where, "request_id = "+arg(&args, f.RequestID))
	}
	if len(f.Agencies) > 0 {
		where = append(where, "agency_id IN ("+in(&args, f.Agencies)+")")
	}
	if f.Pending != nil {
		if *f.Pending {
			where = append(where, "closed_on = ''")
		} else {
			where = append(where, "closed_on <> ''")
		}
	}
	if y := f.ActiveInYear; y != 0 {
		where = append(where, fmt.Sprintf("filed_on <= %s AND (closed_on = '' OR closed_on >= %s)",
			arg(&args, fmt.Sprintf("%04d-12-31", y)), arg(&args, fmt.Sprintf("%04d-01-01", y))))
	}
	rows, err := db.q().Query(ctx, `SELECT `+appealCols+` FROM appeals WHERE `+strings.Join(where, " AND ")+
		` ORDER BY id`+db.page(f.Offset, f.Limit), args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.Appeal
	for rows.Next() {
		a, err := scanAppeal(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, a)
	}
	return out, db.mapError(rows.Err())
}

// CloseAppeal implements gongkai.AppealStore.
func (db *Store) CloseAppeal(ctx context.Context, id string, on gongkai.Date, outcome gongkai.AppealOutcome) (*gongkai.Appeal, error) {
	var out *gongkai.Appeal
	err := db.write(ctx, func(t *Store, actor string) error {
		before, err := t.Appeal(ctx, id)
		if err != nil {
			return err
		}
		if !before.ClosedOn.IsZero() {
			return gongkai.Errorf(gongkai.ECONFLICT, "案件 %s 已于 %s 审结", id, before.ClosedOn)
		}
		a := *before
		a.ClosedOn, a.Outcome = on, outcome
		if err := a.Validate(nil); err != nil {
			return err
		}
		n, err := t.q().Exec(ctx, `UPDATE appeals SET closed_on = $2, outcome = $3 WHERE id = $1 AND closed_on = ''`,
			id, on.String(), string(outcome))
		if err != nil {
			return db.mapError(err)
		}
		if n != 1 {
			return gongkai.Errorf(gongkai.ECONFLICT, "案件 %s 已被他人更新，请刷新后重试", id)
		}
		out = &a
		return t.audit(ctx, actor, "close", gongkai.EntityAppeal, id, before, &a)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
