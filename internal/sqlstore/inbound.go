package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// CommitInbound stores a batch in one transaction: each new message with its
// reply and follower change; for a duplicate, the passive reply stored the
// first time. It fills in the IDs and defaults of the batch's messages and
// replies. Any error rolls the whole batch back, so nothing is half-stored.
func (db *DB) CommitInbound(ctx context.Context, batch []inbox.Inbound) ([]inbox.Committed, error) {
	out := make([]inbox.Committed, len(batch))
	if len(batch) == 0 {
		return out, nil
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: commit inbound: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	c := &committer{ctx: context.WithoutCancel(ctx), outer: ctx, tx: tx, d: db.d, s: db.stmts}
	if err := c.commitAll(batch, out); err != nil {
		return nil, fmt.Errorf("sqlstore: commit inbound: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlstore: commit inbound: commit: %w", err)
	}
	return out, nil
}

// committer runs one batch inside its transaction. Its statements run under
// ctx, which is never cancelled: a cancellable context costs the SQLite
// driver a watcher goroutine per statement. outer is checked between steps
// instead, and its cancellation rolls the whole batch back.
type committer struct {
	ctx   context.Context
	outer context.Context
	tx    *sql.Tx
	d     dialect
	s     *inboundStmts // prepared on the pool
	txs   inboundStmts  // the same, bound to tx on first use
}

// bound returns parent bound to the batch's transaction, binding it once.
func (c *committer) bound(dst **sql.Stmt, parent *sql.Stmt) *sql.Stmt {
	if *dst == nil {
		*dst = c.tx.StmtContext(c.ctx, parent)
	}
	return *dst
}

// commitAll stores a batch in three steps: messages in dedupe key order,
// their replies, then follower changes in openid order. Every transaction
// takes its row locks in that one global order, so concurrent batches from
// several PostgreSQL nodes wait for each other instead of deadlocking.
func (c *committer) commitAll(batch []inbox.Inbound, out []inbox.Committed) error {
	unique, dupOf := splitDuplicates(batch)
	slices.SortFunc(unique, func(i, j int) int { return dedupeKeyOf(&batch[i]).compare(dedupeKeyOf(&batch[j])) })
	news, err := c.storeMessages(batch, unique, out)
	if err != nil {
		return err
	}
	if err := c.storeReplies(batch, news); err != nil {
		return err
	}
	if err := c.applyChanges(batch, news); err != nil {
		return err
	}
	for i, j := range dupOf {
		if j >= 0 {
			out[i] = duplicateOf(out[j])
		}
	}
	return nil
}

// storeMessages inserts the batch's unique messages, answers those already
// stored as duplicates, and returns the indexes of the new ones.
func (c *committer) storeMessages(batch []inbox.Inbound, unique []int, out []inbox.Committed) ([]int, error) {
	msgs := make([]*inbox.Message, len(unique))
	for k, i := range unique {
		msgs[k] = &batch[i].Message
		if err := prepareMessage(msgs[k]); err != nil {
			return nil, fmt.Errorf("item %d of %d: %w", i+1, len(batch), err)
		}
	}
	inserted, err := c.insertMessages(msgs)
	if err != nil {
		return nil, err
	}
	var news []int
	for k, i := range unique {
		if inserted[k] {
			out[i] = inbox.Committed{MessageID: msgs[k].ID, Reply: batch[i].Reply}
			news = append(news, i)
			continue
		}
		if out[i], err = c.stored(msgs[k]); err != nil {
			return nil, fmt.Errorf("duplicate %s: %w", msgs[k].DedupeKey, err)
		}
	}
	slices.Sort(news) // back to batch order: a follower's pushes apply in it
	return news, c.outer.Err()
}

func (c *committer) insertMessages(msgs []*inbox.Message) ([]bool, error) {
	if c.d.name == DialectPostgres {
		return c.insertMessagesPG(msgs)
	}
	return c.insertMessagesRows(msgs)
}

// storeReplies inserts the replies of the new messages.
func (c *committer) storeReplies(batch []inbox.Inbound, news []int) error {
	var replies []*inbox.Reply
	for _, i := range news {
		if r := batch[i].Reply; r != nil {
			prepareReply(&batch[i].Message, r)
			replies = append(replies, r)
		}
	}
	if len(replies) == 0 {
		return nil
	}
	if c.d.name == DialectPostgres {
		return c.insertRepliesPG(replies)
	}
	return c.insertRepliesRows(replies)
}

// applyChanges upserts the followers of the new messages in openid order,
// keeping batch order for pushes of the same follower.
func (c *committer) applyChanges(batch []inbox.Inbound, news []int) error {
	changes := make([]followerChange, 0, len(news))
	for _, i := range news {
		if ch, ok := changeOf(&batch[i]); ok {
			changes = append(changes, ch)
		}
	}
	slices.SortStableFunc(changes, func(a, b followerChange) int {
		return batchKey{a.accountID, a.openID}.compare(batchKey{b.accountID, b.openID})
	})
	if err := c.outer.Err(); err != nil {
		return err
	}
	if c.d.name == DialectPostgres {
		return c.upsertFollowersPG(changes)
	}
	return c.upsertFollowersRows(changes)
}

type batchKey struct {
	accountID int64
	key       string // dedupe key or openid
}

func (k batchKey) compare(o batchKey) int {
	if c := cmp.Compare(k.accountID, o.accountID); c != 0 {
		return c
	}
	return strings.Compare(k.key, o.key)
}

func dedupeKeyOf(in *inbox.Inbound) batchKey {
	return batchKey{in.Message.AccountID, in.Message.DedupeKey}
}

// splitDuplicates returns the indexes of the first item of each dedupe key
// and, for every item, the index of the earlier item it repeats (or -1).
func splitDuplicates(batch []inbox.Inbound) (unique, dupOf []int) {
	first := make(map[batchKey]int, len(batch))
	dupOf = make([]int, len(batch))
	for i := range batch {
		k := dedupeKeyOf(&batch[i])
		j, seen := first[k]
		if !seen {
			first[k], j = i, -1
			unique = append(unique, i)
		}
		dupOf[i] = j
	}
	return unique, dupOf
}

// prepareMessage checks a push and fills in its defaults.
func prepareMessage(m *inbox.Message) error {
	if m.DedupeKey == "" {
		return errs.Errorf(errs.Invalid, "message from %s has no dedupe key (消息缺少去重键)", m.OpenID)
	}
	if m.Kind == "" {
		m.Kind = inbox.KindMessage
		if m.MsgType == "event" {
			m.Kind = inbox.KindEvent
		}
	}
	if m.ReceivedAt.IsZero() {
		m.ReceivedAt = time.Now()
	}
	m.ReceivedAt = m.ReceivedAt.UTC().Truncate(time.Millisecond)
	m.Raw = blob(m.Raw)
	return nil
}

// prepareReply ties a passive reply to its message and fills in defaults.
func prepareReply(m *inbox.Message, r *inbox.Reply) {
	r.MessageID = m.ID
	if r.AccountID == 0 {
		r.AccountID = m.AccountID
	}
	if r.OpenID == "" {
		r.OpenID = m.OpenID
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = m.ReceivedAt
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Millisecond)
	if r.Channel == "" {
		r.Channel = inbox.ChannelPassive
	}
	r.Body = blob(r.Body)
}

// stored answers a duplicate: the original message id and its passive reply.
func (c *committer) stored(m *inbox.Message) (inbox.Committed, error) {
	res := inbox.Committed{Duplicate: true}
	err := c.bound(&c.txs.messageIDByKey, c.s.messageIDByKey).QueryRowContext(c.ctx, m.AccountID, m.DedupeKey).Scan(&res.MessageID)
	if err != nil {
		return res, fmt.Errorf("find original: %w", err)
	}
	m.ID = res.MessageID
	r, err := scanReply(c.bound(&c.txs.passiveReply, c.s.passiveReply).QueryRowContext(c.ctx, res.MessageID))
	if errors.Is(err, sql.ErrNoRows) {
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("original reply: %w", err)
	}
	res.Reply = &r
	return res, nil
}

// duplicateOf is the result for a later item of a batch repeating an
// earlier one: same message, and the same passive answer.
func duplicateOf(first inbox.Committed) inbox.Committed {
	res := inbox.Committed{MessageID: first.MessageID, Duplicate: true}
	if first.Reply != nil && first.Reply.Channel == inbox.ChannelPassive {
		r := *first.Reply
		r.Body = append([]byte(nil), first.Reply.Body...)
		res.Reply = &r
	}
	return res
}

// wrapFK reports rows for an unknown account as NotFound.
func wrapFK(err error) error {
	if isForeignKey(err) {
		return errs.Errorf(errs.NotFound, "account not found (账号不存在): %v", err)
	}
	return err
}
