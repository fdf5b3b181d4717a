package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

const broadcastColumns = `id, account_id, draft, status, scheduled_at, started_at, finished_at, created_by,
	created_at, updated_at, plan, recipients, skipped_cap, wx_tag_id, temp_tag, tagged_upto, error,
	unfollows_24h, unfollows_72h`

// CreateBroadcast stores a new broadcast and sets r.ID; an unknown account
// is errs.NotFound.
func (db *DB) CreateBroadcast(ctx context.Context, r *broadcast.Record) error {
	draft, err := json.Marshal(r.Draft)
	if err != nil {
		return fmt.Errorf("sqlstore: encode broadcast draft: %w", err)
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Millisecond)
	r.UpdatedAt = r.CreatedAt
	err = db.w.QueryRowContext(ctx, `INSERT INTO broadcasts (account_id, title, kind, draft, status, scheduled_at,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		r.AccountID, r.Title, r.Kind, string(draft), r.Status, db.nullTime(r.ScheduledAt), nullInt(r.CreatedBy),
		db.d.ts(r.CreatedAt)).Scan(&r.ID)
	switch {
	case isForeignKey(err):
		return notFound("account", r.AccountID, "账号")
	case err != nil:
		return fmt.Errorf("sqlstore: create broadcast: %w", err)
	}
	return nil
}

func (db *DB) nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return db.d.nullTS(*t)
}

// UpdateBroadcastDraft replaces the draft of a draft or scheduled broadcast.
func (db *DB) UpdateBroadcastDraft(ctx context.Context, accountID, id int64, d broadcast.Draft, now time.Time) error {
	draft, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("sqlstore: encode broadcast draft: %w", err)
	}
	res, err := db.w.ExecContext(ctx, `UPDATE broadcasts SET title = $3, kind = $4, draft = $5, updated_at = $6
		WHERE id = $1 AND account_id = $2 AND status IN ('draft', 'scheduled')`,
		id, accountID, d.Title, d.Kind, string(draft), db.d.ts(now))
	if err != nil {
		return fmt.Errorf("sqlstore: update broadcast %d: %w", id, err)
	}
	return db.changed(ctx, res, accountID, id,
		"only a draft or scheduled broadcast can be edited (只能修改草稿或已排期的群发)")
}

// changed turns "no row updated" into NotFound (no such broadcast) or
// Conflict (its status forbids the change).
func (db *DB) changed(ctx context.Context, res sql.Result, accountID, id int64, conflict string) error {
	n, err := res.RowsAffected()
	if err != nil || n > 0 {
		return err
	}
	if _, err := db.Broadcast(ctx, accountID, id); err != nil {
		return err
	}
	return errs.Errorf(errs.Conflict, "%s", conflict)
}

// Broadcast returns one broadcast of the account.
func (db *DB) Broadcast(ctx context.Context, accountID, id int64) (*broadcast.Record, error) {
	r, err := scanBroadcast(db.r.QueryRowContext(ctx, `SELECT `+broadcastColumns+` FROM broadcasts
		WHERE id = $1 AND account_id = $2`, id, accountID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("broadcast", id, "群发")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: broadcast %d: %w", id, err)
	}
	return r, nil
}

// Broadcasts lists an account's broadcasts, newest first, below beforeID.
func (db *DB) Broadcasts(ctx context.Context, accountID, beforeID int64, limit int) ([]broadcast.Record, error) {
	if beforeID <= 0 {
		beforeID = 1<<63 - 1
	}
	return db.listBroadcasts(ctx, `SELECT `+broadcastColumns+` FROM broadcasts
		WHERE account_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, accountID, beforeID, limit)
}

// DueBroadcasts lists broadcasts scheduled at or before now and those
// sending, oldest first.
func (db *DB) DueBroadcasts(ctx context.Context, now time.Time, limit int) ([]broadcast.Record, error) {
	return db.listBroadcasts(ctx, `SELECT `+broadcastColumns+` FROM broadcasts
		WHERE status IN ('scheduled', 'sending') AND (status = 'sending' OR scheduled_at <= $1)
		ORDER BY scheduled_at, id LIMIT $2`, db.d.ts(now), limit)
}

// TempTagsToDelete lists ended broadcasts whose temporary tag still exists.
func (db *DB) TempTagsToDelete(ctx context.Context, limit int) ([]broadcast.Record, error) {
	return db.listBroadcasts(ctx, `SELECT `+broadcastColumns+` FROM broadcasts
		WHERE temp_tag = 'created' AND status IN ('sent', 'failed') ORDER BY id LIMIT $1`, limit)
}

func (db *DB) listBroadcasts(ctx context.Context, query string, args ...any) ([]broadcast.Record, error) {
	return scanAll(ctx, db.r, "broadcasts", query, args, func(s scanner, r *broadcast.Record) error {
		v, err := scanBroadcast(s)
		if err == nil {
			*r = *v
		}
		return err
	})
}

// SetBroadcastStatus moves a broadcast from one of from to status.
func (db *DB) SetBroadcastStatus(ctx context.Context, accountID, id int64, from []string, status string, at, now time.Time) error {
	args := sqlArgs{id, accountID, status, db.d.ts(now), db.d.nullTS(at)}
	marks := make([]string, len(from))
	for i, f := range from {
		marks[i] = args.add(f)
	}
	res, err := db.w.ExecContext(ctx, `UPDATE broadcasts SET status = $3, updated_at = $4,
		scheduled_at = COALESCE($5, scheduled_at)
		WHERE id = $1 AND account_id = $2 AND status IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: set broadcast %d %s: %w", id, status, err)
	}
	return db.changed(ctx, res, accountID, id,
		fmt.Sprintf("the broadcast cannot become %s now (群发当前状态不允许此操作)", status))
}

// FinishBroadcast ends a broadcast as sent or failed.
func (db *DB) FinishBroadcast(ctx context.Context, id int64, status, errText string, now time.Time) error {
	_, err := db.w.ExecContext(ctx, `UPDATE broadcasts SET status = $2, error = $3, finished_at = $4, updated_at = $4
		WHERE id = $1`, id, status, errText, db.d.ts(now))
	if err != nil {
		return fmt.Errorf("sqlstore: finish broadcast %d: %w", id, err)
	}
	return nil
}

// SetTempTag records a broadcast's WeChat tag and the tagging progress.
func (db *DB) SetTempTag(ctx context.Context, id, wxTagID int64, state, taggedUpto string) error {
	_, err := db.w.ExecContext(ctx, `UPDATE broadcasts SET wx_tag_id = $2, temp_tag = $3, tagged_upto = $4
		WHERE id = $1`, id, wxTagID, state, taggedUpto)
	if err != nil {
		return fmt.Errorf("sqlstore: broadcast %d temporary tag: %w", id, err)
	}
	return nil
}

// SaveUnfollows stores a broadcast's final unfollow counts.
func (db *DB) SaveUnfollows(ctx context.Context, id int64, n24, n72 int) error {
	_, err := db.w.ExecContext(ctx, `UPDATE broadcasts SET unfollows_24h = $2, unfollows_72h = $3 WHERE id = $1`, id, n24, n72)
	if err != nil {
		return fmt.Errorf("sqlstore: broadcast %d unfollows: %w", id, err)
	}
	return nil
}

func scanBroadcast(s scanner) (*broadcast.Record, error) {
	var r broadcast.Record
	var draft string
	var sched, started, finished, created, updated time.Time
	var createdBy, u24, u72 sql.NullInt64
	err := s.Scan(&r.ID, &r.AccountID, &draft, &r.Status, scanTime(&sched), scanTime(&started), scanTime(&finished),
		&createdBy, scanTime(&created), scanTime(&updated), &r.Plan, &r.Recipients, &r.SkippedCap, &r.WxTagID,
		&r.TempTag, &r.TaggedUpto, &r.Error, &u24, &u72)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(draft), &r.Draft); err != nil {
		return nil, fmt.Errorf("decode broadcast %d draft: %w", r.ID, err)
	}
	r.ScheduledAt, r.StartedAt, r.FinishedAt = timePtr(sched), timePtr(started), timePtr(finished)
	r.CreatedBy, r.CreatedAt, r.UpdatedAt = createdBy.Int64, created, updated
	r.Unfollows24h, r.Unfollows72h = intPtr(u24), intPtr(u72)
	return &r, nil
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// BroadcastSettings returns an account's broadcast settings, nil when
// never saved.
func (db *DB) BroadcastSettings(ctx context.Context, accountID int64) (*broadcast.Settings, error) {
	var st broadcast.Settings
	var ids string
	err := db.r.QueryRowContext(ctx, `SELECT daily_cap, recent_hours, preview_openids FROM broadcast_settings
		WHERE account_id = $1`, accountID).Scan(&st.DailyCap, &st.RecentHours, &ids)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err == nil {
		err = json.Unmarshal([]byte(ids), &st.PreviewOpenIDs)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: broadcast settings of account %d: %w", accountID, err)
	}
	return &st, nil
}

// SaveBroadcastSettings stores an account's broadcast settings.
func (db *DB) SaveBroadcastSettings(ctx context.Context, accountID int64, st broadcast.Settings, now time.Time) error {
	if st.PreviewOpenIDs == nil {
		st.PreviewOpenIDs = []string{}
	}
	ids, err := json.Marshal(st.PreviewOpenIDs)
	if err != nil {
		return fmt.Errorf("sqlstore: encode preview openids: %w", err)
	}
	_, err = db.w.ExecContext(ctx, `INSERT INTO broadcast_settings (account_id, daily_cap, recent_hours, preview_openids, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id) DO UPDATE SET daily_cap = excluded.daily_cap,
		recent_hours = excluded.recent_hours, preview_openids = excluded.preview_openids, updated_at = excluded.updated_at`,
		accountID, st.DailyCap, st.RecentHours, string(ids), db.d.ts(now))
	switch {
	case isForeignKey(err):
		return notFound("account", accountID, "账号")
	case err != nil:
		return fmt.Errorf("sqlstore: save broadcast settings: %w", err)
	}
	return nil
}
