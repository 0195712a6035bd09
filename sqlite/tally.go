package sqlite

import (
	"context"
	"encoding/json"
	"fmt"

	"gongkai"
)

// The tallies pass the agencies as one JSON array (json_each), so that a
// province's 5,000 ids are one bound parameter, and group on the covering
// index requests_tally / appeals_tally (migration 0002).

// qRequestTally counts the requests RequestFilter.ActiveInYear selects ($2
// is 1 January, $3 31 December) by RequestTallyRow's keys. "Not first closed
// before the year" is read as two ranges of requests_tally: the requests
// never closed and those closed from $2 on.
const qRequestTally = `SELECT agency_id, applicant_type,
		received_on < $2,
		closed_on <> '' AND closed_on <= $3,
		CASE WHEN closed_on <> '' AND closed_on <= $3 THEN first_outcome ELSE '' END,
		count(*)
	FROM (
		SELECT agency_id, applicant_type, received_on, closed_on, first_outcome FROM requests
		WHERE agency_id IN (SELECT value FROM json_each($1)) AND closed_on = '' AND received_on <> '' AND received_on <= $3
		UNION ALL
		SELECT agency_id, applicant_type, received_on, closed_on, first_outcome FROM requests
		WHERE agency_id IN (SELECT value FROM json_each($1)) AND closed_on >= $2 AND received_on <> '' AND received_on <= $3
	) r
	GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`

// qAppealTally counts the cases AppealFilter.ActiveInYear selects by
// AppealTallyRow's keys.
const qAppealTally = `SELECT a.agency_id, a.kind,
		a.closed_on <> '' AND a.closed_on <= $3,
		CASE WHEN a.closed_on <> '' AND a.closed_on <= $3 THEN a.outcome ELSE '' END,
		count(*)
	FROM appeals a
	WHERE a.agency_id IN (SELECT value FROM json_each($1))
	  AND a.filed_on <= $3
	  AND (a.closed_on = '' OR a.closed_on >= $2)
	GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`

// inJSON returns "(SELECT value FROM json_each($n))" for vals bound as one
// JSON array, and appends it to args: a subtree's thousands of ids in one
// parameter.
func inJSON(args *[]any, vals []string) string {
	b, _ := json.Marshal(vals) // a []string always encodes
	return "(SELECT value FROM json_each(" + arg(args, string(b)) + "))"
}

// yearBounds returns the ids as a JSON array and the first and last day of
// year as stored dates.
func yearBounds(agencies []string, year int) (string, string, string, error) {
	ids, err := json.Marshal(agencies)
	if err != nil {
		return "", "", "", err
	}
	return string(ids), fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year), nil
}

// RequestTally implements gongkai.TallyStore.
func (db *DB) RequestTally(ctx context.Context, agencies []string, year int) ([]gongkai.RequestTallyRow, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	ids, first, last, err := yearBounds(agencies, year)
	if err != nil {
		return nil, err
	}
	rows, err := db.q().QueryContext(ctx, qRequestTally, ids, first, last)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []gongkai.RequestTallyRow
	for rows.Next() {
		var r gongkai.RequestTallyRow
		if err := rows.Scan(&r.Agency, &r.ApplicantType, &r.ReceivedBefore, &r.ClosedInYear, &r.Outcome, &r.Count); err != nil {
			return nil, mapError(err)
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}

// AppealTally implements gongkai.TallyStore.
func (db *DB) AppealTally(ctx context.Context, agencies []string, year int) ([]gongkai.AppealTallyRow, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	ids, first, last, err := yearBounds(agencies, year)
	if err != nil {
		return nil, err
	}
	rows, err := db.q().QueryContext(ctx, qAppealTally, ids, first, last)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []gongkai.AppealTallyRow
	for rows.Next() {
		var r gongkai.AppealTallyRow
		if err := rows.Scan(&r.Agency, &r.Kind, &r.ClosedInYear, &r.Outcome, &r.Count); err != nil {
			return nil, mapError(err)
		}
		out = append(out, r)
	}
	return out, mapError(rows.Err())
}
