package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/fanbase/fanbase/internal/analytics"
)

// cursorAnalyticsMenu follows the messages table for the menu click
// rollup. It has its own cursor, so that clicks stored before the rollup
// existed are counted too on the first catch-up.
const cursorAnalyticsMenu = "analytics.menu"

// foldMenuClicks counts CLICK (by key) and VIEW (by URL) events per
// account and local date into rollup_menu, so that the menu page never
// scans the messages table.
func (db *DB) foldMenuClicks(ctx context.Context, tx *sql.Tx, after, upto int64) (int, error) {
	zones, err := accountZones(ctx, tx)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT account_id, `+db.slotOf("received_at")+` AS s, event, event_key, COUNT(*)
		FROM messages WHERE id > $1 AND id <= $2 AND kind = 'event' AND event IN ('CLICK', 'VIEW')
		GROUP BY account_id, s, event, event_key`, after, upto)
	if err != nil {
		return 0, fmt.Errorf("read menu events: %w", err)
	}
	days := rollup{}
	total := 0
	err = analyticsEach(rows, func(s scanner) error {
		var acct, n int64
		var slot analytics.Slot
		var event, key string
		if err := s.Scan(&acct, &slot, &event, &key, &n); err != nil {
			return err
		}
		days.add(n, acct, int64(analytics.DateOf(slot.Start(), zones.of(acct))), event, key)
		total += int(n)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read menu events: %w", err)
	}
	return total, db.upsertRollup(ctx, tx, "rollup_menu", "account_id, day, event, event_key", days.rows())
}
