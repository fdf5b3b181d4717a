-- Follower sync (issue 4): one row per account with the progress of its
-- latest sync, so that a sync resumes after a crash; followers remember when
-- the API's list last showed them (synced_at) and when their profile was
-- last fetched (profiled_at).

ALTER TABLE followers ADD COLUMN synced_at INTEGER;
ALTER TABLE followers ADD COLUMN profiled_at INTEGER;

CREATE TABLE follower_syncs (
    account_id     INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    phase          TEXT    NOT NULL CHECK (phase IN ('list', 'profile', 'done')),
    next_openid    TEXT    NOT NULL DEFAULT '',
    profile_cursor TEXT    NOT NULL DEFAULT '',
    total          INTEGER NOT NULL DEFAULT 0,
    listed         INTEGER NOT NULL DEFAULT 0,
    profiled       INTEGER NOT NULL DEFAULT 0,
    unlisted       INTEGER NOT NULL DEFAULT 0,
    calls          INTEGER NOT NULL DEFAULT 0,
    started_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    finished_at    INTEGER,
    error          TEXT    NOT NULL DEFAULT ''
) STRICT;
