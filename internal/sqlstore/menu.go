package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/menu"
)

const menuVersionColumns = `account_id, version, document, note, created_by, created_at`

// SaveMenuVersion stores v as the account's next menu version (1, 2, 3…)
// and sets v.Version and v.CreatedAt.
func (db *DB) SaveMenuVersion(ctx context.Context, v *menu.Version) error {
	doc, err := json.Marshal(v.Doc)
	if err != nil {
		return fmt.Errorf("sqlstore: encode menu of account %d: %w", v.AccountID, err)
	}
	created := v.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Millisecond)
	var version int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockAccount(ctx, tx, v.AccountID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM menu_versions WHERE account_id = $1`,
			v.AccountID).Scan(&version)
		if err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO menu_versions (`+menuVersionColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			v.AccountID, version, string(doc), v.Note, nullInt(v.CreatedBy), db.d.ts(created))
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: save menu of account %d: %w", v.AccountID, err)
	}
	v.Version, v.CreatedAt = version, created
	return nil
}

// MenuVersion returns one saved menu version of the account.
func (db *DB) MenuVersion(ctx context.Context, accountID, version int64) (*menu.Version, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+menuVersionColumns+` FROM menu_versions
		WHERE account_id = $1 AND version = $2`, accountID, version)
	return scanMenuVersion(row, version)
}

// LatestMenuVersion returns the account's newest menu version (the draft).
func (db *DB) LatestMenuVersion(ctx context.Context, accountID int64) (*menu.Version, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+menuVersionColumns+` FROM menu_versions
		WHERE account_id = $1 ORDER BY version DESC LIMIT 1`, accountID)
	return scanMenuVersion(row, "draft")
}

// MenuVersions lists the account's menu versions, newest first.
func (db *DB) MenuVersions(ctx context.Context, accountID int64, limit int) ([]menu.Version, error) {
	if limit <= 0 {
		limit = defaultListLimit
	}
	return scanAll(ctx, db.r, fmt.Sprintf("menu versions of %d", accountID), `SELECT `+menuVersionColumns+` FROM menu_versions
		WHERE account_id = $1 ORDER BY version DESC LIMIT $2`, []any{accountID, limit}, func(s scanner, v *menu.Version) error {
		read, err := readMenuVersion(s)
		if err == nil {
			*v = *read
		}
		return err
	})
}

func scanMenuVersion(s scanner, key any) (*menu.Version, error) {
	v, err := readMenuVersion(s)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("menu version", key, "菜单版本")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: menu version %v: %w", key, err)
	}
	return v, nil
}

func readMenuVersion(s scanner) (*menu.Version, error) {
	var v menu.Version
	var doc string
	var by sql.NullInt64
	if err := s.Scan(&v.AccountID, &v.Version, &doc, &v.Note, &by, scanTime(&v.CreatedAt)); err != nil {
		return nil, err
	}
	v.CreatedBy = by.Int64
	if err := json.Unmarshal([]byte(doc), &v.Doc); err != nil {
		return nil, fmt.Errorf("decode menu: %w", err)
	}
	return &v, nil
}

// PublishedMenu returns what the account last published; a zero value
// (Version 0) when it never did.
func (db *DB) PublishedMenu(ctx context.Context, accountID int64) (menu.Published, error) {
	p := menu.Published{AccountID: accountID}
	var ids string
	var by sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT version, menu_ids, rule_version, published_by, published_at
		FROM menu_published WHERE account_id = $1`, accountID).Scan(&p.Version, &ids, &p.RuleVersion, &by, scanTime(&p.At))
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("sqlstore: published menu of %d: %w", accountID, err)
	}
	p.By = by.Int64
	if err := json.Unmarshal([]byte(ids), &p.MenuIDs); err != nil {
		return p, fmt.Errorf("sqlstore: published menu of %d: decode menuids: %w", accountID, err)
	}
	return p, nil
}

// SetPublishedMenu records what the account has published now.
func (db *DB) SetPublishedMenu(ctx context.Context, p menu.Published) error {
	ids, err := json.Marshal(p.MenuIDs)
	if err != nil || p.MenuIDs == nil {
		ids = []byte("[]")
	}
	if p.At.IsZero() {
		p.At = time.Now()
	}
	_, err = db.w.ExecContext(ctx, `INSERT INTO menu_published (account_id, version, menu_ids, rule_version, published_by, published_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id) DO UPDATE SET version = excluded.version,
		menu_ids = excluded.menu_ids, rule_version = excluded.rule_version, published_by = excluded.published_by,
		published_at = excluded.published_at`,
		p.AccountID, p.Version, string(ids), p.RuleVersion, nullInt(p.By), db.d.ts(p.At))
	switch {
	case isForeignKey(err):
		return notFound("account", p.AccountID, "账号")
	case err != nil:
		return fmt.Errorf("sqlstore: set published menu of %d: %w", p.AccountID, err)
	}
	return nil
}

// MenuTagWxID returns the WeChat id of one of the account's tags (0 when
// WeChat does not know the tag yet).
func (db *DB) MenuTagWxID(ctx context.Context, accountID, tagID int64) (int64, error) {
	t, err := db.Tag(ctx, accountID, tagID)
	return t.WxTagID, err
}

// MenuClicks sums the account's menu events per event and key over local
// dates [from, to], most clicked first.
func (db *DB) MenuClicks(ctx context.Context, accountID int64, from, to analytics.Date) ([]menu.Clicks, error) {
	return scanAll(ctx, db.r, fmt.Sprintf("menu clicks of %d", accountID), `SELECT event, event_key, SUM(n) AS total FROM rollup_menu
		WHERE account_id = $1 AND day >= $2 AND day <= $3 GROUP BY event, event_key ORDER BY total DESC, event_key`,
		[]any{accountID, int64(from), int64(to)}, func(s scanner, c *menu.Clicks) error {
			return s.Scan(&c.Event, &c.Key, &c.N)
		})
}

// MenuTags lists the account's tags by name with their WeChat ids.
func (db *DB) MenuTags(ctx context.Context, accountID int64) ([]menu.Tag, error) {
	out, err := scanAll(ctx, db.r, fmt.Sprintf("menu tags of %d", accountID),
		`SELECT id, name, wx_tag_id FROM tags WHERE account_id = $1 ORDER BY name, id`, []any{accountID},
		func(s scanner, t *menu.Tag) error {
			var wx sql.NullInt64
			err := s.Scan(&t.ID, &t.Name, &wx)
			t.WxTagID = wx.Int64
			return err
		})
	if out == nil && err == nil {
		out = []menu.Tag{} // the editor reads a list, never null
	}
	return out, err
}
