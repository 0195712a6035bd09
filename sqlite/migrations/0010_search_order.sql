-- gongkai schema 10 (SQLite): a search reads its page in the index's own
-- order. Keep the numbers in step with postgres/migrations.
--
-- The rowid of an item in items_fts is no longer items.n but its key in
-- the search order (sqlstore.SearchOrder): the day of its 发布日期 in the
-- high bits and items.n in the low 32 (ftsKey, sqlite/item.go). FTS5 reads
-- a word's matches by rowid, so "the newest 20 of 120,000 matches" stops
-- after 20, and a year is a range of rowids; the week tokens of migration 9
-- and the sorting of up to 2,000 matches are gone. The tokens are split
-- and lower-cased in Go already, so the ascii tokenizer (which keeps every
-- non-ASCII character in the token) replaces unicode61, which classified
-- every character again. The table is rebuilt empty here; Migrate then
-- indexes every published item again in Go (fillSearchIndex,
-- sqlite/reindex.go), a thousand a transaction, recording in search_fill
-- the last items.n done, so that a fill interrupted (a crash, a stop) goes
-- on from there at the next start; the row is deleted when it is done.
DROP TABLE items_fts;
CREATE VIRTUAL TABLE items_fts USING fts5 (tokens, content = '', contentless_delete = 1, tokenize = 'ascii');
-- FTS5 writes its pending index out when it passes 'hashsize' (1 MB by
-- default, a fifth of a batch of 1,000 items); 16 MB keeps a batch in
-- memory until its commit, so that it becomes one segment to merge, not
-- five.
INSERT INTO items_fts (items_fts, rank) VALUES ('hashsize', 16777216);
CREATE TABLE search_fill (after INTEGER NOT NULL);
INSERT INTO search_fill (after) VALUES (-1);

-- The narrow index the search joined its matches to (migration 7): a
-- search no longer joins.
DROP INDEX IF EXISTS items_search_cover;

-- The catalog's lists in the same order: of one day, the item stored
-- later (items.n) first, instead of by ID.
DROP INDEX items_public;
CREATE INDEX items_public ON items (status, published_on, n, agency_id, year, article20, topic1, topic2);
DROP INDEX items_agency_public;
CREATE INDEX items_agency_public ON items (agency_id, status, published_on, n, year, article20, topic1, topic2);
