package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

const apiTokenColumns = `id, user_id, name, prefix, hash, created_at, last_used, expires_at, revoked`

// CreateAPIToken stores a new token (its hash only) and sets t.ID.
func (db *DB) CreateAPIToken(ctx context.Context, t *user.APIToken) error {
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, hash, created_at, last_used,
		expires_at, revoked) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		t.UserID, t.Name, t.Prefix, t.Hash, db.d.ts(t.CreatedAt), db.d.nullTS(t.LastUsed),
		db.d.nullTS(t.ExpiresAt), t.Revoked).Scan(&t.ID)
	if isForeignKey(err) {
		return notFound("user", t.UserID, "用户")
	}
	if isUnique(err) {
		return errs.Errorf(errs.Conflict, "this API token exists already (该 API 令牌已存在)")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create api token for user %d: %w", t.UserID, err)
	}
	return nil
}

// APITokenByHash returns the token with the hash if it is neither revoked
// nor expired at now.
func (db *DB) APITokenByHash(ctx context.Context, hash string, now time.Time) (*user.APIToken, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE hash = $1 AND NOT revoked AND (expires_at IS NULL OR expires_at > $2)`, hash, db.d.ts(now))
	t, err := scanAPIToken(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("api token", "", "API 令牌")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: api token: %w", err)
	}
	return t, nil
}

// ListAPITokens lists the user's tokens, revoked and expired ones included,
// newest first.
func (db *DB) ListAPITokens(ctx context.Context, userID int64) ([]user.APIToken, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list api tokens: %w", err)
	}
	defer rows.Close()
	var out []user.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list api tokens: %w", err)
		}
		out = append(out, *t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list api tokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken revokes the user's token id; errs.NotFound when the user
// has no such token, so nobody can revoke someone else's.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, id int64) error {
	res, err := db.w.ExecContext(ctx, `UPDATE api_tokens SET revoked = $3 WHERE id = $1 AND user_id = $2`,
		id, userID, true)
	if err != nil {
		return fmt.Errorf("sqlstore: revoke api token %d: %w", id, err)
	}
	return mustAffect(res, notFound("api token", id, "API 令牌"))
}

// TouchAPIToken records when the token was last used.
func (db *DB) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE api_tokens SET last_used = $2 WHERE id = $1`, id, db.d.ts(at))
	if err != nil {
		return fmt.Errorf("sqlstore: touch api token %d: %w", id, err)
	}
	return mustAffect(res, notFound("api token", id, "API 令牌"))
}

func scanAPIToken(s scanner) (*user.APIToken, error) {
	var t user.APIToken
	err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, scanTime(&t.CreatedAt), scanTime(&t.LastUsed),
		scanTime(&t.ExpiresAt), &t.Revoked)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
