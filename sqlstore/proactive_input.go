package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gongkai"
)

const proactiveCols = `agency_id, year, vals, source, version, updated_at, updated_by`

func scanProactive(s interface{ Scan(...any) error }) (*gongkai.ProactiveInput, error) {
	var in gongkai.ProactiveInput
	var vals []byte
	if err := s.Scan(&in.Agency, &in.Year, &vals, &in.Source, &in.Version, &in.UpdatedAt, &in.UpdatedBy); err != nil {
		return nil, err
	}
	in.UpdatedAt = utc(in.UpdatedAt)
	if err := json.Unmarshal(vals, &in.Values); err != nil {
		return nil, fmt.Errorf("proactive inputs %s %d: %w", in.Agency, in.Year, err)
	}
	return &in, nil
}

// PutProactiveInput implements gongkai.ProactiveInputStore.
func (db *Store) PutProactiveInput(ctx context.Context, in *gongkai.ProactiveInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if in.Values == nil {
		in.Values = map[string]float64{}
	}
	vals, err := json.Marshal(in.Values)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if _, err := t.Agency(ctx, in.Agency); err != nil {
			return err
		}
		before, err := t.ProactiveInput(ctx, in.Agency, in.Year)
		if err != nil && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			return err
		}
		cur := 0
		if before != nil {
			cur = before.Version
		}
		if cur != in.Version {
			return gongkai.Errorf(gongkai.ECONFLICT, "%s %d年的表二数据已被他人更新（第%d版，而不是第%d版），请刷新后重试",
				in.Agency, in.Year, cur, in.Version)
		}
		now := t.now()
		if before == nil {
			_, err = t.q().Exec(ctx, `INSERT INTO proactive_inputs (`+proactiveCols+`) VALUES ($1, $2, $3, $4, 1, $5, $6)`,
				in.Agency, in.Year, string(vals), in.Source, now, actor)
			if err != nil {
				return db.mapError(err)
			}
		} else {
			n, err := t.q().Exec(ctx, `UPDATE proactive_inputs SET vals = $3, source = $4, version = version + 1,
				updated_at = $5, updated_by = $6 WHERE agency_id = $1 AND year = $2 AND version = $7`,
				in.Agency, in.Year, string(vals), in.Source, now, actor, cur)
			if err != nil {
				return db.mapError(err)
			}
			if n != 1 {
				return gongkai.Errorf(gongkai.ECONFLICT, "%s %d年的表二数据已被他人更新，请刷新后重试", in.Agency, in.Year)
			}
		}
		in.Version, in.UpdatedAt, in.UpdatedBy = cur+1, now, actor
		action := "create"
		if before != nil {
			action = "update"
		}
		return t.audit(ctx, actor, action, gongkai.EntityProactiveInput, fmt.Sprintf("%s/%d", in.Agency, in.Year), before, in)
	})
}

// ProactiveInput implements gongkai.ProactiveInputStore.
func (db *Store) ProactiveInput(ctx context.Context, agency string, year int) (*gongkai.ProactiveInput, error) {
	in, err := scanProactive(db.q().QueryRow(ctx, `SELECT `+proactiveCols+` FROM proactive_inputs
		WHERE agency_id = $1 AND year = $2`, agency, year))
	if err != nil {
		return nil, db.noRows(err, "表二数据", fmt.Sprintf("%s/%d", agency, year))
	}
	return in, nil
}

// ProactiveInputs implements gongkai.ProactiveInputStore.
func (db *Store) ProactiveInputs(ctx context.Context, f gongkai.ProactiveInputFilter) ([]*gongkai.ProactiveInput, error) {
	var args []any
	where := []string{"1 = 1"}
	if len(f.Agencies) > 0 {
		where = append(where, db.inIDs("agency_id", &args, f.Agencies))
	}
	if f.Year != 0 {
		where = append(where, "year = "+arg(&args, f.Year))
	}
	rows, err := db.q().Query(ctx, `SELECT `+proactiveCols+` FROM proactive_inputs WHERE `+strings.Join(where, " AND ")+
		` ORDER BY agency_id, year`, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.ProactiveInput
	for rows.Next() {
		in, err := scanProactive(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, in)
	}
	return out, db.mapError(rows.Err())
}
