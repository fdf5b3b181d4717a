package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
)

// The reads behind the dashboards: rollups (see analytics_project.go),
// followers following now, and the conversations of the service desk.
// Every read is a range scan of a primary key or a covering index.

// DayCounts returns the accounts' message rollups for dates [from, to].
func (db *DB) DayCounts(ctx context.Context, accountIDs []int64, from, to analytics.Date) ([]analytics.DayCount, error) {
	in, args := idPlaceholders(accountIDs, 3)
	query := `SELECT account_id, day, metric, n FROM rollup_days
		WHERE account_id IN (` + in + `) AND day BETWEEN $1 AND $2`
	return scanAll(ctx, db.r, "day counts", query, append([]any{from, to}, args...),
		func(s scanner, c *analytics.DayCount) error { return s.Scan(&c.AccountID, &c.Date, &c.Metric, &c.N) })
}

// InteractionHours sums the accounts' interactions per local hour of day
// over dates [from, to].
func (db *DB) InteractionHours(ctx context.Context, accountIDs []int64, from, to analytics.Date) ([24]int64, error) {
	in, args := idPlaceholders(accountIDs, 3)
	query := `SELECT hour, SUM(n) FROM rollup_hours
		WHERE account_id IN (` + in + `) AND day BETWEEN $1 AND $2 GROUP BY hour`
	type count struct{ hour, n int64 }
	rows, err := scanAll(ctx, db.r, "interaction hours", query, append([]any{from, to}, args...),
		func(s scanner, c *count) error { return s.Scan(&c.hour, &c.n) })
	var out [24]int64
	for _, c := range rows {
		if c.hour >= 0 && c.hour < 24 {
			out[c.hour] = c.n
		}
	}
	return out, err
}

// ReplyCounts returns the accounts' reply rollups for dates [from, to].
func (db *DB) ReplyCounts(ctx context.Context, accountIDs []int64, from, to analytics.Date) ([]analytics.ReplyCount, error) {
	in, args := idPlaceholders(accountIDs, 3)
	query := `SELECT account_id, day, rule_id, rule_version, agent_id, n FROM rollup_replies
		WHERE account_id IN (` + in + `) AND day BETWEEN $1 AND $2`
	return scanAll(ctx, db.r, "reply counts", query, append([]any{from, to}, args...),
		func(s scanner, c *analytics.ReplyCount) error {
			return s.Scan(&c.AccountID, &c.Date, &c.RuleID, &c.RuleVersion, &c.AgentID, &c.N)
		})
}

// SubscribedCounts counts each account's followers following now; accounts
// without any are absent.
func (db *DB) SubscribedCounts(ctx context.Context, accountIDs []int64) (map[int64]int64, error) {
	in, args := idPlaceholders(accountIDs, 1)
	type count struct{ id, n int64 }
	rows, err := scanAll(ctx, db.r, "subscribed followers", `SELECT account_id, COUNT(*) FROM followers
		WHERE account_id IN (`+in+`) AND subscribed = TRUE GROUP BY account_id`, args,
		func(s scanner, c *count) error { return s.Scan(&c.id, &c.n) })
	out := make(map[int64]int64, len(rows))
	for _, c := range rows {
		out[c.id] = c.n
	}
	return out, err
}

// OpenConversations counts live conversations per account and assignee.
// (Live statuses are named, not "<> 'closed'", so the queue index serves.)
func (db *DB) OpenConversations(ctx context.Context, accountIDs []int64) ([]analytics.OpenCount, error) {
	in, args := idPlaceholders(accountIDs, 1)
	query := `SELECT account_id, COALESCE(assignee_id, 0), COUNT(*), COUNT(waiting_since) FROM conversations
		WHERE account_id IN (` + in + `) AND status IN ('open', 'assigned') GROUP BY account_id, COALESCE(assignee_id, 0)`
	return scanAll(ctx, db.r, "open conversations", query, args,
		func(s scanner, c *analytics.OpenCount) error {
			return s.Scan(&c.AccountID, &c.AssigneeID, &c.Open, &c.Waiting)
		})
}

// WaitingSince lists when each waiting live conversation started waiting.
func (db *DB) WaitingSince(ctx context.Context, accountIDs []int64) ([]analytics.Waiting, error) {
	in, args := idPlaceholders(accountIDs, 1)
	query := `SELECT account_id, waiting_since FROM conversations
		WHERE account_id IN (` + in + `) AND status IN ('open', 'assigned') AND waiting_since IS NOT NULL`
	return scanAll(ctx, db.r, "waiting conversations", query, args,
		func(s scanner, w *analytics.Waiting) error { return s.Scan(&w.AccountID, scanTime(&w.Since)) })
}

// FirstResponses lists the assigned conversations of the account first
// answered in [from, to).
func (db *DB) FirstResponses(ctx context.Context, accountID int64, from, to time.Time) ([]analytics.FirstResponse, error) {
	query := `SELECT assignee_id, opened_at, first_response_at FROM conversations
		WHERE account_id = $1 AND first_response_at >= $2 AND first_response_at < $3 AND assignee_id IS NOT NULL`
	return scanAll(ctx, db.r, "first responses", query, []any{accountID, db.d.ts(from), db.d.ts(to)},
		func(s scanner, f *analytics.FirstResponse) error {
			return s.Scan(&f.AgentID, scanTime(&f.OpenedAt), scanTime(&f.RespondedAt))
		})
}

// ClosedConversations lists who closed the account's conversations closed
// in [from, to), and when.
func (db *DB) ClosedConversations(ctx context.Context, accountID int64, from, to time.Time) ([]analytics.Closed, error) {
	query := `SELECT closed_by, closed_at FROM conversations
		WHERE account_id = $1 AND closed_at >= $2 AND closed_at < $3 AND closed_by IS NOT NULL`
	return scanAll(ctx, db.r, "closed conversations", query, []any{accountID, db.d.ts(from), db.d.ts(to)},
		func(s scanner, c *analytics.Closed) error { return s.Scan(&c.AgentID, scanTime(&c.At)) })
}

// slotOf is the SQL for the analytics.Slot of a time column.
func (db *DB) slotOf(column string) string {
	if db.d.intTime {
		return fmt.Sprintf("(%s / %d)", column, analytics.SlotLength.Milliseconds())
	}
	return fmt.Sprintf("floor(extract(epoch FROM %s) / %d)::bigint", column, int64(analytics.SlotLength.Seconds()))
}

// idPlaceholders returns placeholders $first, $first+1, … for ids and their
// arguments. No ids give a list that matches nothing.
func idPlaceholders(ids []int64, first int) (string, []any) {
	if len(ids) == 0 {
		return "NULL", nil
	}
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = fmt.Sprintf("$%d", first+i)
		args[i] = id
	}
	return strings.Join(marks, ", "), args
}

// scanAll runs a query on pool and scans every row with scan.
func scanAll[T any](ctx context.Context, pool *sql.DB, what, query string, args []any, scan func(scanner, *T) error) ([]T, error) {
	rows, err := pool.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := scan(rows, &v); err != nil {
			return nil, fmt.Errorf("sqlstore: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	return out, nil
}
