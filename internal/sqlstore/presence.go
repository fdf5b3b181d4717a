package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// SetPresence records an agent's status on an account (last_assigned_at is kept).
func (db *DB) SetPresence(ctx context.Context, p inbox.Presence) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO agent_presence (user_id, account_id, status, last_seen)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, account_id) DO UPDATE SET status = excluded.status, last_seen = excluded.last_seen`,
		p.UserID, p.AccountID, string(p.Status), db.d.ts(p.LastSeen))
	if isForeignKey(err) {
		return notFound("account", p.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: set presence of user %d: %w", p.UserID, err)
	}
	return nil
}

// TouchPresence moves an agent's last_seen forward; NotFound without a presence row.
func (db *DB) TouchPresence(ctx context.Context, userID, accountID int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE agent_presence SET last_seen = $3
		WHERE user_id = $1 AND account_id = $2`, userID, accountID, db.d.ts(at))
	if err != nil {
		return fmt.Errorf("sqlstore: touch presence of user %d: %w", userID, err)
	}
	return mustAffect(res, notFound("presence of user", userID, "客服状态"))
}

// MarkAssigned records when auto-assignment last gave the agent a conversation.
func (db *DB) MarkAssigned(ctx context.Context, userID, accountID int64, at time.Time) error {
	_, err := db.w.ExecContext(ctx, `UPDATE agent_presence SET last_assigned_at = $3
		WHERE user_id = $1 AND account_id = $2`, userID, accountID, db.d.ts(at))
	if err != nil {
		return fmt.Errorf("sqlstore: mark user %d assigned: %w", userID, err)
	}
	return nil
}

// Presences lists the presence rows of an account's agents.
func (db *DB) Presences(ctx context.Context, accountID int64) ([]inbox.Presence, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT user_id, account_id, status, last_seen, last_assigned_at
		FROM agent_presence WHERE account_id = $1 ORDER BY user_id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: presences of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []inbox.Presence
	for rows.Next() {
		var p inbox.Presence
		var status string
		if err := rows.Scan(&p.UserID, &p.AccountID, &status, scanTime(&p.LastSeen), scanTime(&p.LastAssignedAt)); err != nil {
			return nil, fmt.Errorf("sqlstore: presence: %w", err)
		}
		p.Status = inbox.PresenceStatus(status)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: presences: %w", err)
	}
	return out, nil
}

// OnlineAccounts lists the accounts with an agent online and seen since.
func (db *DB) OnlineAccounts(ctx context.Context, since time.Time) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT account_id FROM agent_presence
		WHERE status = 'online' AND last_seen >= $1 ORDER BY account_id`, db.d.ts(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: online accounts: %w", err)
	}
	return collectIDs(rows)
}

func collectIDs(rows *sql.Rows) ([]int64, error) { return collectColumn[int64](rows, "ids") }

// collectColumn reads a one-column result and closes rows; what names the
// values in errors.
func collectColumn[T any](rows *sql.Rows, what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlstore: read %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read %s: %w", what, err)
	}
	return out, nil
}
