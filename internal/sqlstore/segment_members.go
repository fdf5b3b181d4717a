package sqlstore

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/segment"
)

// SegmentMembers returns the followers the criteria select above after, in
// openid order, each with the names of its tags.
func (db *DB) SegmentMembers(ctx context.Context, c segment.Criteria, after string, limit int) ([]segment.Member, error) {
	query, args := db.segmentPageSQL(c, followerColumns, after, limit)
	fs, err := db.queryFollowers(ctx)(query, args)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: segment members of %d: %w", c.AccountID, err)
	}
	return db.withTags(ctx, c.AccountID, fs)
}

// withTags adds each follower's tag names.
func (db *DB) withTags(ctx context.Context, accountID int64, fs []audience.Follower) ([]segment.Member, error) {
	out := make([]segment.Member, len(fs))
	at := make(map[string]int, len(fs))
	ids := make([]string, len(fs))
	for i, f := range fs {
		out[i].Follower = f
		at[f.OpenID] = i
		ids[i] = f.OpenID
	}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.memberTags(ctx, accountID, ids, func(openID, name string) {
		m := &out[at[openID]]
		m.Tags = append(m.Tags, name)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: tags of segment members of %d: %w", accountID, err)
	}
	return out, nil
}

// memberTags calls fn with each tag name of the given followers, by name.
func (db *DB) memberTags(ctx context.Context, accountID int64, openIDs []string, fn func(openID, name string)) error {
	args := sqlArgs{accountID}
	rows, err := db.r.QueryContext(ctx, `SELECT ft.openid, t.name FROM follower_tags AS ft
		JOIN tags AS t ON t.id = ft.tag_id
		WHERE ft.account_id = $1 AND ft.openid IN (`+placeholders(&args, openIDs)+`)
		ORDER BY ft.openid, t.name`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var openID, name string
		if err := rows.Scan(&openID, &name); err != nil {
			return err
		}
		fn(openID, name)
	}
	return rows.Err()
}

// SegmentOptions lists the account's tags with their member counts and the
// scene values its followers have, most common first.
func (db *DB) SegmentOptions(ctx context.Context, accountID int64) (segment.Options, error) {
	var o segment.Options
	var err error
	o.Tags, err = scanAll(ctx, db.r, fmt.Sprintf("segment tags of %d", accountID), `SELECT t.id, t.name,
		(SELECT COUNT(*) FROM follower_tags AS ft WHERE ft.account_id = t.account_id AND ft.tag_id = t.id)
		FROM tags AS t WHERE t.account_id = $1 ORDER BY t.name, t.id`, []any{accountID},
		func(sc scanner, t *segment.Tag) error { return sc.Scan(&t.ID, &t.Name, &t.Count) })
	if err != nil {
		return o, err
	}
	if o.QRScenes, err = db.sceneValues(ctx, accountID, "qr_scene"); err != nil {
		return o, err
	}
	o.SubscribeScenes, err = db.sceneValues(ctx, accountID, "subscribe_scene")
	return o, err
}

// SegmentTagIDs returns the ids of the account's tags.
func (db *DB) SegmentTagIDs(ctx context.Context, accountID int64) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM tags WHERE account_id = $1`, accountID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: tag ids of %d: %w", accountID, err)
	}
	return collectIDs(rows)
}

// maxSceneValues bounds the scene values a builder offers.
const maxSceneValues = 200

// sceneValues counts the non-empty values of a scene column (a constant
// name, never input) through its followers_* index.
func (db *DB) sceneValues(ctx context.Context, accountID int64, column string) ([]segment.SceneValue, error) {
	return scanAll(ctx, db.r, fmt.Sprintf("%s values of %d", column, accountID), `SELECT `+column+`, COUNT(*)
		FROM followers WHERE account_id = $1 AND subscribed IN (FALSE, TRUE) AND `+column+` <> ''
		GROUP BY `+column+` ORDER BY COUNT(*) DESC, `+column+` LIMIT $2`, []any{accountID, maxSceneValues},
		func(sc scanner, v *segment.SceneValue) error { return sc.Scan(&v.Value, &v.Count) })
}
