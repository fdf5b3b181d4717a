package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// maxTimelineReplies bounds the replies of one timeline page (the newest are kept).
const maxTimelineReplies = 2000

// TimelinePage lists limit messages of a follower with id < beforeID (0:
// the newest), newest first, and the replies sent from the oldest of them
// (from the beginning when there is nothing older) up to the message beforeID.
func (db *DB) TimelinePage(ctx context.Context, accountID int64, openID string, beforeID int64, limit int) (inbox.TimelinePage, error) {
	var p inbox.TimelinePage
	msgs, err := db.followerMessages(ctx, accountID, openID, beforeID, limit+1)
	if err != nil {
		return p, err
	}
	if len(msgs) > limit {
		p.More, msgs = true, msgs[:limit]
	}
	p.Messages = msgs
	var lo, hi time.Time
	if p.More {
		lo = msgs[len(msgs)-1].ReceivedAt
	}
	if beforeID > 0 {
		if hi, err = db.messageTime(ctx, accountID, beforeID); err != nil {
			return p, err
		}
	}
	p.Replies, err = db.followerReplies(ctx, accountID, openID, lo, hi)
	return p, err
}

func (db *DB) followerMessages(ctx context.Context, accountID int64, openID string, beforeID int64, limit int) ([]inbox.Message, error) {
	query := `SELECT ` + messageColumns + ` FROM messages WHERE account_id = $1 AND openid = $2`
	args := []any{accountID, openID}
	if beforeID > 0 {
		query += ` AND id < $3`
		args = append(args, beforeID)
	}
	query += ` ORDER BY id DESC LIMIT ` + strconv.Itoa(limit)
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: timeline of %s: %w", openID, err)
	}
	defer rows.Close()
	var out []inbox.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: timeline of %s: %w", openID, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: timeline of %s: %w", openID, err)
	}
	return out, nil
}

func (db *DB) messageTime(ctx context.Context, accountID, id int64) (time.Time, error) {
	var t time.Time
	err := db.r.QueryRowContext(ctx, `SELECT received_at FROM messages WHERE id = $1 AND account_id = $2`, id, accountID).
		Scan(scanTime(&t))
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("message", id, "消息")
	}
	if err != nil {
		return t, fmt.Errorf("sqlstore: message %d: %w", id, err)
	}
	return t, nil
}

// followerReplies lists the replies to a follower in [lo, hi), oldest
// first; a zero bound is open.
func (db *DB) followerReplies(ctx context.Context, accountID int64, openID string, lo, hi time.Time) ([]inbox.Reply, error) {
	query := `SELECT ` + replyColumns + ` FROM replies WHERE account_id = $1 AND openid = $2`
	args := []any{accountID, openID}
	if !lo.IsZero() {
		args = append(args, db.d.ts(lo))
		query += ` AND created_at >= $` + strconv.Itoa(len(args))
	}
	if !hi.IsZero() {
		args = append(args, db.d.ts(hi))
		query += ` AND created_at < $` + strconv.Itoa(len(args))
	}
	query += ` ORDER BY created_at DESC, id DESC LIMIT ` + strconv.Itoa(maxTimelineReplies)
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: replies to %s: %w", openID, err)
	}
	defer rows.Close()
	var out []inbox.Reply
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: replies to %s: %w", openID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: replies to %s: %w", openID, err)
	}
	slices.Reverse(out)
	return out, nil
}
