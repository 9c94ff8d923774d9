-- Imported activities (runs, rides, …) from FIT, GPX, TCX and Strava exports.
-- The whole runs::Activity is kept as JSON (lossless); the columns copied out
-- serve ordering and deduplication (fingerprint: same run from two sources).

CREATE TABLE activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT    NOT NULL UNIQUE,
    start_ms    INTEGER NOT NULL,
    sport       TEXT    NOT NULL,
    distance_m  REAL    NOT NULL,
    duration_s  REAL    NOT NULL,
    body        TEXT    NOT NULL
) STRICT;

CREATE INDEX activities_by_start ON activities (start_ms);
