-- gongkai schema 4 (SQLite): the bytes of the catalog's attachments,
-- addressed by their SHA-256. Keep the numbers in step with
-- postgres/migrations. Rows are never updated: a masked attachment is a
-- new file with a new digest.
CREATE TABLE item_files (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    data       BLOB NOT NULL
);
