-- Stored runs (PostgreSQL): the same tables and columns as the SQLite schema, with native types
-- (timestamptz, numeric(20,0) for the unsigned 64-bit seed, boolean).

CREATE TABLE catalogs (
    sha256 text NOT NULL PRIMARY KEY,
    catalog_json text NOT NULL
);

CREATE TABLE calibrations (
    sha256 text NOT NULL PRIMARY KEY,
    calibration_json text NOT NULL
);

CREATE TABLE runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,
    status text NOT NULL,
    label text,
    scenario_name text,
    scenario_title text,
    scenario_yaml text,
    scenario_sha256 text,
    options_json text NOT NULL,
    seed numeric(20, 0) CHECK (seed >= 0 AND seed <= 18446744073709551615),
    engine_version text NOT NULL,
    catalog_sha256 text NOT NULL REFERENCES catalogs (sha256),
    calibration_sha256 text NOT NULL REFERENCES calibrations (sha256),
    used_catalog_json text NOT NULL,
    created_at timestamptz NOT NULL,
    started_at timestamptz,
    finished_at timestamptz,
    progress double precision,
    result_json text,
    problems_json text,
    cost_per_clip_usd double precision,
    gross_margin double precision,
    p90_latency_s double precision,
    slo_attainment double precision,
    daily_cost_usd double precision,
    above_wall boolean
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
