-- Stored runs (SQLite). Times are ISO-8601 UTC text (yyyy-MM-ddTHH:mm:ss.ffffffZ, sortable); the seed is the
-- unsigned 64-bit decimal text (SQLite integers are signed); above_wall is 0/1.

CREATE TABLE catalogs (
    sha256 TEXT NOT NULL PRIMARY KEY,
    catalog_json TEXT NOT NULL
);

CREATE TABLE calibrations (
    sha256 TEXT NOT NULL PRIMARY KEY,
    calibration_json TEXT NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    label TEXT,
    scenario_name TEXT,
    scenario_title TEXT,
    scenario_yaml TEXT,
    scenario_sha256 TEXT,
    options_json TEXT NOT NULL,
    seed TEXT,
    engine_version TEXT NOT NULL,
    catalog_sha256 TEXT NOT NULL REFERENCES catalogs (sha256),
    calibration_sha256 TEXT NOT NULL REFERENCES calibrations (sha256),
    used_catalog_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    progress REAL,
    result_json TEXT,
    problems_json TEXT,
    cost_per_clip_usd REAL,
    gross_margin REAL,
    p90_latency_s REAL,
    slo_attainment REAL,
    daily_cost_usd REAL,
    above_wall INTEGER CHECK (above_wall IN (0, 1))
);

CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_kind ON runs (kind, id DESC);
CREATE INDEX runs_status ON runs (status, id DESC);
CREATE INDEX runs_scenario_sha256 ON runs (scenario_sha256, id DESC);
CREATE INDEX runs_cost_per_clip_usd ON runs (cost_per_clip_usd);
CREATE INDEX runs_gross_margin ON runs (gross_margin);
CREATE INDEX runs_p90_latency_s ON runs (p90_latency_s);
CREATE INDEX runs_slo_attainment ON runs (slo_attainment);
CREATE INDEX runs_daily_cost_usd ON runs (daily_cost_usd);
CREATE INDEX runs_above_wall ON runs (above_wall);
