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

// menuEvents is one group of menu events: an account's clicks on one key
// (or opens of one URL) in one time slot.
type menuEvents struct {
	acct, n    int64
	slot       analytics.Slot
	event, key string
}

// foldMenuClicks counts CLICK (by key) and VIEW (by URL) events per
// account and local date into rollup_menu, so that the menu page never
// scans the messages table. Most spans hold no menu event: then it reads
// nothing more.
func (db *DB) foldMenuClicks(ctx context.Context, tx *sql.Tx, after, upto int64) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT account_id, `+db.slotOf("received_at")+` AS s, event, event_key, COUNT(*)
		FROM messages WHERE id > $1 AND id <= $2 AND kind = 'event' AND event IN ('CLICK', 'VIEW')
		GROUP BY account_id, s, event, event_key`, after, upto)
	if err != nil {
		return 0, fmt.Errorf("read menu events: %w", err)
	}
	var groups []menuEvents
	err = analyticsEach(rows, func(s scanner) error {
		var g menuEvents
		if err := s.Scan(&g.acct, &g.slot, &g.event, &g.key, &g.n); err != nil {
			return err
		}
		groups = append(groups, g)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read menu events: %w", err)
	}
	if len(groups) == 0 {
		return 0, nil
	}
	zones, err := accountZones(ctx, tx)
	if err != nil {
		return 0, err
	}
	days := rollup{}
	total := 0
	for _, g := range groups {
		days.add(g.n, g.acct, int64(analytics.DateOf(g.slot.Start(), zones.of(g.acct))), g.event, g.key)
		total += int(g.n)
	}
	return total, db.upsertRollup(ctx, tx, "rollup_menu", "account_id, day, event, event_key", days.rows())
}
