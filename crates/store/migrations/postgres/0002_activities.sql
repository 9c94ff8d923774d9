-- Imported activities (runs, rides, …) from FIT, GPX, TCX and Strava exports.
-- The whole runs::Activity is kept as JSON text (lossless); the columns copied
-- out serve ordering and deduplication (fingerprint: same run from two sources).

CREATE TABLE activities (
    id          BIGSERIAL PRIMARY KEY,
    fingerprint TEXT             NOT NULL UNIQUE,
    start_ms    BIGINT           NOT NULL,
    sport       TEXT             NOT NULL,
    distance_m  DOUBLE PRECISION NOT NULL,
    duration_s  DOUBLE PRECISION NOT NULL,
    body        TEXT             NOT NULL
);

CREATE INDEX activities_by_start ON activities (start_ms);
