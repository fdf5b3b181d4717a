package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/audience"
)

const followerColumns = `account_id, openid, subscribed, subscribe_scene, qr_scene, nickname, remark,
	language, union_id, first_seen_at, subscribed_at, unsubscribed_at, last_message_at, last_interaction, interactions`

// Follower returns one follower of an account; errs.NotFound when unknown.
func (db *DB) Follower(ctx context.Context, accountID int64, openID string) (*audience.Follower, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+followerColumns+` FROM followers
		WHERE account_id = $1 AND openid = $2`, accountID, openID)
	f, err := scanFollower(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("follower", openID, "粉丝")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: follower %s: %w", openID, err)
	}
	return f, nil
}

// CountFollowers counts an account's known followers, or only those
// currently following.
func (db *DB) CountFollowers(ctx context.Context, accountID int64, subscribedOnly bool) (int64, error) {
	query := `SELECT COUNT(*) FROM followers WHERE account_id = $1`
	if subscribedOnly {
		query += ` AND subscribed`
	}
	var n int64
	if err := db.r.QueryRowContext(ctx, query, accountID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count followers of %d: %w", accountID, err)
	}
	return n, nil
}

func scanFollower(s scanner) (*audience.Follower, error) {
	var f audience.Follower
	err := s.Scan(&f.AccountID, &f.OpenID, &f.Subscribed, &f.SubscribeScene, &f.QRScene, &f.Nickname,
		&f.Remark, &f.Language, &f.UnionID, scanTime(&f.FirstSeenAt), scanTime(&f.SubscribedAt),
		scanTime(&f.UnsubscribedAt), scanTime(&f.LastMessageAt), scanTime(&f.LastInteraction), &f.Interactions)
	if err != nil {
		return nil, err
	}
	return &f, nil
}
