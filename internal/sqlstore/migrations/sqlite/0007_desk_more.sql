-- The service desk, continued: per-account desk settings, the indexes the
-- live queue pages through, follower history of replies (the customer file,
-- the reply window's count of sent messages), and the starting position of
-- the conversations projector (now: history before the desk opens nothing).

CREATE TABLE desk_settings (
    account_id       INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    open_on          TEXT    NOT NULL DEFAULT 'handoff' CHECK (open_on IN ('handoff', 'all', 'never')),
    auto_assign      INTEGER NOT NULL DEFAULT 1,
    default_capacity INTEGER NOT NULL DEFAULT 8 CHECK (default_capacity >= 0),
    updated_at       INTEGER NOT NULL
) STRICT;

-- Live conversations by waiting time (the "all open" and "mine" tabs).
CREATE INDEX conversations_live_wait ON conversations (account_id, waiting_since, id) WHERE status <> 'closed';
-- Closed conversations, newest first.
CREATE INDEX conversations_closed_page ON conversations (account_id, closed_at, id) WHERE status = 'closed';

CREATE INDEX replies_follower ON replies (account_id, openid, created_at);

INSERT INTO cursors (name, position)
SELECT 'inbox.conversations', COALESCE(MAX(id), 0) FROM messages WHERE true
ON CONFLICT (name) DO NOTHING;
