package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/wechat"
)

// FollowerTags lists the tags on a follower by name.
func (db *DB) FollowerTags(ctx context.Context, accountID int64, openID string) ([]audience.Tag, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.name, t.wx_tag_id FROM follower_tags ft
		JOIN tags t ON t.id = ft.tag_id WHERE ft.account_id = $1 AND ft.openid = $2 ORDER BY t.name, t.id`,
		accountID, openID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: tags of %s: %w", openID, err)
	}
	defer rows.Close()
	var out []audience.Tag
	for rows.Next() {
		var t audience.Tag
		var wx sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &wx); err != nil {
			return nil, fmt.Errorf("sqlstore: tags of %s: %w", openID, err)
		}
		t.WxTagID = wx.Int64
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: tags of %s: %w", openID, err)
	}
	return out, nil
}

// TagFollower puts the tag called name on a known follower, creating the
// tag on first use, in one transaction.
func (db *DB) TagFollower(ctx context.Context, accountID int64, openID, name string) (audience.Tag, error) {
	tag := audience.Tag{Name: name}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := followerExists(ctx, tx, accountID, openID); err != nil {
			return err
		}
		var wx sql.NullInt64
		if err := upsertTag(ctx, tx, db.d, accountID, name, &tag.ID, &wx); err != nil {
			return err
		}
		tag.WxTagID = wx.Int64
		_, err := tx.ExecContext(ctx, `INSERT INTO follower_tags (account_id, openid, tag_id) VALUES ($1, $2, $3)
			ON CONFLICT (account_id, openid, tag_id) DO NOTHING`, accountID, openID, tag.ID)
		return err
	})
	if err != nil {
		return audience.Tag{}, fmt.Errorf("sqlstore: tag %s with %q: %w", openID, name, err)
	}
	return tag, nil
}

func followerExists(ctx context.Context, tx *sql.Tx, accountID int64, openID string) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM followers WHERE account_id = $1 AND openid = $2`,
		accountID, openID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("follower", openID, "粉丝")
	}
	return err
}

// upsertTag finds the account's tag called name, creating it if needed.
func upsertTag(ctx context.Context, tx *sql.Tx, d dialect, accountID int64, name string, id *int64, wx *sql.NullInt64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO tags (account_id, name, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (account_id, name) DO NOTHING`, accountID, name, d.ts(time.Now()))
	if err != nil {
		return err
	}
	return tx.QueryRowContext(ctx, `SELECT id, wx_tag_id FROM tags WHERE account_id = $1 AND name = $2`,
		accountID, name).Scan(id, wx)
}

// UntagFollower takes a tag off a follower.
func (db *DB) UntagFollower(ctx context.Context, accountID int64, openID string, tagID int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM follower_tags WHERE account_id = $1 AND openid = $2 AND tag_id = $3`,
		accountID, openID, tagID)
	if err != nil {
		return fmt.Errorf("sqlstore: untag %s: %w", openID, err)
	}
	return mustAffect(res, notFound("tag", tagID, "标签"))
}

// FollowHistory lists a follower's subscribe and unsubscribe pushes in the
// order received (the partial index messages_follow_events finds them).
func (db *DB) FollowHistory(ctx context.Context, accountID int64, openID string, limit int) ([]audience.FollowEvent, error) {
	if limit <= 0 {
		limit = audience.MaxFollowHistory
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, event, event_key, received_at FROM messages
		WHERE account_id = $1 AND openid = $2 AND kind = 'event' AND event IN ('subscribe', 'unsubscribe')
		ORDER BY received_at, id LIMIT $3`, accountID, openID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: follow history of %s: %w", openID, err)
	}
	defer rows.Close()
	var out []audience.FollowEvent
	for rows.Next() {
		var e audience.FollowEvent
		var event, key string
		if err := rows.Scan(&e.MessageID, &event, &key, scanTime(&e.At)); err != nil {
			return nil, fmt.Errorf("sqlstore: follow history of %s: %w", openID, err)
		}
		e.Subscribe = event == wechat.EventSubscribe
		if e.Subscribe && strings.HasPrefix(key, wechat.QRScenePrefix) {
			e.QRScene = strings.TrimPrefix(key, wechat.QRScenePrefix)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: follow history of %s: %w", openID, err)
	}
	return out, nil
}
