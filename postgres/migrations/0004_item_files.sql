-- gongkai schema 4 (PostgreSQL): the bytes of the catalog's attachments,
-- addressed by their SHA-256. Keep the numbers in step with
-- sqlite/migrations. Rows are never updated: a masked attachment is a new
-- file with a new digest.
CREATE TABLE item_files (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size       BIGINT NOT NULL,
    data       BYTEA NOT NULL
);
