package sqlstore

import (
	"context"
	"fmt"
)

// AdvanceCursor moves a projector's position forward to pos (never back):
// after a bulk load of history that a projector must not replay, e.g.
// seeded benchmark data whose conversations were loaded as they are.
func (db *DB) AdvanceCursor(ctx context.Context, name string, pos int64) error {
	if _, err := db.w.ExecContext(ctx, moveCursorSQL, name, pos); err != nil {
		return fmt.Errorf("sqlstore: advance cursor %s: %w", name, err)
	}
	return nil
}
