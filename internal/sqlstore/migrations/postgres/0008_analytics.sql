-- Analytics rollups: counts per account and local day, folded in
-- incrementally from the messages and replies tables by the analytics
-- projector, whose positions live in cursors ('analytics.messages',
-- 'analytics.replies') and move in the same transaction as the counts.
-- A day is a calendar day in the account's time zone (when the rows were
-- folded in), numbered in days since 1970-01-01, so a 90-day dashboard
-- reads a few hundred rows. Rollups outlive message retention: dashboards
-- keep their history after a purge.

CREATE TABLE rollup_days (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day        BIGINT NOT NULL,
    metric     TEXT   NOT NULL, -- subscribe, unsubscribe, message, event, other
    n          BIGINT NOT NULL,
    PRIMARY KEY (account_id, day, metric)
);

-- Interactions (messages and follower-triggered events) per local hour.
CREATE TABLE rollup_hours (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day        BIGINT NOT NULL,
    hour       BIGINT NOT NULL CHECK (hour BETWEEN 0 AND 23),
    n          BIGINT NOT NULL,
    PRIMARY KEY (account_id, day, hour)
);

-- Replies by what sent them: a rule version, an agent, or neither (0).
CREATE TABLE rollup_replies (
    account_id   BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day          BIGINT NOT NULL,
    rule_id      BIGINT NOT NULL,
    rule_version BIGINT NOT NULL,
    agent_id     BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (account_id, day, rule_id, rule_version, agent_id)
);

-- Agent performance reads conversations by first response and by close;
-- these cover those reads without visiting the table.
CREATE INDEX conversations_first_response ON conversations (account_id, first_response_at) INCLUDE (assignee_id, opened_at);
CREATE INDEX conversations_closed_by ON conversations (account_id, closed_at) INCLUDE (closed_by);
