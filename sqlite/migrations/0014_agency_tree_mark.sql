-- gongkai schema 14 (SQLite): the catalog mark of the agency tree.
-- Keep the numbers in step with postgres/migrations.
--
-- The row of level 9 whose agency is '' (gongkai.AgencyTreeMark) grows
-- with every agency created or changed (sqlstore/agency.go). The
-- portal's page cache keeps an agency's search page across the writes
-- of other agencies only while it stays put, since the search form lists
-- the agencies (web/cache.go). Without the row no search page is kept;
-- it is made here rather than at the next change of an agency.
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    VALUES (9, '', '', 0, 0, '', '', 1)
    ON CONFLICT (level, agency_id, status, year, article20, topic1, topic2) DO NOTHING;
