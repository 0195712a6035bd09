-- gongkai schema 2 (SQLite): what tables 三 and 四 need of a record beside
-- its dates, kept on the row so that RequestTally and AppealTally group
-- without replaying events. Keep the numbers in step with
-- postgres/migrations.
--
-- applicant_type is the applicant record's type (kept in step when the
-- record changes); first_outcome is the outcome of the first closure
-- (RequestProgress.Outcome), '' while never closed.
ALTER TABLE requests ADD COLUMN applicant_type TEXT NOT NULL DEFAULT '';
ALTER TABLE requests ADD COLUMN first_outcome TEXT NOT NULL DEFAULT '';

UPDATE requests SET applicant_type = COALESCE(
    (SELECT ap.type FROM applicants ap WHERE ap.id = requests.applicant_id), '');

-- The backfill repeats, once, the closing kinds of gongkai's closes()
-- (request.go): a decision with its outcome, the two lapses, a withdrawal.
UPDATE requests SET first_outcome = COALESCE((
    SELECT CASE e.kind
        WHEN 'decided' THEN COALESCE(json_extract(e.data, '$.Outcome'), '')
        WHEN 'clarification_lapsed' THEN 'other_no_clarification'
        WHEN 'fee_lapsed' THEN 'other_unpaid_fee'
        ELSE 'other_misc' END
    FROM request_events e
    WHERE e.request_id = requests.id
      AND e.kind IN ('decided', 'clarification_lapsed', 'fee_lapsed', 'withdrawn')
    ORDER BY e.seq LIMIT 1), '')
WHERE closed_on <> '';

-- Covering indexes for the tallies: one range per agency, no table lookup.
DROP INDEX requests_agency;
-- closed_on before received_on: a year's tally reads two ranges per agency
-- (still open; closed from 1 January on), not every request ever received.
CREATE INDEX requests_tally ON requests (agency_id, closed_on, received_on, applicant_type, first_outcome);
DROP INDEX appeals_agency;
CREATE INDEX appeals_tally ON appeals (agency_id, filed_on, closed_on, kind, outcome);
