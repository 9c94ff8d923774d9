-- runstrong SQLite schema, version 4. Append-only: never edit, add 0005_….
--
-- The answers given before the first set of a day (the pain screen): the
-- whole coach::CheckIn as JSON (lossless); date and taken_at_ms are copied
-- out for reading a day's check-in and for skipping duplicates on import.
CREATE TABLE check_ins (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    date        TEXT    NOT NULL,
    taken_at_ms INTEGER NOT NULL UNIQUE,
    body        TEXT    NOT NULL
) STRICT;

CREATE INDEX check_ins_by_date ON check_ins (date, taken_at_ms);
