package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
)

// localTag is a tags row as ImportTags plans with it.
type localTag struct {
	id   int64
	name string
	wx   int64 // 0: local only
}

// ImportTags makes the account's tags equal WeChat's list in one
// transaction (see audience.TagStore). Renames go through a temporary name
// so that two tags swapping names do not trip the unique index.
func (db *DB) ImportTags(ctx context.Context, accountID int64, remote []audience.RemoteTag) (audience.TagImport, error) {
	var res audience.TagImport
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		local, err := loadLocalTags(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if res.Removed, err = dropStaleTags(ctx, tx, accountID, local, remote); err != nil {
			return err
		}
		if err := db.applyRemoteTags(ctx, tx, accountID, local, remote, &res); err != nil {
			return err
		}
		return db.setWxCounts(ctx, tx, accountID, remote)
	})
	if isForeignKey(err) {
		return res, notFound("account", accountID, "账号")
	}
	if err != nil {
		return res, fmt.Errorf("sqlstore: import tags of account %d: %w", accountID, err)
	}
	return res, nil
}

func loadLocalTags(ctx context.Context, tx *sql.Tx, accountID int64) ([]localTag, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, name, wx_tag_id FROM tags WHERE account_id = $1 ORDER BY id`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []localTag
	for rows.Next() {
		var t localTag
		var wx sql.NullInt64
		if err := rows.Scan(&t.id, &t.name, &wx); err != nil {
			return nil, err
		}
		t.wx = wx.Int64
		out = append(out, t)
	}
	return out, rows.Err()
}

// dropStaleTags deletes synced tags WeChat no longer lists.
func dropStaleTags(ctx context.Context, tx *sql.Tx, accountID int64, local []localTag, remote []audience.RemoteTag) (int, error) {
	listed := map[int64]bool{}
	for _, r := range remote {
		listed[r.ID] = true
	}
	n := 0
	for _, t := range local {
		if t.wx == 0 || listed[t.wx] {
			continue
		}
		if err := deleteTagTx(ctx, tx, accountID, t.id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func deleteTagTx(ctx context.Context, tx *sql.Tx, accountID, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM follower_tags WHERE account_id = $1 AND tag_id = $2`, accountID, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE account_id = $1 AND id = $2`, accountID, id)
	return err
}

// applyRemoteTags adds, adopts and renames tags to match WeChat's list.
func (db *DB) applyRemoteTags(ctx context.Context, tx *sql.Tx, accountID int64, local []localTag,
	remote []audience.RemoteTag, res *audience.TagImport) error {
	byWx, byName := map[int64]localTag{}, map[string]localTag{}
	for _, t := range local {
		if t.wx != 0 {
			byWx[t.wx] = t
		}
		byName[t.name] = t
	}
	var renames []localTag // synced tags whose name changed at WeChat
	for _, r := range remote {
		if t, ok := byWx[r.ID]; ok {
			if t.name != r.Name {
				renames = append(renames, localTag{id: t.id, name: r.Name, wx: r.ID})
			}
			continue
		}
		if t, ok := byName[r.Name]; ok && t.wx == 0 {
			res.Adopted++
			if _, err := tx.ExecContext(ctx, `UPDATE tags SET wx_tag_id = $1 WHERE id = $2`, r.ID, t.id); err != nil {
				return err
			}
			continue
		}
		renames = append(renames, localTag{name: r.Name, wx: r.ID}) // id 0: to insert
	}
	return db.renameAndInsert(ctx, tx, accountID, renames, byName, res)
}

// renameAndInsert moves renamed tags to temporary names (longer than any tag name), frees names still
// held by local-only tags (merging their followers into the synced tag),
// then sets the final names and inserts new tags.
func (db *DB) renameAndInsert(ctx context.Context, tx *sql.Tx, accountID int64, changes []localTag,
	byName map[string]localTag, res *audience.TagImport) error {
	for _, c := range changes {
		if c.id != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE tags SET name = $1 WHERE id = $2`, fmt.Sprintf("~fanbase-sync-rename-in-progress-%d", c.id), c.id); err != nil {
				return err
			}
		}
	}
	now := db.d.ts(time.Now())
	for _, c := range changes {
		if err := freeName(ctx, tx, accountID, c, byName); err != nil {
			return err
		}
		var err error
		if c.id != 0 {
			res.Renamed++
			_, err = tx.ExecContext(ctx, `UPDATE tags SET name = $1 WHERE id = $2`, c.name, c.id)
		} else {
			res.Added++
			_, err = tx.ExecContext(ctx, `INSERT INTO tags (account_id, name, wx_tag_id, created_at) VALUES ($1, $2, $3, $4)`,
				accountID, c.name, c.wx, now)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// freeName handles a local-only tag holding the name WeChat now gives a
// synced tag: its followers move to the synced tag (an insert or a
// renamed row) and it goes, since both mean the same label.
func freeName(ctx context.Context, tx *sql.Tx, accountID int64, c localTag, byName map[string]localTag) error {
	holder, ok := byName[c.name]
	// A new WeChat tag never meets a local-only holder here: applyRemoteTags
	// lets the holder adopt it instead.
	if !ok || holder.wx != 0 || holder.id == c.id || c.id == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO follower_tags (account_id, openid, tag_id)
		SELECT account_id, openid, $1 FROM follower_tags WHERE account_id = $2 AND tag_id = $3
		ON CONFLICT (account_id, openid, tag_id) DO NOTHING`, c.id, accountID, holder.id); err != nil {
		return err
	}
	delete(byName, c.name)
	return deleteTagTx(ctx, tx, accountID, holder.id)
}

// setWxCounts stores WeChat's count of every listed tag.
func (db *DB) setWxCounts(ctx context.Context, tx *sql.Tx, accountID int64, remote []audience.RemoteTag) error {
	now := db.d.ts(time.Now())
	for _, r := range remote {
		if _, err := tx.ExecContext(ctx, `UPDATE tags SET wx_count = $1, wx_count_at = $2 WHERE account_id = $3 AND wx_tag_id = $4`,
			r.Count, now, accountID, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// replaceProfileTags sets the synced tags of the subscribed followers in
// ps to their tagid_list, in tx: rows of tags WeChat knows are replaced,
// local-only tags stay. WeChat tag ids not imported yet are skipped.
func (db *DB) replaceProfileTags(ctx context.Context, tx *sql.Tx, accountID int64, ps []audience.SyncProfile) error {
	ids, err := syncedTagIDs(ctx, tx, accountID)
	if err != nil || len(ids) == 0 { // no synced tags: nothing to clear or set
		return err
	}
	var openIDs []string
	var rows [][]any
	for _, p := range ps {
		if !p.Subscribed {
			continue
		}
		openIDs = append(openIDs, p.OpenID)
		for _, wx := range p.TagIDs {
			if id, ok := ids[int64(wx)]; ok {
				rows = append(rows, []any{accountID, p.OpenID, id})
			}
		}
	}
	if err := db.clearSyncedTags(ctx, tx, accountID, openIDs); err != nil {
		return err
	}
	return db.insertFollowerTags(ctx, tx, rows)
}

func syncedTagIDs(ctx context.Context, tx *sql.Tx, accountID int64) (map[int64]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT wx_tag_id, id FROM tags WHERE account_id = $1 AND wx_tag_id IS NOT NULL`, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var wx, id int64
		if err := rows.Scan(&wx, &id); err != nil {
			return nil, err
		}
		out[wx] = id
	}
	return out, rows.Err()
}

// clearSyncedTags deletes the followers' rows of tags WeChat knows.
func (db *DB) clearSyncedTags(ctx context.Context, tx *sql.Tx, accountID int64, openIDs []string) error {
	for start := 0; start < len(openIDs); start += tagRowsPerStatement {
		batch := openIDs[start:min(start+tagRowsPerStatement, len(openIDs))]
		args := make([]any, 0, 2+len(batch))
		args = append(args, accountID, accountID)
		for _, id := range batch {
			args = append(args, id)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM follower_tags WHERE account_id = `+db.mark(1)+
			` AND tag_id IN (SELECT id FROM tags WHERE account_id = `+db.mark(2)+` AND wx_tag_id IS NOT NULL)
			AND openid IN `+db.analyticsMarks(3, len(batch)), args...)
		if err != nil {
			return fmt.Errorf("clear synced tags: %w", err)
		}
	}
	return nil
}

func (db *DB) insertFollowerTags(ctx context.Context, tx *sql.Tx, rows [][]any) error {
	for start := 0; start < len(rows); start += tagRowsPerStatement {
		batch := rows[start:min(start+tagRowsPerStatement, len(rows))]
		var b strings.Builder
		b.WriteString(`INSERT INTO follower_tags (account_id, openid, tag_id) VALUES `)
		args := make([]any, 0, 3*len(batch))
		for i, row := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(db.analyticsMarks(len(args)+1, 3))
			args = append(args, row...)
		}
		b.WriteString(` ON CONFLICT (account_id, openid, tag_id) DO NOTHING`)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store follower tags: %w", err)
		}
	}
	return nil
}
