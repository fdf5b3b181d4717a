package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// AddNote stores a note on a follower and sets n.ID; an unknown account is
// errs.NotFound.
func (db *DB) AddNote(ctx context.Context, n *audience.Note) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO follower_notes (account_id, openid, kind, body, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		n.AccountID, n.OpenID, string(n.Kind), n.Body, nullInt(n.AuthorID), db.d.ts(n.CreatedAt)).Scan(&n.ID)
	if isForeignKey(err) {
		return notFound("account", n.AccountID, "账号")
	}
	if err != nil {
		return fmt.Errorf("sqlstore: add note on %s: %w", n.OpenID, err)
	}
	n.CreatedAt = n.CreatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// FollowerNotes lists a follower's notes newest first, with their authors' names.
func (db *DB) FollowerNotes(ctx context.Context, accountID int64, openID string, limit int) ([]audience.Note, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	rows, err := db.r.QueryContext(ctx, `SELECT n.id, n.account_id, n.openid, n.kind, n.body, n.author_id,
		COALESCE(u.name, ''), n.created_at
		FROM follower_notes n LEFT JOIN users u ON u.id = n.author_id
		WHERE n.account_id = $1 AND n.openid = $2 ORDER BY n.id DESC LIMIT $3`, accountID, openID, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: notes of %s: %w", openID, err)
	}
	defer rows.Close()
	var out []audience.Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: notes of %s: %w", openID, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: notes of %s: %w", openID, err)
	}
	return out, nil
}

// DeleteNote removes a note authorID wrote on a follower of the account.
func (db *DB) DeleteNote(ctx context.Context, accountID, id, authorID int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM follower_notes WHERE id = $1 AND account_id = $2 AND author_id = $3`,
		id, accountID, authorID)
	if err != nil {
		return fmt.Errorf("sqlstore: delete note %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return noteErr("delete note", err)
	}
	var author sql.NullInt64
	err = db.w.QueryRowContext(ctx, `SELECT author_id FROM follower_notes WHERE id = $1 AND account_id = $2`,
		id, accountID).Scan(&author)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound("note", id, "备注")
	case err != nil:
		return fmt.Errorf("sqlstore: delete note %d: %w", id, err)
	}
	return errs.Errorf(errs.Forbidden, "only its author can delete a note (只能删除自己写的备注)")
}

func scanNote(s scanner) (audience.Note, error) {
	var n audience.Note
	var kind string
	var author sql.NullInt64
	err := s.Scan(&n.ID, &n.AccountID, &n.OpenID, &kind, &n.Body, &author, &n.AuthorName, scanTime(&n.CreatedAt))
	n.Kind, n.AuthorID = audience.NoteKind(kind), author.Int64
	return n, err
}

// noteErr adds context to err, keeping nil as nil.
func noteErr(what string, err error) error {
	if err != nil {
		return fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	return nil
}
