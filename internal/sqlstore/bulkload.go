package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// bulkTables are the tables BulkLoad may fill.
var bulkTables = map[string]bool{
	"followers": true, "messages": true, "replies": true, "conversations": true,
	"tags": true, "follower_tags": true, "follower_notes": true,
}

var bulkColumn = regexp.MustCompile(`^[a-z_]+$`)

// bulkParams bounds the parameters of one INSERT, under SQLite's 32766.
const bulkParams = 30000

// BulkLoad inserts rows into one of the large tables (followers, messages,
// replies, conversations, tags) in one transaction, many rows per
// statement: benchmark data sets and imports of millions of rows. Values
// are Go values; a time.Time is stored as the dialect's time (the zero
// time as NULL) and a bool as the dialect's boolean. When the rows carry
// explicit ids, PostgreSQL's id sequence is moved past them afterwards.
func (db *DB) BulkLoad(ctx context.Context, table string, columns []string, rows [][]any) error {
	if err := checkBulk(table, columns, rows); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	per := max(1, bulkParams/len(columns))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for start := 0; start < len(rows); start += per {
			if err := db.bulkInsert(ctx, tx, table, columns, rows[start:min(start+per, len(rows))]); err != nil {
				return err
			}
		}
		return db.bulkSequence(ctx, tx, table, columns)
	})
	if err != nil {
		return fmt.Errorf("sqlstore: bulk load %s: %w", table, err)
	}
	return nil
}

// BulkMode runs fn, which makes many BulkLoad calls, with SQLite's page
// cache raised from 2 MB to 256 MB: rows with random keys (dedupe keys,
// openids) touch index pages all over, and re-reading them dominates a
// large load. PostgreSQL runs fn as is.
func (db *DB) BulkMode(ctx context.Context, fn func() error) error {
	if !db.d.intTime {
		return fn()
	}
	if _, err := db.w.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return fmt.Errorf("sqlstore: bulk mode: %w", err)
	}
	defer func() { _, _ = db.w.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`) }()
	return fn()
}

// NextID returns one more than the highest id stored in a BulkLoad table,
// so that a loader can give rows ids that other rows then refer to.
func (db *DB) NextID(ctx context.Context, table string) (int64, error) {
	if !bulkTables[table] || table == "followers" || table == "follower_tags" {
		return 0, errs.Errorf(errs.Invalid, "table %q has no id to load (该表不支持批量导入 id)", table)
	}
	var id int64
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+table).Scan(&id); err != nil {
		return 0, fmt.Errorf("sqlstore: next id of %s: %w", table, err)
	}
	return id, nil
}

func checkBulk(table string, columns []string, rows [][]any) error {
	if !bulkTables[table] {
		return errs.Errorf(errs.Invalid, "table %q cannot be bulk loaded (该表不支持批量导入)", table)
	}
	for _, c := range columns {
		if !bulkColumn.MatchString(c) {
			return errs.Errorf(errs.Invalid, "column %q is not a column name (列名无效)", c)
		}
	}
	for i, r := range rows {
		if len(r) != len(columns) {
			return errs.Errorf(errs.Invalid, "row %d has %d values for %d columns (第 %d 行的值个数不对)", i+1, len(r), len(columns), i+1)
		}
	}
	return nil
}

func (db *DB) bulkInsert(ctx context.Context, tx *sql.Tx, table string, columns []string, rows [][]any) error {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(columns, ", "))
	args := make([]any, 0, len(rows)*len(columns))
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(db.analyticsMarks(len(args)+1, len(row)))
		for _, v := range row {
			args = append(args, db.bulkValue(v))
		}
	}
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	return nil
}

// bulkValue converts a Go value for the dialect's column types.
func (db *DB) bulkValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return db.d.nullTS(x)
	case bool:
		if db.d.intTime { // SQLite's STRICT INTEGER booleans
			if x {
				return int64(1)
			}
			return int64(0)
		}
	case []byte:
		return blob(x)
	}
	return v
}

// bulkSequence moves PostgreSQL's identity sequence past loaded ids.
func (db *DB) bulkSequence(ctx context.Context, tx *sql.Tx, table string, columns []string) error {
	if db.d.name != DialectPostgres || !slices.Contains(columns, "id") {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'),
		(SELECT COALESCE(MAX(id), 0) + 1 FROM `+table+`), false)`, table)
	if err != nil {
		return fmt.Errorf("move id sequence: %w", err)
	}
	return nil
}
