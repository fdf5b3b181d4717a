package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/fanbase/fanbase/internal/search"
)

// searchIndexed are the tables the SQLite search indexes follow; each has a
// cursor "search.<table>" (migration 0004).
var searchIndexed = []string{"messages", "replies"}

// IndexSearch brings the SQLite search indexes up to date by at most batch
// rows of each table (one transaction per table) and returns how many rows
// it indexed; 0 means they are current. On PostgreSQL the GIN indexes are
// kept by the database on every write: it does nothing.
func (db *DB) IndexSearch(ctx context.Context, batch int) (int, error) {
	if db.d.name != DialectSQLite {
		return 0, nil
	}
	if batch <= 0 {
		batch = defaultListLimit
	}
	total := 0
	for _, table := range searchIndexed {
		var n int
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			n, err = indexSearchBatch(ctx, tx, table, batch)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("sqlstore: index %s for search: %w", table, err)
		}
		total += n
	}
	return total, nil
}

// searchRow is the text of one row to index.
type searchRow struct {
	id      int64
	content string
}

// indexSearchBatch indexes the rows queued again after a change, then the
// next rows after the cursor, and moves the cursor past them.
func indexSearchBatch(ctx context.Context, tx *sql.Tx, table string, batch int) (int, error) {
	requeued, err := searchRows(ctx, tx, `SELECT q.id, COALESCE(t.content, '') FROM search_reindex q
		LEFT JOIN `+table+` t ON t.id = q.id WHERE q.tbl = $1 ORDER BY q.id LIMIT $2`, table, batch)
	if err != nil {
		return 0, err
	}
	if len(requeued) > 0 {
		_, err := tx.ExecContext(ctx, `DELETE FROM search_reindex WHERE tbl = $1 AND id <= $2`,
			table, requeued[len(requeued)-1].id)
		if err != nil {
			return 0, fmt.Errorf("dequeue: %w", err)
		}
	}
	var pos int64
	err = tx.QueryRowContext(ctx, `SELECT position FROM cursors WHERE name = $1`, "search."+table).Scan(&pos)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("read cursor: %w", err)
	}
	fresh, err := searchRows(ctx, tx, `SELECT id, content FROM `+table+` WHERE id > $1 ORDER BY id LIMIT $2`, pos, batch)
	if err != nil {
		return 0, err
	}
	if err := insertSearchRows(ctx, tx, table, append(requeued, fresh...)); err != nil {
		return 0, err
	}
	if len(fresh) > 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO cursors (name, position) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET position = excluded.position`, "search."+table, fresh[len(fresh)-1].id)
		if err != nil {
			return 0, fmt.Errorf("move cursor: %w", err)
		}
	}
	return len(requeued) + len(fresh), nil
}

func searchRows(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]searchRow, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	defer rows.Close()
	var out []searchRow
	for rows.Next() {
		var r searchRow
		if err := rows.Scan(&r.id, &r.content); err != nil {
			return nil, fmt.Errorf("read rows: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// insertSearchRows adds rows to the trigram and the gram index.
func insertSearchRows(ctx context.Context, tx *sql.Tx, table string, rows []searchRow) error {
	if len(rows) == 0 {
		return nil
	}
	tri, err := tx.PrepareContext(ctx, `INSERT INTO `+table+`_fts (rowid, content) VALUES ($1, $2)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer tri.Close()
	gram, err := tx.PrepareContext(ctx, `INSERT INTO `+table+`_grams (rowid, grams) VALUES ($1, $2)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer gram.Close()
	for _, r := range rows {
		if r.content == "" {
			continue
		}
		if _, err := tri.ExecContext(ctx, r.id, r.content); err != nil {
			return fmt.Errorf("index %d: %w", r.id, err)
		}
		if g := search.Grams(r.content); g != "" {
			if _, err := gram.ExecContext(ctx, r.id, g); err != nil {
				return fmt.Errorf("index %d: %w", r.id, err)
			}
		}
	}
	return nil
}
