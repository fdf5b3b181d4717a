package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// SaveCanaryRuleSet stores rs as the account's next version, inactive, and
// makes it the canary with c's split, replacing any running canary. It
// sets rs.Version, rs.CreatedAt, c.Version and c.StartedAt.
func (db *DB) SaveCanaryRuleSet(ctx context.Context, rs *autoreply.RuleSet, c *autoreply.Canary) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertRuleSet(ctx, tx, rs, false); err != nil {
			return err
		}
		c.AccountID, c.Version = rs.AccountID, rs.Version
		return db.putCanary(ctx, tx, c, rs.CreatedAt)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: save canary rule set of account %d: %w", rs.AccountID, err)
	}
	return nil
}

// StartRuleCanary makes the stored version c.Version the account's canary,
// replacing any running one, and sets c.StartedAt.
func (db *DB) StartRuleCanary(ctx context.Context, c *autoreply.Canary) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockAccount(ctx, tx, c.AccountID); err != nil {
			return err
		}
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM rule_sets WHERE account_id = $1 AND version = $2`,
			c.AccountID, c.Version).Scan(&active)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("rule set version", c.Version, "规则版本")
		}
		if err != nil {
			return err
		}
		if active {
			return errs.Errorf(errs.Conflict, "version %d is already active; pick another version for the canary (版本 %d 已是生效版本，请选择其他版本灰度)", c.Version, c.Version)
		}
		return db.putCanary(ctx, tx, c, time.Now())
	})
	if err != nil {
		return fmt.Errorf("sqlstore: start canary %d of account %d: %w", c.Version, c.AccountID, err)
	}
	return nil
}

// putCanary writes the account's one canary row.
func (db *DB) putCanary(ctx context.Context, tx *sql.Tx, c *autoreply.Canary, at time.Time) error {
	ids := c.OpenIDs
	if ids == nil {
		ids = []string{}
	}
	body, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("encode test followers: %w", err)
	}
	at = at.UTC().Truncate(time.Millisecond)
	_, err = tx.ExecContext(ctx, `INSERT INTO rule_canaries (account_id, version, percent, openids, author, started_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id) DO UPDATE SET version = excluded.version, percent = excluded.percent,
			openids = excluded.openids, author = excluded.author, started_at = excluded.started_at`,
		c.AccountID, c.Version, c.Percent, string(body), c.Author, db.d.ts(at))
	if err != nil {
		return fmt.Errorf("write canary: %w", err)
	}
	c.StartedAt = at
	return nil
}

// RuleCanary returns the account's running canary; errs.NotFound when none.
func (db *DB) RuleCanary(ctx context.Context, accountID int64) (*autoreply.Canary, error) {
	c := autoreply.Canary{AccountID: accountID}
	var ids string
	err := db.r.QueryRowContext(ctx, `SELECT version, percent, openids, author, started_at
		FROM rule_canaries WHERE account_id = $1`, accountID).
		Scan(&c.Version, &c.Percent, &ids, &c.Author, scanTime(&c.StartedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, noCanary(accountID)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: canary of account %d: %w", accountID, err)
	}
	if err := json.Unmarshal([]byte(ids), &c.OpenIDs); err != nil {
		return nil, fmt.Errorf("sqlstore: canary of account %d: decode test followers: %w", accountID, err)
	}
	return &c, nil
}

// StopRuleCanary ends the account's canary; errs.NotFound when none runs.
func (db *DB) StopRuleCanary(ctx context.Context, accountID int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM rule_canaries WHERE account_id = $1`, accountID)
	if err != nil {
		return fmt.Errorf("sqlstore: stop canary of account %d: %w", accountID, err)
	}
	return mustAffect(res, noCanary(accountID))
}

// PromoteRuleCanary makes the canary's version the active one, ends the
// canary and returns the version; errs.NotFound when none runs.
func (db *DB) PromoteRuleCanary(ctx context.Context, accountID int64) (int64, error) {
	var version int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockAccount(ctx, tx, accountID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT version FROM rule_canaries WHERE account_id = $1`, accountID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return noCanary(accountID)
		}
		if err != nil {
			return err
		}
		if err := deactivateRuleSets(ctx, tx, accountID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE rule_sets SET active = TRUE WHERE account_id = $1 AND version = $2`,
			accountID, version)
		if err != nil {
			return fmt.Errorf("activate: %w", err)
		}
		return endCanary(ctx, tx, accountID)
	})
	if err != nil {
		return 0, fmt.Errorf("sqlstore: promote canary of account %d: %w", accountID, err)
	}
	return version, nil
}

// RuleVersionReplies counts the automatic replies each rule set version
// sent since the given time.
func (db *DB) RuleVersionReplies(ctx context.Context, accountID int64, since time.Time) (map[int64]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT rule_version, COUNT(*) FROM replies
		WHERE account_id = $1 AND created_at >= $2 AND rule_version IS NOT NULL
		GROUP BY rule_version`, accountID, db.d.ts(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: replies by rule version of account %d: %w", accountID, err)
	}
	defer rows.Close()
	out := make(map[int64]int64)
	for rows.Next() {
		var version, n int64
		if err := rows.Scan(&version, &n); err != nil {
			return nil, fmt.Errorf("sqlstore: replies by rule version: %w", err)
		}
		out[version] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: replies by rule version: %w", err)
	}
	return out, nil
}

// endCanary deletes the account's canary, if any: activating a version
// ends the trial.
func endCanary(ctx context.Context, tx *sql.Tx, accountID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM rule_canaries WHERE account_id = $1`, accountID); err != nil {
		return fmt.Errorf("end canary: %w", err)
	}
	return nil
}

func noCanary(accountID int64) error {
	return errs.Errorf(errs.NotFound, "account %d has no rule canary running (该账号没有进行中的规则灰度)", accountID)
}
