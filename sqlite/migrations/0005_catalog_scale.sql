-- gongkai schema 5 (SQLite): the catalog at a province's scale (1,000,000
-- items, docs/bench/catalog.md). Keep the numbers in step with
-- postgres/migrations.
--
-- The catalog page (ItemFilter: an agency's published items, maybe a year
-- and an item of 条例第二十条, ordered by ID, 20 at a time) is read in ID
-- order from this index, the year and the item checked in it, so that a page
-- reads its own rows and not all of the agency's.
CREATE INDEX items_catalog ON items (agency_id, status, id, year, article20);
