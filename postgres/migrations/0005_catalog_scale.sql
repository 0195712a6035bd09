-- gongkai schema 5 (PostgreSQL): the catalog at a province's scale (1,000,000
-- items, docs/bench/catalog.md). Keep the numbers in step with
-- sqlite/migrations.
--
-- The catalog page (ItemFilter: an agency's published items, maybe a year
-- and an item of 条例第二十条, ordered by ID, 20 at a time) is read in ID
-- order from this index, the year and the item checked in it, so that a page
-- reads its own rows and not all of the agency's.
CREATE INDEX items_catalog ON items (agency_id, status, id, year, article20);

-- Loading: the search index collects new entries in a pending list and
-- merges them into the tree when it is full; a larger list merges less often
-- (measured: 10,000 items into the GIN index in 0.85 s instead of 1.6 s).
-- Autovacuum empties it.
ALTER INDEX items_search SET (gin_pending_list_limit = 65536);

-- lz4 compresses the large values (the item's JSON, its tsvector, the audit
-- entries) at about twice the speed of the default pglz. Only where the
-- server was built with lz4; elsewhere nothing changes.
DO $$
BEGIN
    ALTER TABLE items ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN search SET COMPRESSION lz4;
    ALTER TABLE audit_log ALTER COLUMN before SET COMPRESSION lz4, ALTER COLUMN after SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;
END
$$;
