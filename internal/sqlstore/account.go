package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

const accountColumns = `id, appid, name, original_id, secret, token, aes_key, type, mode, api_base, time_zone, created_at`

// CreateAccount stores a new account and sets a.ID and a.CreatedAt; an
// appid already stored is errs.Conflict.
func (db *DB) CreateAccount(ctx context.Context, a *account.Account) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	if a.TimeZone == "" {
		a.TimeZone = account.DefaultTimeZone
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO accounts (appid, name, original_id, secret, token, aes_key,
		type, mode, api_base, time_zone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		a.AppID, a.Name, a.OriginalID, a.Secret, a.Token, a.AESKey, string(a.Type), string(a.Mode),
		a.APIBase, a.TimeZone, db.d.ts(a.CreatedAt)).Scan(&a.ID)
	if isUnique(err) {
		return appIDTaken(a.AppID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create account %s: %w", a.AppID, err)
	}
	a.CreatedAt = a.CreatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// UpdateAccount rewrites every field of the account a.ID names except
// CreatedAt; errs.NotFound when there is none.
func (db *DB) UpdateAccount(ctx context.Context, a *account.Account) error {
	res, err := db.w.ExecContext(ctx, `UPDATE accounts SET appid = $2, name = $3, original_id = $4, secret = $5,
		token = $6, aes_key = $7, type = $8, mode = $9, api_base = $10, time_zone = $11 WHERE id = $1`,
		a.ID, a.AppID, a.Name, a.OriginalID, a.Secret, a.Token, a.AESKey, string(a.Type), string(a.Mode),
		a.APIBase, a.TimeZone)
	if isUnique(err) {
		return appIDTaken(a.AppID)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: update account %d: %w", a.ID, err)
	}
	return mustAffect(res, notFound("account", a.ID, "账号"))
}

// LearnOriginalID records the gh_ id from an account's first push. The
// condition lives in the UPDATE, so it never overwrites an id an operator
// set, nor any other column changed meanwhile.
func (db *DB) LearnOriginalID(ctx context.Context, appID, originalID string) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE accounts SET original_id = $2 WHERE appid = $1 AND original_id = ''`,
		appID, originalID)
	if err != nil {
		return false, fmt.Errorf("sqlstore: learn original id of %s: %w", appID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlstore: learn original id of %s: %w", appID, err)
	}
	return n == 1, nil
}

// AccountByAppID finds the account a callback URL names.
func (db *DB) AccountByAppID(ctx context.Context, appID string) (*account.Account, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE appid = $1`, appID)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("account", appID, "账号")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: account %s: %w", appID, err)
	}
	return a, nil
}

// AccountByID finds an account by its internal id.
func (db *DB) AccountByID(ctx context.Context, id int64) (*account.Account, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("account", id, "账号")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: account %d: %w", id, err)
	}
	return a, nil
}

// ListAccounts returns every account in creation order.
func (db *DB) ListAccounts(ctx context.Context) ([]*account.Account, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list accounts: %w", err)
	}
	defer rows.Close()
	var out []*account.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list accounts: %w", err)
	}
	return out, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanAccount(s scanner) (*account.Account, error) {
	var a account.Account
	var typ, mode string
	err := s.Scan(&a.ID, &a.AppID, &a.Name, &a.OriginalID, &a.Secret, &a.Token, &a.AESKey,
		&typ, &mode, &a.APIBase, &a.TimeZone, scanTime(&a.CreatedAt))
	if err != nil {
		return nil, err
	}
	a.Type, a.Mode = account.Type(typ), account.Mode(mode)
	return &a, nil
}

func appIDTaken(appID string) error {
	return errs.Errorf(errs.Conflict, "an account with appid %s already exists (该 AppID 的账号已存在)", appID)
}

// mustAffect turns "no row changed" into the given error.
func mustAffect(res sql.Result, none error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: rows affected: %w", err)
	}
	if n == 0 {
		return none
	}
	return nil
}
