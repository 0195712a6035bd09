package sqlstore

import (
	"context"
	"fmt"

	"gongkai"
)

const userCols = `id, login, name, role, COALESCE(agency_id, ''), include_subtree, password_hash, disabled, created_at`

func scanUser(s interface{ Scan(...any) error }) (*gongkai.User, error) {
	var u gongkai.User
	if err := s.Scan(&u.ID, &u.Login, &u.Name, &u.Role, &u.AgencyID, &u.IncludeSubtree, &u.PasswordHash, &u.Disabled, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.CreatedAt = utc(u.CreatedAt)
	return &u, nil
}

// CreateUser implements gongkai.UserStore.
func (db *Store) CreateUser(ctx context.Context, u *gongkai.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if u.AgencyID != "" {
			if _, err := t.Agency(ctx, u.AgencyID); err != nil {
				return err
			}
		}
		if u.CreatedAt.IsZero() {
			u.CreatedAt = t.now()
		}
		u.CreatedAt = utc(u.CreatedAt)
		_, err := t.q().Exec(ctx, `INSERT INTO users (id, login, name, role, agency_id, include_subtree, password_hash, disabled, created_at)
			VALUES ($1, $2, $3, $4, NULLIF($5, ''), $6, $7, $8, $9)`,
			u.ID, u.Login, u.Name, u.Role, u.AgencyID, u.IncludeSubtree, u.PasswordHash, u.Disabled, u.CreatedAt)
		if err != nil {
			return fmt.Errorf("create user %s (%s): %w", u.ID, u.Login, db.mapError(err))
		}
		return t.audit(ctx, actor, "create", gongkai.EntityUser, u.ID, nil, u)
	})
}

// User implements gongkai.UserStore.
func (db *Store) User(ctx context.Context, id string) (*gongkai.User, error) {
	u, err := scanUser(db.q().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, db.noRows(err, "用户", id)
	}
	return u, nil
}

// UserByLogin implements gongkai.UserStore.
func (db *Store) UserByLogin(ctx context.Context, login string) (*gongkai.User, error) {
	u, err := scanUser(db.q().QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE login = $1`, login))
	if err != nil {
		return nil, db.noRows(err, "用户", login)
	}
	return u, nil
}

// Users implements gongkai.UserStore.
func (db *Store) Users(ctx context.Context, f gongkai.UserFilter) ([]*gongkai.User, error) {
	var args []any
	where := "1 = 1"
	if f.Role != "" {
		where += " AND role = " + arg(&args, string(f.Role))
	}
	if f.AgencyID != "" {
		where += " AND agency_id = " + arg(&args, f.AgencyID)
	}
	rows, err := db.q().Query(ctx, `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY login`+db.page(f.Offset, f.Limit), args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, u)
	}
	return out, db.mapError(rows.Err())
}

// UpdateUser implements gongkai.UserStore.
func (db *Store) UpdateUser(ctx context.Context, id string, up gongkai.UserUpdate) (*gongkai.User, error) {
	var out *gongkai.User
	err := db.write(ctx, func(t *Store, actor string) error {
		before, err := t.User(ctx, id)
		if err != nil {
			return err
		}
		u := up.Apply(*before)
		if err := u.Validate(); err != nil {
			return err
		}
		if u.AgencyID != "" && u.AgencyID != before.AgencyID {
			if _, err := t.Agency(ctx, u.AgencyID); err != nil {
				return err
			}
		}
		_, err = t.q().Exec(ctx, `UPDATE users SET name = $2, role = $3, agency_id = NULLIF($4, ''), include_subtree = $5,
			password_hash = $6, disabled = $7 WHERE id = $1`,
			id, u.Name, u.Role, u.AgencyID, u.IncludeSubtree, u.PasswordHash, u.Disabled)
		if err != nil {
			return fmt.Errorf("update user %s: %w", id, db.mapError(err))
		}
		out = &u
		return t.audit(ctx, actor, "update", gongkai.EntityUser, id, before, &u)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
