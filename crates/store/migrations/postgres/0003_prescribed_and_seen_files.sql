-- runstrong PostgreSQL schema, version 3. Append-only: never edit, add 0004_….
--
-- What a session was prescribed when it started: a JSON array of
-- coach::PlannedItem as text (lossless, like the other JSON columns), NULL
-- when unknown (read back as an empty list).
ALTER TABLE sessions ADD COLUMN prescribed TEXT;

-- Files a folder watcher has already imported, so a rescan reads only what
-- is new or changed (same path with another size or modification time).
CREATE TABLE seen_files (
    path           TEXT   NOT NULL PRIMARY KEY,
    size           BIGINT NOT NULL,
    modified_ms    BIGINT NOT NULL,
    imported_at_ms BIGINT NOT NULL
);
