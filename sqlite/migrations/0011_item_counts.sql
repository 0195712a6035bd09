-- gongkai schema 11 (SQLite): the catalog's counts, kept as items are
-- written (docs/bench/catalog.md). Keep the numbers in step with
-- postgres/migrations.
--
-- The number of items per agency, status, year, item of 条例第二十条 and
-- topic pair. Every write of items adds to it in its own transaction
-- (sqlstore/item_counts.go), so that the portal's facet counts (ItemCounts)
-- and the total of a page (ItemPage) sum a few rows of this table instead
-- of counting the items: at 1,000,000 items the counts of the whole
-- catalog read 1,000,000 index entries, this table a few thousand rows.
-- A key whose items all left it keeps its row with n = 0; the reads
-- ignore such rows.
CREATE TABLE item_counts (
    agency_id TEXT NOT NULL,
    status    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    article20 INTEGER NOT NULL,
    topic1    TEXT NOT NULL,
    topic2    TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (agency_id, status, year, article20, topic1, topic2)
) WITHOUT ROWID;
INSERT INTO item_counts (agency_id, status, year, article20, topic1, topic2, n)
    SELECT agency_id, status, year, article20, topic1, topic2, count(*) FROM items
    GROUP BY agency_id, status, year, article20, topic1, topic2;
