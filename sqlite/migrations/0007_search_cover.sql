-- gongkai schema 7 (SQLite): search at a province's scale (docs/bench/catalog.md).
-- Keep the numbers in step with postgres/migrations.
--
-- A search joins every match of items_fts to its item by rowid to filter,
-- count and order them; a common word (教育) matches 100,000 items of a
-- million, and reading each from the table (rows of kilobytes) took 0.66 s
-- for the count alone. This narrow index holds what the search reads of an
-- item, so the join reads it instead (77 ms). SQLite does not pick an index
-- for a rowid lookup by itself: the query names it (INDEXED BY, sqlite/item.go).
CREATE INDEX items_search_cover ON items (n, status, published_on, id, agency_id, year, topic1, topic2);
