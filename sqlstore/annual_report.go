package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"gongkai"
)

const reportCols = `agency_id, year, revision, status, body, version, updated_at, updated_by, checked_at, checked_by, published_at, published_by`

func scanReport(s interface{ Scan(...any) error }) (*gongkai.AnnualReport, error) {
	var r gongkai.AnnualReport
	var body []byte
	if err := s.Scan(&r.Agency, &r.Year, &r.Revision, &r.Status, &body, &r.Version, &r.UpdatedAt, &r.UpdatedBy,
		&r.CheckedAt, &r.CheckedBy, &r.PublishedAt, &r.PublishedBy); err != nil {
		return nil, err
	}
	r.Body = body
	r.UpdatedAt, r.CheckedAt, r.PublishedAt = utc(r.UpdatedAt), utc(r.CheckedAt), utc(r.PublishedAt)
	return &r, nil
}

func reportKey(agency string, year, revision int) string {
	return fmt.Sprintf("%s/%d/%d", agency, year, revision)
}

// CreateAnnualReport implements gongkai.AnnualReportStore.
func (db *Store) CreateAnnualReport(ctx context.Context, r *gongkai.AnnualReport) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return db.write(ctx, func(t *Store, actor string) error {
		if _, err := t.Agency(ctx, r.Agency); err != nil {
			return err
		}
		var latest, open int
		err := t.q().QueryRow(ctx, `SELECT COALESCE(MAX(revision), 0), COALESCE(SUM(CASE WHEN status <> 'published' THEN 1 ELSE 0 END), 0)
			FROM annual_reports WHERE agency_id = $1 AND year = $2`, r.Agency, r.Year).Scan(&latest, &open)
		if err != nil {
			return db.mapError(err)
		}
		if open > 0 {
			return gongkai.Errorf(gongkai.ECONFLICT, "%s %d年度报告已有未发布的修订版", r.Agency, r.Year)
		}
		now := t.now()
		c := gongkai.AnnualReport{Agency: r.Agency, Year: r.Year, Revision: latest + 1, Status: gongkai.ReportDraft,
			Body: r.Body, Version: 1, UpdatedAt: now, UpdatedBy: actor}
		_, err = t.q().Exec(ctx, `INSERT INTO annual_reports (`+reportCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $9, '')`,
			c.Agency, c.Year, c.Revision, c.Status, string(c.Body), c.Version, c.UpdatedAt, c.UpdatedBy, zeroTime)
		if err != nil {
			return fmt.Errorf("create annual report: %w", db.mapError(err))
		}
		*r = c
		return t.audit(ctx, actor, "create", gongkai.EntityAnnualReport, reportKey(c.Agency, c.Year, c.Revision), nil, &c)
	})
}

// AnnualReport implements gongkai.AnnualReportStore.
func (db *Store) AnnualReport(ctx context.Context, agency string, year, revision int) (*gongkai.AnnualReport, error) {
	q := `SELECT ` + reportCols + ` FROM annual_reports WHERE agency_id = $1 AND year = $2 AND revision = $3`
	args := []any{agency, year, revision}
	if revision == 0 {
		q = `SELECT ` + reportCols + ` FROM annual_reports WHERE agency_id = $1 AND year = $2 ORDER BY revision DESC LIMIT 1`
		args = args[:2]
	}
	r, err := scanReport(db.q().QueryRow(ctx, q, args...))
	if err != nil {
		return nil, db.noRows(err, "年度报告", reportKey(agency, year, revision))
	}
	return r, nil
}

// AnnualReports implements gongkai.AnnualReportStore.
func (db *Store) AnnualReports(ctx context.Context, f gongkai.AnnualReportFilter) ([]*gongkai.AnnualReport, error) {
	var args []any
	where := []string{"1 = 1"}
	if len(f.Agencies) > 0 {
		where = append(where, "agency_id IN ("+in(&args, f.Agencies)+")")
	}
	if f.Year != 0 {
		where = append(where, "year = "+arg(&args, f.Year))
	}
	if f.Status != "" {
		where = append(where, "status = "+arg(&args, string(f.Status)))
	}
	rows, err := db.q().Query(ctx, `SELECT `+reportCols+` FROM annual_reports WHERE `+strings.Join(where, " AND ")+
		` ORDER BY agency_id, year, revision`, args...)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []*gongkai.AnnualReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, r)
	}
	return out, db.mapError(rows.Err())
}

// lockReport reads a revision for a change at expected version.
func (t *Store) lockReport(ctx context.Context, agency string, year, revision, expected int) (*gongkai.AnnualReport, error) {
	before, err := t.AnnualReport(ctx, agency, year, revision)
	if err != nil {
		return nil, err
	}
	if before.Status == gongkai.ReportPublished {
		return nil, gongkai.ReportTransition(before.Status, gongkai.ReportDraft)
	}
	if before.Version != expected {
		return nil, gongkai.Errorf(gongkai.ECONFLICT, "%s %d年度报告已被他人更新（第%d版，而不是第%d版），请刷新后重试",
			agency, year, before.Version, expected)
	}
	return before, nil
}

// UpdateAnnualReport implements gongkai.AnnualReportStore.
func (db *Store) UpdateAnnualReport(ctx context.Context, r *gongkai.AnnualReport) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Revision <= 0 {
		return gongkai.Errorf(gongkai.EINVALID, "annual report update without a revision")
	}
	return db.write(ctx, func(t *Store, actor string) error {
		before, err := t.lockReport(ctx, r.Agency, r.Year, r.Revision, r.Version)
		if err != nil {
			return err
		}
		c := *before
		c.Body, c.Status, c.Version, c.UpdatedAt, c.UpdatedBy = r.Body, gongkai.ReportDraft, before.Version+1, t.now(), actor
		c.CheckedAt, c.CheckedBy = zeroTime, ""
		if err := t.saveReport(ctx, &c, before.Version); err != nil {
			return err
		}
		*r = c
		return t.audit(ctx, actor, "update", gongkai.EntityAnnualReport, reportKey(c.Agency, c.Year, c.Revision), before, &c)
	})
}

// SetAnnualReportStatus implements gongkai.AnnualReportStore.
func (db *Store) SetAnnualReportStatus(ctx context.Context, agency string, year, revision, expected int, to gongkai.ReportStatus) (*gongkai.AnnualReport, error) {
	var out *gongkai.AnnualReport
	err := db.write(ctx, func(t *Store, actor string) error {
		before, err := t.lockReport(ctx, agency, year, revision, expected)
		if err != nil {
			return err
		}
		if err := gongkai.ReportTransition(before.Status, to); err != nil {
			return err
		}
		c := *before
		now := t.now()
		c.Status, c.Version = to, before.Version+1
		switch to {
		case gongkai.ReportChecked:
			c.CheckedAt, c.CheckedBy = now, actor
		case gongkai.ReportPublished:
			c.PublishedAt, c.PublishedBy = now, actor
		case gongkai.ReportDraft:
			c.CheckedAt, c.CheckedBy = zeroTime, ""
		}
		if err := t.saveReport(ctx, &c, before.Version); err != nil {
			return err
		}
		out = &c
		return t.audit(ctx, actor, string(to), gongkai.EntityAnnualReport, reportKey(agency, year, revision), before, &c)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (t *Store) saveReport(ctx context.Context, c *gongkai.AnnualReport, expected int) error {
	n, err := t.q().Exec(ctx, `UPDATE annual_reports SET status = $4, body = $5, version = $6, updated_at = $7, updated_by = $8,
		checked_at = $9, checked_by = $10, published_at = $11, published_by = $12
		WHERE agency_id = $1 AND year = $2 AND revision = $3 AND version = $13`,
		c.Agency, c.Year, c.Revision, c.Status, string(c.Body), c.Version, c.UpdatedAt, c.UpdatedBy,
		c.CheckedAt, c.CheckedBy, c.PublishedAt, c.PublishedBy, expected)
	if err != nil {
		return t.mapError(err)
	}
	if n != 1 {
		return gongkai.Errorf(gongkai.ECONFLICT, "%s %d年度报告已被他人更新，请刷新后重试", c.Agency, c.Year)
	}
	return nil
}
