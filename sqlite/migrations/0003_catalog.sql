-- gongkai schema 3 (SQLite): the 政府信息公开目录. Keep the numbers in step
-- with postgres/migrations.
--
-- An item is stored whole as JSON (body) beside the columns the filters
-- use. n is the rowid the search index refers to (an INTEGER PRIMARY KEY,
-- so that VACUUM keeps it). index_no is NULL until a 索引号 is given; the
-- unique index makes a number impossible to store twice.
CREATE TABLE items (
    n            INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    agency_id    TEXT NOT NULL REFERENCES agencies (id),
    index_no     TEXT,
    status       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    published_on TEXT NOT NULL DEFAULT '',
    article20    INTEGER NOT NULL DEFAULT 0,
    topic1       TEXT NOT NULL DEFAULT '',
    topic2       TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    body         TEXT NOT NULL
);
CREATE UNIQUE INDEX items_index_no ON items (index_no);
CREATE INDEX items_agency ON items (agency_id, year);
CREATE INDEX items_published ON items (status, published_on);

-- The last serial number handed out per agency code and year; it only
-- grows, so a 索引号 is never handed out twice.
CREATE TABLE index_counters (
    code TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (code, year)
);

-- The search index of the published items: search.Index of the title and
-- the body's text (bigrams computed in Go, docs/search.md), rowid = items.n.
-- Contentless: the text is in items; contentless_delete lets a withdrawal
-- delete the row by its rowid.
CREATE VIRTUAL TABLE items_fts USING fts5 (tokens, content = '', contentless_delete = 1, tokenize = 'unicode61');
