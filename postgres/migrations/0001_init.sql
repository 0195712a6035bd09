-- gongkai schema 1 (PostgreSQL). Dates are TEXT 'YYYY-MM-DD' ('' for none),
-- as in the SQLite schema, so the same queries run on both. Keep the numbers
-- in step with sqlite/migrations.

CREATE TABLE agencies (
    id           TEXT PRIMARY KEY,
    parent_id    TEXT REFERENCES agencies (id),
    name         TEXT NOT NULL,
    code         TEXT NOT NULL DEFAULT '',
    report_scope TEXT NOT NULL CHECK (report_scope IN ('own', 'subtree')),
    address      TEXT NOT NULL DEFAULT '',
    hours        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    fax          TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    postal       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX agencies_code ON agencies (code) WHERE code <> '';
CREATE INDEX agencies_parent ON agencies (parent_id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    login           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer')),
    agency_id       TEXT REFERENCES agencies (id),
    include_subtree BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash   TEXT NOT NULL DEFAULT '',
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

-- Personal data, once per applicant (never in the audit log in clear).
CREATE TABLE applicants (
    id        TEXT PRIMARY KEY,
    type      TEXT NOT NULL,
    name      TEXT NOT NULL,
    id_number TEXT NOT NULL DEFAULT '',
    phone     TEXT NOT NULL DEFAULT '',
    email     TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL DEFAULT ''
);

-- A request is its events; version = number of events. received_on, open
-- and closed_on are derived from the events (RequestProgress) for filtering.
CREATE TABLE requests (
    id           TEXT PRIMARY KEY,
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    applicant_id TEXT NOT NULL REFERENCES applicants (id),
    subject      TEXT NOT NULL DEFAULT '',
    items        INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 0,
    received_on  TEXT NOT NULL DEFAULT '',
    open         BOOLEAN NOT NULL DEFAULT FALSE,
    closed_on    TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX requests_agency ON requests (agency_id, received_on);
CREATE INDEX requests_applicant ON requests (applicant_id);

CREATE TABLE request_events (
    request_id TEXT NOT NULL REFERENCES requests (id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    data       JSONB NOT NULL, -- the whole Event
    PRIMARY KEY (request_id, seq)
);

CREATE TABLE appeals (
    id         TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id),
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    kind       TEXT NOT NULL CHECK (kind IN ('review', 'suit_direct', 'suit_after_review')),
    review_id  TEXT NOT NULL DEFAULT '',
    filed_on   TEXT NOT NULL,
    closed_on  TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appeals_request ON appeals (request_id);
CREATE INDEX appeals_agency ON appeals (agency_id, filed_on);

CREATE TABLE proactive_inputs (
    agency_id  TEXT NOT NULL REFERENCES agencies (id),
    year       INTEGER NOT NULL,
    vals       JSONB NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (agency_id, year)
);

CREATE TABLE annual_reports (
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    year         INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'checked', 'published')),
    body         TEXT NOT NULL, -- kept byte for byte (JSONB would reorder keys)
    version      INTEGER NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT NOT NULL,
    checked_at   TIMESTAMPTZ NOT NULL,
    checked_by   TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMPTZ NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency_id, year, revision)
);

-- Refuses any change to a row: the audit log, and a published report.
CREATE FUNCTION gongkai_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END
$$;
CREATE TRIGGER annual_reports_published BEFORE UPDATE OR DELETE ON annual_reports
FOR EACH ROW WHEN (OLD.status = 'published') EXECUTE FUNCTION gongkai_immutable('published annual report');

-- Append-only log of every write.
CREATE TABLE audit_log (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TIMESTAMPTZ NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    JSONB,
    after     JSONB
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION gongkai_immutable('audit_log');
