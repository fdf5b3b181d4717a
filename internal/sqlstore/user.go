package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

const userColumns = `id, login, name, password_hash, lang, disabled, created_at`

// loginKey is the unique, case-insensitive form of a login.
func loginKey(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// CreateUser stores a new user and sets u.ID; a login taken in any letter
// case is errs.Conflict.
func (db *DB) CreateUser(ctx context.Context, u *user.User) error {
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO users (login, login_key, name, password_hash, lang, disabled,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.Login, loginKey(u.Login), u.Name, u.PasswordHash, u.Lang, u.Disabled, db.d.ts(u.CreatedAt)).Scan(&u.ID)
	if isUnique(err) {
		return errs.Errorf(errs.Conflict, "login %q is taken (登录名 %q 已被使用)", u.Login, u.Login)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: create user %s: %w", u.Login, err)
	}
	u.CreatedAt = u.CreatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// UpdateUser rewrites the user's name, password hash, language and disabled
// flag; the login and creation time never change.
func (db *DB) UpdateUser(ctx context.Context, u *user.User) error {
	res, err := db.w.ExecContext(ctx, `UPDATE users SET name = $2, password_hash = $3, lang = $4, disabled = $5
		WHERE id = $1`, u.ID, u.Name, u.PasswordHash, u.Lang, u.Disabled)
	if err != nil {
		return fmt.Errorf("sqlstore: update user %d: %w", u.ID, err)
	}
	return mustAffect(res, notFound("user", u.ID, "用户"))
}

// UserByID finds a user by ID.
func (db *DB) UserByID(ctx context.Context, id int64) (*user.User, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user", id, "用户")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: user %d: %w", id, err)
	}
	return u, nil
}

// UserByLogin finds a user by login, in any letter case.
func (db *DB) UserByLogin(ctx context.Context, login string) (*user.User, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE login_key = $1`, loginKey(login))
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user", login, "用户")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: user %s: %w", login, err)
	}
	return u, nil
}

// ListUsers returns every user in creation order.
func (db *DB) ListUsers(ctx context.Context) ([]user.User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list users: %w", err)
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list users: %w", err)
		}
		out = append(out, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list users: %w", err)
	}
	return out, nil
}

// CountUsers counts users, disabled ones included (the CLI makes the first
// user an owner).
func (db *DB) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlstore: count users: %w", err)
	}
	return n, nil
}

func scanUser(s scanner) (*user.User, error) {
	var u user.User
	err := s.Scan(&u.ID, &u.Login, &u.Name, &u.PasswordHash, &u.Lang, &u.Disabled, scanTime(&u.CreatedAt))
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// SetMembership creates or replaces the user's role on the account.
func (db *DB) SetMembership(ctx context.Context, m user.Membership) error {
	if !m.Role.Valid() {
		return errs.Errorf(errs.Invalid, "unknown role %q (未知角色)", m.Role)
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO memberships (user_id, account_id, role, capacity)
		VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, account_id)
		DO UPDATE SET role = excluded.role, capacity = excluded.capacity`,
		m.UserID, m.AccountID, string(m.Role), m.Capacity)
	if isForeignKey(err) {
		return notFound("user", m.UserID, "用户")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: set role of user %d on account %d: %w", m.UserID, m.AccountID, err)
	}
	return nil
}

// RemoveMembership takes the user's role on the account away; errs.NotFound
// when they had none there.
func (db *DB) RemoveMembership(ctx context.Context, userID, accountID int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = $1 AND account_id = $2`,
		userID, accountID)
	if err != nil {
		return fmt.Errorf("sqlstore: remove role of user %d on account %d: %w", userID, accountID, err)
	}
	return mustAffect(res, errs.Errorf(errs.NotFound,
		"user %d has no role on account %d (该用户在此账号上没有角色)", userID, accountID))
}

// Memberships lists a user's roles, AllAccounts ones first.
func (db *DB) Memberships(ctx context.Context, userID int64) ([]user.Membership, error) {
	return db.queryMemberships(ctx, `SELECT user_id, account_id, role, capacity FROM memberships
		WHERE user_id = $1 ORDER BY account_id`, userID)
}

// Members lists the memberships that give enabled users a role on the
// account, directly or through AllAccounts, ordered by user.
func (db *DB) Members(ctx context.Context, accountID int64) ([]user.Membership, error) {
	return db.queryMemberships(ctx, `SELECT m.user_id, m.account_id, m.role, m.capacity
		FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE (m.account_id = $1 OR m.account_id = 0) AND NOT u.disabled
		ORDER BY m.user_id, m.account_id`, accountID)
}

func (db *DB) queryMemberships(ctx context.Context, query string, arg int64) ([]user.Membership, error) {
	rows, err := db.r.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: memberships: %w", err)
	}
	defer rows.Close()
	var out []user.Membership
	for rows.Next() {
		var m user.Membership
		var role string
		if err := rows.Scan(&m.UserID, &m.AccountID, &role, &m.Capacity); err != nil {
			return nil, fmt.Errorf("sqlstore: memberships: %w", err)
		}
		m.Role = user.Role(role)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: memberships: %w", err)
	}
	return out, nil
}
