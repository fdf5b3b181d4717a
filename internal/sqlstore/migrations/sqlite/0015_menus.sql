-- Custom menus: every saved draft is a version (the document is JSON the
-- menu package owns), one row says which version WeChat shows and the
-- menuids of its conditional menus, and the analytics projector rolls up
-- menu clicks (CLICK keys, VIEW URLs) per account-local day.

CREATE TABLE menu_versions (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    document   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, version)
) STRICT;

CREATE TABLE menu_published (
    account_id   INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL, -- 0: unpublished
    menu_ids     TEXT    NOT NULL DEFAULT '[]', -- the conditional menus' WeChat menuids, JSON
    rule_version INTEGER NOT NULL DEFAULT 0,
    published_by INTEGER,
    published_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rollup_menu (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    event      TEXT    NOT NULL, -- CLICK or VIEW
    event_key  TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (account_id, day, event, event_key)
) STRICT;

-- The click rollup follows messages by its own cursor; this partial index
-- holds only menu events, so that cursor reads clicks, not every message.
CREATE INDEX messages_menu_events ON messages (id) WHERE kind = 'event' AND event IN ('CLICK', 'VIEW');
