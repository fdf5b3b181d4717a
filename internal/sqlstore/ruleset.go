package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
)

const ruleSetColumns = `account_id, version, rules, note, author, created_at`

// SaveRuleSet stores rs as the account's next version (1, 2, 3…), sets
// rs.Version and rs.CreatedAt, and makes it the one active version, ending
// any canary.
func (db *DB) SaveRuleSet(ctx context.Context, rs *autoreply.RuleSet) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertRuleSet(ctx, tx, rs, true); err != nil {
			return err
		}
		return endCanary(ctx, tx, rs.AccountID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: save rule set of account %d: %w", rs.AccountID, err)
	}
	return nil
}

// insertRuleSet locks the account and stores rs as its next version, active
// or not; it sets rs.Version and rs.CreatedAt.
func (db *DB) insertRuleSet(ctx context.Context, tx *sql.Tx, rs *autoreply.RuleSet, active bool) error {
	rules := rs.Rules
	if rules == nil {
		rules = []autoreply.Rule{}
	}
	body, err := json.Marshal(rules)
	if err != nil {
		return fmt.Errorf("encode rules: %w", err)
	}
	if err := db.lockAccount(ctx, tx, rs.AccountID); err != nil {
		return err
	}
	var version int64
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets WHERE account_id = $1`,
		rs.AccountID).Scan(&version)
	if err != nil {
		return fmt.Errorf("next version: %w", err)
	}
	if active {
		if err := deactivateRuleSets(ctx, tx, rs.AccountID); err != nil {
			return err
		}
	}
	created := time.Now().UTC().Truncate(time.Millisecond)
	_, err = tx.ExecContext(ctx, `INSERT INTO rule_sets (account_id, version, rules, rule_count, note, author,
		active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		rs.AccountID, version, string(body), len(rules), rs.Note, rs.Author, active, db.d.ts(created))
	if err != nil {
		return fmt.Errorf("insert version %d: %w", version, err)
	}
	rs.Version, rs.CreatedAt = version, created
	return nil
}

// ActivateRuleSet makes an existing version the active one (rollback).
func (db *DB) ActivateRuleSet(ctx context.Context, accountID, version int64) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockAccount(ctx, tx, accountID); err != nil {
			return err
		}
		if err := deactivateRuleSets(ctx, tx, accountID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE rule_sets SET active = TRUE WHERE account_id = $1 AND version = $2`,
			accountID, version)
		if err != nil {
			return err
		}
		if err := mustAffect(res, notFound("rule set version", version, "规则版本")); err != nil {
			return err
		}
		return endCanary(ctx, tx, accountID)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: activate rule set %d of account %d: %w", version, accountID, err)
	}
	return nil
}

// ActiveRuleSet returns the active version; errs.NotFound when none.
func (db *DB) ActiveRuleSet(ctx context.Context, accountID int64) (*autoreply.RuleSet, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+ruleSetColumns+` FROM rule_sets WHERE account_id = $1 AND active`, accountID)
	rs, err := scanRuleSet(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("active rule set of account", accountID, "生效的规则集")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: active rule set of account %d: %w", accountID, err)
	}
	return rs, nil
}

// RuleSetVersion returns one stored version; errs.NotFound when unknown.
func (db *DB) RuleSetVersion(ctx context.Context, accountID, version int64) (*autoreply.RuleSet, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+ruleSetColumns+` FROM rule_sets
		WHERE account_id = $1 AND version = $2`, accountID, version)
	rs, err := scanRuleSet(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("rule set version", version, "规则版本")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: rule set %d of account %d: %w", version, accountID, err)
	}
	return rs, nil
}

// ListRuleSets summarises an account's versions, newest first, marking the
// active one and the canary.
func (db *DB) ListRuleSets(ctx context.Context, accountID int64) ([]autoreply.VersionInfo, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT s.version, s.rule_count, s.note, s.author, s.active,
		c.version IS NOT NULL, s.created_at
		FROM rule_sets s LEFT JOIN rule_canaries c ON c.account_id = s.account_id AND c.version = s.version
		WHERE s.account_id = $1 ORDER BY s.version DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list rule sets of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []autoreply.VersionInfo
	for rows.Next() {
		var v autoreply.VersionInfo
		err := rows.Scan(&v.Version, &v.Rules, &v.Note, &v.Author, &v.Active, &v.Canary, scanTime(&v.CreatedAt))
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list rule sets: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list rule sets: %w", err)
	}
	return out, nil
}

func deactivateRuleSets(ctx context.Context, tx *sql.Tx, accountID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE rule_sets SET active = FALSE WHERE account_id = $1 AND active`, accountID)
	if err != nil {
		return fmt.Errorf("deactivate: %w", err)
	}
	return nil
}

func scanRuleSet(s scanner) (*autoreply.RuleSet, error) {
	var rs autoreply.RuleSet
	var body string
	err := s.Scan(&rs.AccountID, &rs.Version, &body, &rs.Note, &rs.Author, scanTime(&rs.CreatedAt))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &rs.Rules); err != nil {
		return nil, fmt.Errorf("decode rules of version %d: %w", rs.Version, err)
	}
	return &rs, nil
}
