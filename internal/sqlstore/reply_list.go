package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/inbox"
)

// ListReplies lists an account's replies newest first, narrowed by rule,
// version, agent, follower and time; the (account, rule, version, time)
// and (account, time) indexes serve the common filters.
func (db *DB) ListReplies(ctx context.Context, f inbox.ReplyFilter) ([]inbox.Reply, error) {
	where, args := []string{"account_id = $1"}, []any{f.AccountID}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.RuleID != 0 {
		add("rule_id = $%d", f.RuleID)
	}
	if f.RuleVersion != 0 {
		add("rule_version = $%d", f.RuleVersion)
	}
	if f.AgentID != 0 {
		add("agent_id = $%d", f.AgentID)
	}
	if f.OpenID != "" {
		add("openid = $%d", f.OpenID)
	}
	if !f.From.IsZero() {
		add("created_at >= $%d", db.d.ts(f.From))
	}
	if !f.To.IsZero() {
		add("created_at < $%d", db.d.ts(f.To))
	}
	if f.BeforeID > 0 {
		add("id < $%d", f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	q := `SELECT ` + replyColumns + ` FROM replies WHERE ` + strings.Join(where, " AND ") +
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list replies: %w", err)
	}
	defer rows.Close()
	var out []inbox.Reply
	for rows.Next() {
		r, err := scanReply(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list replies: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list replies: %w", err)
	}
	return out, nil
}
