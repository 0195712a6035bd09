-- gongkai schema 11 (SQLite): the catalog's counts, kept as items are
-- written (docs/bench/catalog.md). Keep the numbers in step with
-- postgres/migrations.
--
-- The number of items per agency, status, year, item of 条例第二十条 and
-- topic pair, at four levels (sqlstore/item_counts.go): 0 all of these
-- columns, 1 all but the agency (agency_id ''), 2 without the topics
-- (topic1 and topic2 ''), 3 agency, status and year only (article20 0,
-- topics ''). Every write of items adds to it in its own transaction, so
-- that the portal's facet counts (ItemCounts) and the total of a page
-- (ItemPage) sum a few rows of this table instead of counting the items.
-- A key whose items all left it keeps its row with n = 0; the reads skip
-- such rows.
CREATE TABLE item_counts (
    level     INTEGER NOT NULL,
    agency_id TEXT NOT NULL,
    status    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    article20 INTEGER NOT NULL,
    topic1    TEXT NOT NULL,
    topic2    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (level, agency_id, status, year, article20, topic1, topic2)
) WITHOUT ROWID;
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    SELECT 0, agency_id, status, year, article20, topic1, topic2, count(*) FROM items
    GROUP BY agency_id, status, year, article20, topic1, topic2;
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    SELECT 1, '', status, year, article20, topic1, topic2, count(*) FROM items
    GROUP BY status, year, article20, topic1, topic2;
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    SELECT 2, agency_id, status, year, article20, '', '', count(*) FROM items
    GROUP BY agency_id, status, year, article20;
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    SELECT 3, agency_id, status, year, 0, '', '', count(*) FROM items
    GROUP BY agency_id, status, year;
