package sqlstore

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/inbox/burst"
)

// RemedyRecipients lists the distinct followers who received (not failed)
// a reply matching src in [From, To), each with the latest one and how
// many, by openid, at most limit. A rule is found through the replies_rule
// index; a text by reading the account's replies of the range.
func (db *DB) RemedyRecipients(ctx context.Context, src burst.RemedySource, limit int) ([]burst.Received, error) {
	var a sqlArgs
	where := `account_id = ` + a.add(src.AccountID) + ` AND created_at >= ` + a.add(db.d.ts(src.From)) +
		` AND created_at < ` + a.add(db.d.ts(src.To)) + ` AND status <> 'failed'`
	if src.RuleID > 0 {
		where += ` AND rule_id = ` + a.add(src.RuleID)
		if src.RuleVersion > 0 {
			where += ` AND rule_version = ` + a.add(src.RuleVersion)
		}
	}
	if src.Text != "" {
		find := "instr" // instr(haystack, needle) on SQLite, strpos on PostgreSQL: exact, case-sensitive
		if db.d.name == DialectPostgres {
			find = "strpos"
		}
		where += ` AND ` + find + `(content, ` + a.add(src.Text) + `) > 0`
	}
	query := `SELECT x.openid, COALESCE(fo.nickname, ''), x.last_id, r.created_at, r.content, x.n FROM (
		SELECT openid, MAX(id) AS last_id, COUNT(*) AS n FROM replies WHERE ` + where + `
		GROUP BY openid ORDER BY openid LIMIT ` + a.add(limit) + `) x
		JOIN replies r ON r.id = x.last_id
		LEFT JOIN followers fo ON fo.account_id = r.account_id AND fo.openid = x.openid
		ORDER BY x.openid`
	rows, err := db.r.QueryContext(ctx, query, a...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: remedy recipients: %w", err)
	}
	defer rows.Close()
	var out []burst.Received
	for rows.Next() {
		var rc burst.Received
		if err := rows.Scan(&rc.OpenID, &rc.Nickname, &rc.ReplyID, scanTime(&rc.At), &rc.Content, &rc.Count); err != nil {
			return nil, fmt.Errorf("sqlstore: remedy recipients: %w", err)
		}
		out = append(out, rc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: remedy recipients: %w", err)
	}
	return out, nil
}
