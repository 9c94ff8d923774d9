-- runstrong SQLite schema, version 1. Append-only: never edit, add 0002_….
-- Dates are ISO 'YYYY-MM-DD' text (sorts as text); instants are Unix milliseconds.

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    date           TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    started_at_ms  INTEGER NOT NULL,
    finished_at_ms INTEGER,
    stage          TEXT,
    rpe            INTEGER,
    felt           TEXT,
    pain           INTEGER,
    note           TEXT,
    UNIQUE (source, started_at_ms)
) STRICT;

CREATE INDEX sessions_by_date ON sessions (date, started_at_ms);

CREATE TABLE sets (
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    exercise        TEXT    NOT NULL,
    reps            INTEGER NOT NULL,
    target_reps     INTEGER NOT NULL,
    side            TEXT,
    hold_s          REAL    NOT NULL,
    tension_s       REAL    NOT NULL,
    completed_at_ms INTEGER NOT NULL,
    UNIQUE (session_id, position)
) STRICT;

-- The whole Assessment as JSON (lossless); date and taken_at_ms are copied
-- out for ordering and for skipping duplicates on import.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    date        TEXT    NOT NULL,
    taken_at_ms INTEGER NOT NULL UNIQUE,
    body        TEXT    NOT NULL
) STRICT;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
