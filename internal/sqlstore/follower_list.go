package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/audience"
)

// denseSearchScan is how many followers, in list order, a SQLite search
// reads before it looks the prefix up in the name indexes instead.
const denseSearchScan = 4000

// ListFollowers lists one page of an account's followers, newest first by
// first_seen_at, through the followers_seen indexes; a search reads prefix
// ranges of the nickname, remark and openid indexes. SQLite, which plans
// without statistics, first tries the next denseSearchScan followers in
// list order, which answers a common prefix without sorting its matches.
func (db *DB) ListFollowers(ctx context.Context, q audience.FollowerQuery) (audience.FollowerPage, error) {
	limit := q.Limit
	if limit <= 0 || limit > audience.MaxFollowerPage {
		limit = audience.DefaultFollowerPage
	}
	q.Search = strings.TrimSpace(q.Search)
	var fs []audience.Follower
	var err error
	if q.Search != "" && db.d.name == DialectSQLite {
		fs, err = db.queryFollowers(ctx)(db.denseSearchSQL(q, limit+1))
	}
	if err == nil && len(fs) <= limit {
		fs, err = db.queryFollowers(ctx)(db.followerListSQL(q, limit+1))
	}
	if err != nil {
		return audience.FollowerPage{}, fmt.Errorf("sqlstore: list followers of %d: %w", q.AccountID, err)
	}
	page := audience.FollowerPage{Followers: fs}
	if len(fs) > limit {
		page.Followers = fs[:limit]
		last := fs[limit-1]
		page.Next = audience.FollowerCursor{FirstSeenAt: last.FirstSeenAt, OpenID: last.OpenID}
	}
	return page, nil
}

// queryFollowers returns a function running a built statement, so that
// the builders' two results pass straight in.
func (db *DB) queryFollowers(ctx context.Context) func(query string, args []any) ([]audience.Follower, error) {
	return func(query string, args []any) ([]audience.Follower, error) {
		rows, err := db.r.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []audience.Follower
		for rows.Next() {
			f, err := scanFollower(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, *f)
		}
		return out, rows.Err()
	}
}

// sqlArgs numbers the arguments of a statement being built.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

// followerListSQL builds the page query. A search must read its prefix
// ranges, not walk the first_seen_at index and filter: each OR branch
// carries the account (SQLite's multi-index OR needs it), and on SQLite a
// unary + keeps the other terms off their indexes.
func (db *DB) followerListSQL(q audience.FollowerQuery, limit int) (string, []any) {
	args := sqlArgs{q.AccountID}
	col := func(c string) string { return c }
	where := `account_id = $1`
	if q.Search != "" {
		where = db.followerSearchSQL(q.Search, &args, true)
		if db.d.name == DialectSQLite {
			col = func(c string) string { return "+" + c }
		}
	}
	return `SELECT ` + followerColumns + ` FROM followers WHERE ` + where + db.followerPageSQL(q, &args, col, limit), args
}

// denseSearchSQL filters the next denseSearchScan followers in list order.
func (db *DB) denseSearchSQL(q audience.FollowerQuery, limit int) (string, []any) {
	args := sqlArgs{q.AccountID}
	plain := func(c string) string { return c }
	inner := `SELECT ` + followerColumns + ` FROM followers WHERE account_id = $1` +
		db.followerPageSQL(q, &args, plain, denseSearchScan)
	outer := ` WHERE ` + db.followerSearchSQL(q.Search, &args, false) +
		fmt.Sprintf(` ORDER BY first_seen_at DESC, openid DESC LIMIT %s`, args.add(limit))
	return `SELECT ` + followerColumns + ` FROM (` + inner + `) AS page` + outer, args
}

// followerPageSQL adds the status filter, the keyset position and the
// order; col may wrap column names to keep them off indexes.
func (db *DB) followerPageSQL(q audience.FollowerQuery, args *sqlArgs, col func(string) string, limit int) string {
	var b strings.Builder
	switch q.Status {
	case audience.StatusSubscribed:
		b.WriteString(` AND ` + col("subscribed") + ` = TRUE`)
	case audience.StatusUnsubscribed:
		b.WriteString(` AND ` + col("subscribed") + ` = FALSE`)
	}
	if !q.After.IsZero() {
		fmt.Fprintf(&b, ` AND (%s, %s) < (%s, %s)`, col("first_seen_at"), col("openid"),
			args.add(db.d.ts(q.After.FirstSeenAt)), args.add(q.After.OpenID))
	}
	fmt.Fprintf(&b, ` ORDER BY %s DESC, openid DESC LIMIT %s`, col("first_seen_at"), args.add(limit))
	return b.String()
}

// followerSearchSQL matches the start of nickname, remark and (for long
// enough searches) openid, comparing bytes on both dialects; withAccount
// repeats the account in each branch.
func (db *DB) followerSearchSQL(s string, args *sqlArgs, withAccount bool) string {
	lo, hi := args.add(s), args.add(prefixEnd(s))
	collate, account := "", ""
	if db.d.name == DialectPostgres {
		collate = ` COLLATE "C"`
	}
	if withAccount {
		account = "account_id = $1 AND "
	}
	cols := []string{"nickname", "remark"}
	if len(s) >= audience.MinOpenIDSearch {
		cols = append(cols, "openid")
	}
	terms := make([]string, len(cols))
	for i, c := range cols {
		terms[i] = fmt.Sprintf("(%s%s%s >= %s AND %s%s < %s)", account, c, collate, lo, c, collate, hi)
	}
	return "(" + strings.Join(terms, " OR ") + ")"
}

// prefixEnd returns the least string greater than every string that starts
// with s, in code point (UTF-8 byte) order: s with its last character
// incremented.
func prefixEnd(s string) string {
	r, size := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError && size <= 1 {
		return s + string(utf8.MaxRune)
	}
	next := r + 1
	if next >= 0xD800 && next <= 0xDFFF {
		next = 0xE000
	}
	if next > utf8.MaxRune {
		return s + string(utf8.MaxRune)
	}
	return s[:len(s)-size] + string(next)
}

// FollowerTotals counts an account's known followers and those following
// now in one pass over the followers_subscribed index.
func (db *DB) FollowerTotals(ctx context.Context, accountID int64) (audience.Totals, error) {
	var t audience.Totals
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN subscribed THEN 1 ELSE 0 END), 0)
		FROM followers WHERE account_id = $1`, accountID).Scan(&t.Known, &t.Subscribed)
	if err != nil {
		return t, fmt.Errorf("sqlstore: follower totals of %d: %w", accountID, err)
	}
	return t, nil
}
