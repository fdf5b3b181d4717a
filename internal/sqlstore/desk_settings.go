package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/inbox"
)

// DeskSettings returns an account's desk settings, the defaults when never saved.
func (db *DB) DeskSettings(ctx context.Context, accountID int64) (inbox.Settings, error) {
	s := inbox.Settings{AccountID: accountID}
	var openOn string
	err := db.r.QueryRowContext(ctx, `SELECT open_on, auto_assign, default_capacity, updated_at
		FROM desk_settings WHERE account_id = $1`, accountID).
		Scan(&openOn, &s.AutoAssign, &s.DefaultCapacity, scanTime(&s.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return inbox.DefaultSettings(accountID), nil
	}
	if err != nil {
		return s, fmt.Errorf("sqlstore: desk settings of account %d: %w", accountID, err)
	}
	s.OpenOn = inbox.OpenOn(openOn)
	return s, nil
}

// SaveDeskSettings creates or replaces an account's desk settings.
func (db *DB) SaveDeskSettings(ctx context.Context, s inbox.Settings) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO desk_settings (account_id, open_on, auto_assign, default_capacity, updated_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (account_id) DO UPDATE SET open_on = excluded.open_on, auto_assign = excluded.auto_assign,
			default_capacity = excluded.default_capacity, updated_at = excluded.updated_at`,
		s.AccountID, string(s.OpenOn), s.AutoAssign, s.DefaultCapacity, db.d.ts(s.UpdatedAt))
	if isForeignKey(err) {
		return notFound("account", s.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: save desk settings of account %d: %w", s.AccountID, err)
	}
	return nil
}
