package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// lockAccount checks that the account exists and, on PostgreSQL, locks its
// row, so that changes to the account's versioned data serialize.
func (db *DB) lockAccount(ctx context.Context, tx *sql.Tx, accountID int64) error {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE id = $1`+db.d.forUpdate, accountID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("account", accountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("lock account %d: %w", accountID, err)
	}
	return nil
}
