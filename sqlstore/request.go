package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gongkai"
)

// CreateRequest implements gongkai.RequestStore.
func (db *Store) CreateRequest(ctx context.Context, r *gongkai.Request, a *gongkai.ApplicantRecord) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ID != r.Applicant.ID || a.Type != r.Applicant.Type {
		return gongkai.Errorf(gongkai.EINVALID, "request %s: applicant record %s does not match the request's applicant", r.ID, a.ID)
	}
	for i := range r.Events {
		if err := gongkai.ValidateStoredEvent(&r.Events[i]); err != nil {
			return err
		}
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if _, err := t.Agency(ctx, r.Agency); err != nil {
			return err
		}
		if err := t.putApplicant(ctx, actor, a, true); err != nil {
			return err
		}
		p := gongkai.RequestProgress{}.Advance(r.Events...)
		_, err := t.q().Exec(ctx, `INSERT INTO requests (id, agency_id, applicant_id, subject, items, version, received_on, open, closed_on, created_at, applicant_type, first_outcome)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			r.ID, r.Agency, a.ID, r.Subject, r.Items, len(r.Events), p.ReceivedOn.String(), p.Open, p.ClosedOn.String(), t.now(), a.Type, p.Outcome)
		if err != nil {
			return fmt.Errorf("create request %s: %w", r.ID, db.mapError(err))
		}
		if err := t.insertEvents(ctx, r.ID, 0, r.Events); err != nil {
			return err
		}
		r.Applicant.Name = a.Name
		return t.audit(ctx, actor, "create", gongkai.EntityRequest, r.ID, nil, r)
	})
}

// putApplicant inserts a, or updates the stored record when it differs.
func (t *Store) putApplicant(ctx context.Context, actor string, a *gongkai.ApplicantRecord, create bool) error {
	before, err := t.Applicant(ctx, a.ID)
	switch {
	case gongkai.ErrorCode(err) == gongkai.ENOTFOUND && create:
		_, err = t.q().Exec(ctx, `INSERT INTO applicants (id, type, name, id_number, phone, email, address)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.ID, a.Type, a.Name, a.IDNumber, a.Phone, a.Email, a.Address)
		if err != nil {
			return fmt.Errorf("create applicant: %w", t.mapError(err))
		}
		return t.audit(ctx, actor, "create", gongkai.EntityApplicant, a.ID, nil, a)
	case err != nil:
		return err
	case *before == *a:
		return nil
	}
	_, err = t.q().Exec(ctx, `UPDATE applicants SET type = $2, name = $3, id_number = $4, phone = $5, email = $6, address = $7
		WHERE id = $1`, a.ID, a.Type, a.Name, a.IDNumber, a.Phone, a.Email, a.Address)
	if err != nil {
		return fmt.Errorf("update applicant: %w", t.mapError(err))
	}
	if before.Type != a.Type {
		// The table 三 column of the applicant's requests follows the record.
		if _, err := t.q().Exec(ctx, `UPDATE requests SET applicant_type = $2 WHERE applicant_id = $1`, a.ID, a.Type); err != nil {
			return fmt.Errorf("update applicant: %w", t.mapError(err))
		}
	}
	return t.audit(ctx, actor, "update", gongkai.EntityApplicant, a.ID, before, a)
}

func (t *Store) insertEvents(ctx context.Context, id string, from int, events []gongkai.Event) error {
	for i := range events {
		data, err := json.Marshal(&events[i])
		if err != nil {
			return err
		}
		_, err = t.q().Exec(ctx, QInsertEvent,
			id, from+i+1, events[i].Kind, events[i].On.String(), string(data))
		if err != nil {
			return fmt.Errorf("request %s event %d: %w", id, from+i+1, t.mapError(err))
		}
	}
	return nil
}

// AppendEvents implements gongkai.RequestStore.
func (db *Store) AppendEvents(ctx context.Context, id string, expected int, events ...gongkai.Event) (int, error) {
	if len(events) == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "request %s: no events to append", id)
	}
	for i := range events {
		if err := gongkai.ValidateStoredEvent(&events[i]); err != nil {
			return 0, err
		}
	}
	next := expected + len(events)
	received, closed, open, changed := gongkai.ProgressDelta(events...)
	outcome := gongkai.RequestProgress{}.Advance(events...).Outcome
	err := db.write(ctx, func(t *Store, actor string) error {
		n, err := t.q().Exec(ctx, QAppendUpdate, id, expected, next, received.String(), closed.String(), changed, open, outcome)
		if err != nil {
			return db.mapError(err)
		}
		if n == 0 {
			var cur int
			if err := t.q().QueryRow(ctx, `SELECT version FROM requests WHERE id = $1`, id).Scan(&cur); err != nil {
				return db.noRows(err, "申请", id)
			}
			return &gongkai.Error{Code: gongkai.ECONFLICT,
				Message: fmt.Sprintf("申请 %s 已被他人更新（第%d版，而不是第%d版），请刷新后重试", id, cur, expected)}
		}
		if err := t.insertEvents(ctx, id, expected, events); err != nil {
			return err
		}
		return t.audit(ctx, actor, "append", gongkai.EntityRequest, id,
			map[string]int{"version": expected}, map[string]any{"version": next, "events": events})
	})
	if err != nil {
		return 0, err
	}
	return next, nil
}

const requestCols = `r.id, r.agency_id, r.applicant_id, ap.name, ap.type, r.subject, r.items`

// Request implements gongkai.RequestStore.
func (db *Store) Request(ctx context.Context, id string) (*gongkai.Request, error) {
	out, err := db.requests(ctx, "r.id = $1", "", []any{id})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, notFound("申请", id)
	}
	return out[0], nil
}

// Requests implements gongkai.RequestStore.
func (db *Store) Requests(ctx context.Context, f gongkai.RequestFilter) ([]*gongkai.Request, error) {
	var args []any
	var where []string
	if len(f.Agencies) > 0 {
		where = append(where, "r.agency_id IN ("+in(&args, f.Agencies)+")")
	}
	if f.ApplicantID != "" {
		where = append(where, "r.applicant_id = "+arg(&args, f.ApplicantID))
	}
	if f.Year != 0 {
		where = append(where, fmt.Sprintf("r.received_on BETWEEN %s AND %s",
			arg(&args, fmt.Sprintf("%04d-01-01", f.Year)), arg(&args, fmt.Sprintf("%04d-12-31", f.Year))))
	}
	if f.Open != nil {
		where = append(where, "r.open = "+arg(&args, *f.Open))
	}
	if y := f.ActiveInYear; y != 0 {
		where = append(where, fmt.Sprintf("r.received_on <> '' AND r.received_on <= %s AND (r.closed_on = '' OR r.closed_on >= %s)",
			arg(&args, fmt.Sprintf("%04d-12-31", y)), arg(&args, fmt.Sprintf("%04d-01-01", y))))
	}
	if len(where) == 0 {
		where = []string{"1 = 1"}
	}
	return db.requests(ctx, strings.Join(where, " AND "), db.page(f.Offset, f.Limit), args)
}

// requests loads the requests matching where, with their events.
func (db *Store) requests(ctx context.Context, where, paging string, args []any) ([]*gongkai.Request, error) {
	sel := `SELECT r.id FROM requests r WHERE ` + where + ` ORDER BY r.id` + paging
	rows, err := db.q().Query(ctx, `SELECT `+requestCols+` FROM requests r JOIN applicants ap ON ap.id = r.applicant_id
		WHERE r.id IN (`+sel+`) ORDER BY r.id`, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	var out []*gongkai.Request
	byID := map[string]*gongkai.Request{}
	for rows.Next() {
		var r gongkai.Request
		if err := rows.Scan(&r.ID, &r.Agency, &r.Applicant.ID, &r.Applicant.Name, &r.Applicant.Type, &r.Subject, &r.Items); err != nil {
			rows.Close()
			return nil, db.mapError(err)
		}
		out = append(out, &r)
		byID[r.ID] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, db.mapError(err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = db.q().Query(ctx, `SELECT request_id, data FROM request_events WHERE request_id IN (`+sel+`)
		ORDER BY request_id, seq`, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var data []byte
		if err := rows.Scan(&id, &data); err != nil {
			return nil, db.mapError(err)
		}
		var e gongkai.Event
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, fmt.Errorf("request %s: stored event: %w", id, err)
		}
		if r := byID[id]; r != nil {
			r.Events = append(r.Events, e)
		}
	}
	return out, db.mapError(rows.Err())
}

const applicantCols = `id, type, name, id_number, phone, email, address`

// Applicant implements gongkai.RequestStore.
func (db *Store) Applicant(ctx context.Context, id string) (*gongkai.ApplicantRecord, error) {
	var a gongkai.ApplicantRecord
	err := db.q().QueryRow(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id = $1`, id).
		Scan(&a.ID, &a.Type, &a.Name, &a.IDNumber, &a.Phone, &a.Email, &a.Address)
	if err != nil {
		return nil, db.noRows(err, "申请人", id)
	}
	return &a, nil
}

// UpdateApplicant implements gongkai.RequestStore.
func (db *Store) UpdateApplicant(ctx context.Context, a *gongkai.ApplicantRecord) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error { return t.putApplicant(ctx, actor, a, false) })
}

// QAppendUpdate moves a request from version $2 to $3 and applies the
// ProgressDelta of the appended events; $8 is the outcome of their first
// closure, kept when the request was closed before.
const QAppendUpdate = `UPDATE requests SET version = $3,
	received_on = CASE WHEN received_on = '' THEN $4 ELSE received_on END,
	closed_on = CASE WHEN closed_on = '' THEN $5 ELSE closed_on END,
	first_outcome = CASE WHEN closed_on = '' THEN $8 ELSE first_outcome END,
	open = CASE WHEN $6 THEN $7 ELSE open END
	WHERE id = $1 AND version = $2`

// QInsertEvent appends an event to a request; SQLite prepares it once.
const QInsertEvent = `INSERT INTO request_events (request_id, seq, kind, on_date, data) VALUES ($1, $2, $3, $4, $5)`
