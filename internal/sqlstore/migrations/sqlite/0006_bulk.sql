-- Bulk answers: the same text sent to many followers through the
-- customer-service API (a cluster of similar questions, or the correction
-- of a wrong reply). One row per recipient, moved pending → sending → sent
-- or failed (or pending → skipped_window) and committed at each step, so
-- that a crashed job resumes without sending anyone twice: a recipient
-- found "sending" after a crash becomes "unknown" for a person to check.

CREATE TABLE bulk_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('cluster', 'remedy')),
    text        TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    created_by  INTEGER,
    status      TEXT    NOT NULL CHECK (status IN ('running', 'done')),
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;

CREATE INDEX bulk_jobs_account ON bulk_jobs (account_id, id);
CREATE INDEX bulk_jobs_running ON bulk_jobs (id) WHERE status = 'running';

CREATE TABLE bulk_recipients (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id          INTEGER NOT NULL REFERENCES bulk_jobs (id) ON DELETE CASCADE,
    openid          TEXT    NOT NULL,
    conversation_id INTEGER,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped_window', 'unknown')),
    error           TEXT    NOT NULL DEFAULT '',
    reply_id        INTEGER,
    updated_at      INTEGER NOT NULL,
    UNIQUE (job_id, openid)
) STRICT;

CREATE INDEX bulk_recipients_status ON bulk_recipients (job_id, status, id);
