-- Canary rollouts of rule set versions: the canary version answers its test
-- followers and a stable share of the others while the active version
-- answers everyone else. At most one canary per account.
CREATE TABLE rule_canaries (
    account_id BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version    BIGINT      NOT NULL,
    percent    INTEGER     NOT NULL CHECK (percent BETWEEN 0 AND 100),
    openids    TEXT        NOT NULL DEFAULT '[]',
    author     TEXT        NOT NULL DEFAULT '',
    started_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (account_id, version) REFERENCES rule_sets (account_id, version) ON DELETE CASCADE
);
