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

// recipientRowsPerInsert bounds one multi-row INSERT of a snapshot.
const recipientRowsPerInsert = 1000

// StartBroadcast snapshots the recipients and batches of a scheduled
// broadcast and moves it to sending, in one transaction: a broadcast that
// is no longer scheduled (cancelled, or started by another process) is
// errs.Conflict and nothing is written.
func (db *DB) StartBroadcast(ctx context.Context, r *broadcast.Record, recipients []broadcast.Recipient,
	batches []broadcast.Batch, now time.Time) error {
	eligible, skipped := 0, 0
	for _, rc := range recipients {
		if rc.State == broadcast.StateSkippedCap {
			skipped++
		} else {
			eligible++
		}
	}
	draft, err := json.Marshal(r.Draft) // carries what starting resolved, e.g. a news draft's media_id
	if err != nil {
		return fmt.Errorf("sqlstore: start broadcast %d: encode draft: %w", r.ID, err)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE broadcasts SET status = 'sending', plan = $2, recipients = $3,
			skipped_cap = $4, started_at = $5, updated_at = $5, draft = $6 WHERE id = $1 AND status = 'scheduled'`,
			r.ID, r.Plan, eligible, skipped, db.d.ts(now), string(draft))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, errs.Errorf(errs.Conflict, "the broadcast is no longer scheduled (群发已不是排期状态)"))
		}
		if err := db.insertBatches(ctx, tx, r.AccountID, batches); err != nil {
			return err
		}
		return db.insertBroadcastRecipients(ctx, tx, r.ID, r.AccountID, recipients)
	})
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			return err
		}
		return fmt.Errorf("sqlstore: start broadcast %d: %w", r.ID, err)
	}
	return nil
}

func (db *DB) insertBatches(ctx context.Context, tx *sql.Tx, accountID int64, batches []broadcast.Batch) error {
	for _, b := range batches {
		_, err := tx.ExecContext(ctx, `INSERT INTO broadcast_batches (broadcast_id, batch, account_id, clientmsgid, size, state)
			VALUES ($1, $2, $3, $4, $5, $6)`, b.BroadcastID, b.Batch, accountID, b.ClientMsgID, b.Size, b.State)
		if err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) insertBroadcastRecipients(ctx context.Context, tx *sql.Tx, id, accountID int64, recipients []broadcast.Recipient) error {
	for start := 0; start < len(recipients); start += recipientRowsPerInsert {
		chunk := recipients[start:min(start+recipientRowsPerInsert, len(recipients))]
		// "?" marks on SQLite: looking up thousands of numbered ones is quadratic there.
		args := make([]any, 0, 5*len(chunk))
		rows := make([]string, len(chunk))
		for i, rc := range chunk {
			rows[i] = db.analyticsMarks(len(args)+1, 5)
			args = append(args, id, rc.OpenID, accountID, rc.Batch, rc.State)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO broadcast_recipients (broadcast_id, openid, account_id, batch, state)
			VALUES `+strings.Join(rows, ", ")+` ON CONFLICT (broadcast_id, openid) DO NOTHING`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

const batchColumns = `broadcast_id, batch, clientmsgid, size, state, msg_id, msg_data_id, error, sent_at,
	job_status, total_count, filter_count, sent_count, error_count, finished_at`

// Batches lists a broadcast's batches in order.
func (db *DB) Batches(ctx context.Context, broadcastID int64) ([]broadcast.Batch, error) {
	return scanAll(ctx, db.r, "broadcast batches", `SELECT `+batchColumns+` FROM broadcast_batches
		WHERE broadcast_id = $1 ORDER BY batch`, []any{broadcastID}, func(s scanner, b *broadcast.Batch) error {
		return s.Scan(&b.BroadcastID, &b.Batch, &b.ClientMsgID, &b.Size, &b.State, &b.MsgID, &b.MsgDataID, &b.Error,
			scanTime(&b.SentAt), &b.JobStatus, &b.TotalCount, &b.FilterCount, &b.SentCount, &b.ErrorCount, scanTime(&b.FinishedAt))
	})
}

// MarkBatch stores a batch's state and answer and moves its recipients
// along: to sending (with sent_at) when the batch starts, to accepted or
// failed when WeChat answered. Recipients already failed stay failed.
func (db *DB) MarkBatch(ctx context.Context, b broadcast.Batch, now time.Time) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE broadcast_batches SET state = $3, msg_id = $4, msg_data_id = $5, error = $6,
			sent_at = COALESCE(sent_at, $7) WHERE broadcast_id = $1 AND batch = $2`,
			b.BroadcastID, b.Batch, b.State, b.MsgID, b.MsgDataID, b.Error, db.d.ts(now))
		if err != nil {
			return err
		}
		if b.State == broadcast.StateSending {
			_, err = tx.ExecContext(ctx, `UPDATE broadcast_recipients SET state = 'sending', sent_at = $3
				WHERE broadcast_id = $1 AND batch = $2 AND state = 'pending'`, b.BroadcastID, b.Batch, db.d.ts(now))
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE broadcast_recipients SET state = $3, error = $4, sent_at = COALESCE(sent_at, $5)
			WHERE broadcast_id = $1 AND batch = $2 AND state IN ('pending', 'sending')`,
			b.BroadcastID, b.Batch, b.State, b.Error, db.d.ts(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: mark broadcast %d batch %d %s: %w", b.BroadcastID, b.Batch, b.State, err)
	}
	return nil
}

// Recipients pages a broadcast's recipients in openid order, optionally
// of one batch (-1 = any) and one state ("" = any).
func (db *DB) Recipients(ctx context.Context, broadcastID int64, batch int, state, after string, limit int) ([]broadcast.Recipient, error) {
	args := sqlArgs{broadcastID, after}
	where := ``
	if batch >= 0 {
		where += ` AND batch = ` + args.add(batch)
	}
	if state != "" {
		where += ` AND state = ` + args.add(state)
	}
	query := `SELECT openid, batch, state, error, msg_id, sent_at FROM broadcast_recipients
		WHERE broadcast_id = $1 AND openid > $2` + where + ` ORDER BY openid LIMIT ` + args.add(limit)
	return scanAll(ctx, db.r, "broadcast recipients", query, args, func(s scanner, rc *broadcast.Recipient) error {
		return s.Scan(&rc.OpenID, &rc.Batch, &rc.State, &rc.Error, &rc.MsgID, scanTime(&rc.SentAt))
	})
}

// MarkRecipients sets the state of some recipients; msgID and sentAt are
// stored when not zero.
func (db *DB) MarkRecipients(ctx context.Context, broadcastID int64, openIDs []string, state, errText string, msgID int64, sentAt time.Time) error {
	if len(openIDs) == 0 {
		return nil
	}
	args := sqlArgs{broadcastID, state, errText}
	set := `state = $2, error = $3`
	if msgID != 0 {
		set += `, msg_id = ` + args.add(msgID)
	}
	if !sentAt.IsZero() {
		set += `, sent_at = ` + args.add(db.d.ts(sentAt))
	}
	marks := make([]string, len(openIDs))
	for i, o := range openIDs {
		marks[i] = args.add(o)
	}
	_, err := db.w.ExecContext(ctx, `UPDATE broadcast_recipients SET `+set+`
		WHERE broadcast_id = $1 AND openid IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: mark broadcast %d recipients %s: %w", broadcastID, state, err)
	}
	return nil
}

// AudienceOpenIDs pages the subscribed followers of an account, all or
// those carrying a local tag, in openid order. The mass-send helper, whose
// job-finish pushes leave a follower row behind, is no audience.
func (db *DB) AudienceOpenIDs(ctx context.Context, accountID, tagID int64, after string, limit int) ([]string, error) {
	query := `SELECT openid FROM followers WHERE account_id = $1 AND subscribed = TRUE AND openid > $2
		AND openid <> $4 ORDER BY openid LIMIT $3`
	args := []any{accountID, after, limit, broadcast.MassHelper}
	if tagID != 0 {
		query = `SELECT f.openid FROM follower_tags ft JOIN followers f ON f.account_id = ft.account_id AND f.openid = ft.openid
			WHERE ft.account_id = $1 AND ft.tag_id = $5 AND ft.openid > $2 AND f.subscribed = TRUE
			AND ft.openid <> $4 ORDER BY ft.openid LIMIT $3`
		args = append(args, tagID)
	}
	return scanAll(ctx, db.r, "broadcast audience", query, args, func(s scanner, o *string) error { return s.Scan(o) })
}

// Contacted counts, per follower, the messages we initiated since recent
// and since day: rows of broadcasts that were (or may have been) sent to
// them, read in one pass over the later part of the contact index.
func (db *DB) Contacted(ctx context.Context, accountID int64, recent, day time.Time) (map[string]broadcast.Contact, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT openid, COUNT(CASE WHEN sent_at > $2 THEN 1 END),
		COUNT(CASE WHEN sent_at > $3 THEN 1 END) FROM broadcast_recipients
		WHERE account_id = $1 AND sent_at IS NOT NULL AND sent_at > $4
		AND state IN ('sending', 'accepted', 'delivered', 'unknown') GROUP BY openid`,
		accountID, db.d.ts(recent), db.d.ts(day), db.d.ts(earlier(recent, day)))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: contacted followers: %w", err)
	}
	defer rows.Close()
	out := map[string]broadcast.Contact{}
	for rows.Next() {
		var o string
		var c broadcast.Contact
		if err := rows.Scan(&o, &c.Recent, &c.Day); err != nil {
			return nil, fmt.Errorf("sqlstore: contacted followers: %w", err)
		}
		out[o] = c
	}
	return out, rows.Err()
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// MassSendsSince counts the account's broadcasts that spent mass quota
// since: mass sends started then that are sending or had a call made.
func (db *DB) MassSendsSince(ctx context.Context, accountID int64, since time.Time) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM broadcasts b
		WHERE b.account_id = $1 AND b.started_at IS NOT NULL AND b.started_at >= $2 AND b.plan NOT IN ('', 'template')
		AND (b.status = 'sending' OR EXISTS (SELECT 1 FROM broadcast_batches bb
			WHERE bb.broadcast_id = b.id AND bb.state = 'accepted'))`, accountID, db.d.ts(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: mass sends of account %d: %w", accountID, err)
	}
	return n, nil
}
