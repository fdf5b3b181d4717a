package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/segment"
)

// CountSegment counts the followers the criteria select, reading index
// ranges wherever it can: "inactive since t" is everyone minus those
// active since t; one tag alone is a range of follower_tags, which carries
// the follow status; everything else reads one followers_* index range,
// testing tags as bits of tag_mask. Only tags without a bit (beyond the
// 63rd of an account) fall back to looking each follower up by key.
func (db *DB) CountSegment(ctx context.Context, c segment.Criteria) (int, error) {
	if !c.NotInteractedSince.IsZero() {
		return db.countInactive(ctx, c)
	}
	bits, ok, err := db.tagBits(ctx, c)
	if err != nil {
		return 0, err
	}
	var query string
	var args []any
	switch {
	case ok && singleTag(c):
		query, args = db.countTagSQL(c, bits.any)
	case ok:
		query, args = db.countMaskSQL(c, bits)
	default:
		query, args = db.countJoinSQL(c)
	}
	var n int
	if err := db.r.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count segment of %d: %w", c.AccountID, err)
	}
	return n, nil
}

// countInactive counts "no interaction since t (or never)" as the
// criteria without it minus those that interacted since t: two range
// counts instead of a scan for NULLs.
func (db *DB) countInactive(ctx context.Context, c segment.Criteria) (int, error) {
	since := c.NotInteractedSince
	all := c
	all.NotInteractedSince = time.Time{}
	active := all
	if active.InteractedFrom.Before(since) {
		active.InteractedFrom = since
	}
	total, err := db.CountSegment(ctx, all)
	if err != nil {
		return 0, err
	}
	if !active.InteractedBefore.IsZero() && !active.InteractedBefore.After(active.InteractedFrom) {
		return total, nil // nobody can have interacted since t within the range
	}
	recent, err := db.CountSegment(ctx, active)
	if err != nil {
		return 0, err
	}
	return total - recent, nil
}

// countJoinSQL counts with tags that have no bit: from the members of the
// tags to include, each looked up by key, or over followers testing each
// tag against follower_tags.
func (db *DB) countJoinSQL(c segment.Criteria) (string, []any) {
	args := sqlArgs{c.AccountID}
	from := `followers AS f`
	where := []string{`f.account_id = $1`}
	drive := segmentDriver(c, &args)
	if drive != "" {
		from = `(` + drive + `) AS t CROSS JOIN followers AS f`
		where = append(where, `f.openid = t.openid`)
	}
	where = append(where, db.segmentWhere(c, &args, drive == "", plainCol)...)
	return `SELECT COUNT(*) FROM ` + from + ` WHERE ` + strings.Join(where, ` AND `), args
}

// countTagSQL counts one tag's members of a status: its follower_tags
// range, minus (for "following") those of its members no longer following,
// a short range of followers_segment (of followers_tag_mask on PostgreSQL). A member the store has no follower
// row for yet (mid-sync) counts as following.
func (db *DB) countTagSQL(c segment.Criteria, bit int64) (string, []any) {
	members := `(SELECT COUNT(*) FROM follower_tags WHERE account_id = $1 AND tag_id = $2)`
	gone := `(SELECT COUNT(*) FROM followers WHERE account_id = $1 AND subscribed = FALSE AND (tag_mask & $2) <> 0)`
	switch c.Status {
	case segment.StatusAny:
		return `SELECT ` + members, []any{c.AccountID, c.TagsAny[0]}
	case segment.StatusUnsubscribed:
		return `SELECT ` + gone, []any{c.AccountID, bit}
	}
	return `SELECT ` + members + ` - ` + strings.ReplaceAll(gone, "$2", "$3"), []any{c.AccountID, c.TagsAny[0], bit}
}

// tagsOnly reports whether the criteria name nothing but tags and status.
func tagsOnly(c segment.Criteria) bool {
	return len(c.QRScenes)+len(c.SubscribeScenes) == 0 && c.SubscribedFrom.IsZero() && c.SubscribedBefore.IsZero() &&
		c.InteractedFrom.IsZero() && c.InteractedBefore.IsZero() && c.NotInteractedSince.IsZero() &&
		c.MinInteractions == nil && c.MaxInteractions == nil
}

// tagMasks are the tag_mask bits of a criteria's three tag lists.
type tagMasks struct{ any, all, none int64 }

// tagBits maps the criteria's tags to their bits; ok is false when one of
// them has none (or does not exist), and the count must join instead.
func (db *DB) tagBits(ctx context.Context, c segment.Criteria) (tagMasks, bool, error) {
	ids := slices.Concat(c.TagsAny, c.TagsAll, c.TagsNone)
	if len(ids) == 0 {
		return tagMasks{}, true, nil
	}
	args := sqlArgs{c.AccountID}
	rows, err := db.r.QueryContext(ctx, `SELECT id, slot FROM tags WHERE account_id = $1 AND slot IS NOT NULL
		AND id IN (`+placeholders(&args, ids)+`)`, args...)
	if err != nil {
		return tagMasks{}, false, fmt.Errorf("sqlstore: tag bits of %d: %w", c.AccountID, err)
	}
	defer rows.Close()
	bit := map[int64]int64{}
	for rows.Next() {
		var id, slot int64
		if err := rows.Scan(&id, &slot); err != nil {
			return tagMasks{}, false, fmt.Errorf("sqlstore: tag bits of %d: %w", c.AccountID, err)
		}
		bit[id] = 1 << slot
	}
	if err := rows.Err(); err != nil {
		return tagMasks{}, false, fmt.Errorf("sqlstore: tag bits of %d: %w", c.AccountID, err)
	}
	var m tagMasks
	for _, l := range []struct {
		ids []int64
		dst *int64
	}{{c.TagsAny, &m.any}, {c.TagsAll, &m.all}, {c.TagsNone, &m.none}} {
		for _, id := range l.ids {
			if bit[id] == 0 {
				return tagMasks{}, false, nil
			}
			*l.dst |= bit[id]
		}
	}
	return m, true, nil
}

// singleTag reports criteria that are one "any of" tag and a status: a
// plain range of follower_tags_members, the cheapest count there is.
func singleTag(c segment.Criteria) bool {
	return tagsOnly(c) && len(c.TagsAny) == 1 && len(c.TagsAll)+len(c.TagsNone) == 0
}

// countMaskSQL counts followers alone, tags tested as bits, so that the
// count is one range of whichever followers_* index the other criteria
// narrow best (all of them end with tag_mask).
func (db *DB) countMaskSQL(c segment.Criteria, m tagMasks) (string, []any) {
	args := sqlArgs{c.AccountID}
	tagless := c
	tagless.TagsAny, tagless.TagsAll, tagless.TagsNone = nil, nil, nil
	where := append([]string{`f.account_id = $1`}, db.segmentWhere(tagless, &args, false, plainCol)...)
	if m.any != 0 {
		where = append(where, `(f.tag_mask & `+args.add(m.any)+`) <> 0`)
	}
	if m.all != 0 {
		p := args.add(m.all)
		where = append(where, `(f.tag_mask & `+p+`) = `+p)
	}
	if m.none != 0 {
		where = append(where, `(f.tag_mask & `+args.add(m.none)+`) = 0`)
	}
	return `SELECT COUNT(*) FROM ` + db.maskSource(tagless) + ` WHERE ` + strings.Join(where, ` AND `), args
}

// maskSource is the followers table as a mask count reads it. SQLite
// narrows by one index and looks every candidate row up for the other
// criteria, which on a million followers costs more than scanning the one
// index that holds every criterion's column (followers_segment, about
// 100–180 ms); so with two criteria or more, a QR scene (that index's
// leading range) or an interaction count (which no narrower index leads
// with), SQLite is told to read that index.
// PostgreSQL combines its indexes by itself.
func (db *DB) maskSource(c segment.Criteria) string {
	if db.d.name != DialectSQLite {
		return `followers AS f`
	}
	n := 0
	for _, set := range []bool{len(c.QRScenes) > 0, len(c.SubscribeScenes) > 0,
		!c.SubscribedFrom.IsZero() || !c.SubscribedBefore.IsZero(), !c.InteractedFrom.IsZero() || !c.InteractedBefore.IsZero()} {
		if set {
			n++
		}
	}
	if n >= 2 || len(c.QRScenes) > 0 || c.MinInteractions != nil || c.MaxInteractions != nil {
		return `followers AS f INDEXED BY followers_segment`
	}
	return `followers AS f`
}

// SegmentSample returns up to limit followers the criteria select, in no
// particular order, with their tag names: read along the same index range
// as the count, so that it stops at the limit even when few match.
func (db *DB) SegmentSample(ctx context.Context, c segment.Criteria, limit int) ([]segment.Member, error) {
	bits, ok, err := db.tagBits(ctx, c)
	if err != nil {
		return nil, err
	}
	if !ok || !c.NotInteractedSince.IsZero() {
		return db.SegmentMembers(ctx, c, "", limit)
	}
	query, args := db.countMaskSQL(c, bits)
	query = strings.Replace(query, `SELECT COUNT(*)`, `SELECT `+followerColumns, 1) + fmt.Sprintf(` LIMIT %d`, limit)
	fs, err := db.queryFollowers(ctx)(query, args)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: segment sample of %d: %w", c.AccountID, err)
	}
	return db.withTags(ctx, c.AccountID, fs)
}
