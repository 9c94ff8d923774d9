-- runstrong SQLite schema, version 3. Append-only: never edit, add 0004_….
--
-- What a session was prescribed when it started: a JSON array of
-- coach::PlannedItem, NULL when unknown (read back as an empty list).
ALTER TABLE sessions ADD COLUMN prescribed TEXT;

-- Files a folder watcher has already imported, so a rescan reads only what
-- is new or changed (same path with another size or modification time).
CREATE TABLE seen_files (
    path           TEXT    NOT NULL PRIMARY KEY,
    size           INTEGER NOT NULL,
    modified_ms    INTEGER NOT NULL,
    imported_at_ms INTEGER NOT NULL
) STRICT;
