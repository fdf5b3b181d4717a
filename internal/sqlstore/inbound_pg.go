package sqlstore

import (
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// The set-based hot path, for PostgreSQL: each step of a batch is one
// statement over arrays (unnest), so a batch costs a handful of round trips
// however many rows it holds, and the statement text never changes (pgx
// prepares it once per connection).
const (
	pgInsertMessagesSQL = `INSERT INTO messages (` + messageInsertCols + `)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::bigint[], $8::text[], $9::text[], $10::bytea[], $11::timestamptz[], $12::timestamptz[], $13::boolean[])
		ON CONFLICT (account_id, dedupe_key) DO NOTHING
		RETURNING id, account_id, dedupe_key`

	pgInsertRepliesSQL = `INSERT INTO replies (` + replyInsertCols + `)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
			$7::bytea[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
			$13::text[], $14::text[], $15::timestamptz[])
		RETURNING id, message_id`

	pgUpsertFollowersSQL = `INSERT INTO followers (` + followerInsertCols + `)
		SELECT a, o, s, ss, q, t, sa, ua, ma, t, 1
		FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::timestamptz[],
			$7::timestamptz[], $8::timestamptz[], $9::timestamptz[]) AS u (a, o, s, ss, q, t, sa, ua, ma)` +
		followerUpsertSQL
)

func pgTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// pgNullTime is a NULL array element for the zero time.
func pgNullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := pgTime(t)
	return &v
}

// pgNullInt is a NULL array element for 0.
func pgNullInt(v int64) *int64 {
	if v == 0 {
		return nil
	}
	return &v
}

// insertMessagesPG inserts msgs (sorted by dedupe key) in one statement and
// reports which were new; the others are already stored.
func (c *committer) insertMessagesPG(msgs []*inbox.Message) ([]bool, error) {
	n := len(msgs)
	acct, msgID := make([]int64, n), make([]int64, n)
	openID, kind, typ, event, eventKey := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	key, content, raw := make([]string, n), make([]string, n), make([][]byte, n)
	created, received := make([]*time.Time, n), make([]time.Time, n)
	handoff := make([]bool, n)
	index := make(map[batchKey]int, n)
	for k, m := range msgs {
		acct[k], openID[k], kind[k], typ[k], event[k], eventKey[k] = m.AccountID, m.OpenID, string(m.Kind), m.MsgType, m.Event, m.EventKey
		msgID[k], key[k], content[k], raw[k] = m.MsgID, m.DedupeKey, m.Content, m.Raw
		created[k], received[k], handoff[k] = pgNullTime(m.CreateTime), pgTime(m.ReceivedAt), m.Handoff
		index[batchKey{m.AccountID, m.DedupeKey}] = k
	}
	rows, err := c.tx.QueryContext(c.ctx, pgInsertMessagesSQL, acct, openID, kind, typ, event, eventKey,
		msgID, key, content, raw, created, received, handoff)
	if err != nil {
		return nil, fmt.Errorf("insert messages: %w", wrapFK(err))
	}
	defer rows.Close()
	inserted := make([]bool, n)
	for rows.Next() {
		var id int64
		var bk batchKey
		if err := rows.Scan(&id, &bk.accountID, &bk.key); err != nil {
			return nil, fmt.Errorf("insert messages: %w", err)
		}
		msgs[index[bk]].ID, inserted[index[bk]] = id, true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("insert messages: %w", wrapFK(err))
	}
	return inserted, nil
}

// insertRepliesPG inserts the replies of new messages (one per message).
func (c *committer) insertRepliesPG(replies []*inbox.Reply) error {
	n := len(replies)
	acct, msgID := make([]int64, n), make([]int64, n)
	openID, channel, typ, content, status, errMsg := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	body := make([][]byte, n)
	rule, ruleVer, agent, broadcast, campaign := make([]*int64, n), make([]*int64, n), make([]*int64, n), make([]*int64, n), make([]*int64, n)
	created := make([]time.Time, n)
	byMessage := make(map[int64]*inbox.Reply, n)
	for k, r := range replies {
		acct[k], msgID[k], openID[k], channel[k], typ[k], content[k] = r.AccountID, r.MessageID, r.OpenID, string(r.Channel), r.MsgType, r.Content
		body[k], status[k], errMsg[k], created[k] = r.Body, r.Status, r.Error, pgTime(r.CreatedAt)
		src := r.Source
		rule[k], ruleVer[k], agent[k] = pgNullInt(src.RuleID), pgNullInt(src.RuleVersion), pgNullInt(src.AgentID)
		broadcast[k], campaign[k] = pgNullInt(src.BroadcastID), pgNullInt(src.CampaignID)
		byMessage[r.MessageID] = r
	}
	rows, err := c.tx.QueryContext(c.ctx, pgInsertRepliesSQL, acct, msgID, openID, channel, typ, content,
		body, rule, ruleVer, agent, broadcast, campaign, status, errMsg, created)
	if err != nil {
		return fmt.Errorf("insert replies: %w", wrapFK(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id, messageID int64
		if err := rows.Scan(&id, &messageID); err != nil {
			return fmt.Errorf("insert replies: %w", err)
		}
		byMessage[messageID].ID = id
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert replies: %w", wrapFK(err))
	}
	return nil
}

// upsertFollowersPG applies changes (sorted by follower) one round at a time.
func (c *committer) upsertFollowersPG(changes []followerChange) error {
	for _, round := range followerRounds(changes) {
		n := len(round)
		acct, sub := make([]int64, n), make([]bool, n)
		openID, scene, qr := make([]string, n), make([]string, n), make([]string, n)
		at, subAt, unsubAt, msgAt := make([]time.Time, n), make([]*time.Time, n), make([]*time.Time, n), make([]*time.Time, n)
		for k, ch := range round {
			acct[k], openID[k], sub[k], scene[k], qr[k] = ch.accountID, ch.openID, ch.subscribed, ch.scene, ch.qrScene
			at[k], subAt[k], unsubAt[k], msgAt[k] = pgTime(ch.at), pgNullTime(ch.subAt), pgNullTime(ch.unsubAt), pgNullTime(ch.msgAt)
		}
		_, err := c.tx.ExecContext(c.ctx, pgUpsertFollowersSQL, acct, openID, sub, scene, qr, at, subAt, unsubAt, msgAt)
		if err != nil {
			return fmt.Errorf("upsert followers: %w", err)
		}
	}
	return nil
}
