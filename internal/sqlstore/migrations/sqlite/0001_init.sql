-- fanbase schema v1 for SQLite. Times are INTEGER unix milliseconds (UTC);
-- booleans are INTEGER 0/1. STRICT tables refuse values of the wrong type.

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    appid       TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    original_id TEXT    NOT NULL DEFAULT '',
    secret      TEXT    NOT NULL DEFAULT '',
    token       TEXT    NOT NULL DEFAULT '',
    aes_key     TEXT    NOT NULL DEFAULT '',
    type        TEXT    NOT NULL,
    mode        TEXT    NOT NULL,
    api_base    TEXT    NOT NULL DEFAULT '',
    time_zone   TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE followers (
    account_id       INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    openid           TEXT    NOT NULL,
    subscribed       INTEGER NOT NULL DEFAULT 0,
    subscribe_scene  TEXT    NOT NULL DEFAULT '',
    qr_scene         TEXT    NOT NULL DEFAULT '',
    nickname         TEXT    NOT NULL DEFAULT '',
    remark           TEXT    NOT NULL DEFAULT '',
    language         TEXT    NOT NULL DEFAULT '',
    union_id         TEXT    NOT NULL DEFAULT '',
    first_seen_at    INTEGER NOT NULL,
    subscribed_at    INTEGER,
    unsubscribed_at  INTEGER,
    last_message_at  INTEGER,
    last_interaction INTEGER,
    interactions     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, openid)
) STRICT;

CREATE INDEX followers_subscribed ON followers (account_id, subscribed);

-- messages and replies are the hot tables: no AUTOINCREMENT (it costs a
-- sqlite_sequence write per row). Retention purges the oldest rows, so ids
-- are never reused while a newer row exists.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    openid      TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('message', 'event')),
    msg_type    TEXT    NOT NULL DEFAULT '',
    event       TEXT    NOT NULL DEFAULT '',
    event_key   TEXT    NOT NULL DEFAULT '',
    msg_id      INTEGER NOT NULL DEFAULT 0,
    dedupe_key  TEXT    NOT NULL,
    content     TEXT    NOT NULL DEFAULT '',
    raw         BLOB    NOT NULL,
    create_time INTEGER,
    received_at INTEGER NOT NULL,
    UNIQUE (account_id, dedupe_key)
) STRICT;

CREATE INDEX messages_follower ON messages (account_id, openid, id);
CREATE INDEX messages_account_time ON messages (account_id, received_at);

CREATE TABLE replies (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES messages (id) ON DELETE SET NULL,
    openid       TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    msg_type     TEXT    NOT NULL DEFAULT '',
    content      TEXT    NOT NULL DEFAULT '',
    body         BLOB    NOT NULL,
    rule_id      INTEGER,
    rule_version INTEGER,
    agent_id     INTEGER,
    broadcast_id INTEGER,
    campaign_id  INTEGER,
    status       TEXT    NOT NULL DEFAULT '',
    error        TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
) STRICT;

CREATE INDEX replies_message ON replies (message_id);
CREATE INDEX replies_account_time ON replies (account_id, created_at);
CREATE INDEX replies_rule ON replies (account_id, rule_id, rule_version, created_at);

CREATE TABLE rule_sets (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    rules      TEXT    NOT NULL,
    rule_count INTEGER NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    author     TEXT    NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, version)
) STRICT;

-- At most one active version per account.
CREATE UNIQUE INDEX rule_sets_active ON rule_sets (account_id) WHERE active = 1;

CREATE TABLE tokens (
    appid      TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
