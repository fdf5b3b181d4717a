package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// The queue pages by keyset, so that every page costs the same however deep:
// live conversations still waiting (by waiting_since, id), then answered
// live ones (id descending), and closed ones (closed_at, id descending).
// A page token is "w.<ms>.<id>", "a.<id>" or "c.<ms>.<id>".
const queueSelect = `SELECT c.id, c.account_id, c.openid, c.status, c.assignee_id, c.opened_at, c.opened_by_message,
	c.last_message_id, c.last_message_at, c.last_text, c.waiting_since, c.first_response_at, c.assigned_at,
	c.closed_at, c.closed_by, c.messages, COALESCE(f.nickname, ''), COALESCE(f.remark, '')
	FROM conversations c LEFT JOIN followers f ON f.account_id = c.account_id AND f.openid = c.openid
	WHERE c.account_id = $1`

const (
	defaultQueueLimit = 50
	maxQueueLimit     = 200
)

// queueToken is a decoded page token.
type queueToken struct {
	phase byte // 'w', 'a' or 'c'; 0 for the first page
	at    time.Time
	id    int64
}

// ListConversations returns one page of a queue tab.
func (db *DB) ListConversations(ctx context.Context, f inbox.QueueFilter) (inbox.QueuePage, error) {
	tok, err := parseQueueToken(f.After)
	if err != nil {
		return inbox.QueuePage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultQueueLimit
	}
	limit = min(limit, maxQueueLimit)
	if f.Status == inbox.StatusClosed {
		return db.queuePhase(ctx, f, 'c', tok, limit)
	}
	var page inbox.QueuePage
	if tok.phase == 0 || tok.phase == 'w' {
		if page, err = db.queuePhase(ctx, f, 'w', tok, limit); err != nil || len(page.Items) == limit {
			return page, err
		}
		tok = queueToken{}
	}
	rest, err := db.queuePhase(ctx, f, 'a', tok, limit-len(page.Items))
	page.Items, page.Next = append(page.Items, rest.Items...), rest.Next
	return page, err
}

// queuePhase runs one part of the queue order from tok.
func (db *DB) queuePhase(ctx context.Context, f inbox.QueueFilter, phase byte, tok queueToken, limit int) (inbox.QueuePage, error) {
	q := strings.Builder{}
	q.WriteString(queueSelect)
	args := []any{f.AccountID}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	q.WriteString(queueStatusClause(f, arg))
	resume := tok.phase == phase
	switch phase {
	case 'w':
		q.WriteString(` AND c.waiting_since IS NOT NULL`)
		if resume {
			fmt.Fprintf(&q, ` AND (c.waiting_since, c.id) > (%s, %s)`, arg(db.d.ts(tok.at)), arg(tok.id))
		}
		q.WriteString(` ORDER BY c.waiting_since, c.id`)
	case 'a':
		q.WriteString(` AND c.waiting_since IS NULL`)
		if resume {
			fmt.Fprintf(&q, ` AND c.id < %s`, arg(tok.id))
		}
		// All waiting_since are NULL here; naming it lets PostgreSQL walk
		// conversations_live_wait backwards instead of the primary key.
		q.WriteString(` ORDER BY c.waiting_since DESC, c.id DESC`)
	case 'c':
		if resume {
			fmt.Fprintf(&q, ` AND (c.closed_at, c.id) < (%s, %s)`, arg(db.d.ts(tok.at)), arg(tok.id))
		}
		q.WriteString(` ORDER BY c.closed_at DESC, c.id DESC`)
	}
	q.WriteString(` LIMIT ` + arg(limit))
	items, err := db.queueRows(ctx, q.String(), args)
	if err != nil {
		return inbox.QueuePage{}, err
	}
	page := inbox.QueuePage{Items: items}
	if len(items) == limit {
		page.Next = queueTokenOf(phase, &items[len(items)-1].Conversation)
	}
	return page, nil
}

// queueStatusClause selects the tab. Live tabs always say status <> 'closed'
// so that the partial indexes on live conversations apply.
func queueStatusClause(f inbox.QueueFilter, arg func(any) string) string {
	switch {
	case f.Status == inbox.StatusClosed:
		return ` AND c.status = 'closed'`
	case f.Unassigned:
		return ` AND c.status <> 'closed' AND c.status = 'open'`
	case f.AssigneeID != 0:
		return ` AND c.status <> 'closed' AND c.status = 'assigned' AND c.assignee_id = ` + arg(f.AssigneeID)
	case f.Status != "":
		return ` AND c.status <> 'closed' AND c.status = ` + arg(string(f.Status))
	}
	return ` AND c.status <> 'closed'`
}

func (db *DB) queueRows(ctx context.Context, query string, args []any) ([]inbox.QueueItem, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: queue: %w", err)
	}
	defer rows.Close()
	var out []inbox.QueueItem
	for rows.Next() {
		var it inbox.QueueItem
		var status string
		var assignee, openedBy, lastMsg, closedBy sql.NullInt64
		c := &it.Conversation
		err := rows.Scan(&c.ID, &c.AccountID, &c.OpenID, &status, &assignee, scanTime(&c.OpenedAt), &openedBy,
			&lastMsg, scanTime(&c.LastMessageAt), &c.LastText, scanTime(&c.WaitingSince), scanTime(&c.FirstResponseAt),
			scanTime(&c.AssignedAt), scanTime(&c.ClosedAt), &closedBy, &c.Messages, &it.Nickname, &it.Remark)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: queue row: %w", err)
		}
		c.Status = inbox.Status(status)
		c.AssigneeID, c.OpenedByMessage, c.LastMessageID, c.ClosedBy = assignee.Int64, openedBy.Int64, lastMsg.Int64, closedBy.Int64
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: queue: %w", err)
	}
	return out, nil
}

func queueTokenOf(phase byte, c *inbox.Conversation) string {
	switch phase {
	case 'w':
		return fmt.Sprintf("w.%d.%d", c.WaitingSince.UnixMilli(), c.ID)
	case 'c':
		return fmt.Sprintf("c.%d.%d", c.ClosedAt.UnixMilli(), c.ID)
	}
	return fmt.Sprintf("a.%d", c.ID)
}

func parseQueueToken(s string) (queueToken, error) {
	if s == "" {
		return queueToken{}, nil
	}
	parts := strings.Split(s, ".")
	bad := errs.Errorf(errs.Invalid, "bad page token %q (分页参数无效)", s)
	nums := make([]int64, len(parts)-1)
	for i, p := range parts[1:] {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return queueToken{}, bad
		}
		nums[i] = n
	}
	switch {
	case parts[0] == "a" && len(nums) == 1:
		return queueToken{phase: 'a', id: nums[0]}, nil
	case (parts[0] == "w" || parts[0] == "c") && len(nums) == 2:
		return queueToken{phase: parts[0][0], at: time.UnixMilli(nums[0]).UTC(), id: nums[1]}, nil
	}
	return queueToken{}, bad
}

// CountQueue sizes the queue tabs of one agent.
func (db *DB) CountQueue(ctx context.Context, accountID, userID int64) (inbox.QueueCounts, error) {
	var c inbox.QueueCounts
	// Three index range counts over live conversations only (never the
	// closed history), whatever the planner knows about the data.
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM conversations WHERE account_id = $1 AND status = 'open'),
		(SELECT COUNT(*) FROM conversations WHERE assignee_id = $2 AND status = 'assigned' AND account_id = $1),
		(SELECT COUNT(*) FROM conversations WHERE account_id = $1 AND status IN ('open', 'assigned'))`, accountID, userID).
		Scan(&c.Unassigned, &c.Mine, &c.Live)
	if err != nil {
		return c, fmt.Errorf("sqlstore: queue counts: %w", err)
	}
	return c, nil
}
