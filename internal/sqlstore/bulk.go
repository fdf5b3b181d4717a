package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/inbox/burst"
)

const bulkJobColumns = `id, account_id, kind, text, note, created_by, status, created_at, finished_at`

// CreateBulkJob stores a running job and its pending recipients in one
// transaction; a repeated openid becomes one recipient.
func (db *DB) CreateBulkJob(ctx context.Context, j *burst.Job, recipients []burst.Recipient) error {
	if j.CreatedAt.IsZero() {
		j.CreatedAt = time.Now()
	}
	j.CreatedAt = j.CreatedAt.UTC().Truncate(time.Millisecond)
	j.Status = burst.JobRunning
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO bulk_jobs (account_id, kind, text, note, created_by, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, j.AccountID, string(j.Kind), j.Text, j.Note,
			nullInt(j.CreatedBy), string(j.Status), db.d.ts(j.CreatedAt)).Scan(&j.ID)
		if err != nil {
			return err
		}
		return db.insertRecipients(ctx, tx, j, recipients)
	})
	if isForeignKey(err) {
		return notFound("account", j.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create bulk job: %w", err)
	}
	return nil
}

func (db *DB) insertRecipients(ctx context.Context, tx *sql.Tx, j *burst.Job, recipients []burst.Recipient) error {
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO bulk_recipients (job_id, openid, conversation_id, status, updated_at)
		VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (job_id, openid) DO NOTHING RETURNING id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range recipients {
		rc := &recipients[i]
		rc.JobID, rc.Status, rc.UpdatedAt = j.ID, burst.StatusPending, j.CreatedAt
		err := stmt.QueryRowContext(ctx, j.ID, rc.OpenID, nullInt(rc.ConversationID), db.d.ts(j.CreatedAt)).Scan(&rc.ID)
		if errors.Is(err, sql.ErrNoRows) {
			continue // the same follower twice
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// BulkJob returns a job with its counts.
func (db *DB) BulkJob(ctx context.Context, id int64) (*burst.Job, error) {
	j, err := scanJob(db.r.QueryRowContext(ctx, `SELECT `+bulkJobColumns+` FROM bulk_jobs WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("bulk job", id, "群发任务")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: bulk job %d: %w", id, err)
	}
	jobs := []burst.Job{j}
	if err := db.countRecipients(ctx, jobs); err != nil {
		return nil, err
	}
	return &jobs[0], nil
}

// BulkJobs lists an account's latest jobs, newest first, with counts.
func (db *DB) BulkJobs(ctx context.Context, accountID int64, limit int) ([]burst.Job, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	return db.listJobs(ctx, `SELECT `+bulkJobColumns+` FROM bulk_jobs WHERE account_id = $1 ORDER BY id DESC LIMIT $2`,
		accountID, limit)
}

// RunningBulkJobs lists every running job, oldest first.
func (db *DB) RunningBulkJobs(ctx context.Context) ([]burst.Job, error) {
	return db.listJobs(ctx, `SELECT `+bulkJobColumns+` FROM bulk_jobs WHERE status = 'running' ORDER BY id`)
}

func (db *DB) listJobs(ctx context.Context, query string, args ...any) ([]burst.Job, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: bulk jobs: %w", err)
	}
	defer rows.Close()
	var out []burst.Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: bulk jobs: %w", err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: bulk jobs: %w", err)
	}
	return out, db.countRecipients(ctx, out)
}

// countRecipients fills the counts of the jobs in one grouped query.
func (db *DB) countRecipients(ctx context.Context, jobs []burst.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	var a sqlArgs
	marks := make([]string, len(jobs))
	at := make(map[int64]*burst.Job, len(jobs))
	for i := range jobs {
		marks[i] = a.add(jobs[i].ID)
		jobs[i].Counts = burst.Counts{}
		at[jobs[i].ID] = &jobs[i]
	}
	rows, err := db.r.QueryContext(ctx, `SELECT job_id, status, COUNT(*) FROM bulk_recipients
		WHERE job_id IN (`+strings.Join(marks, ", ")+`) GROUP BY job_id, status`, a...)
	if err != nil {
		return fmt.Errorf("sqlstore: count bulk recipients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		var n int
		if err := rows.Scan(&id, &s, &n); err != nil {
			return fmt.Errorf("sqlstore: count bulk recipients: %w", err)
		}
		at[id].Counts.Add(burst.Status(s), n)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: count bulk recipients: %w", err)
	}
	return nil
}

func scanJob(s scanner) (burst.Job, error) {
	var j burst.Job
	var kind, status string
	var createdBy sql.NullInt64
	err := s.Scan(&j.ID, &j.AccountID, &kind, &j.Text, &j.Note, &createdBy, &status,
		scanTime(&j.CreatedAt), scanTime(&j.FinishedAt))
	j.Kind, j.Status, j.CreatedBy = burst.JobKind(kind), burst.JobStatus(status), createdBy.Int64
	return j, err
}

const recipientColumns = `id, job_id, openid, conversation_id, status, error, reply_id, updated_at`

// BulkRecipients lists a job's recipients after afterID, in id order,
// those of status only when it is set.
func (db *DB) BulkRecipients(ctx context.Context, jobID int64, status burst.Status, afterID int64, limit int) ([]burst.Recipient, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+recipientColumns+` FROM bulk_recipients
		WHERE job_id = $1 AND ($2 = '' OR status = $2) AND id > $3 ORDER BY id LIMIT $4`,
		jobID, string(status), afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: recipients of job %d: %w", jobID, err)
	}
	defer rows.Close()
	var out []burst.Recipient
	for rows.Next() {
		rc, err := scanRecipient(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: recipients of job %d: %w", jobID, err)
		}
		out = append(out, rc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: recipients of job %d: %w", jobID, err)
	}
	return out, nil
}

// NextBulkRecipient returns the job's pending recipient with the lowest id.
func (db *DB) NextBulkRecipient(ctx context.Context, jobID int64) (*burst.Recipient, error) {
	rc, err := scanRecipient(db.r.QueryRowContext(ctx, `SELECT `+recipientColumns+` FROM bulk_recipients
		WHERE job_id = $1 AND status = 'pending' ORDER BY id LIMIT 1`, jobID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("pending recipient of job", jobID, "待发送的粉丝")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: next recipient of job %d: %w", jobID, err)
	}
	return &rc, nil
}

// MoveBulkRecipient changes a recipient's status from from to to, in one
// conditional UPDATE: it reports false when the recipient was not in from.
func (db *DB) MoveBulkRecipient(ctx context.Context, id int64, from, to burst.Status, errMsg string, replyID int64, at time.Time) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE bulk_recipients SET status = $3, error = $4, reply_id = $5, updated_at = $6
		WHERE id = $1 AND status = $2`, id, string(from), string(to), errMsg, nullInt(replyID), db.d.ts(at))
	if err != nil {
		return false, fmt.Errorf("sqlstore: move recipient %d to %s: %w", id, to, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: move recipient %d: %w", id, err)
	}
	return n == 1, nil
}

// MarkBulkUnknown turns the job's "sending" recipients into "unknown".
func (db *DB) MarkBulkUnknown(ctx context.Context, jobID int64, at time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE bulk_recipients SET status = 'unknown', updated_at = $2
		WHERE job_id = $1 AND status = 'sending'`, jobID, db.d.ts(at))
	if err != nil {
		return 0, fmt.Errorf("sqlstore: recover job %d: %w", jobID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: recover job %d: %w", jobID, err)
	}
	return n, nil
}

// FinishBulkJob marks the job done.
func (db *DB) FinishBulkJob(ctx context.Context, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE bulk_jobs SET status = 'done', finished_at = $2 WHERE id = $1`, id, db.d.ts(at))
	if err != nil {
		return fmt.Errorf("sqlstore: finish job %d: %w", id, err)
	}
	return mustAffect(res, notFound("bulk job", id, "群发任务"))
}

func scanRecipient(s scanner) (burst.Recipient, error) {
	var rc burst.Recipient
	var status string
	var conv, reply sql.NullInt64
	err := s.Scan(&rc.ID, &rc.JobID, &rc.OpenID, &conv, &status, &rc.Error, &reply, scanTime(&rc.UpdatedAt))
	rc.Status, rc.ConversationID, rc.ReplyID = burst.Status(status), conv.Int64, reply.Int64
	return rc, err
}

// WaitingMessages lists the user messages of live conversations that still
// wait for an answer (received since waiting_since), the newest limit, in
// id order: what the clusters group.
func (db *DB) WaitingMessages(ctx context.Context, accountID int64, limit int) ([]burst.Waiting, error) {
	if limit <= 0 {
		limit = burst.MaxWaiting
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, conversation_id, openid, nickname, assignee_id, content, received_at FROM (
		SELECT m.id, c.id AS conversation_id, c.openid, COALESCE(fo.nickname, '') AS nickname,
			COALESCE(c.assignee_id, 0) AS assignee_id, m.content, m.received_at
		FROM conversations c
		JOIN messages m ON m.account_id = c.account_id AND m.openid = c.openid AND m.received_at >= c.waiting_since
		LEFT JOIN followers fo ON fo.account_id = c.account_id AND fo.openid = c.openid
		WHERE c.account_id = $1 AND c.status <> 'closed' AND c.waiting_since IS NOT NULL
			AND m.kind = 'message' AND m.content <> ''
		ORDER BY m.id DESC LIMIT $2) w ORDER BY id`, accountID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: waiting messages of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []burst.Waiting
	for rows.Next() {
		var w burst.Waiting
		if err := rows.Scan(&w.MessageID, &w.ConversationID, &w.OpenID, &w.Nickname, &w.AssigneeID, &w.Text,
			scanTime(&w.At)); err != nil {
			return nil, fmt.Errorf("sqlstore: waiting messages: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: waiting messages: %w", err)
	}
	return out, nil
}
