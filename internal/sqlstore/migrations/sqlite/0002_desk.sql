-- The service desk: conversations opened by pushes the rules did not fully
-- answer, canned replies, notes on followers, agent presence, and cursors
-- for background projectors that follow the messages table.

ALTER TABLE messages ADD COLUMN handoff INTEGER NOT NULL DEFAULT 0;

-- One row per conversation episode: opened by a message, closed by an agent.
-- At most one live (not closed) conversation per follower.
CREATE TABLE conversations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    openid            TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('open', 'assigned', 'closed')),
    assignee_id       INTEGER,
    opened_at         INTEGER NOT NULL,
    opened_by_message INTEGER,
    last_message_id   INTEGER,
    last_message_at   INTEGER NOT NULL,
    last_text         TEXT    NOT NULL DEFAULT '',
    waiting_since     INTEGER,
    first_response_at INTEGER,
    assigned_at       INTEGER,
    closed_at         INTEGER,
    closed_by         INTEGER,
    messages          INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE UNIQUE INDEX conversations_live ON conversations (account_id, openid) WHERE status <> 'closed';
CREATE INDEX conversations_queue ON conversations (account_id, status, waiting_since);
CREATE INDEX conversations_assignee ON conversations (assignee_id, status);
CREATE INDEX conversations_follower ON conversations (account_id, openid, id);
CREATE INDEX conversations_closed ON conversations (account_id, closed_at);

CREATE TABLE canned_replies (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    shortcut   TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, shortcut)
) STRICT;

-- Notes and feedback records agents keep on a follower.
CREATE TABLE follower_notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    openid     TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('note', 'feedback')),
    body       TEXT    NOT NULL,
    author_id  INTEGER,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX follower_notes_follower ON follower_notes (account_id, openid, id);

-- Tags known for a follower (issue 4 syncs them with WeChat).
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    wx_tag_id  INTEGER,
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, name)
) STRICT;

CREATE TABLE follower_tags (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    openid     TEXT    NOT NULL,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, openid, tag_id)
) STRICT;

CREATE INDEX follower_tags_tag ON follower_tags (tag_id);

-- Agents' presence per account: auto-assignment only picks online agents.
CREATE TABLE agent_presence (
    user_id    INTEGER NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status     TEXT    NOT NULL CHECK (status IN ('online', 'away', 'offline')),
    last_seen  INTEGER NOT NULL,
    last_assigned_at INTEGER,
    PRIMARY KEY (user_id, account_id)
) STRICT;

-- Positions of background projectors that follow an append-only table.
CREATE TABLE cursors (
    name     TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
) STRICT;
