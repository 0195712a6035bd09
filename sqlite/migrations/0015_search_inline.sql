-- gongkai schema 15 (SQLite): nothing. Keep the numbers in step with
-- postgres/migrations, where migration 15 keeps an item's tsvector in its
-- row instead of TOAST; FTS5 keeps its index in tables of its own.
SELECT 1;
