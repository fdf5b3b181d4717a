package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/content"
)

const articleColumns = `id, account_id, title, digest, cover_url, url, author, created_by, created_at, updated_at`

// CreateArticle stores an article of the library and sets a.ID; an unknown
// account is errs.NotFound.
func (db *DB) CreateArticle(ctx context.Context, a *content.Article) error {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = time.Now()
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO articles (account_id, title, digest, cover_url, url, author,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		a.AccountID, a.Title, a.Digest, a.CoverURL, a.URL, a.Author, nullInt(a.CreatedBy),
		db.d.ts(a.CreatedAt), db.d.ts(a.UpdatedAt)).Scan(&a.ID)
	switch {
	case isForeignKey(err):
		return notFound("account", a.AccountID, "账号")
	case err != nil:
		return fmt.Errorf("sqlstore: create article %q: %w", a.Title, err)
	}
	a.CreatedAt = a.CreatedAt.UTC().Truncate(time.Millisecond)
	a.UpdatedAt = a.UpdatedAt.UTC().Truncate(time.Millisecond)
	return nil
}

// UpdateArticle rewrites the fields of an article of a.AccountID, keeping
// who created it and when.
func (db *DB) UpdateArticle(ctx context.Context, a *content.Article) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now()
	}
	res, err := db.w.ExecContext(ctx, `UPDATE articles SET title = $3, digest = $4, cover_url = $5, url = $6,
		author = $7, updated_at = $8 WHERE id = $1 AND account_id = $2`,
		a.ID, a.AccountID, a.Title, a.Digest, a.CoverURL, a.URL, a.Author, db.d.ts(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("sqlstore: update article %d: %w", a.ID, err)
	}
	a.UpdatedAt = a.UpdatedAt.UTC().Truncate(time.Millisecond)
	return mustAffect(res, notFound("article", a.ID, "图文"))
}

// DeleteArticle removes an article of the account.
func (db *DB) DeleteArticle(ctx context.Context, accountID, id int64) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM articles WHERE id = $1 AND account_id = $2`, id, accountID)
	if err != nil {
		return fmt.Errorf("sqlstore: delete article %d: %w", id, err)
	}
	return mustAffect(res, notFound("article", id, "图文"))
}

// Article returns one article of the account.
func (db *DB) Article(ctx context.Context, accountID, id int64) (*content.Article, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE id = $1 AND account_id = $2`, id, accountID)
	a, err := scanArticle(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("article", id, "图文")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: article %d: %w", id, err)
	}
	return &a, nil
}

// ListArticles lists the account's articles newest first (by id, below
// q.BeforeID when set) whose titles contain q.Search, case-insensitively.
func (db *DB) ListArticles(ctx context.Context, q content.Query) ([]content.Article, error) {
	if q.Limit <= 0 {
		q.Limit = defaultListLimit
	}
	before := q.BeforeID
	if before <= 0 {
		before = math.MaxInt64
	}
	word := strings.ToLower(q.Search)
	rows, err := db.r.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles
		WHERE account_id = $1 AND id < $2 AND ($3 = '' OR lower(title) LIKE $4 ESCAPE '\')
		ORDER BY id DESC LIMIT $5`,
		q.AccountID, before, word, likePattern(word), q.Limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: articles of %d: %w", q.AccountID, err)
	}
	defer rows.Close()
	var out []content.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: articles of %d: %w", q.AccountID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: articles of %d: %w", q.AccountID, err)
	}
	return out, nil
}

func scanArticle(s scanner) (content.Article, error) {
	var a content.Article
	var by sql.NullInt64
	err := s.Scan(&a.ID, &a.AccountID, &a.Title, &a.Digest, &a.CoverURL, &a.URL, &a.Author, &by,
		scanTime(&a.CreatedAt), scanTime(&a.UpdatedAt))
	a.CreatedBy = by.Int64
	return a, err
}
