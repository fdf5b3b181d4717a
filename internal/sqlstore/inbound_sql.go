package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The columns the hot path writes, shared by the per-row (SQLite) and
// set-based (PostgreSQL) statements.
const (
	messageInsertCols = `account_id, openid, kind, msg_type, event, event_key, msg_id,
		dedupe_key, content, raw, create_time, received_at, handoff`
	replyInsertCols = `account_id, message_id, openid, channel, msg_type, content, body,
		rule_id, rule_version, agent_id, broadcast_id, campaign_id, status, error, created_at`
	followerInsertCols = `account_id, openid, subscribed, subscribe_scene, qr_scene,
		first_seen_at, subscribed_at, unsubscribed_at, last_message_at, last_interaction, interactions`

	// followerUpsertSQL applies one change to an existing follower. Only a
	// subscribe event carries subscribed_at and only an unsubscribe carries
	// unsubscribed_at, so excluded.* tells which kind of push it was. A
	// follower first seen through any push but unsubscribe is following:
	// WeChat only delivers pushes from followers. A SCAN sets the source
	// channel only when none is known; a QR subscribe always does.
	followerUpsertSQL = ` ON CONFLICT (account_id, openid) DO UPDATE SET
		subscribed = CASE WHEN excluded.subscribed_at IS NOT NULL THEN TRUE
			WHEN excluded.unsubscribed_at IS NOT NULL THEN FALSE ELSE followers.subscribed END,
		subscribe_scene = CASE WHEN excluded.subscribed_at IS NOT NULL THEN excluded.subscribe_scene
			ELSE followers.subscribe_scene END,
		qr_scene = CASE WHEN excluded.qr_scene <> '' AND (excluded.subscribed_at IS NOT NULL OR followers.qr_scene = '')
			THEN excluded.qr_scene ELSE followers.qr_scene END,
		subscribed_at = COALESCE(excluded.subscribed_at, followers.subscribed_at),
		unsubscribed_at = COALESCE(excluded.unsubscribed_at, followers.unsubscribed_at),
		last_message_at = COALESCE(excluded.last_message_at, followers.last_message_at),
		last_interaction = CASE WHEN followers.last_interaction IS NULL
			OR followers.last_interaction < excluded.last_interaction
			THEN excluded.last_interaction ELSE followers.last_interaction END,
		interactions = followers.interactions + 1`
)

// The per-row statements, prepared once on the writer pool and bound to each
// batch's transaction.
const (
	insertMessageSQL = `INSERT INTO messages (` + messageInsertCols + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (account_id, dedupe_key) DO NOTHING RETURNING id`

	insertReplySQL = `INSERT INTO replies (` + replyInsertCols + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`

	upsertFollowerSQL = `INSERT INTO followers (` + followerInsertCols + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $6, 1)` + followerUpsertSQL

	messageIDByKeySQL = `SELECT id FROM messages WHERE account_id = $1 AND dedupe_key = $2`

	// passiveReplySQL finds the answer a retried push must get again.
	passiveReplySQL = `SELECT ` + replyColumns + ` FROM replies
		WHERE message_id = $1 AND channel = 'passive' ORDER BY id LIMIT 1`
)

type inboundStmts struct {
	insertMessage, insertReply, upsertFollower, messageIDByKey, passiveReply *sql.Stmt
}

func prepareInbound(ctx context.Context, pool *sql.DB) (*inboundStmts, error) {
	s := &inboundStmts{}
	for _, p := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&s.insertMessage, insertMessageSQL},
		{&s.insertReply, insertReplySQL},
		{&s.upsertFollower, upsertFollowerSQL},
		{&s.messageIDByKey, messageIDByKeySQL},
		{&s.passiveReply, passiveReplySQL},
	} {
		stmt, err := pool.PrepareContext(ctx, p.query)
		if err != nil {
			_ = s.close()
			return nil, fmt.Errorf("sqlstore: prepare: %w", err)
		}
		*p.dst = stmt
	}
	return s, nil
}

func (s *inboundStmts) close() error {
	var errList []error
	for _, st := range []*sql.Stmt{s.insertMessage, s.insertReply, s.upsertFollower, s.messageIDByKey, s.passiveReply} {
		if st != nil {
			errList = append(errList, st.Close())
		}
	}
	return errors.Join(errList...)
}
