package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// tagRowsPerStatement bounds the openids of one multi-row tag statement.
const tagRowsPerStatement = 500

// Tags lists an account's tags by name with WeChat's count and how many
// followers carry each here (an index-only count per tag).
func (db *DB) Tags(ctx context.Context, accountID int64) ([]audience.TagCount, error) {
	out, err := scanAll(ctx, db.r, fmt.Sprintf("tags of account %d", accountID), `SELECT t.id, t.name, t.wx_tag_id,
			t.wx_count, t.wx_count_at, (SELECT COUNT(*) FROM follower_tags ft WHERE ft.tag_id = t.id)
		FROM tags t WHERE t.account_id = $1 ORDER BY t.name, t.id`, []any{accountID}, func(s scanner, t *audience.TagCount) error {
		var wx, count sql.NullInt64
		err := s.Scan(&t.ID, &t.Name, &wx, &count, scanTime(&t.WxCountAt), &t.Known)
		t.WxTagID, t.WxCount, t.HasWxCount = wx.Int64, count.Int64, count.Valid
		return err
	})
	if out == nil && err == nil {
		out = []audience.TagCount{} // an empty list, never null, in JSON
	}
	return out, err
}

// Tag returns one of the account's tags.
func (db *DB) Tag(ctx context.Context, accountID, id int64) (audience.Tag, error) {
	return db.tagWhere(ctx, `id = $2`, accountID, id)
}

// TagByName returns the account's tag called name.
func (db *DB) TagByName(ctx context.Context, accountID int64, name string) (audience.Tag, error) {
	return db.tagWhere(ctx, `name = $2`, accountID, name)
}

func (db *DB) tagWhere(ctx context.Context, cond string, accountID int64, key any) (audience.Tag, error) {
	t := audience.Tag{}
	var wx sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT id, name, wx_tag_id FROM tags WHERE account_id = $1 AND `+cond,
		accountID, key).Scan(&t.ID, &t.Name, &wx)
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFound("tag", key, "标签")
	}
	if err != nil {
		return t, fmt.Errorf("sqlstore: tag %v: %w", key, err)
	}
	t.WxTagID = wx.Int64
	return t, nil
}

// CreateTag stores a new tag; wxTagID 0 makes a local one.
func (db *DB) CreateTag(ctx context.Context, accountID int64, name string, wxTagID int64) (audience.Tag, error) {
	t := audience.Tag{Name: name, WxTagID: wxTagID}
	var count, at any // a new tag at WeChat has no followers yet
	if wxTagID != 0 {
		count, at = 0, db.d.ts(time.Now())
	}
	err := db.w.QueryRowContext(ctx, `INSERT INTO tags (account_id, name, wx_tag_id, wx_count, wx_count_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, accountID, name, nullInt(wxTagID), count, at, db.d.ts(time.Now())).Scan(&t.ID)
	switch {
	case isUnique(err):
		return t, tagTaken(name)
	case isForeignKey(err):
		return t, notFound("account", accountID, "账号")
	case err != nil:
		return t, fmt.Errorf("sqlstore: create tag %q: %w", name, err)
	}
	return t, nil
}

func tagTaken(name string) error {
	return errs.Errorf(errs.Conflict, "a tag called %q already exists (标签“%s”已存在)", name, name)
}

// RenameTag renames one of the account's tags.
func (db *DB) RenameTag(ctx context.Context, accountID, id int64, name string) error {
	res, err := db.w.ExecContext(ctx, `UPDATE tags SET name = $1 WHERE account_id = $2 AND id = $3`, name, accountID, id)
	if isUnique(err) {
		return tagTaken(name)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: rename tag %d: %w", id, err)
	}
	return mustAffect(res, notFound("tag", id, "标签"))
}

// SetTagWxID records the WeChat id of a tag pushed to WeChat; its WeChat
// count starts at 0 and grows as its followers are pushed.
func (db *DB) SetTagWxID(ctx context.Context, accountID, id, wxTagID int64) error {
	res, err := db.w.ExecContext(ctx, `UPDATE tags SET wx_tag_id = $1, wx_count = 0, wx_count_at = $2
		WHERE account_id = $3 AND id = $4`, nullInt(wxTagID), db.d.ts(time.Now()), accountID, id)
	if err != nil {
		return fmt.Errorf("sqlstore: set wechat id of tag %d: %w", id, err)
	}
	return mustAffect(res, notFound("tag", id, "标签"))
}

// DeleteTag deletes a tag; follower_tags rows go with it (ON DELETE CASCADE).
func (db *DB) DeleteTag(ctx context.Context, accountID, id int64) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM follower_tags WHERE account_id = $1 AND tag_id = $2`, accountID, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE account_id = $1 AND id = $2`, accountID, id)
		if err != nil {
			return err
		}
		return mustAffect(res, notFound("tag", id, "标签"))
	})
	if err != nil && !errs.Is(err, errs.NotFound) {
		return fmt.Errorf("sqlstore: delete tag %d: %w", id, err)
	}
	return err
}

// AddTagFollowers puts a tag on followers, many rows per statement; a
// synced tag's WeChat count grows by the newly tagged.
func (db *DB) AddTagFollowers(ctx context.Context, accountID, tagID int64, openIDs []string) (int64, error) {
	return db.tagFollowers(ctx, accountID, tagID, openIDs, `wx_count + $1`, func(tx *sql.Tx, ids []string) (sql.Result, error) {
		var b strings.Builder
		b.WriteString(`INSERT INTO follower_tags (account_id, openid, tag_id) VALUES `)
		args := make([]any, 0, 3*len(ids))
		for i, id := range ids {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(db.analyticsMarks(len(args)+1, 3))
			args = append(args, accountID, id, tagID)
		}
		b.WriteString(` ON CONFLICT (account_id, openid, tag_id) DO NOTHING`)
		return tx.ExecContext(ctx, b.String(), args...)
	})
}

// RemoveTagFollowers takes a tag off followers; a synced tag's WeChat
// count shrinks by those who carried it.
func (db *DB) RemoveTagFollowers(ctx context.Context, accountID, tagID int64, openIDs []string) (int64, error) {
	return db.tagFollowers(ctx, accountID, tagID, openIDs, `CASE WHEN wx_count > $1 THEN wx_count - $1 ELSE 0 END`, func(tx *sql.Tx, ids []string) (sql.Result, error) {
		args := make([]any, 0, 2+len(ids))
		args = append(args, accountID, tagID)
		for _, id := range ids {
			args = append(args, id)
		}
		return tx.ExecContext(ctx, `DELETE FROM follower_tags WHERE account_id = `+db.mark(1)+` AND tag_id = `+
			db.mark(2)+` AND openid IN `+db.analyticsMarks(3, len(ids)), args...)
	})
}

// tagFollowers runs one statement per tagRowsPerStatement openids in one
// transaction, after checking the tag is the account's, then moves the
// tag's WeChat count to newCount ($1 = rows changed).
func (db *DB) tagFollowers(ctx context.Context, accountID, tagID int64, openIDs []string, newCount string,
	stmt func(tx *sql.Tx, ids []string) (sql.Result, error)) (int64, error) {
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM tags WHERE account_id = $1 AND id = $2`, accountID, tagID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("tag", tagID, "标签")
		}
		if err != nil {
			return err
		}
		for start := 0; start < len(openIDs); start += tagRowsPerStatement {
			res, err := stmt(tx, openIDs[start:min(start+tagRowsPerStatement, len(openIDs))])
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += k
		}
		if n == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE tags SET wx_count = `+newCount+` WHERE id = $2 AND wx_count IS NOT NULL`, n, tagID)
		return err
	})
	if err != nil && !errs.Is(err, errs.NotFound) {
		return 0, fmt.Errorf("sqlstore: change followers of tag %d: %w", tagID, err)
	}
	return n, err
}

// TagFollowerIDs pages through a tag's followers in openid order.
func (db *DB) TagFollowerIDs(ctx context.Context, accountID, tagID int64, after string, limit int) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT openid FROM follower_tags
		WHERE account_id = $1 AND tag_id = $2 AND openid > $3 ORDER BY openid LIMIT $4`, accountID, tagID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: followers of tag %d: %w", tagID, err)
	}
	return collectColumn[string](rows, "followers of tag")
}

// mark is the i-th placeholder in a statement built with analyticsMarks:
// "?" on SQLite (all positional there), "$i" on PostgreSQL.
func (db *DB) mark(i int) string {
	if db.d.intTime {
		return "?"
	}
	return fmt.Sprintf("$%d", i)
}
