-- Cluster jobs (issue 12): the same tables as the SQLite schema, with native types.

CREATE TABLE cluster_jobs (
    job_key text NOT NULL PRIMARY KEY,
    kind text NOT NULL,
    cluster text NOT NULL,
    status text NOT NULL,
    total integer NOT NULL,
    chunk_size integer NOT NULL,
    chunks integer NOT NULL,
    chunks_done integer NOT NULL DEFAULT 0,
    resumed integer NOT NULL DEFAULT 0,
    retried integer NOT NULL DEFAULT 0,
    workers integer NOT NULL DEFAULT 0,
    cancel_requested boolean NOT NULL DEFAULT false,
    started_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    finished_at timestamptz,
    detail text
);

CREATE INDEX cluster_jobs_updated ON cluster_jobs (updated_at DESC);

CREATE TABLE cluster_chunks (
    job_key text NOT NULL REFERENCES cluster_jobs (job_key) ON DELETE CASCADE,
    chunk_start integer NOT NULL,
    chunk_count integer NOT NULL,
    result text NOT NULL,
    worker text NOT NULL,
    PRIMARY KEY (job_key, chunk_start)
);
