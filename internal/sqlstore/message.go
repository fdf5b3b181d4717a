package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

const (
	messageColumns = `id, account_id, openid, kind, msg_type, event, event_key, msg_id, dedupe_key,
		content, raw, create_time, received_at, handoff`
	replyColumns = `id, account_id, message_id, openid, channel, msg_type, content, body,
		rule_id, rule_version, agent_id, broadcast_id, campaign_id, status, error, created_at`
	// defaultListLimit applies when a caller asks for no limit.
	defaultListLimit = 100
)

// AddReply stores a reply sent outside the passive path (customer-service
// API, broadcasts) and sets r.ID; Channel defaults to custom.
func (db *DB) AddReply(ctx context.Context, r *inbox.Reply) error {
	if r.Channel == "" {
		r.Channel = inbox.ChannelCustom
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	err := insertReply(ctx, db.stmts.insertReply, db.d, r)
	if isForeignKey(err) {
		return notFound("account or message", fmt.Sprintf("%d/%d", r.AccountID, r.MessageID), "账号或消息")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: add reply: %w", err)
	}
	return nil
}

// insertReply runs the reply INSERT on stmt (the writer's, or a batch's).
func insertReply(ctx context.Context, stmt *sql.Stmt, d dialect, r *inbox.Reply) error {
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Millisecond)
	src := r.Source
	return stmt.QueryRowContext(ctx, r.AccountID, nullInt(r.MessageID), r.OpenID, string(r.Channel),
		r.MsgType, r.Content, blob(r.Body), nullInt(src.RuleID), nullInt(src.RuleVersion),
		nullInt(src.AgentID), nullInt(src.BroadcastID), nullInt(src.CampaignID),
		r.Status, r.Error, d.ts(r.CreatedAt)).Scan(&r.ID)
}

// UpdateReplyStatus records the outcome of sending a reply.
func (db *DB) UpdateReplyStatus(ctx context.Context, id int64, status, errMsg string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE replies SET status = $2, error = $3 WHERE id = $1`, id, status, errMsg)
	if err != nil {
		return fmt.Errorf("sqlstore: update reply %d: %w", id, err)
	}
	return mustAffect(res, notFound("reply", id, "回复"))
}

// Counts returns the stored totals of one account.
func (db *DB) Counts(ctx context.Context, accountID int64) (inbox.Counts, error) {
	var c inbox.Counts
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM messages WHERE account_id = $1 AND kind = 'message'),
		(SELECT COUNT(*) FROM messages WHERE account_id = $1 AND kind = 'event'),
		(SELECT COUNT(*) FROM replies WHERE account_id = $1),
		(SELECT COUNT(*) FROM followers WHERE account_id = $1),
		(SELECT COUNT(*) FROM followers WHERE account_id = $1 AND subscribed)`, accountID).
		Scan(&c.Messages, &c.Events, &c.Replies, &c.Followers, &c.Subscribed)
	if err != nil {
		return c, fmt.Errorf("sqlstore: counts of account %d: %w", accountID, err)
	}
	return c, nil
}

// MessagesByFollower lists a follower's messages, newest first.
func (db *DB) MessagesByFollower(ctx context.Context, accountID int64, openID string, limit int) ([]inbox.Message, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE account_id = $1 AND openid = $2 ORDER BY id DESC LIMIT $3`, accountID, openID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: messages of %s: %w", openID, err)
	}
	defer rows.Close()
	var out []inbox.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: messages of %s: %w", openID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: messages of %s: %w", openID, err)
	}
	return out, nil
}

// RepliesByMessage lists the replies to one message in the order sent.
func (db *DB) RepliesByMessage(ctx context.Context, messageID int64) ([]inbox.Reply, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+replyColumns+` FROM replies WHERE message_id = $1 ORDER BY id`, messageID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: replies to %d: %w", messageID, err)
	}
	defer rows.Close()
	var out []inbox.Reply
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: replies to %d: %w", messageID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: replies to %d: %w", messageID, err)
	}
	return out, nil
}

// MessageByDedupeKey finds a stored push by its dedupe key.
func (db *DB) MessageByDedupeKey(ctx context.Context, accountID int64, key string) (*inbox.Message, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE account_id = $1 AND dedupe_key = $2`, accountID, key)
	m, err := scanMessage(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("message", key, "消息")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: message %s: %w", key, err)
	}
	return &m, nil
}

func scanMessage(s scanner) (inbox.Message, error) {
	var m inbox.Message
	var kind string
	err := s.Scan(&m.ID, &m.AccountID, &m.OpenID, &kind, &m.MsgType, &m.Event, &m.EventKey, &m.MsgID,
		&m.DedupeKey, &m.Content, &m.Raw, scanTime(&m.CreateTime), scanTime(&m.ReceivedAt), &m.Handoff)
	m.Kind = inbox.Kind(kind)
	return m, err
}

func scanReply(s scanner) (inbox.Reply, error) {
	var r inbox.Reply
	var channel string
	var msgID, ruleID, ruleVer, agentID, broadcastID, campaignID sql.NullInt64
	err := s.Scan(&r.ID, &r.AccountID, &msgID, &r.OpenID, &channel, &r.MsgType, &r.Content, &r.Body,
		&ruleID, &ruleVer, &agentID, &broadcastID, &campaignID, &r.Status, &r.Error, scanTime(&r.CreatedAt))
	r.Channel, r.MessageID = inbox.Channel(channel), msgID.Int64
	r.Source = inbox.Source{RuleID: ruleID.Int64, RuleVersion: ruleVer.Int64, AgentID: agentID.Int64,
		BroadcastID: broadcastID.Int64, CampaignID: campaignID.Int64}
	return r, err
}
