package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/inbox"
)

// The per-row hot path, for SQLite: statements run in-process, so one
// prepared statement per row costs no round trip.

func (c *committer) insertMessagesRows(msgs []*inbox.Message) ([]bool, error) {
	stmt := c.bound(&c.txs.insertMessage, c.s.insertMessage)
	inserted := make([]bool, len(msgs))
	for k, m := range msgs {
		err := stmt.QueryRowContext(c.ctx, m.AccountID, m.OpenID, string(m.Kind), m.MsgType, m.Event,
			m.EventKey, m.MsgID, m.DedupeKey, m.Content, m.Raw, c.d.nullTS(m.CreateTime), c.d.ts(m.ReceivedAt), m.Handoff).Scan(&m.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("message %s: %w", m.DedupeKey, wrapFK(err))
		}
		inserted[k] = true
	}
	return inserted, nil
}

func (c *committer) insertRepliesRows(replies []*inbox.Reply) error {
	stmt := c.bound(&c.txs.insertReply, c.s.insertReply)
	for _, r := range replies {
		if err := insertReply(c.ctx, stmt, c.d, r); err != nil {
			return fmt.Errorf("reply to message %d: %w", r.MessageID, wrapFK(err))
		}
	}
	return nil
}

func (c *committer) upsertFollowersRows(changes []followerChange) error {
	stmt := c.bound(&c.txs.upsertFollower, c.s.upsertFollower)
	for _, ch := range changes {
		if _, err := stmt.ExecContext(c.ctx, ch.args(c.d)...); err != nil {
			return fmt.Errorf("follower %s: %w", ch.openID, err)
		}
	}
	return nil
}
