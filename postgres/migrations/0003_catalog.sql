-- gongkai schema 3 (PostgreSQL): the 政府信息公开目录. Keep the numbers in
-- step with sqlite/migrations.
--
-- An item is stored whole as JSON (body, text: kept byte for byte) beside
-- the columns the filters use. index_no is NULL until a 索引号 is given; the
-- unique index makes a number impossible to store twice. search is
-- to_tsvector('simple', search.Index(title and body text)) while the item
-- is published, NULL otherwise (bigrams computed in Go, docs/search.md).
CREATE TABLE items (
    id           TEXT PRIMARY KEY,
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    index_no     TEXT,
    status       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    published_on TEXT NOT NULL DEFAULT '',
    article20    INTEGER NOT NULL DEFAULT 0,
    topic1       TEXT NOT NULL DEFAULT '',
    topic2       TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    body         TEXT NOT NULL,
    search       TSVECTOR
);
CREATE UNIQUE INDEX items_index_no ON items (index_no);
CREATE INDEX items_agency ON items (agency_id, year);
CREATE INDEX items_published ON items (status, published_on);
CREATE INDEX items_search ON items USING GIN (search);

-- The last serial number handed out per agency code and year; it only
-- grows, so a 索引号 is never handed out twice.
CREATE TABLE index_counters (
    code TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (code, year)
);
