-- gongkai schema 7 (PostgreSQL): nothing. SQLite's migration 7 adds the
-- index its search reads instead of the items' rows; PostgreSQL filters the
-- matches of the GIN index on the heap and has no such join. The number is
-- kept in step with sqlite/migrations.
SELECT 1;
