package sqlstore

import (
	"context"
	"fmt"
	"time"
)

// purgeChunk bounds one DELETE, so that retention never holds the single
// SQLite writer (and the message hot path behind it) for long.
const purgeChunk = 2000

// PurgeBefore deletes an account's replies created and messages received
// before t, in chunks, and returns how many rows went. Replies newer than t
// that answer a purged message stay, with no message.
func (db *DB) PurgeBefore(ctx context.Context, accountID int64, t time.Time) (int64, error) {
	var total int64
	for _, table := range []struct{ name, column string }{
		{"replies", "created_at"},
		{"messages", "received_at"},
	} {
		n, err := db.purgeTable(ctx, table.name, table.column, accountID, t)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (db *DB) purgeTable(ctx context.Context, table, column string, accountID int64, t time.Time) (int64, error) {
	query := fmt.Sprintf(`DELETE FROM %[1]s WHERE id IN (SELECT id FROM %[1]s
		WHERE account_id = $1 AND %[2]s < $2 ORDER BY id LIMIT %[3]d)`, table, column, purgeChunk)
	var total int64
	for {
		res, err := db.w.ExecContext(ctx, query, accountID, db.d.ts(t))
		if err != nil {
			return total, fmt.Errorf("sqlstore: purge %s of account %d: %w", table, accountID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, fmt.Errorf("sqlstore: purge %s: %w", table, err)
		}
		total += n
		if n < purgeChunk {
			return total, nil
		}
	}
}
