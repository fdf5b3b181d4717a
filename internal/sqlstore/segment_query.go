package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/segment"
)

// SegmentOpenIDs returns the openids the criteria select above after, in
// openid order, reading followers by key so that each page only reads as
// far as its last match.
func (db *DB) SegmentOpenIDs(ctx context.Context, c segment.Criteria, after string, limit int) ([]string, error) {
	query, args := db.segmentPageSQL(c, `f.openid`, after, limit)
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: segment openids of %d: %w", c.AccountID, err)
	}
	return collectColumn[string](rows, "segment openids")
}

// segmentPageSQL selects cols of the matching followers above after, in
// openid order. SQLite, which plans without statistics, gets its filter
// columns behind a unary + so that it walks the primary key in order
// instead of sorting a whole index range.
func (db *DB) segmentPageSQL(c segment.Criteria, cols, after string, limit int) (string, []any) {
	args := sqlArgs{c.AccountID}
	col := plainCol
	if db.d.name == DialectSQLite {
		col = func(s string) string { return "+" + s }
	}
	where := append([]string{`f.account_id = $1`, `f.openid > ` + args.add(after)},
		db.segmentWhere(c, &args, true, col)...)
	return `SELECT ` + cols + ` FROM followers AS f WHERE ` + strings.Join(where, ` AND `) +
		` ORDER BY f.openid LIMIT ` + args.add(limit), args
}

func plainCol(s string) string { return s }

// segmentDriver returns the subquery of openids a count starts from: the
// members of the tags to include (any of them, else the first of all), or
// "" when no tag is required.
func segmentDriver(c segment.Criteria, args *sqlArgs) string {
	switch {
	case len(c.TagsAny) == 1:
		return `SELECT openid FROM follower_tags WHERE account_id = $1 AND tag_id = ` + args.add(c.TagsAny[0])
	case len(c.TagsAny) > 1:
		return `SELECT DISTINCT openid FROM follower_tags WHERE account_id = $1 AND tag_id IN (` +
			placeholders(args, c.TagsAny) + `)`
	case len(c.TagsAll) > 0:
		return `SELECT openid FROM follower_tags WHERE account_id = $1 AND tag_id = ` + args.add(c.TagsAll[0])
	}
	return ""
}

// statusSQL is the follow status condition on a column; "any" still names
// both values so that the index's leading columns stay usable.
func statusSQL(col, status string) string {
	switch status {
	case segment.StatusUnsubscribed:
		return col + ` = FALSE`
	case segment.StatusAny:
		return col + ` IN (FALSE, TRUE)`
	}
	return col + ` = TRUE`
}

// segmentWhere returns the conditions on followers f. col wraps the
// filtered columns (not the keys). withAny adds the "any of" tags test,
// which a count driven by those tags has already applied; the "all of"
// tags are always tested (the driver's one again costs one key probe).
func (db *DB) segmentWhere(c segment.Criteria, args *sqlArgs, withAny bool, col func(string) string) []string {
	w := []string{statusSQL(col(`f.subscribed`), c.Status)}
	if withAny && len(c.TagsAny) > 0 {
		w = append(w, `EXISTS (SELECT 1 FROM follower_tags AS x WHERE x.account_id = $1 AND x.openid = f.openid AND x.tag_id IN (`+
			placeholders(args, c.TagsAny)+`))`)
	}
	for _, id := range c.TagsAll {
		w = append(w, `EXISTS (SELECT 1 FROM follower_tags AS x WHERE x.account_id = $1 AND x.openid = f.openid AND x.tag_id = `+
			args.add(id)+`)`)
	}
	if len(c.TagsNone) > 0 {
		w = append(w, `NOT EXISTS (SELECT 1 FROM follower_tags AS x WHERE x.account_id = $1 AND x.openid = f.openid AND x.tag_id IN (`+
			placeholders(args, c.TagsNone)+`))`)
	}
	if len(c.QRScenes) > 0 {
		w = append(w, col(`f.qr_scene`)+` IN (`+placeholders(args, c.QRScenes)+`)`)
	}
	if len(c.SubscribeScenes) > 0 {
		w = append(w, col(`f.subscribe_scene`)+` IN (`+placeholders(args, c.SubscribeScenes)+`)`)
	}
	return append(w, db.segmentTimes(c, args, col)...)
}

// segmentTimes adds the follow date, last interaction and interaction
// count conditions.
func (db *DB) segmentTimes(c segment.Criteria, args *sqlArgs, col func(string) string) []string {
	var w []string
	cmp := func(column, op string, v any) { w = append(w, col(column)+` `+op+` `+args.add(v)) }
	if !c.SubscribedFrom.IsZero() {
		cmp(`f.subscribed_at`, `>=`, db.d.ts(c.SubscribedFrom))
	}
	if !c.SubscribedBefore.IsZero() {
		cmp(`f.subscribed_at`, `<`, db.d.ts(c.SubscribedBefore))
	}
	if !c.InteractedFrom.IsZero() {
		cmp(`f.last_interaction`, `>=`, db.d.ts(c.InteractedFrom))
	}
	if !c.InteractedBefore.IsZero() {
		cmp(`f.last_interaction`, `<`, db.d.ts(c.InteractedBefore))
	}
	if !c.NotInteractedSince.IsZero() {
		w = append(w, `(`+col(`f.last_interaction`)+` IS NULL OR `+col(`f.last_interaction`)+` < `+
			args.add(db.d.ts(c.NotInteractedSince))+`)`)
	}
	if c.MinInteractions != nil {
		cmp(`f.interactions`, `>=`, *c.MinInteractions)
	}
	if c.MaxInteractions != nil {
		cmp(`f.interactions`, `<=`, *c.MaxInteractions)
	}
	return w
}

// placeholders adds each value as an argument and returns "$i, $j, …".
func placeholders[T any](args *sqlArgs, vs []T) string {
	ps := make([]string, len(vs))
	for i, v := range vs {
		ps[i] = args.add(v)
	}
	return strings.Join(ps, ", ")
}
