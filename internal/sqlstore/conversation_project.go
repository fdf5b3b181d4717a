package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fanbase/fanbase/internal/inbox"
)

// lightMessageColumns are messageColumns without raw, for projectors.
const lightMessageColumns = `id, account_id, openid, kind, msg_type, event, event_key, msg_id, dedupe_key,
	content, create_time, received_at, handoff`

const (
	// observeUpdateSQL applies a user message to the follower's live
	// conversation; a late message (lower id) counts but does not become the last.
	observeUpdateSQL = `UPDATE conversations SET
		last_text = CASE WHEN last_message_id IS NULL OR last_message_id < $3 THEN $5 ELSE last_text END,
		last_message_at = CASE WHEN last_message_id IS NULL OR last_message_id < $3 THEN $4 ELSE last_message_at END,
		last_message_id = CASE WHEN last_message_id IS NULL OR last_message_id < $3 THEN $3 ELSE last_message_id END,
		waiting_since = COALESCE(waiting_since, $4),
		messages = messages + 1
		WHERE account_id = $1 AND openid = $2 AND status <> 'closed'
		RETURNING id`

	observeInsertSQL = `INSERT INTO conversations (account_id, openid, status, opened_at, opened_by_message,
		last_message_id, last_message_at, last_text, waiting_since, messages)
		VALUES ($1, $2, 'open', $3, $4, $4, $3, $5, $3, 1)
		ON CONFLICT (account_id, openid) WHERE status <> 'closed' DO NOTHING
		RETURNING id`

	moveCursorSQL = `INSERT INTO cursors (name, position) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET position = excluded.position
		WHERE cursors.position < excluded.position`
)

// Cursor returns a projector's position; 0 when it has none.
func (db *DB) Cursor(ctx context.Context, name string) (int64, error) {
	var pos int64
	err := db.r.QueryRowContext(ctx, `SELECT position FROM cursors WHERE name = $1`, name).Scan(&pos)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: cursor %s: %w", name, err)
	}
	return pos, nil
}

// MessagesAfter lists messages with id > afterID in id order, without raw,
// up to the analytics horizon: on PostgreSQL ids commit out of order, and a
// projector that moved its cursor past an id still being committed would
// never see that message. The horizon waits for the writers of the moment,
// the same guarantee the analytics projector relies on.
func (db *DB) MessagesAfter(ctx context.Context, afterID int64, limit int) ([]inbox.Message, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	h, err := db.analyticsHorizon(ctx)
	if err != nil {
		return nil, err
	}
	if !h.settled || h.messages <= afterID {
		return nil, nil // writers still in flight, or nothing new: try again later
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+lightMessageColumns+` FROM messages
		WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`, afterID, h.messages, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: messages after %d: %w", afterID, err)
	}
	return collectLightMessages(rows)
}

// MessagesByID returns the messages of ids that exist, in id order, without raw.
func (db *DB) MessagesByID(ctx context.Context, ids []int64) ([]inbox.Message, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	marks, args := make([]string, len(ids)), make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+lightMessageColumns+` FROM messages
		WHERE id IN (`+strings.Join(marks, ", ")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: messages by id: %w", err)
	}
	return collectLightMessages(rows)
}

func collectLightMessages(rows *sql.Rows) ([]inbox.Message, error) {
	defer rows.Close()
	var out []inbox.Message
	for rows.Next() {
		var m inbox.Message
		var kind string
		err := rows.Scan(&m.ID, &m.AccountID, &m.OpenID, &kind, &m.MsgType, &m.Event, &m.EventKey, &m.MsgID,
			&m.DedupeKey, &m.Content, scanTime(&m.CreateTime), scanTime(&m.ReceivedAt), &m.Handoff)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: read message: %w", err)
		}
		m.Kind = inbox.Kind(kind)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read messages: %w", err)
	}
	return out, nil
}

// ApplyObservations applies user messages to conversations in order and
// moves the cursor up to position, in one transaction: a crash leaves both
// as they were, so no message is applied twice or skipped.
func (db *DB) ApplyObservations(ctx context.Context, cursor string, position int64, obs []inbox.Observation) ([]inbox.Touched, error) {
	var touched []inbox.Touched
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		live, err := liveFollowers(ctx, tx, obs)
		if err != nil {
			return err
		}
		seen := map[int64]int{}
		for _, o := range obs {
			key := followerKey{o.AccountID, o.OpenID}
			if !o.Opens && !live[key] {
				continue // no conversation to update and none to open: no statement
			}
			id, opened, err := db.observe(ctx, tx, o, live[key])
			if err != nil {
				return err
			}
			if id == 0 {
				continue
			}
			live[key] = true
			if i, ok := seen[id]; ok {
				touched[i].Opened = touched[i].Opened || opened
				continue
			}
			seen[id] = len(touched)
			touched = append(touched, inbox.Touched{ConversationID: id, AccountID: o.AccountID, Opened: opened})
		}
		if _, err := tx.ExecContext(ctx, moveCursorSQL, cursor, position); err != nil {
			return fmt.Errorf("move cursor %s to %d: %w", cursor, position, err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: apply observations: %w", wrapFK(err))
	}
	return touched, nil
}

type followerKey struct {
	accountID int64
	openID    string
}

// liveChunk bounds the followers looked up in one query.
const liveChunk = 400

// liveFollowers finds which of the observed followers have a live
// conversation, a few queries per batch instead of one per message.
func liveFollowers(ctx context.Context, tx *sql.Tx, obs []inbox.Observation) (map[followerKey]bool, error) {
	byAccount := map[int64][]string{}
	for _, o := range obs {
		byAccount[o.AccountID] = append(byAccount[o.AccountID], o.OpenID)
	}
	live := map[followerKey]bool{}
	for acct, ids := range byAccount {
		slices.Sort(ids)
		ids = slices.Compact(ids)
		for len(ids) > 0 {
			chunk := ids[:min(liveChunk, len(ids))]
			ids = ids[len(chunk):]
			if err := markLive(ctx, tx, acct, chunk, live); err != nil {
				return nil, err
			}
		}
	}
	return live, nil
}

func markLive(ctx context.Context, tx *sql.Tx, acct int64, openIDs []string, live map[followerKey]bool) error {
	marks, args := make([]string, len(openIDs)), []any{acct}
	for i, o := range openIDs {
		marks[i], args = fmt.Sprintf("$%d", i+2), append(args, o)
	}
	rows, err := tx.QueryContext(ctx, `SELECT openid FROM conversations WHERE account_id = $1
		AND openid IN (`+strings.Join(marks, ", ")+`) AND status <> 'closed'`, args...)
	if err != nil {
		return fmt.Errorf("live conversations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return fmt.Errorf("live conversations: %w", err)
		}
		live[followerKey{acct, o}] = true
	}
	return rows.Err()
}

// observe applies one message, trying first what live says will work;
// id is 0 when it touched no conversation.
func (db *DB) observe(ctx context.Context, tx *sql.Tx, o inbox.Observation, live bool) (id int64, opened bool, err error) {
	d := db.d
	update := observeStep{sql: observeUpdateSQL, args: []any{o.AccountID, o.OpenID, o.MessageID, d.ts(o.At), o.Text}}
	insert := observeStep{sql: observeInsertSQL, args: []any{o.AccountID, o.OpenID, d.ts(o.At), o.MessageID, o.Text}, opens: true}
	steps := []observeStep{insert, update} // a conflict: someone reopened one meanwhile
	if live {
		steps = []observeStep{update, insert, update} // closed meanwhile, then reopened
	}
	for _, st := range steps {
		if st.opens && !o.Opens {
			continue
		}
		err = tx.QueryRowContext(ctx, st.sql, st.args...).Scan(&id)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return id, err == nil && st.opens, err
		}
	}
	return 0, false, nil
}

// observeStep is one statement observe may try.
type observeStep struct {
	sql   string
	args  []any
	opens bool
}
