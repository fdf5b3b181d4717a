-- The article library: news items (title, digest, cover, link) an account
-- writes once and reuses in replies, broadcasts and menus. Lists page by
-- id, newest first, within one account.

CREATE TABLE articles (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    digest     TEXT    NOT NULL DEFAULT '',
    cover_url  TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    author     TEXT    NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX articles_account ON articles (account_id, id);
