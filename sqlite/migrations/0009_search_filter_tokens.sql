-- gongkai schema 9 (SQLite): the search index also holds each published
-- item's filter tokens (search.FilterToken of its agency, year and
-- topics), so that a filtered search is answered by FTS5 alone. The tokens
-- are computed in Go: after this migration the store re-indexes every
-- published item (sqlstore.ReindexItems, called by Migrate). Nothing to do
-- in SQL. Keep the numbers in step with postgres/migrations.
SELECT 1;
