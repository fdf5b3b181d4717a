package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
)

// The analytics projector: it folds new messages and replies into the
// rollup tables, following each table by id with a cursor (cursors table)
// that moves in the same transaction as the counts it adds. Counts are
// filed under the account's local date (and hour) as its time zone is
// when they are folded in.

const (
	cursorAnalyticsMessages = "analytics.messages"
	cursorAnalyticsReplies  = "analytics.replies"
	// rollupChunk rows per upsert statement: well under both databases'
	// limits on bound parameters.
	rollupChunk = 500
)

// ProjectAnalytics folds up to limit new messages and up to limit new
// replies (by id span) into the rollups.
func (db *DB) ProjectAnalytics(ctx context.Context, limit int) (analytics.Progress, error) {
	var pr analytics.Progress
	h, err := db.analyticsHorizon(ctx)
	if err != nil || !h.settled {
		// Writes still in flight: nothing is safely countable right now.
		pr.CaughtUp = err == nil
		return pr, err
	}
	limit = max(limit, 1)
	msgs, msgsDone, err := db.advanceCursor(ctx, cursorAnalyticsMessages, h.messages, limit, db.foldMessages)
	pr.Messages = msgs
	if err != nil {
		return pr, fmt.Errorf("sqlstore: project messages: %w", err)
	}
	replies, repliesDone, err := db.advanceCursor(ctx, cursorAnalyticsReplies, h.replies, limit, db.foldReplies)
	pr.Replies = replies
	if err != nil {
		return pr, fmt.Errorf("sqlstore: project replies: %w", err)
	}
	// Menu clicks follow the messages with a cursor of their own (see
	// cursorAnalyticsMenu); a span without clicks costs one read of it.
	_, menuDone, err := db.advanceCursor(ctx, cursorAnalyticsMenu, h.messages, limit, db.foldMenuClicks)
	if err != nil {
		return pr, fmt.Errorf("sqlstore: project menu clicks: %w", err)
	}
	pr.CaughtUp = msgsDone && repliesDone && menuDone
	return pr, nil
}

// AnalyticsBehind reports whether a followed table holds rows past one of
// its cursors.
func (db *DB) AnalyticsBehind(ctx context.Context) (bool, error) {
	var behind bool
	err := db.r.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT MAX(id) FROM messages), 0) > COALESCE((SELECT position FROM cursors WHERE name = $1), 0)
		OR COALESCE((SELECT MAX(id) FROM replies), 0) > COALESCE((SELECT position FROM cursors WHERE name = $2), 0)
		OR COALESCE((SELECT MAX(id) FROM messages), 0) > COALESCE((SELECT position FROM cursors WHERE name = $3), 0)`,
		cursorAnalyticsMessages, cursorAnalyticsReplies, cursorAnalyticsMenu).Scan(&behind)
	if err != nil {
		return false, fmt.Errorf("sqlstore: analytics behind: %w", err)
	}
	return behind, nil
}

// foldFunc adds the rows with ids in (after, upto] to the rollups and
// returns how many it counted.
type foldFunc func(ctx context.Context, tx *sql.Tx, after, upto int64) (int, error)

// advanceCursor locks the cursor, folds the next span of at most limit ids
// up to horizon and moves the cursor, all in one transaction. done reports
// that the cursor reached the horizon.
func (db *DB) advanceCursor(ctx context.Context, name string, horizon int64, limit int, fold foldFunc) (n int, done bool, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		pos, err := db.lockCursor(ctx, tx, name)
		if err != nil || pos >= horizon {
			done = true
			return err
		}
		upto := min(horizon, pos+int64(limit))
		if n, err = fold(ctx, tx, pos, upto); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cursors SET position = $2 WHERE name = $1`, name, upto); err != nil {
			return fmt.Errorf("move cursor %s: %w", name, err)
		}
		done = upto >= horizon
		return nil
	})
	return n, done, err
}

// lockCursor reads a cursor (creating it at 0), locking it on PostgreSQL so
// that projectors on several nodes take turns; SQLite's write transaction
// is exclusive already.
func (db *DB) lockCursor(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO cursors (name, position) VALUES ($1, 0)
		ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return 0, fmt.Errorf("create cursor %s: %w", name, err)
	}
	var pos int64
	err := tx.QueryRowContext(ctx, `SELECT position FROM cursors WHERE name = $1`+db.d.forUpdate, name).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("lock cursor %s: %w", name, err)
	}
	return pos, nil
}

// foldMessages counts messages per account, local date and metric, and
// interactions per local date and hour. The database groups them by slot
// and event name; analytics.Classify decides what each counts as and the
// account's time zone where it goes.
func (db *DB) foldMessages(ctx context.Context, tx *sql.Tx, after, upto int64) (int, error) {
	zones, err := accountZones(ctx, tx)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT account_id, `+db.slotOf("received_at")+` AS s, kind, event, COUNT(*)
		FROM messages WHERE id > $1 AND id <= $2 GROUP BY account_id, s, kind, event`, after, upto)
	if err != nil {
		return 0, fmt.Errorf("read messages: %w", err)
	}
	days, hours := rollup{}, rollup{}
	total := 0
	err = analyticsEach(rows, func(s scanner) error {
		var acct, n int64
		var slot analytics.Slot
		var kind, event string
		if err := s.Scan(&acct, &slot, &kind, &event, &n); err != nil {
			return err
		}
		metric := analytics.Classify(kind, event)
		date, hour := analytics.Local(slot.Start(), zones.of(acct))
		days.add(n, acct, int64(date), string(metric))
		if metric == analytics.MetricMessage || metric == analytics.MetricEvent {
			hours.add(n, acct, int64(date), int64(hour))
		}
		total += int(n)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read messages: %w", err)
	}
	if err := db.upsertRollup(ctx, tx, "rollup_days", "account_id, day, metric", days.rows()); err != nil {
		return 0, err
	}
	return total, db.upsertRollup(ctx, tx, "rollup_hours", "account_id, day, hour", hours.rows())
}

// foldReplies counts replies per account, local date and what sent them.
func (db *DB) foldReplies(ctx context.Context, tx *sql.Tx, after, upto int64) (int, error) {
	zones, err := accountZones(ctx, tx)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT account_id, `+db.slotOf("created_at")+` AS s,
		COALESCE(rule_id, 0) AS r, COALESCE(rule_version, 0) AS v, COALESCE(agent_id, 0) AS a, COUNT(*)
		FROM replies WHERE id > $1 AND id <= $2 GROUP BY account_id, s, r, v, a`, after, upto)
	if err != nil {
		return 0, fmt.Errorf("read replies: %w", err)
	}
	days := rollup{}
	total := 0
	err = analyticsEach(rows, func(s scanner) error {
		var acct, rule, version, agent, n int64
		var slot analytics.Slot
		if err := s.Scan(&acct, &slot, &rule, &version, &agent, &n); err != nil {
			return err
		}
		date := analytics.DateOf(slot.Start(), zones.of(acct))
		days.add(n, acct, int64(date), rule, version, agent)
		total += int(n)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read replies: %w", err)
	}
	return total, db.upsertRollup(ctx, tx, "rollup_replies", "account_id, day, rule_id, rule_version, agent_id", days.rows())
}

// rollup sums counts by key (account id, date, then the table's other key
// columns; metrics are strings).
type rollup map[[5]any]int64

func (r rollup) add(n int64, key ...any) {
	var k [5]any
	copy(k[:], key)
	r[k] += n
}

// rows returns the key values followed by the count, one slice per key.
func (r rollup) rows() [][]any {
	out := make([][]any, 0, len(r))
	for k, n := range r {
		row := make([]any, 0, len(k)+1)
		for _, v := range k {
			if v != nil {
				row = append(row, v)
			}
		}
		out = append(out, append(row, n))
	}
	return out
}

// zones maps account ids to their time zones.
type zones map[int64]*time.Location

// of returns the account's zone, Asia/Shanghai when unknown.
func (z zones) of(accountID int64) *time.Location {
	if loc := z[accountID]; loc != nil {
		return loc
	}
	return analytics.DefaultLocation()
}

// zoneCache keeps loaded time zones by name: loading one reads a file.
var zoneCache sync.Map

// accountZones reads every account's time zone.
func accountZones(ctx context.Context, tx *sql.Tx) (zones, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, time_zone FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("read time zones: %w", err)
	}
	z := zones{}
	err = analyticsEach(rows, func(s scanner) error {
		var id int64
		var name string
		if err := s.Scan(&id, &name); err != nil {
			return err
		}
		if loc, ok := zoneCache.Load(name); ok {
			z[id] = loc.(*time.Location)
		} else if loc, err := time.LoadLocation(name); err == nil {
			zoneCache.Store(name, loc)
			z[id] = loc
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read time zones: %w", err)
	}
	return z, nil
}

// upsertRollup adds each row's count (its last value) to the rollup row
// with the same key (the other values), many rows per statement. Keys are
// unique within vals.
func (db *DB) upsertRollup(ctx context.Context, tx *sql.Tx, table, keyCols string, vals [][]any) error {
	for len(vals) > 0 {
		chunk := vals[:min(len(vals), rollupChunk)]
		vals = vals[len(chunk):]
		var b strings.Builder
		fmt.Fprintf(&b, "INSERT INTO %s (%s, n) VALUES ", table, keyCols)
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, row := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(db.analyticsMarks(len(args)+1, len(row)))
			args = append(args, row...)
		}
		fmt.Fprintf(&b, " ON CONFLICT (%s) DO UPDATE SET n = %s.n + excluded.n", keyCols, table)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("upsert %s: %w", table, err)
		}
	}
	return nil
}

// analyticsMarks returns the placeholders of one row of a multi-row
// INSERT whose earlier rows took first-1 parameters: "($first, …)" on
// PostgreSQL, "(?, …)" on SQLite, which looks each $N up by name, in time
// that grows with the number of parameters in the statement.
func (db *DB) analyticsMarks(first, n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = "?"
		if !db.d.intTime {
			marks[i] = fmt.Sprintf("$%d", first+i)
		}
	}
	return "(" + strings.Join(marks, ", ") + ")"
}

// analyticsEach calls fn for every row and closes rows.
func analyticsEach(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
