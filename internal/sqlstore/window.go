package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// recentPushes bounds how far back a follower's pushes are searched for a
// window-opening event: the event window lasts a minute, and no follower
// pushes this many times a minute (location reports come every 5 s).
const recentPushes = 64

// windowEventSQL finds the last follow, scan or menu click among the
// follower's most recent pushes (a bounded walk of messages_follower).
var windowEventSQL = func() string {
	marks := make([]string, len(inbox.WindowTriggerEvents))
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(i+3)
	}
	return `SELECT received_at FROM (SELECT kind, event, received_at FROM messages
		WHERE account_id = $1 AND openid = $2 ORDER BY id DESC LIMIT ` + strconv.Itoa(recentPushes) + `) recent
		WHERE kind = 'event' AND event IN (` + strings.Join(marks, ", ") + `)
		ORDER BY received_at DESC LIMIT 1`
}()

// WindowFacts loads what decides a follower's reply window: whether they
// follow, their last message, their last window-opening event, and the
// customer-service messages (not failed) sent to them since since.
func (db *DB) WindowFacts(ctx context.Context, accountID int64, openID string, since time.Time) (inbox.WindowFacts, error) {
	var f inbox.WindowFacts
	err := db.r.QueryRowContext(ctx, `SELECT subscribed, last_message_at FROM followers
		WHERE account_id = $1 AND openid = $2`, accountID, openID).Scan(&f.Subscribed, scanTime(&f.LastMessageAt))
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("sqlstore: window of %s: %w", openID, err)
	}
	f.Known = true
	args := []any{accountID, openID}
	for _, e := range inbox.WindowTriggerEvents {
		args = append(args, e)
	}
	err = db.r.QueryRowContext(ctx, windowEventSQL, args...).Scan(scanTime(&f.LastEventAt))
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("sqlstore: window events of %s: %w", openID, err)
	}
	f.Sends, err = db.customSends(ctx, accountID, openID, since)
	return f, err
}

// customSends lists when customer-service messages that did not fail were
// sent to the follower since since, oldest first.
func (db *DB) customSends(ctx context.Context, accountID int64, openID string, since time.Time) ([]time.Time, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT created_at FROM replies
		WHERE account_id = $1 AND openid = $2 AND created_at >= $3 AND channel = 'custom' AND status <> 'failed'
		ORDER BY created_at`, accountID, openID, db.d.ts(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: sends to %s: %w", openID, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(scanTime(&t)); err != nil {
			return nil, fmt.Errorf("sqlstore: sends to %s: %w", openID, err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: sends to %s: %w", openID, err)
	}
	return out, nil
}
