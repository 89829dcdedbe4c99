-- Cluster jobs (issue 12): a job's row and its finished chunks, written by the coordinator before a chunk counts as
-- done, so a restarted coordinator resumes from them. A finished job's chunks are deleted; its row is kept.

CREATE TABLE cluster_jobs (
    job_key TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    cluster TEXT NOT NULL,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    chunk_size INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    chunks_done INTEGER NOT NULL DEFAULT 0,
    resumed INTEGER NOT NULL DEFAULT 0,
    retried INTEGER NOT NULL DEFAULT 0,
    workers INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    detail TEXT
);

CREATE INDEX cluster_jobs_updated ON cluster_jobs (updated_at DESC);

CREATE TABLE cluster_chunks (
    job_key TEXT NOT NULL REFERENCES cluster_jobs (job_key) ON DELETE CASCADE,
    chunk_start INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    result TEXT NOT NULL,
    worker TEXT NOT NULL,
    PRIMARY KEY (job_key, chunk_start)
);
