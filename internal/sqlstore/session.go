package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/user"
)

// CreateSession stores a new session. It also deletes the user's expired
// sessions, so that the table stays about as big as the live ones.
func (db *DB) CreateSession(ctx context.Context, s *user.Session) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at <= $2`,
			s.UserID, db.d.ts(s.CreatedAt)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, last_seen,
			ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, s.ID, s.UserID, s.CSRF,
			db.d.ts(s.CreatedAt), db.d.ts(s.ExpiresAt), db.d.ts(s.LastSeen), s.IP, s.UserAgent)
		return err
	})
	if isForeignKey(err) {
		return notFound("user", s.UserID, "用户")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create session for user %d: %w", s.UserID, err)
	}
	return nil
}

// SessionByID returns the session if it exists and has not expired at now.
func (db *DB) SessionByID(ctx context.Context, id string, now time.Time) (*user.Session, error) {
	var s user.Session
	err := db.r.QueryRowContext(ctx, `SELECT id, user_id, csrf, created_at, expires_at, last_seen, ip, user_agent
		FROM sessions WHERE id = $1 AND expires_at > $2`, id, db.d.ts(now)).
		Scan(&s.ID, &s.UserID, &s.CSRF, scanTime(&s.CreatedAt), scanTime(&s.ExpiresAt), scanTime(&s.LastSeen),
			&s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("session", "", "会话")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: session: %w", err)
	}
	return &s, nil
}

// TouchSession slides the session's expiry forward.
func (db *DB) TouchSession(ctx context.Context, id string, lastSeen, expiresAt time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE sessions SET last_seen = $2, expires_at = $3 WHERE id = $1`,
		id, db.d.ts(lastSeen), db.d.ts(expiresAt))
	if err != nil {
		return fmt.Errorf("sqlstore: touch session: %w", err)
	}
	return mustAffect(res, notFound("session", "", "会话"))
}

// DeleteSession ends one session; deleting one already gone is not an error.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("sqlstore: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of the user (password reset, disable).
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("sqlstore: delete sessions of user %d: %w", userID, err)
	}
	return nil
}
