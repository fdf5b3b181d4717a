-- People who log in, their roles per account, their sessions and API tokens,
-- and the audit log of changes. Booleans are INTEGER 0/1.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    login         TEXT    NOT NULL,
    login_key     TEXT    NOT NULL UNIQUE, -- lower(login): logins are case-insensitive
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    lang          TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

-- account_id 0 grants the role on every account, so it has no foreign key.
CREATE TABLE memberships (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'operator', 'agent', 'viewer')),
    capacity   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, account_id)
) STRICT;

CREATE INDEX memberships_account ON memberships (account_id);

-- id is the SHA-256 of the cookie's secret.
CREATE TABLE sessions (
    id         TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    ip         TEXT    NOT NULL DEFAULT '',
    user_agent TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id, expires_at);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    prefix     TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE, -- SHA-256 hex of the whole token
    created_at INTEGER NOT NULL,
    last_used  INTEGER,
    expires_at INTEGER,
    revoked    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

-- No foreign keys: the log outlives the users and accounts it names.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    user_id    INTEGER NOT NULL DEFAULT 0, -- 0: the system or the CLI
    user_name  TEXT    NOT NULL DEFAULT '',
    account_id INTEGER NOT NULL DEFAULT 0, -- 0: not about one account
    action     TEXT    NOT NULL,
    target     TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT '',
    ip         TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_account ON audit_log (account_id, id DESC);
CREATE INDEX audit_log_user ON audit_log (user_id, id DESC);
