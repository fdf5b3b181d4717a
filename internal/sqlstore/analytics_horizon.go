package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// How long ProjectAnalytics waits on PostgreSQL for the transactions that
// were writing to messages or replies when it looked; they are the
// gateway's batch commits and the desk's replies, which take milliseconds.
const (
	horizonSettle = 2 * time.Second
	horizonPoll   = 2 * time.Millisecond
)

// horizon is how far the projector may read each table: every row with an
// id at or below it is committed (or never will be).
type horizon struct {
	messages, replies int64
	settled           bool // false: writers still in flight, try later
}

// pgWriters reads the highest visible ids and then the transactions that
// hold a write lock on messages or replies in this database. Every
// transaction that took a lower id and has not ended holds that lock until
// it does (it takes it before it draws an id), so once these are gone,
// every id up to the maxima is final. The ids come from the statement's
// snapshot, taken before pg_locks is read: the order matters.
const pgWriters = `SELECT COALESCE((SELECT MAX(id) FROM messages), 0), COALESCE((SELECT MAX(id) FROM replies), 0),
	ARRAY(SELECT DISTINCT virtualtransaction FROM pg_locks
		WHERE locktype = 'relation' AND mode = 'RowExclusiveLock' AND granted
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND relation IN ('messages'::regclass, 'replies'::regclass))`

// analyticsHorizon finds the highest ids the projector may read. On SQLite
// the single writer commits ids in order, so the highest visible id is
// safe. On PostgreSQL several transactions draw ids concurrently and may
// commit out of order: a visible id 101 does not mean 100 is committed or
// rolled back yet. So it waits for the writers of the moment to end.
func (db *DB) analyticsHorizon(ctx context.Context) (horizon, error) {
	var h horizon
	if db.d.name != DialectPostgres {
		err := db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(id) FROM messages), 0),
			COALESCE((SELECT MAX(id) FROM replies), 0)`).Scan(&h.messages, &h.replies)
		h.settled = err == nil
		return h, wrapHorizon(err)
	}
	var writers string // an array literal, "{3/1201,5/87}"
	if err := db.r.QueryRowContext(ctx, pgWriters).Scan(&h.messages, &h.replies, &writers); err != nil {
		return h, wrapHorizon(err)
	}
	var err error
	h.settled, err = db.waitWriters(ctx, writers)
	return h, wrapHorizon(err)
}

// waitWriters waits until none of the (virtual) transactions in the array
// literal holds a lock any more, for at most horizonSettle; it reports
// whether they all ended.
func (db *DB) waitWriters(ctx context.Context, writers string) (bool, error) {
	deadline := time.Now().Add(horizonSettle)
	for writers != "{}" {
		var busy bool
		err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks
			WHERE virtualtransaction = ANY($1::text[]))`, writers).Scan(&busy)
		if err != nil || !busy {
			return err == nil, err
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(horizonPoll):
		}
	}
	return true, nil
}

func wrapHorizon(err error) error {
	if err != nil {
		return fmt.Errorf("sqlstore: analytics horizon: %w", err)
	}
	return nil
}
