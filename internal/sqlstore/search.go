package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/fanbase/fanbase/internal/search"
)

// searchTable describes one searchable table for the query builder.
type searchTable struct {
	name    string // messages or replies
	alias   string
	timeCol string
	columns string // selected after the common ones
}

const (
	// pgSearchWindow is how many of the newest rows PostgreSQL checks one by
	// one before it asks the GIN indexes.
	pgSearchWindow = 4000
	// searchIDSlack widens the id range a date filter maps to: ids follow
	// the time of receipt except among rows committed together.
	searchIDSlack = 10000
)

var (
	searchMessages = searchTable{name: "messages", alias: "m", timeCol: "received_at"}
	searchReplies  = searchTable{name: "replies", alias: "r", timeCol: "created_at",
		columns: `, COALESCE(r.message_id, 0), COALESCE(r.agent_id, 0), COALESCE(r.rule_id, 0), COALESCE(r.rule_version, 0)`}
)

// SearchMessages finds follower messages matching q and f with id < before
// (0: any), newest first.
func (db *DB) SearchMessages(ctx context.Context, q search.Query, f search.Filter, before int64, limit int) ([]search.Hit, error) {
	return db.searchHits(ctx, searchMessages, q, f, before, limit)
}

// SearchReplies finds our replies matching q and f with id < before (0:
// any), newest first.
func (db *DB) SearchReplies(ctx context.Context, q search.Query, f search.Filter, before int64, limit int) ([]search.Hit, error) {
	return db.searchHits(ctx, searchReplies, q, f, before, limit)
}

func (db *DB) searchHits(ctx context.Context, t searchTable, q search.Query, f search.Filter, before int64, limit int) ([]search.Hit, error) {
	if q.Empty() || len(f.AccountIDs) == 0 {
		return nil, nil
	}
	lo, hi, err := db.searchBounds(ctx, t, f, before)
	if err != nil || lo >= hi {
		return nil, err
	}
	if db.d.name != DialectPostgres {
		return db.searchRange(ctx, t, q, f, lo, hi, limit, true)
	}
	// PostgreSQL cannot walk a GIN index newest first, and its estimates
	// for a term it has no statistics on are poor: walk the newest
	// pgSearchWindow rows by the primary key (a common term fills the page
	// there), then let the GIN indexes find the rest, which must be rare.
	mid := max(lo, hi-pgSearchWindow)
	hits, err := db.searchRange(ctx, t, q, f, mid, hi, limit, true)
	if err != nil || len(hits) == limit || mid == lo {
		return hits, err
	}
	// A term too rare for the window but common overall (hundreds of
	// thousands of rows) would make the GIN path fetch and sort every
	// match: count a bounded number of matches first, and walk the key on
	// for a dense term, where the page fills after a few thousand rows.
	n, err := db.searchCount(ctx, t, q, f, lo, mid, pgDenseMatches)
	if err != nil {
		return nil, err
	}
	more, err := db.searchRange(ctx, t, q, f, lo, mid, limit-len(hits), n >= pgDenseMatches)
	return append(hits, more...), err
}

// pgDenseMatches is how many matches make a term dense enough to find by
// walking the primary key rather than by sorting what the GIN index finds.
const pgDenseMatches = 2000

// searchCount counts the matches in [lo, hi), stopping at most.
func (db *DB) searchCount(ctx context.Context, t searchTable, q search.Query, f search.Filter, lo, hi int64, most int) (int, error) {
	var a sqlArgs
	from, key, conds := db.textMatch(&a, t, q)
	conds = append(conds, key+" >= "+a.add(lo), key+" < "+a.add(hi))
	conds = append(conds, searchFilters(&a, db.d, t, f)...)
	query := `SELECT COUNT(*) FROM (SELECT 1 FROM ` + from + ` WHERE ` + strings.Join(conds, " AND ") +
		` LIMIT ` + a.add(most) + `) s`
	args := append([]any{pgx.QueryExecModeCacheDescribe}, a...)
	var n int
	if err := db.r.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count %s matches: %w", t.name, err)
	}
	return n, nil
}

// searchRange runs the search over ids in [lo, hi). byKey lets the query
// walk the primary key; otherwise the ordering hides it from the planner,
// so that the text indexes drive.
func (db *DB) searchRange(ctx context.Context, t searchTable, q search.Query, f search.Filter,
	lo, hi int64, limit int, byKey bool) ([]search.Hit, error) {
	query, args := db.searchSQL(t, q, f, lo, hi, limit, byKey)
	if db.d.name == DialectPostgres {
		// A cached prepared statement would soon run with a generic plan,
		// blind to the terms and dates: too slow by orders of magnitude
		// for a rare or an absent term. The unnamed statement of this mode
		// is planned with the values of each search.
		args = append([]any{pgx.QueryExecModeCacheDescribe}, args...)
	}
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: search %s: %w", t.name, err)
	}
	defer rows.Close()
	var out []search.Hit
	for rows.Next() {
		h, err := scanHit(rows, t)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: search %s: %w", t.name, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: search %s: %w", t.name, err)
	}
	return out, nil
}

func scanHit(rows *sql.Rows, t searchTable) (search.Hit, error) {
	h := search.Hit{Kind: search.KindMessage}
	dest := []any{&h.ID, &h.AccountID, &h.OpenID, &h.MsgType, &h.Content, scanTime(&h.At),
		&h.Nickname, &h.Remark, &h.ConversationID}
	if t.name == "replies" {
		h.Kind = search.KindReply
		dest = append(dest, &h.MessageID, &h.AgentID, &h.RuleID, &h.RuleVersion)
	}
	return h, rows.Scan(dest...)
}

// searchSQL builds the statement: the text conditions for the dialect's
// indexes, the id range, then the filters, newest first.
func (db *DB) searchSQL(t searchTable, q search.Query, f search.Filter, lo, hi int64, limit int, byKey bool) (string, []any) {
	var a sqlArgs
	x := t.alias
	from, key, conds := db.textMatch(&a, t, q)
	conds = append(conds, key+" >= "+a.add(lo), key+" < "+a.add(hi))
	conds = append(conds, searchFilters(&a, db.d, t, f)...)
	order := key + " DESC"
	if !byKey {
		order = key + " + 0 DESC"
	}
	query := `SELECT ` + x + `.id, ` + x + `.account_id, ` + x + `.openid, ` + x + `.msg_type, ` + x + `.content, ` +
		x + `.` + t.timeCol + `, COALESCE(fo.nickname, ''), COALESCE(fo.remark, ''),
		COALESCE((SELECT MAX(c.id) FROM conversations c WHERE c.account_id = ` + x + `.account_id AND c.openid = ` + x + `.openid), 0)` +
		t.columns + ` FROM ` + from + `
		LEFT JOIN followers fo ON fo.account_id = ` + x + `.account_id AND fo.openid = ` + x + `.openid
		WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY ` + order + ` LIMIT ` + a.add(limit)
	return query, a
}

// textMatch returns the FROM clause, the column to order and page by, and
// the conditions that make every term of q occur in the text.
func (db *DB) textMatch(a *sqlArgs, t searchTable, q search.Query) (from, order string, conds []string) {
	if db.d.name == DialectPostgres {
		return pgTextMatch(a, t, q)
	}
	return sqliteTextMatch(a, t, q)
}

// sqliteTextMatch drives the query from one FTS5 index, newest rowid first
// (FTS5 walks its doclists backwards, so a LIMIT stops it early): the
// trigram index when any term is long enough, else the gram index. Terms
// the driving index does not cover are checked on the row's text.
func sqliteTextMatch(a *sqlArgs, t searchTable, q search.Query) (from, order string, conds []string) {
	x := t.alias
	driver, idx := t.name+"_grams", search.IndexGram
	if len(q.Indexed(search.IndexTrigram)) > 0 {
		driver, idx = t.name+"_fts", search.IndexTrigram
	}
	from = driver + ` JOIN ` + t.name + ` ` + x + ` ON ` + x + `.id = ` + driver + `.rowid`
	conds = append(conds, driver+` MATCH `+a.add(ftsQuery(q.Indexed(idx))))
	for _, term := range q.Terms {
		if term.Index != idx {
			conds = append(conds, x+`.content LIKE `+a.add(likePattern(term.Text))+` ESCAPE '\'`)
		}
	}
	return from, driver + ".rowid", conds
}

// pgTextMatch lets the planner combine the two GIN indexes (or walk the
// primary key backwards, for common terms).
func pgTextMatch(a *sqlArgs, t searchTable, q search.Query) (from, order string, conds []string) {
	x := t.alias
	var grams []string
	for _, term := range q.Terms {
		switch term.Index {
		case search.IndexTrigram:
			conds = append(conds, x+`.content ILIKE `+a.add(likePattern(term.Text)))
		case search.IndexGram:
			grams = append(grams, a.add(term.Text))
		default:
			conds = append(conds, `strpos(lower(`+x+`.content), `+a.add(term.Text)+`) > 0`)
		}
	}
	if len(grams) > 0 {
		conds = append(conds, x+`.search_grams @> ARRAY[`+strings.Join(grams, ", ")+`]::text[]`)
	}
	return t.name + " " + x, x + ".id", conds
}

// ftsQuery ANDs the terms as FTS5 strings: each is quoted, so that the
// query syntax (AND, OR, NEAR, *, :, ^) means nothing in user input.
func ftsQuery(terms []string) string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(quoted, " AND ")
}

// likePattern is %term% with LIKE's wildcards escaped by a backslash.
func likePattern(term string) string {
	return "%" + likeEscape(term) + "%"
}

// searchFilters turns f into conditions on the table aliased t.alias.
func searchFilters(a *sqlArgs, d dialect, t searchTable, f search.Filter) []string {
	x := t.alias
	marks := make([]string, len(f.AccountIDs))
	for i, id := range f.AccountIDs {
		marks[i] = a.add(id)
	}
	conds := []string{x + `.account_id IN (` + strings.Join(marks, ", ") + `)`}
	if !f.From.IsZero() {
		conds = append(conds, x+`.`+t.timeCol+` >= `+a.add(d.ts(f.From)))
	}
	if !f.To.IsZero() {
		conds = append(conds, x+`.`+t.timeCol+` < `+a.add(d.ts(f.To)))
	}
	if f.Tag != "" {
		conds = append(conds, `EXISTS (SELECT 1 FROM follower_tags ft JOIN tags tg ON tg.id = ft.tag_id
			WHERE ft.account_id = `+x+`.account_id AND ft.openid = `+x+`.openid AND tg.name = `+a.add(f.Tag)+`)`)
	}
	if t.name == "replies" {
		if f.AgentID != 0 {
			conds = append(conds, `r.agent_id = `+a.add(f.AgentID))
		}
		return conds
	}
	return append(conds, messageFilters(a, f)...)
}

// messageFilters are the filters only follower messages have: the agent
// who had the follower's conversation when the message came, and whether
// a reply reached the follower after it.
func messageFilters(a *sqlArgs, f search.Filter) []string {
	var conds []string
	if f.AgentID != 0 {
		conds = append(conds, `EXISTS (SELECT 1 FROM conversations c WHERE c.account_id = m.account_id
			AND c.openid = m.openid AND c.assignee_id = `+a.add(f.AgentID)+` AND c.opened_at <= m.received_at
			AND (c.closed_at IS NULL OR c.closed_at >= m.received_at))`)
	}
	answered := `EXISTS (SELECT 1 FROM replies ar WHERE ar.account_id = m.account_id AND ar.openid = m.openid
		AND ar.created_at >= m.received_at AND ar.status <> 'failed')`
	switch f.Answered {
	case search.AnsweredYes:
		conds = append(conds, answered)
	case search.AnsweredNo:
		conds = append(conds, `NOT `+answered)
	}
	return conds
}

// searchBounds maps the page position and the date filter onto a range of
// ids [lo, hi): each index can then start at the right place and stop
// early, instead of testing the date of every newer (or older) match.
func (db *DB) searchBounds(ctx context.Context, t searchTable, f search.Filter, before int64) (lo, hi int64, err error) {
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+t.name).Scan(&hi); err != nil {
		return 0, 0, fmt.Errorf("sqlstore: search %s: %w", t.name, err)
	}
	if before > 0 {
		hi = min(hi, before)
	}
	if !f.To.IsZero() {
		last, err := db.edgeID(ctx, t, f.AccountIDs, "<", f.To, "DESC")
		if err != nil || last == 0 {
			return 0, 0, err
		}
		hi = min(hi, last+searchIDSlack+1)
	}
	if !f.From.IsZero() {
		first, err := db.edgeID(ctx, t, f.AccountIDs, ">=", f.From, "ASC")
		if err != nil || first == 0 {
			return 0, 0, err
		}
		lo = max(0, first-searchIDSlack)
	}
	return lo, hi, nil
}

// edgeID returns the id of the row nearest to at on the side op says, over
// the accounts (the lowest for ASC, the highest for DESC); 0 when none.
func (db *DB) edgeID(ctx context.Context, t searchTable, accounts []int64, op string, at time.Time, dir string) (int64, error) {
	var edge int64
	for _, acct := range accounts {
		var id int64
		err := db.r.QueryRowContext(ctx, `SELECT id FROM `+t.name+` WHERE account_id = $1 AND `+t.timeCol+` `+op+` $2
			ORDER BY `+t.timeCol+` `+dir+` LIMIT 1`, acct, db.d.ts(at)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("sqlstore: search %s by date: %w", t.name, err)
		}
		if edge == 0 || dir == "ASC" && id < edge || dir == "DESC" && id > edge {
			edge = id
		}
	}
	return edge, nil
}

// TagNames lists the distinct tag names of the accounts, sorted (at most
// 500).
func (db *DB) TagNames(ctx context.Context, accountIDs []int64) ([]string, error) {
	if len(accountIDs) == 0 {
		return nil, nil
	}
	var a sqlArgs
	marks := make([]string, len(accountIDs))
	for i, id := range accountIDs {
		marks[i] = a.add(id)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT DISTINCT name FROM tags WHERE account_id IN (`+
		strings.Join(marks, ", ")+`) ORDER BY name LIMIT 500`, a...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: tag names: %w", err)
	}
	return collectColumn[string](rows, "tag names")
}
