package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

const conversationColumns = `id, account_id, openid, status, assignee_id, opened_at, opened_by_message,
	last_message_id, last_message_at, last_text, waiting_since, first_response_at, assigned_at,
	closed_at, closed_by, messages`

// Conversation returns one conversation by id.
func (db *DB) Conversation(ctx context.Context, id int64) (*inbox.Conversation, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = $1`, id)
	return oneConversation(row, "conversation", id)
}

// LiveConversation returns the follower's open or assigned conversation.
func (db *DB) LiveConversation(ctx context.Context, accountID int64, openID string) (*inbox.Conversation, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM conversations
		WHERE account_id = $1 AND openid = $2 AND status <> 'closed'`, accountID, openID)
	return oneConversation(row, "live conversation of", openID)
}

func oneConversation(row *sql.Row, what string, key any) (*inbox.Conversation, error) {
	c, err := scanConversation(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(what, key, "会话")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s %v: %w", what, key, err)
	}
	return &c, nil
}

// ModifyConversation runs fn on the locked conversation and writes back
// its mutable fields. fn's error is returned as is, with nothing written.
func (db *DB) ModifyConversation(ctx context.Context, id int64, fn func(c *inbox.Conversation) error) (*inbox.Conversation, error) {
	var out inbox.Conversation
	var fnErr error
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		row := tx.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = $1`+db.d.forUpdate, id)
		c, err := scanConversation(row)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("conversation", id, "会话")
		}
		if err != nil {
			return fmt.Errorf("read conversation %d: %w", id, err)
		}
		if fnErr = fn(&c); fnErr != nil {
			return fnErr
		}
		out = c
		return db.writeConversation(ctx, tx, &c)
	})
	switch {
	case fnErr != nil:
		return nil, fnErr
	case err != nil && errs.CodeOf(err) == errs.Internal:
		return nil, fmt.Errorf("sqlstore: modify conversation %d: %w", id, err)
	case err != nil:
		return nil, err
	}
	return &out, nil
}

func (db *DB) writeConversation(ctx context.Context, tx *sql.Tx, c *inbox.Conversation) error {
	d := db.d
	_, err := tx.ExecContext(ctx, `UPDATE conversations SET status = $2, assignee_id = $3,
		last_message_id = $4, last_message_at = $5, last_text = $6, waiting_since = $7,
		first_response_at = $8, assigned_at = $9, closed_at = $10, closed_by = $11, messages = $12
		WHERE id = $1`, c.ID, string(c.Status), nullInt(c.AssigneeID), nullInt(c.LastMessageID),
		d.ts(c.LastMessageAt), c.LastText, d.nullTS(c.WaitingSince), d.nullTS(c.FirstResponseAt),
		d.nullTS(c.AssignedAt), d.nullTS(c.ClosedAt), nullInt(c.ClosedBy), c.Messages)
	if isUnique(err) {
		return errs.Errorf(errs.Conflict, "the follower already has an open conversation; close it first (该粉丝已有进行中的会话，请先关闭)")
	}
	if err != nil {
		return fmt.Errorf("write conversation %d: %w", c.ID, err)
	}
	return nil
}

// AssigneeLoads counts the assigned conversations of each agent of the account.
func (db *DB) AssigneeLoads(ctx context.Context, accountID int64) (map[int64]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT assignee_id, COUNT(*) FROM conversations
		WHERE account_id = $1 AND status = 'assigned' GROUP BY assignee_id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: assignee loads: %w", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id sql.NullInt64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("sqlstore: assignee loads: %w", err)
		}
		out[id.Int64] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: assignee loads: %w", err)
	}
	return out, nil
}

func scanConversation(s scanner) (inbox.Conversation, error) {
	var c inbox.Conversation
	var status string
	var assignee, openedBy, lastMsg, closedBy sql.NullInt64
	err := s.Scan(&c.ID, &c.AccountID, &c.OpenID, &status, &assignee, scanTime(&c.OpenedAt), &openedBy,
		&lastMsg, scanTime(&c.LastMessageAt), &c.LastText, scanTime(&c.WaitingSince), scanTime(&c.FirstResponseAt),
		scanTime(&c.AssignedAt), scanTime(&c.ClosedAt), &closedBy, &c.Messages)
	c.Status = inbox.Status(status)
	c.AssigneeID, c.OpenedByMessage, c.LastMessageID, c.ClosedBy = assignee.Int64, openedBy.Int64, lastMsg.Int64, closedBy.Int64
	return c, err
}
