package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/fanbase/fanbase/internal/broadcast"
)

const jobEventColumns = `id, account_id, openid, event, raw, received_at`

const jobEventWhere = `kind = 'event' AND event IN ('MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH')`

func scanJobEvent(s scanner, e *broadcast.JobEvent) error {
	return s.Scan(&e.ID, &e.AccountID, &e.OpenID, &e.Event, &e.Raw, scanTime(&e.ReceivedAt))
}

// JobEvents lists job-finish pushes with id > afterID, oldest first, up
// to the analytics horizon: on PostgreSQL message ids commit out of order,
// and a reconciler that moved its cursor past a push still being committed
// would never store that job's result. The horizon is only looked for
// when there is a push to read, so an idle runner's tick stays one read of
// the small partial index.
func (db *DB) JobEvents(ctx context.Context, afterID int64, limit int) ([]broadcast.JobEvent, error) {
	query := `SELECT ` + jobEventColumns + ` FROM messages WHERE id > $1 AND ` + jobEventWhere + ` AND id <= $3 ORDER BY id LIMIT $2`
	events, err := scanAll(ctx, db.r, "job events", query, []any{afterID, limit, int64(math.MaxInt64)}, scanJobEvent)
	if err != nil || len(events) == 0 {
		return nil, err
	}
	h, err := db.analyticsHorizon(ctx)
	if err != nil || !h.settled || h.messages <= afterID {
		return nil, err // writers still in flight: try again on the next tick
	}
	return scanAll(ctx, db.r, "job events", query, []any{afterID, limit, h.messages}, scanJobEvent)
}

// JobEventByMsgID finds the first job-finish push of a job, nil when none.
func (db *DB) JobEventByMsgID(ctx context.Context, accountID, msgID int64) (*broadcast.JobEvent, error) {
	return db.oneJobEvent(ctx, `SELECT `+jobEventColumns+` FROM messages
		WHERE account_id = $1 AND msg_id = $2 AND `+jobEventWhere+` ORDER BY id LIMIT 1`, accountID, msgID)
}

// TemplateFinish finds the first TEMPLATESENDJOBFINISH from openID
// received at or after since, nil when none.
func (db *DB) TemplateFinish(ctx context.Context, accountID int64, openID string, since time.Time) (*broadcast.JobEvent, error) {
	return db.oneJobEvent(ctx, `SELECT `+jobEventColumns+` FROM messages
		WHERE account_id = $1 AND openid = $2 AND kind = 'event' AND event = 'TEMPLATESENDJOBFINISH'
		AND received_at >= $3 ORDER BY id LIMIT 1`, accountID, openID, db.d.ts(since))
}

func (db *DB) oneJobEvent(ctx context.Context, query string, args ...any) (*broadcast.JobEvent, error) {
	var e broadcast.JobEvent
	err := scanJobEvent(db.r.QueryRowContext(ctx, query, args...), &e)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: job event: %w", err)
	}
	return &e, nil
}

// FinishMassJob stores a MASSSENDJOBFINISH's counts on the batch with that
// msg_id and returns its broadcast (0 when no batch has it).
func (db *DB) FinishMassJob(ctx context.Context, accountID, msgID int64, b broadcast.Batch) (int64, error) {
	if msgID == 0 {
		return 0, nil
	}
	var id int64
	err := db.w.QueryRowContext(ctx, `UPDATE broadcast_batches SET job_status = $3, total_count = $4, filter_count = $5,
		sent_count = $6, error_count = $7, finished_at = $8 WHERE account_id = $1 AND msg_id = $2 RETURNING broadcast_id`,
		accountID, msgID, b.JobStatus, b.TotalCount, b.FilterCount, b.SentCount, b.ErrorCount, db.d.ts(b.FinishedAt)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: finish mass job %d: %w", msgID, err)
	}
	return id, nil
}

// FinishTemplate settles the template recipient with that msg_id and
// returns its broadcast (0 when none has it).
func (db *DB) FinishTemplate(ctx context.Context, accountID, msgID int64, state, errText string) (int64, error) {
	if msgID == 0 {
		return 0, nil
	}
	var id int64
	err := db.w.QueryRowContext(ctx, `UPDATE broadcast_recipients SET state = $3, error = $4
		WHERE account_id = $1 AND msg_id = $2 AND state IN ('sending', 'accepted', 'unknown') RETURNING broadcast_id`,
		accountID, msgID, state, errText).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: finish template %d: %w", msgID, err)
	}
	return id, nil
}

// BroadcastTally sums a broadcast's recipients by state and its accepted
// batches' job results.
func (db *DB) BroadcastTally(ctx context.Context, broadcastID int64) (broadcast.Tally, error) {
	t := broadcast.Tally{ByState: map[string]int{}}
	type count struct {
		state string
		n     int
	}
	counts, err := scanAll(ctx, db.r, "broadcast tally", `SELECT state, COUNT(*) FROM broadcast_recipients
		WHERE broadcast_id = $1 GROUP BY state`, []any{broadcastID}, func(s scanner, c *count) error { return s.Scan(&c.state, &c.n) })
	if err != nil {
		return t, err
	}
	for _, c := range counts {
		t.ByState[c.state] = c.n
	}
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(finished_at), COALESCE(SUM(total_count), 0),
		COALESCE(SUM(filter_count), 0), COALESCE(SUM(sent_count), 0), COALESCE(SUM(error_count), 0)
		FROM broadcast_batches WHERE broadcast_id = $1 AND state = 'accepted'`, broadcastID).Scan(
		&t.Jobs, &t.JobsFinished, &t.TotalCount, &t.FilterCount, &t.SentCount, &t.ErrorCount)
	if err != nil {
		return t, fmt.Errorf("sqlstore: broadcast %d jobs: %w", broadcastID, err)
	}
	return t, nil
}

// Unfollows counts the broadcast's reached recipients whose unsubscribe
// push arrived in (from, to24] and (from, to72]. It reads the account's
// unsubscribes of the window (a partial index) and probes the recipients'
// primary key, so it stays cheap however many recipients there are.
func (db *DB) Unfollows(ctx context.Context, accountID, broadcastID int64, from, to24, to72 time.Time) (int, int, error) {
	var n24, n72 int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(DISTINCT CASE WHEN m.received_at <= $4 THEN m.openid END),
		COUNT(DISTINCT m.openid) FROM messages m
		WHERE m.account_id = $1 AND m.kind = 'event' AND m.event = 'unsubscribe'
		AND m.received_at > $3 AND m.received_at <= $5
		AND EXISTS (SELECT 1 FROM broadcast_recipients r WHERE r.broadcast_id = $2 AND r.openid = m.openid
			AND r.state IN ('accepted', 'delivered', 'unknown'))`,
		accountID, broadcastID, db.d.ts(from), db.d.ts(to24), db.d.ts(to72)).Scan(&n24, &n72)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlstore: broadcast %d unfollows: %w", broadcastID, err)
	}
	return n24, n72, nil
}
