package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
)

// syncRowsPerInsert bounds the rows of one multi-row follower upsert (12
// parameters a row for profiles, well under SQLite's 32766).
const syncRowsPerInsert = 1000

const followerSyncColumns = `account_id, phase, next_openid, profile_cursor, total, listed, profiled, unlisted,
	calls, started_at, updated_at, finished_at, error`

// The sync's upserts follow audience's rule "the latest word wins": a list
// page or profile fetched at excluded.synced_at / excluded.profiled_at says
// "following" unless an unsubscribe push was received after it, and a
// profile says "gone" unless a subscribe push was received after it.
const (
	listedUpsertSQL = ` ON CONFLICT (account_id, openid) DO UPDATE SET
		synced_at = excluded.synced_at,
		subscribed = (followers.subscribed OR followers.unsubscribed_at IS NULL
			OR followers.unsubscribed_at <= excluded.synced_at)`

	profileUpsertSQL = ` ON CONFLICT (account_id, openid) DO UPDATE SET
		subscribed = CASE WHEN excluded.subscribed
			THEN (followers.subscribed OR followers.unsubscribed_at IS NULL OR followers.unsubscribed_at <= excluded.profiled_at)
			ELSE (followers.subscribed AND followers.subscribed_at IS NOT NULL AND followers.subscribed_at > excluded.profiled_at) END,
		nickname = CASE WHEN excluded.nickname <> '' THEN excluded.nickname ELSE followers.nickname END,
		remark = CASE WHEN excluded.subscribed THEN excluded.remark ELSE followers.remark END,
		language = CASE WHEN excluded.language <> '' THEN excluded.language ELSE followers.language END,
		union_id = CASE WHEN excluded.union_id <> '' THEN excluded.union_id ELSE followers.union_id END,
		subscribed_at = CASE WHEN excluded.subscribed_at IS NOT NULL
			AND (followers.subscribed_at IS NULL OR followers.subscribed_at < excluded.subscribed_at)
			THEN excluded.subscribed_at ELSE followers.subscribed_at END,
		subscribe_scene = CASE WHEN excluded.subscribe_scene <> ''
			AND (followers.subscribed_at IS NULL OR followers.subscribed_at <= excluded.profiled_at)
			THEN excluded.subscribe_scene ELSE followers.subscribe_scene END,
		qr_scene = CASE WHEN excluded.qr_scene <> ''
			AND (followers.subscribed_at IS NULL OR followers.subscribed_at <= excluded.profiled_at)
			THEN excluded.qr_scene ELSE followers.qr_scene END,
		profiled_at = excluded.profiled_at`
)

// FollowerSync returns an account's sync state; errs.NotFound when none.
func (db *DB) FollowerSync(ctx context.Context, accountID int64) (*audience.SyncState, error) {
	var s audience.SyncState
	var phase string
	err := db.r.QueryRowContext(ctx, `SELECT `+followerSyncColumns+` FROM follower_syncs WHERE account_id = $1`,
		accountID).Scan(&s.AccountID, &phase, &s.NextOpenID, &s.ProfileCursor, &s.Total, &s.Listed, &s.Profiled,
		&s.Unlisted, &s.Calls, scanTime(&s.StartedAt), scanTime(&s.UpdatedAt), scanTime(&s.FinishedAt), &s.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("follower sync of account", accountID, "粉丝同步记录")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: follower sync of %d: %w", accountID, err)
	}
	s.Phase = audience.SyncPhase(phase)
	return &s, nil
}

// SaveFollowerSync stores the state of an account's sync, replacing the last.
func (db *DB) SaveFollowerSync(ctx context.Context, s *audience.SyncState) error {
	err := db.saveSync(ctx, db.w, s)
	if isForeignKey(err) {
		return notFound("account", s.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: save follower sync: %w", err)
	}
	return nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (db *DB) saveSync(ctx context.Context, x execer, s *audience.SyncState) error {
	_, err := x.ExecContext(ctx, `INSERT INTO follower_syncs (`+followerSyncColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (account_id) DO UPDATE SET phase = excluded.phase, next_openid = excluded.next_openid,
			profile_cursor = excluded.profile_cursor, total = excluded.total, listed = excluded.listed,
			profiled = excluded.profiled, unlisted = excluded.unlisted, calls = excluded.calls,
			started_at = excluded.started_at, updated_at = excluded.updated_at,
			finished_at = excluded.finished_at, error = excluded.error`,
		s.AccountID, string(s.Phase), s.NextOpenID, s.ProfileCursor, s.Total, s.Listed, s.Profiled, s.Unlisted,
		s.Calls, db.d.ts(s.StartedAt), db.d.ts(s.UpdatedAt), db.d.nullTS(s.FinishedAt), s.Error)
	return err
}

// SaveListedFollowers upserts one list page's followers and the state in
// one transaction, many rows per statement.
func (db *DB) SaveListedFollowers(ctx context.Context, s *audience.SyncState, openIDs []string, at time.Time) error {
	rows := make([][]any, len(openIDs))
	for i, id := range openIDs {
		rows[i] = []any{s.AccountID, id, true, db.d.ts(at), db.d.ts(at)}
	}
	return db.syncUpsert(ctx, s, "listed followers", `INSERT INTO followers
		(account_id, openid, subscribed, first_seen_at, synced_at) VALUES `, rows, listedUpsertSQL, nil)
}

// SaveFollowerProfiles upserts profiles fetched at at, the subscribed
// followers' tags (tagid_list replaces their synced tags) and the state in
// one transaction, many rows per statement.
func (db *DB) SaveFollowerProfiles(ctx context.Context, s *audience.SyncState, ps []audience.SyncProfile, at time.Time) error {
	rows := make([][]any, len(ps))
	for i, p := range ps {
		rows[i] = []any{s.AccountID, p.OpenID, p.Subscribed, p.Nickname, p.Remark, p.Language, p.UnionID,
			db.d.nullTS(p.SubscribedAt), p.SubscribeScene, p.QRScene, db.d.ts(at), db.d.ts(at)}
	}
	return db.syncUpsert(ctx, s, "follower profiles", `INSERT INTO followers
		(account_id, openid, subscribed, nickname, remark, language, union_id, subscribed_at,
		subscribe_scene, qr_scene, first_seen_at, profiled_at) VALUES `, rows, profileUpsertSQL,
		func(tx *sql.Tx) error { return db.replaceProfileTags(ctx, tx, s.AccountID, ps) })
}

// syncUpsert upserts rows, runs also (when set) and saves the state, in one
// transaction.
func (db *DB) syncUpsert(ctx context.Context, s *audience.SyncState, what, insert string, rows [][]any, upsert string,
	also func(tx *sql.Tx) error) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(rows); start += syncRowsPerInsert {
			if err := db.upsertRows(ctx, tx, insert, rows[start:min(start+syncRowsPerInsert, len(rows))], upsert); err != nil {
				return err
			}
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
		}
		return db.saveSync(ctx, tx, s)
	})
	if isForeignKey(err) {
		return notFound("account", s.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: save %s: %w", what, err)
	}
	return nil
}

func (db *DB) upsertRows(ctx context.Context, tx *sql.Tx, insert string, rows [][]any, upsert string) error {
	var b strings.Builder
	b.WriteString(insert)
	args := make([]any, 0, len(rows)*len(rows[0]))
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(db.analyticsMarks(len(args)+1, len(row)))
		args = append(args, row...)
	}
	b.WriteString(upsert)
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("upsert followers: %w", err)
	}
	return nil
}

// FollowersToProfile returns up to limit openids listed at or after since,
// after the cursor, in openid order (the primary key's).
func (db *DB) FollowersToProfile(ctx context.Context, accountID int64, since time.Time, after string, limit int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT openid FROM followers
		WHERE account_id = $1 AND openid > $2 AND synced_at >= $3 ORDER BY openid LIMIT $4`,
		accountID, after, db.d.ts(since), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: followers to profile: %w", err)
	}
	return collectColumn[string](rows, "followers to profile")
}

// UnsubscribeUnlisted marks following followers that no list page since
// listedSince showed as gone, except those a push since then speaks for
// (first seen, or subscribed, at or after listedSince).
func (db *DB) UnsubscribeUnlisted(ctx context.Context, accountID int64, listedSince time.Time) (int64, error) {
	since := db.d.ts(listedSince)
	res, err := db.w.ExecContext(ctx, `UPDATE followers SET subscribed = FALSE
		WHERE account_id = $1 AND subscribed AND (synced_at IS NULL OR synced_at < $2)
			AND first_seen_at < $2 AND (subscribed_at IS NULL OR subscribed_at < $2)`, accountID, since)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: unsubscribe unlisted followers: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: unsubscribe unlisted followers: %w", err)
	}
	return n, nil
}
