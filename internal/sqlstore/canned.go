package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox/canned"
)

const cannedColumns = `id, account_id, shortcut, title, content, created_by, created_at`

// CreateCanned stores a canned reply and sets r.ID; a shortcut the account
// already uses is errs.Conflict.
func (db *DB) CreateCanned(ctx context.Context, r *canned.Reply) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now()
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO canned_replies (account_id, shortcut, title, content, created_by,
		created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		r.AccountID, r.Shortcut, r.Title, r.Content, nullInt(r.CreatedBy), db.d.ts(r.CreatedAt)).Scan(&r.ID)
	switch {
	case isUnique(err):
		return shortcutTaken(r.Shortcut)
	case isForeignKey(err):
		return notFound("account", r.AccountID, "账号")
	case err != nil:
		return fmt.Errorf("sqlstore: create canned reply %s: %w", r.Shortcut, err)
	}
	r.CreatedAt = r.CreatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// UpdateCanned rewrites the shortcut, title and content of a canned reply
// of r.AccountID.
func (db *DB) UpdateCanned(ctx context.Context, r *canned.Reply) error {
	res, err := db.w.ExecContext(ctx, `UPDATE canned_replies SET shortcut = $3, title = $4, content = $5
		WHERE id = $1 AND account_id = $2`, r.ID, r.AccountID, r.Shortcut, r.Title, r.Content)
	if isUnique(err) {
		return shortcutTaken(r.Shortcut)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: update canned reply %d: %w", r.ID, err)
	}
	return mustAffect(res, notFound("canned reply", r.ID, "快捷回复"))
}

// DeleteCanned removes a canned reply of the account.
func (db *DB) DeleteCanned(ctx context.Context, accountID, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM canned_replies WHERE id = $1 AND account_id = $2`, id, accountID)
	if err != nil {
		return fmt.Errorf("sqlstore: delete canned reply %d: %w", id, err)
	}
	return mustAffect(res, notFound("canned reply", id, "快捷回复"))
}

// CannedReply returns one canned reply of the account.
func (db *DB) CannedReply(ctx context.Context, accountID, id int64) (*canned.Reply, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+cannedColumns+` FROM canned_replies
		WHERE id = $1 AND account_id = $2`, id, accountID)
	r, err := scanCanned(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("canned reply", id, "快捷回复")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: canned reply %d: %w", id, err)
	}
	return &r, nil
}

// ListCanned lists the account's canned replies matching q, case-insensitively:
// those whose shortcut starts with q (with or without its "/") first, then
// those containing it in shortcut, title or content; a q typed with its
// "/" looks at shortcuts only.
func (db *DB) ListCanned(ctx context.Context, accountID int64, q string, limit int) ([]canned.Reply, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	word := strings.ToLower(strings.TrimLeft(q, "/"))
	shortcutOnly := strings.HasPrefix(q, "/")
	rows, err := db.r.QueryContext(ctx, `SELECT `+cannedColumns+` FROM canned_replies
		WHERE account_id = $1 AND ($2 = '' OR lower(shortcut) LIKE $3 ESCAPE '\'
			OR lower(shortcut) LIKE $4 ESCAPE '\'
			OR (NOT $5 AND (lower(title) LIKE $4 ESCAPE '\' OR lower(content) LIKE $4 ESCAPE '\')))
		ORDER BY CASE WHEN lower(shortcut) LIKE $3 ESCAPE '\' THEN 0 ELSE 1 END, shortcut LIMIT $6`,
		accountID, word, likeEscape("/"+word)+"%", likePattern(word), shortcutOnly, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: canned replies of %d: %w", accountID, err)
	}
	defer rows.Close()
	var out []canned.Reply
	for rows.Next() {
		r, err := scanCanned(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: canned replies of %d: %w", accountID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: canned replies of %d: %w", accountID, err)
	}
	return out, nil
}

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func scanCanned(s scanner) (canned.Reply, error) {
	var r canned.Reply
	var by sql.NullInt64
	err := s.Scan(&r.ID, &r.AccountID, &r.Shortcut, &r.Title, &r.Content, &by, scanTime(&r.CreatedAt))
	r.CreatedBy = by.Int64
	return r, err
}

func shortcutTaken(shortcut string) error {
	return errs.Errorf(errs.Conflict, "the shortcut %s is already used (快捷短语 %s 已存在)", shortcut, shortcut)
}
