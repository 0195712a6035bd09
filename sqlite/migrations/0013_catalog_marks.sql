-- gongkai schema 13 (SQLite): every agency starts with a catalog mark.
-- Keep the numbers in step with postgres/migrations.
--
-- The catalog mark of an agency (level 9 of item_counts,
-- sqlstore/item_counts.go) grows in every write of its items; the
-- portal's page cache keeps an agency's catalog pages across the writes
-- that leave its mark alone (web/cache.go), but only for an agency that
-- has one. The agencies of an existing catalog get theirs here, so that
-- their pages are kept from the first write on; a new agency gets one at
-- the first write of one of its items.
INSERT INTO item_counts (level, agency_id, status, year, article20, topic1, topic2, n)
    SELECT 9, id, '', 0, 0, '', '', 1 FROM agencies WHERE true -- (SQLite: an upsert after a SELECT needs a WHERE)
    ON CONFLICT (level, agency_id, status, year, article20, topic1, topic2) DO NOTHING;
