-- Broadcasts (issue 4): mass messages and template messages an account
-- initiates. A broadcast's recipients are snapshot when sending starts;
-- each WeChat call is a batch committed as 'sending' before the call, with
-- a deterministic clientmsgid, so that a crashed send resumes without a
-- follower getting it twice or being skipped. Recipient rows with sent_at
-- are also the record of messages we initiated, which the daily cap and
-- the "contacted recently" warning read.

CREATE TABLE broadcasts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    draft          TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'failed', 'cancelled')),
    scheduled_at   INTEGER,
    started_at     INTEGER,
    finished_at    INTEGER,
    created_by     INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    plan           TEXT    NOT NULL DEFAULT '',
    recipients     INTEGER NOT NULL DEFAULT 0,
    skipped_cap    INTEGER NOT NULL DEFAULT 0,
    wx_tag_id      INTEGER NOT NULL DEFAULT 0,
    temp_tag       TEXT    NOT NULL DEFAULT '' CHECK (temp_tag IN ('', 'created', 'deleted')),
    tagged_upto    TEXT    NOT NULL DEFAULT '',
    error          TEXT    NOT NULL DEFAULT '',
    unfollows_24h  INTEGER,
    unfollows_72h  INTEGER
) STRICT;

CREATE INDEX broadcasts_account ON broadcasts (account_id, id);
CREATE INDEX broadcasts_due ON broadcasts (scheduled_at, id) WHERE status IN ('scheduled', 'sending');
CREATE INDEX broadcasts_started ON broadcasts (account_id, started_at) WHERE started_at IS NOT NULL;

CREATE TABLE broadcast_batches (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    batch        INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    clientmsgid  TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'accepted', 'failed')),
    msg_id       INTEGER NOT NULL DEFAULT 0,
    msg_data_id  INTEGER NOT NULL DEFAULT 0,
    error        TEXT    NOT NULL DEFAULT '',
    sent_at      INTEGER,
    job_status   TEXT    NOT NULL DEFAULT '',
    total_count  INTEGER NOT NULL DEFAULT 0,
    filter_count INTEGER NOT NULL DEFAULT 0,
    sent_count   INTEGER NOT NULL DEFAULT 0,
    error_count  INTEGER NOT NULL DEFAULT 0,
    finished_at  INTEGER,
    PRIMARY KEY (broadcast_id, batch)
) STRICT;

CREATE INDEX broadcast_batches_msg ON broadcast_batches (account_id, msg_id) WHERE msg_id <> 0;

CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    openid       TEXT    NOT NULL,
    account_id   INTEGER NOT NULL,
    batch        INTEGER NOT NULL DEFAULT 0,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'accepted', 'delivered', 'failed', 'skipped_cap', 'unknown')),
    error        TEXT    NOT NULL DEFAULT '',
    msg_id       INTEGER NOT NULL DEFAULT 0,
    sent_at      INTEGER,
    PRIMARY KEY (broadcast_id, openid)
) STRICT;

CREATE INDEX broadcast_recipients_batch ON broadcast_recipients (broadcast_id, batch, openid);
CREATE INDEX broadcast_recipients_contact ON broadcast_recipients (account_id, sent_at, openid) WHERE sent_at IS NOT NULL;
CREATE INDEX broadcast_recipients_msg ON broadcast_recipients (account_id, msg_id) WHERE msg_id <> 0;

CREATE TABLE broadcast_settings (
    account_id      INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    daily_cap       INTEGER NOT NULL,
    recent_hours    INTEGER NOT NULL,
    preview_openids TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- Unfollows after a broadcast are read by time, job-finish pushes (whose
-- msg_id is their job's MsgID) by position and by msg_id; these partial
-- indexes hold only those rare events.
CREATE INDEX messages_unsubscribes ON messages (account_id, received_at)
    WHERE kind = 'event' AND event = 'unsubscribe';
CREATE INDEX messages_job_events ON messages (id)
    WHERE kind = 'event' AND event IN ('MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH');
CREATE INDEX messages_job_msg ON messages (account_id, msg_id)
    WHERE kind = 'event' AND event IN ('MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH');
