package sqlstore

import (
	"context"
	"fmt"

	"gongkai"
)

// The tallies pass the agencies as one bound parameter (Backend.IDList: a
// JSON array read by json_each on SQLite, a text[] on PostgreSQL), so that a
// province's 5,000 ids are one parameter, and group on the covering index
// requests_tally / appeals_tally (migration 0002).

// qRequestTally counts the requests RequestFilter.ActiveInYear selects ($2
// is 1 January, $3 31 December) by RequestTallyRow's keys. "Not first closed
// before the year" is read as two ranges of requests_tally: the requests
// never closed and those closed from $2 on. in is the condition on $1.
func qRequestTally(in string) string {
	return `SELECT agency_id, applicant_type,
		received_on < $2,
		closed_on <> '' AND closed_on <= $3,
		CASE WHEN closed_on <> '' AND closed_on <= $3 THEN first_outcome ELSE '' END,
		count(*)
	FROM (
		SELECT agency_id, applicant_type, received_on, closed_on, first_outcome FROM requests
		WHERE agency_id ` + in + ` AND closed_on = '' AND received_on <> '' AND received_on <= $3
		UNION ALL
		SELECT agency_id, applicant_type, received_on, closed_on, first_outcome FROM requests
		WHERE agency_id ` + in + ` AND closed_on >= $2 AND received_on <> '' AND received_on <= $3
	) r
	GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`
}

// qAppealTally counts the cases AppealFilter.ActiveInYear selects by
// AppealTallyRow's keys. in is the condition on $1.
func qAppealTally(in string) string {
	return `SELECT a.agency_id, a.kind,
		a.closed_on <> '' AND a.closed_on <= $3,
		CASE WHEN a.closed_on <> '' AND a.closed_on <= $3 THEN a.outcome ELSE '' END,
		count(*)
	FROM appeals a
	WHERE a.agency_id ` + in + `
	  AND a.filed_on <= $3
	  AND (a.closed_on = '' OR a.closed_on >= $2)
	GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`
}

// yearBounds returns the first and last day of year as stored dates.
func yearBounds(year int) (string, string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
}

// RequestTally implements gongkai.TallyStore.
func (db *Store) RequestTally(ctx context.Context, agencies []string, year int) ([]gongkai.RequestTallyRow, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	first, last := yearBounds(year)
	rows, err := db.q().Query(ctx, qRequestTally(db.B.InIDs("$1")), db.B.IDList(agencies), first, last)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []gongkai.RequestTallyRow
	for rows.Next() {
		var r gongkai.RequestTallyRow
		if err := rows.Scan(&r.Agency, &r.ApplicantType, &r.ReceivedBefore, &r.ClosedInYear, &r.Outcome, &r.Count); err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, r)
	}
	return out, db.mapError(rows.Err())
}

// AppealTally implements gongkai.TallyStore.
func (db *Store) AppealTally(ctx context.Context, agencies []string, year int) ([]gongkai.AppealTallyRow, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	first, last := yearBounds(year)
	rows, err := db.q().Query(ctx, qAppealTally(db.B.InIDs("$1")), db.B.IDList(agencies), first, last)
	if err != nil {
		return nil, db.mapError(err)
	}
	defer rows.Close()
	var out []gongkai.AppealTallyRow
	for rows.Next() {
		var r gongkai.AppealTallyRow
		if err := rows.Scan(&r.Agency, &r.Kind, &r.ClosedInYear, &r.Outcome, &r.Count); err != nil {
			return nil, db.mapError(err)
		}
		out = append(out, r)
	}
	return out, db.mapError(rows.Err())
}
