-- Follower sync (issue 4): one row per account with the progress of its
-- latest sync, so that a sync resumes after a crash; followers remember when
-- the API's list last showed them (synced_at) and when their profile was
-- last fetched (profiled_at).

ALTER TABLE followers ADD COLUMN synced_at TIMESTAMPTZ;
ALTER TABLE followers ADD COLUMN profiled_at TIMESTAMPTZ;

CREATE TABLE follower_syncs (
    account_id     BIGINT  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    phase          TEXT    NOT NULL CHECK (phase IN ('list', 'profile', 'done')),
    next_openid    TEXT    NOT NULL DEFAULT '',
    profile_cursor TEXT    NOT NULL DEFAULT '',
    total          BIGINT  NOT NULL DEFAULT 0,
    listed         BIGINT  NOT NULL DEFAULT 0,
    profiled       BIGINT  NOT NULL DEFAULT 0,
    unlisted       BIGINT  NOT NULL DEFAULT 0,
    calls          BIGINT  NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ,
    error          TEXT    NOT NULL DEFAULT ''
);
