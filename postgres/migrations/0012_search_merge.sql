-- gongkai schema 12 (PostgreSQL): nothing. Keep the numbers in step with
-- sqlite/migrations, where migration 12 tunes FTS5's merging of the
-- search index; the GIN index here merges its pending list by itself.
SELECT 1;
