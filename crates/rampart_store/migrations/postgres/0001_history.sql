-- One row per recorded scan. The counts are written in the same transaction as the scan's
-- findings, so a scan row whose counts disagree with its occurrences cannot exist.
CREATE TABLE scans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    tool_version TEXT NOT NULL,
    total BIGINT NOT NULL,
    new_count BIGINT NOT NULL,
    resolved_count BIGINT NOT NULL,
    reopened_count BIGINT NOT NULL
);
CREATE INDEX scans_by_scope ON scans (scope, id);

-- The current state of each finding a scope has ever had, keyed by its fingerprint.
CREATE TABLE findings (
    scope TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    title TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    address TEXT NOT NULL,
    file TEXT,
    account TEXT,
    team TEXT,
    status TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    last_scan_id BIGINT NOT NULL,
    resolved_at BIGINT,
    -- a suppression the scanned code itself declares (comment, config, baseline), per scan
    source_suppression TEXT,
    -- a suppression recorded in the store: who, why and until when (NULL: no end)
    suppressed_by TEXT,
    suppressed_reason TEXT,
    suppressed_at BIGINT,
    suppressed_until BIGINT,
    PRIMARY KEY (scope, fingerprint)
);
CREATE INDEX findings_open ON findings (scope, status, last_scan_id);

-- Every change of a finding's state, so history and MTTR can be recomputed from scratch.
CREATE TABLE events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    scan_id BIGINT,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT,
    reason TEXT,
    until_at BIGINT
);
CREATE INDEX events_by_finding ON events (scope, fingerprint, at);

-- Which findings each scan saw, and where (the line moves; the fingerprint does not).
CREATE TABLE occurrences (
    scan_id BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    line BIGINT,
    PRIMARY KEY (scan_id, fingerprint)
);
