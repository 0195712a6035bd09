-- gongkai schema 8 (SQLite): the public catalog of one agency at a province's scale
-- (1,000,000 items, docs/bench/catalog.md). Keep the numbers in step with
-- postgres/migrations.
--
-- The portal's list (ItemPage) and facets (ItemCounts) of an agency read its
-- published items newest first from this index alone. Without it they went
-- through items_public (status, published_on, …) and so through the published
-- items of every agency: 77 ms for a page and 150 ms for each facet of a small
-- agency on SQLite, against 0.9 ms and 8 ms with it.
CREATE INDEX items_agency_public ON items (agency_id, status, published_on, id, year, article20, topic1, topic2);
